/**
 * Keeps the datasets in step with the catalog and the stores (Publisher in index.ts).
 *
 * syncAll reads what the catalog and the exchange say first (published open and conditionally open entries,
 * departments, stores — creating the stores that do not exist yet), then, in ONE transaction under an advisory
 * lock, compares that with the dataset rows and writes only the differences: new datasets (and organisations),
 * changed metadata, datasets whose entry was retired or closed ('deleted'), and a new version for every dataset
 * whose store changed since its last version. Two nodes running it at once serialise on the lock; the second
 * finds nothing left to do. Harvested datasets (source_id set) are never touched.
 */
import { sql } from 'kysely';
import { cliActor, type Actor } from '../../../platform/actor.js';
import type { Tx } from '../../../platform/db/database.js';
import { json } from '../../../platform/db/database.js';
import { DomainError } from '../../../platform/errors.js';
import type { Resource } from '../../catalog/index.js';
import type { DepartmentRef } from '../../directory/index.js';
import type { StoreDefinition } from '../../exchange/index.js';
import type { Publisher } from '../index.js';
import type { OpendataBase } from '../parts.js';
import { datasetMetadata, metadataFingerprint, resourceSpecs, type DatasetMetadata, type StoredMetadata } from './mapping.js';
import { datasetName, organizationBaseName, uniqueName } from './names.js';
import { ensureHistoryIndex } from './store-sql.js';

const SYNC_LOCK_NAMESPACE = 72_000_020;
const INTERVAL_MS = 60_000;
const DEBOUNCE_MS = 2_000;

export interface SyncReport {
  created: number;
  updated: number;
  deleted: number;
  versions: number;
}

/** null: the entry cannot have a store (no data items or no key items); undefined: unknown this time (an error). */
type StoreState = StoreDefinition | null | undefined;

interface LocalRow extends StoredMetadata {
  id: string;
  name: string;
  catalog_resource_id: string;
  state: 'active' | 'deleted';
  organization_id: string;
  current_version: number;
}

interface ResourceRow {
  id: string;
  dataset_id: string;
  position: number;
  name: string;
  description: string;
  format: string;
  media_type: string | null;
  datastore_active: boolean;
  url: string | null;
}

/** Metadata timestamps at millisecond precision (what the API shows is what keyset paging compares). */
const NOW = sql<Date>`date_trunc('milliseconds', now())`;

export class PublisherImpl implements Publisher {
  private timer: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;
  private listening = false;
  private stopped = true;
  private readonly indexed = new Set<string>();
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly base: OpendataBase) {}

  // ------------------------------------------------------------ reading the catalog and the stores

  private async entries(): Promise<Resource[]> {
    return this.base.catalog.listForExport(cliActor('opendata'), { status: 'published', openType: ['open', 'conditional'] }, { limit: 200_000 });
  }

  /** The store of every entry (created when missing, evolved to the entry's catalog version). */
  private async storesOf(entries: Resource[]): Promise<Map<string, StoreState>> {
    const listed = new Map((await this.base.exchange.stores.list()).map((item) => [item.code, item.store]));
    const states = new Map<string, StoreState>();
    for (const entry of entries) {
      if (!listed.has(entry.code)) {
        states.set(entry.code, null); // no data items
        continue;
      }
      const store = listed.get(entry.code);
      if (store && store.catalogVersion === entry.currentVersion) {
        states.set(entry.code, store);
        continue;
      }
      try {
        states.set(entry.code, await this.base.exchange.stores.forResource(entry.code));
      } catch (error) {
        if (error instanceof DomainError && (error.code === 'exchange.no_key_items' || error.code === 'exchange.no_data_items')) states.set(entry.code, null);
        else {
          this.base.ctx.log.warn({ err: error, code: entry.code }, 'open data: the store of an entry could not be opened; its data stays as it was');
          states.set(entry.code, store ?? undefined);
        }
      }
    }
    return states;
  }

  // ------------------------------------------------------------ the sync

  async syncAll(options: { actor?: Actor } = {}): Promise<SyncReport> {
    const entries = await this.entries();
    const departments = new Map((await this.base.directory.listDepartments()).map((department) => [department.id, department]));
    const stores = await this.storesOf(entries);
    const report: SyncReport = { created: 0, updated: 0, deleted: 0, versions: 0 };
    await this.base.ctx.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${SYNC_LOCK_NAMESPACE}, hashtext(current_schema()))`.execute(trx);
      const organizations = await this.organizations(trx);
      const rows = (await trx
        .selectFrom('opendata_datasets')
        .select([
          'id', 'name', 'catalog_resource_id', 'state', 'organization_id', 'title', 'title_en', 'notes', 'themes', 'tags', 'license_id', 'frequency',
          'open_type', 'open_conditions', 'maintainer', 'maintainer_email', 'data_items', 'extras', 'issued', 'catalog_code', 'catalog_version', 'current_version',
        ])
        .where('source_id', 'is', null)
        .where('catalog_resource_id', 'is not', null)
        .execute()) as LocalRow[];
      const byEntry = new Map(rows.map((row) => [row.catalog_resource_id, row]));
      const resources = new Map<string, ResourceRow[]>();
      for (const resource of await trx
        .selectFrom('opendata_resources as r')
        .innerJoin('opendata_datasets as d', 'd.id', 'r.dataset_id')
        .select(['r.id', 'r.dataset_id', 'r.position', 'r.name', 'r.description', 'r.format', 'r.media_type', 'r.datastore_active', 'r.url'])
        .where('d.source_id', 'is', null)
        .where('d.catalog_resource_id', 'is not', null)
        .execute()) {
        const list = resources.get(resource.dataset_id) ?? [];
        list.push(resource);
        resources.set(resource.dataset_id, list);
      }
      const lastSeq = new Map(
        (await trx.selectFrom('opendata_versions').select(['dataset_id', sql<number>`max(up_to_seq)`.as('up_to'), sql<number>`max(version)`.as('version')]).groupBy('dataset_id').execute())
          .map((row) => [row.dataset_id, { upTo: Number(row.up_to), version: Number(row.version) }]),
      );

      const seen = new Set<string>();
      for (const entry of entries) {
        seen.add(entry.id);
        const department = departments.get(entry.providerDepartmentId);
        const organizationId = await organizations.idFor(entry, department);
        const metadata = datasetMetadata(entry, department);
        const fingerprint = metadataFingerprint({ ...metadata, organization_id: organizationId });
        const store = stores.get(entry.code);
        const row = byEntry.get(entry.id);
        let datasetId: string;
        if (!row) {
          datasetId = await this.create(trx, entry, metadata, organizationId);
          report.created++;
        } else {
          datasetId = row.id;
          const current = metadataFingerprint({ ...(row as unknown as DatasetMetadata), organization_id: row.organization_id });
          if (row.state !== 'active' || current !== fingerprint) {
            await trx
              .updateTable('opendata_datasets')
              .set({ ...this.columns(metadata), organization_id: organizationId, state: 'active', metadata_modified: NOW })
              .where('id', '=', row.id)
              .execute();
            report.updated++;
          }
        }
        if (store !== undefined) await this.syncResources(trx, datasetId, resources.get(datasetId) ?? [], store ? resourceSpecs(metadata.title) : []);
        if (store) {
          const last = lastSeq.get(datasetId) ?? { upTo: 0, version: 0 };
          if (store.lastChangeSeq > last.upTo) {
            await this.cutVersion(trx, datasetId, last.version + 1, store, entry.currentVersion);
            report.versions++;
          }
        }
      }

      for (const row of rows) {
        if (row.state === 'active' && !seen.has(row.catalog_resource_id)) {
          await trx.updateTable('opendata_datasets').set({ state: 'deleted', metadata_modified: NOW }).where('id', '=', row.id).execute();
          report.deleted++;
        }
      }
      if (options.actor) {
        await this.base.ctx.audit.record(trx, { actor: options.actor, action: 'opendata.sync', targetType: 'opendata', targetId: 'datasets', after: report });
      }
    });
    if (report.created || report.updated || report.deleted || report.versions) {
      this.base.ctx.log.info({ ...report }, 'open data: datasets synchronised with the catalog and the stores');
      for (const listener of this.listeners) listener();
    }
    return report;
  }

  /** Called after a run that changed datasets (in-process caches clear themselves). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private columns(metadata: DatasetMetadata) {
    return {
      title: metadata.title,
      title_en: metadata.title_en,
      notes: metadata.notes,
      themes: metadata.themes,
      tags: metadata.tags,
      license_id: metadata.license_id,
      frequency: metadata.frequency,
      open_type: metadata.open_type,
      open_conditions: metadata.open_conditions,
      maintainer: metadata.maintainer,
      maintainer_email: metadata.maintainer_email,
      data_items: json(metadata.data_items),
      extras: json(metadata.extras),
      issued: metadata.issued,
      catalog_code: metadata.catalog_code,
      catalog_version: metadata.catalog_version,
    };
  }

  private async create(trx: Tx, entry: Resource, metadata: DatasetMetadata, organizationId: string): Promise<string> {
    const base = datasetName(entry.nameEn, entry.code);
    let name = base;
    for (let attempt = 2; await trx.selectFrom('opendata_datasets').select('id').where('name', '=', name).executeTakeFirst(); attempt++) {
      name = `${base.slice(0, 95)}-${attempt}`;
    }
    const created = await trx
      .insertInto('opendata_datasets')
      .values({
        ...this.columns(metadata),
        name,
        catalog_resource_id: entry.id,
        organization_id: organizationId,
        state: 'active',
        metadata_created: NOW,
        metadata_modified: NOW,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return created.id;
  }

  /** Resources by position: kept (ids are stable for CKAN clients), updated in place, added or removed. */
  private async syncResources(trx: Tx, datasetId: string, existing: ResourceRow[], wanted: ReturnType<typeof resourceSpecs>): Promise<void> {
    const byPosition = new Map(existing.map((row) => [row.position, row]));
    for (const spec of wanted) {
      const row = byPosition.get(spec.position);
      if (!row) {
        await trx.insertInto('opendata_resources').values({ dataset_id: datasetId, ...spec, url: null, datastore_active: true }).execute();
      } else if (row.name !== spec.name || row.description !== spec.description || row.format !== spec.format || row.media_type !== spec.media_type || !row.datastore_active || row.url !== null) {
        await trx.updateTable('opendata_resources').set({ ...spec, url: null, datastore_active: true }).where('id', '=', row.id).execute();
      }
    }
    const extra = existing.filter((row) => row.position >= wanted.length).map((row) => row.id);
    if (extra.length) await trx.deleteFrom('opendata_resources').where('id', 'in', extra).execute();
  }

  private async cutVersion(trx: Tx, datasetId: string, version: number, store: StoreDefinition, catalogVersion: number): Promise<void> {
    if (!this.indexed.has(store.history)) {
      await ensureHistoryIndex(trx, store);
      this.indexed.add(store.history);
    }
    await trx
      .insertInto('opendata_versions')
      .values({ dataset_id: datasetId, version, up_to_seq: store.lastChangeSeq, row_count: store.rowCount, catalog_version: catalogVersion, published_at: NOW })
      .execute();
    await trx
      .updateTable('opendata_datasets')
      .set({ current_version: version, row_count: store.rowCount, data_modified: NOW, metadata_modified: NOW })
      .where('id', '=', datasetId)
      .execute();
    await trx.updateTable('opendata_resources').set({ last_modified: NOW }).where('dataset_id', '=', datasetId).execute();
  }

  /** Organisations of departments: found by department, created on first use with a unique name, renamed titles followed. */
  private async organizations(trx: Tx) {
    const rows = await trx.selectFrom('opendata_organizations').select(['id', 'name', 'title', 'title_en', 'department_id']).execute();
    const names = new Set(rows.map((row) => row.name));
    const byDepartment = new Map(rows.filter((row) => row.department_id).map((row) => [row.department_id!, row]));
    return {
      idFor: async (entry: Resource, department: DepartmentRef | undefined): Promise<string> => {
        const departmentId = entry.providerDepartmentId;
        const title = department?.name ?? entry.providerDepartmentName ?? departmentId;
        const titleEn = department?.nameEn ?? null;
        const known = byDepartment.get(departmentId);
        if (known) {
          if (known.title !== title || known.title_en !== titleEn) {
            await trx.updateTable('opendata_organizations').set({ title, title_en: titleEn, updated_at: NOW }).where('id', '=', known.id).execute();
            known.title = title;
            known.title_en = titleEn;
          }
          return known.id;
        }
        const shortCode = department?.shortCode ?? departmentId.slice(0, 8);
        const name = uniqueName(organizationBaseName(titleEn, shortCode), (candidate) => names.has(candidate), shortCode);
        const created = await trx
          .insertInto('opendata_organizations')
          .values({ name, title, title_en: titleEn, description: '', department_id: departmentId })
          .returning(['id', 'name', 'title', 'title_en', 'department_id'])
          .executeTakeFirstOrThrow();
        names.add(name);
        byDepartment.set(departmentId, created);
        return created.id;
      },
    };
  }

  // ------------------------------------------------------------ schedule

  /** Runs a sync now, or once more after the one under way. */
  private trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.syncAll()
      .catch((error: unknown) => this.base.ctx.log.error({ err: error }, 'open data: sync failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.trigger();
        }
      });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (!this.listening) {
      this.listening = true;
      this.base.exchange.events.storeChanged(() => {
        if (this.stopped) return;
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => {
          this.debounce = null;
          this.trigger();
        }, DEBOUNCE_MS);
        this.debounce.unref();
      });
    }
    this.timer = setInterval(() => this.trigger(), INTERVAL_MS);
    this.timer.unref();
    this.trigger();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    this.timer = null;
    this.debounce = null;
    this.again = false;
    while (this.running) await this.running;
  }
}
