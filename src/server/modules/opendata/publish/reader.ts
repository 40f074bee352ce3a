/**
 * Reads datasets (DatasetReader in index.ts): one query per page — the datasets with their organisation and
 * harvest source joined and their resources aggregated in the same statement, never one query per dataset.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Dataset, DatasetPageOptions, DatasetReader, DatasetResource, DatasetUsage, DatasetVersion, Organization } from '../index.js';
import type { StoredMetadata } from './mapping.js';
import type { UsageCounter } from './usage.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (text: string): boolean => UUID.test(text);

/** ISO 8601 with milliseconds and Z, as JSON built in SQL. */
const isoText = (column: string) => sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

interface DatasetRow extends StoredMetadata {
  id: string;
  name: string;
  state: 'active' | 'deleted';
  current_version: number;
  row_count: number;
  metadata_created: Date;
  metadata_modified: Date;
  data_modified: Date | null;
  source_identifier: string | null;
  source_url: string | null;
  change_seq: number;
  o_id: string;
  o_name: string;
  o_title: string;
  o_title_en: string | null;
  o_description: string;
  o_department_id: string | null;
  o_source_id: string | null;
  o_created_at: Date;
  s_id: string | null;
  s_name: string | null;
  s_title: string | null;
  s_type: 'ckan' | 'dcat' | null;
  resources: Array<{
    id: string; position: number; name: string; description: string; format: string; media_type: string | null; url: string | null;
    size: number | string | null; hash: string | null; datastore_active: boolean; created: string; last_modified: string | null;
  }>;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function present(row: DatasetRow): Dataset {
  const organization: Organization = {
    id: row.o_id,
    name: row.o_name,
    title: row.o_title,
    titleEn: row.o_title_en,
    description: row.o_description,
    departmentId: row.o_department_id,
    sourceId: row.o_source_id,
    createdAt: iso(row.o_created_at)!,
  };
  const resources: DatasetResource[] = (row.resources ?? []).map((resource) => ({
    id: resource.id,
    datasetId: row.id,
    position: resource.position,
    name: resource.name,
    description: resource.description,
    format: resource.format,
    mediaType: resource.media_type,
    url: resource.url,
    size: resource.size === null ? null : Number(resource.size),
    hash: resource.hash,
    datastoreActive: resource.datastore_active,
    created: resource.created,
    lastModified: resource.last_modified,
  }));
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    titleEn: row.title_en,
    notes: row.notes,
    organization,
    themes: row.themes ?? [],
    tags: row.tags ?? [],
    licenseId: row.license_id,
    frequency: row.frequency,
    openType: row.open_type,
    openConditions: row.open_conditions,
    maintainer: row.maintainer,
    maintainerEmail: row.maintainer_email,
    fields: (row.data_items ?? []).map((item) => ({ name: item.name, label: item.label, type: item.type, key: item.key, length: item.length ?? null, codeList: item.codeList ?? null })),
    extras: row.extras ?? [],
    state: row.state,
    currentVersion: Number(row.current_version),
    rowCount: Number(row.row_count),
    issued: row.issued,
    metadataCreated: iso(row.metadata_created)!,
    metadataModified: iso(row.metadata_modified)!,
    dataModified: iso(row.data_modified),
    catalogCode: row.catalog_code,
    catalogVersion: row.catalog_version,
    source: row.s_id
      ? { id: row.s_id, name: row.s_name!, title: row.s_title!, type: row.s_type!, identifier: row.source_identifier ?? '', url: row.source_url }
      : null,
    resources,
    changeSeq: Number(row.change_seq),
  };
}

/** The one SELECT behind every read: conditions, order and limit are the caller's. */
function selectDatasets(where: RawBuilder<unknown>, tail: RawBuilder<unknown>): RawBuilder<DatasetRow> {
  return sql<DatasetRow>`
    SELECT d.id, d.name, d.title, d.title_en, d.notes, d.themes, d.tags, d.license_id, d.frequency, d.open_type, d.open_conditions,
           d.maintainer, d.maintainer_email, d.data_items, d.extras, d.state, d.current_version, d.row_count, d.issued,
           d.metadata_created, d.metadata_modified, d.data_modified, d.catalog_code, d.catalog_version, d.source_identifier, d.source_url,
           d.change_seq,
           o.id AS o_id, o.name AS o_name, o.title AS o_title, o.title_en AS o_title_en, o.description AS o_description,
           o.department_id AS o_department_id, o.source_id AS o_source_id, o.created_at AS o_created_at,
           s.id AS s_id, s.name AS s_name, s.title AS s_title, s.type AS s_type,
           (SELECT coalesce(json_agg(json_build_object(
                     'id', r.id, 'position', r.position, 'name', r.name, 'description', r.description, 'format', r.format,
                     'media_type', r.media_type, 'url', r.url, 'size', r.size, 'hash', r.hash, 'datastore_active', r.datastore_active,
                     'created', ${isoText('r.created')}, 'last_modified', ${isoText('r.last_modified')}) ORDER BY r.position), '[]'::json)
              FROM opendata_resources r WHERE r.dataset_id = d.id) AS resources
      FROM opendata_datasets d
      JOIN opendata_organizations o ON o.id = d.organization_id
      LEFT JOIN opendata_harvest_sources s ON s.id = d.source_id
     WHERE ${where}
     ${tail}`;
}

const and = (conditions: RawBuilder<unknown>[]) => (conditions.length ? sql.join(conditions, sql` AND `) : sql`true`);

function harvestedCondition(harvested: boolean | undefined): RawBuilder<unknown> | null {
  if (harvested === undefined) return null;
  return harvested ? sql`d.source_id IS NOT NULL` : sql`d.source_id IS NULL`;
}

/** The date in China (where the portal's users are), whatever the server's time zone: usage days. */
export function chinaDay(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export class DatasetReaderImpl implements DatasetReader {
  constructor(private readonly db: Db, private readonly pending: UsageCounter) {}

  private async run(where: RawBuilder<unknown>, tail: RawBuilder<unknown> = sql``): Promise<Dataset[]> {
    const result = await selectDatasets(where, tail).execute(this.db);
    return result.rows.map(present);
  }

  async get(nameOrId: string): Promise<Dataset | null> {
    const match = isUuid(nameOrId) ? sql`(d.id = ${nameOrId.toLowerCase()}::uuid OR d.name = ${nameOrId})` : sql`d.name = ${nameOrId}`;
    const [found] = await this.run(sql`${match} AND d.state = 'active'`, sql`LIMIT 1`);
    return found ?? null;
  }

  /** Also a deleted dataset (the console's list and the publisher). */
  async getAny(nameOrId: string): Promise<Dataset | null> {
    const match = isUuid(nameOrId) ? sql`(d.id = ${nameOrId.toLowerCase()}::uuid OR d.name = ${nameOrId})` : sql`d.name = ${nameOrId}`;
    const [found] = await this.run(match, sql`LIMIT 1`);
    return found ?? null;
  }

  getMany(ids: readonly string[]): Promise<Dataset[]> {
    return this.byIds(ids, false);
  }

  /** Also deleted datasets (the console's list). */
  getManyAny(ids: readonly string[]): Promise<Dataset[]> {
    return this.byIds(ids, true);
  }

  private async byIds(ids: readonly string[], includeDeleted: boolean): Promise<Dataset[]> {
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    if (!valid.length) return [];
    const found = await this.run(includeDeleted ? sql`d.id = ANY(${valid}::uuid[])` : sql`d.id = ANY(${valid}::uuid[]) AND d.state = 'active'`);
    const byId = new Map(found.map((dataset) => [dataset.id, dataset]));
    return valid.map((id) => byId.get(id)).filter((dataset): dataset is Dataset => !!dataset);
  }

  async resource(resourceId: string): Promise<{ dataset: Dataset; resource: DatasetResource } | null> {
    if (!isUuid(resourceId)) return null;
    const [dataset] = await this.run(sql`d.id = (SELECT dataset_id FROM opendata_resources WHERE id = ${resourceId.toLowerCase()}::uuid) AND d.state = 'active'`);
    const resource = dataset?.resources.find((candidate) => candidate.id === resourceId.toLowerCase());
    return dataset && resource ? { dataset, resource } : null;
  }

  async page(options: DatasetPageOptions): Promise<Dataset[]> {
    const conditions: RawBuilder<unknown>[] = [];
    if (!options.includeDeleted) conditions.push(sql`d.state = 'active'`);
    const harvested = harvestedCondition(options.harvested);
    if (harvested) conditions.push(harvested);
    if (options.modifiedSince) conditions.push(sql`d.metadata_modified >= ${options.modifiedSince}::timestamptz`);
    const after = options.after;
    if (after) {
      if (options.order === 'id') conditions.push(sql`d.id > ${after.id}::uuid`);
      else {
        // The row's own timestamp (microseconds on PostgreSQL) when it still exists; the given one otherwise.
        conditions.push(sql`(d.metadata_modified, d.id) > (coalesce((SELECT metadata_modified FROM opendata_datasets WHERE id = ${after.id}::uuid), ${after.modified ?? null}::timestamptz), ${after.id}::uuid)`);
      }
    }
    const order = options.order === 'id' ? sql`ORDER BY d.id` : sql`ORDER BY d.metadata_modified, d.id`;
    const limit = Math.max(1, Math.min(10_000, Math.trunc(options.limit)));
    const offset = Math.max(0, Math.trunc(options.offset ?? 0));
    return this.run(and(conditions), sql`${order} LIMIT ${sql.raw(String(limit))} OFFSET ${sql.raw(String(offset))}`);
  }

  async count(options: { modifiedSince?: string | null; harvested?: boolean } = {}): Promise<number> {
    let query = this.db.selectFrom('opendata_datasets').select(sql<number>`count(*)::int`.as('n')).where('state', '=', 'active');
    if (options.modifiedSince) query = query.where('metadata_modified', '>=', sql<Date>`${options.modifiedSince}::timestamptz`);
    if (options.harvested !== undefined) query = query.where('source_id', options.harvested ? 'is not' : 'is', null);
    return (await query.executeTakeFirstOrThrow()).n;
  }

  async *stream(options: Omit<DatasetPageOptions, 'limit' | 'after' | 'offset'> & { batchSize?: number }): AsyncIterable<Dataset> {
    const batchSize = Math.max(1, Math.min(5_000, options.batchSize ?? 500));
    let after: DatasetPageOptions['after'] = null;
    for (;;) {
      const batch = await this.page({ ...options, limit: batchSize, after });
      yield* batch;
      if (batch.length < batchSize) return;
      const last = batch[batch.length - 1];
      after = { id: last.id, modified: last.metadataModified };
    }
  }

  async changedSince(afterSeq: number, limit: number): Promise<Dataset[]> {
    const rows = Math.max(1, Math.min(10_000, Math.trunc(limit)));
    return this.run(sql`d.change_seq > ${afterSeq}`, sql`ORDER BY d.change_seq LIMIT ${sql.raw(String(rows))}`);
  }

  private async organizationsWhere(where: RawBuilder<unknown>, onlyWithDatasets: boolean): Promise<Array<Organization & { datasetCount: number }>> {
    const result = await sql<{
      id: string; name: string; title: string; title_en: string | null; description: string; department_id: string | null; source_id: string | null;
      created_at: Date; dataset_count: number;
    }>`
      SELECT o.id, o.name, o.title, o.title_en, o.description, o.department_id, o.source_id, o.created_at,
             (SELECT count(*)::int FROM opendata_datasets d WHERE d.organization_id = o.id AND d.state = 'active') AS dataset_count
        FROM opendata_organizations o
       WHERE ${where}
       ORDER BY o.name`.execute(this.db);
    return result.rows
      .filter((row) => !onlyWithDatasets || row.dataset_count > 0)
      .map((row) => ({
        id: row.id, name: row.name, title: row.title, titleEn: row.title_en, description: row.description, departmentId: row.department_id,
        sourceId: row.source_id, createdAt: iso(row.created_at)!, datasetCount: Number(row.dataset_count),
      }));
  }

  organizations(): Promise<Array<Organization & { datasetCount: number }>> {
    return this.organizationsWhere(sql`EXISTS (SELECT 1 FROM opendata_datasets d WHERE d.organization_id = o.id AND d.state = 'active')`, true);
  }

  async organization(nameOrId: string): Promise<(Organization & { datasetCount: number }) | null> {
    const match = isUuid(nameOrId) ? sql`(o.id = ${nameOrId.toLowerCase()}::uuid OR o.name = ${nameOrId})` : sql`o.name = ${nameOrId}`;
    const [found] = await this.organizationsWhere(match, false);
    return found ?? null;
  }

  async versions(datasetId: string): Promise<DatasetVersion[]> {
    if (!isUuid(datasetId)) return [];
    const rows = await this.db
      .selectFrom('opendata_versions')
      .select(['version', 'row_count', 'catalog_version', 'note', 'published_at'])
      .where('dataset_id', '=', datasetId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((row) => ({
      version: row.version, rowCount: Number(row.row_count), catalogVersion: row.catalog_version, note: row.note, publishedAt: iso(row.published_at)!,
    }));
  }

  async usage(datasetId: string): Promise<DatasetUsage> {
    const empty: DatasetUsage = { views: 0, downloads: 0, apiCalls: 0, daily: [] };
    if (!isUuid(datasetId)) return empty;
    const today = chinaDay();
    const days: string[] = [];
    const base = Date.parse(`${today}T00:00:00Z`);
    for (let back = 29; back >= 0; back--) days.push(new Date(base - back * 86_400_000).toISOString().slice(0, 10));
    const [stats, daily] = await Promise.all([
      this.db.selectFrom('opendata_dataset_stats').selectAll().where('dataset_id', '=', datasetId).executeTakeFirst(),
      this.db.selectFrom('opendata_usage_daily').selectAll().where('dataset_id', '=', datasetId).where('day', '>=', days[0]).execute(),
    ]);
    const pending = this.pending.pendingFor(datasetId);
    const byDay = new Map(daily.map((row) => [row.day, row]));
    return {
      views: Number(stats?.views ?? 0) + pending.total.views,
      downloads: Number(stats?.downloads ?? 0) + pending.total.downloads,
      apiCalls: Number(stats?.api_calls ?? 0) + pending.total.apiCalls,
      daily: days.map((day) => {
        const row = byDay.get(day);
        const extra = pending.byDay.get(day);
        return {
          day,
          views: Number(row?.views ?? 0) + (extra?.views ?? 0),
          downloads: Number(row?.downloads ?? 0) + (extra?.downloads ?? 0),
          apiCalls: Number(row?.api_calls ?? 0) + (extra?.apiCalls ?? 0),
        };
      }),
    };
  }
}
