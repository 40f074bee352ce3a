/**
 * The datastore query over a local dataset's store (Datastore in index.ts): typed filters, substring search over
 * text columns, sort, field selection and paging, on the current data or a published version. CKAN's
 * datastore_search (ckan/) and the portal's preview (GET /api/v1/open/datasets/{name}/records) both call it.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import type { StoreRegistry } from '../../exchange/index.js';
import type { Dataset, Datastore, DatastoreAnswer, DatastoreQuery } from '../index.js';
import {
  filterText, ident, invalidField, keyOrder, likePattern, outputValue, sourceOf, storeView, type PublicColumn, type StoreView,
} from './store-sql.js';

/** CKAN's datastore_search caps limit at 32,000; the portal route caps lower. */
export const MAX_LIMIT = 32_000;

export const datastoreNotFound = (name: string) =>
  notFound('opendata.datastore_not_found', `The dataset ${name} has no data in the datastore (harvested, deleted or without a store).`);

export interface OpenedStore {
  view: StoreView;
  /** null: the current data. */
  upToSeq: number | null;
  /** The version's row count (null for the current data). */
  versionRowCount: number | null;
}

const ID_COLUMN = { name: '_id' as const, type: 'integer' as const };

/** "town asc, routes desc" → [{field, direction}]; 409 opendata.invalid_sort on anything else. */
export function parseSort(text: string | null | undefined): Array<{ field: string; direction: 'asc' | 'desc' }> {
  if (!text || !text.trim()) return [];
  return text.split(',').map((part) => {
    const match = /^\s*"?([A-Za-z_][A-Za-z0-9_]*)"?(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!match) {
      throw new DomainError('opendata.invalid_sort', 409, `Cannot read the sort "${part.trim()}": use "field", "field asc" or "field desc".`, [
        { pointer: '/sort', code: 'opendata.invalid_sort', message: part.trim() },
      ]);
    }
    return { field: match[1], direction: (match[2]?.toLowerCase() ?? 'asc') as 'asc' | 'desc' };
  });
}

export class DatastoreImpl implements Datastore {
  constructor(private readonly db: Db, private readonly stores: Pick<StoreRegistry, 'forResource'>) {}

  /** The store behind a dataset and which of its data to read (current or a version); 404 when there is none. */
  async open(dataset: Dataset, version?: number | null): Promise<OpenedStore> {
    if (dataset.source || dataset.state !== 'active' || !dataset.catalogCode || !dataset.resources.some((resource) => resource.datastoreActive)) {
      throw datastoreNotFound(dataset.name);
    }
    let definition;
    try {
      definition = await this.stores.forResource(dataset.catalogCode);
    } catch (error) {
      if (error instanceof DomainError && error.status < 500) throw datastoreNotFound(dataset.name);
      throw error;
    }
    const view = storeView(dataset, definition);
    if (version === null || version === undefined) return { view, upToSeq: null, versionRowCount: null };
    const row = await this.db
      .selectFrom('opendata_versions')
      .select(['up_to_seq', 'row_count'])
      .where('dataset_id', '=', dataset.id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw notFound('opendata.version_not_found', `The dataset ${dataset.name} has no version ${version}.`);
    return { view, upToSeq: Number(row.up_to_seq), versionRowCount: Number(row.row_count) };
  }

  async search(dataset: Dataset, query: DatastoreQuery): Promise<DatastoreAnswer> {
    const opened = await this.open(dataset, query.version);
    const { view } = opened;
    const column = (name: string, where: string): PublicColumn => {
      const found = view.byName.get(name);
      if (!found) throw invalidField(name, where);
      return found;
    };

    const selected = (query.fields?.length ? query.fields : view.columns.map((entry) => entry.name)).filter((name) => name !== '_id');
    const selectedColumns = [...new Set(selected)].map((name) => column(name, 'fields'));

    // Filters on key columns of a version narrow the history before it is folded (same rows, less reading).
    const outer: RawBuilder<unknown>[] = [];
    const inner: RawBuilder<unknown>[] = [];
    for (const [name, value] of Object.entries(query.filters ?? {})) {
      const target = name === '_id' ? ID_COLUMN : column(name, 'filters');
      const ref = name === '_id' ? '_seq' : ident(name);
      const sqlType = name === '_id' ? 'bigint' : (target as PublicColumn).sqlType;
      let condition: RawBuilder<unknown>;
      if (value === null) condition = sql.raw(`${ref} IS NULL`);
      else if (Array.isArray(value)) {
        if (!value.length) condition = sql`false`;
        else condition = sql`${sql.raw(ref)} = ANY(${value.map((entry) => filterText(target, entry))}::${sql.raw(sqlType)}[])`;
      } else condition = sql`${sql.raw(ref)} = ${filterText(target, value)}::${sql.raw(sqlType)}`;
      const pushDown = opened.upToSeq !== null && name !== '_id' && (target as PublicColumn).key;
      (pushDown ? inner : outer).push(pushDown ? condition : sql`t.${condition}`);
    }

    if (typeof query.q === 'string' && query.q.trim()) {
      const texts = view.columns.filter((entry) => entry.sqlType === 'text');
      const pattern = likePattern(query.q.trim());
      outer.push(texts.length ? sql`(${sql.join(texts.map((entry) => sql`t.${sql.raw(ident(entry.name))} ILIKE ${pattern}`), sql` OR `)})` : sql`false`);
    } else if (query.q && typeof query.q === 'object') {
      for (const [name, text] of Object.entries(query.q)) {
        column(name, 'q');
        if (typeof text !== 'string' || !text.trim()) continue;
        outer.push(sql`t.${sql.raw(ident(name))}::text ILIKE ${likePattern(text.trim())}`);
      }
    }

    const order: string[] = [];
    for (const entry of query.sort ?? []) {
      const ref = entry.field === '_id' ? 't._seq' : `t.${ident(column(entry.field, 'sort').name)}`;
      order.push(`${ref} ${entry.direction === 'desc' ? 'DESC' : 'ASC'}`);
    }
    // Ties (and the default order) by key: stable pages, and the primary key's order needs no sort.
    order.push(keyOrder(view));

    const source = sourceOf(view, opened.upToSeq, inner.length ? sql.join(inner, sql` AND `) : null);
    const where = outer.length ? sql`WHERE ${sql.join(outer, sql` AND `)}` : sql``;
    const limit = Math.max(0, Math.min(MAX_LIMIT, Math.trunc(query.limit)));
    const offset = Math.max(0, Math.trunc(query.offset));
    const list = sql.raw(['t._seq AS "_id"', ...selectedColumns.map((entry) => `t.${ident(entry.name)}`)].join(', '));

    // A lookup by key (equality on every key column) finds a row or a few: read the page first, and count only
    // when the page is full. Otherwise the page and the count run side by side.
    const filters = query.filters ?? {};
    const byKey = view.keys.every((key) => filters[key.name] !== undefined && filters[key.name] !== null);
    const pageTellsTotal = byKey && offset === 0;
    const rowsPromise = limit === 0
      ? Promise.resolve([] as Array<Record<string, unknown>>)
      : sql<Record<string, unknown>>`SELECT ${list} FROM ${source} ${where} ORDER BY ${sql.raw(order.join(', '))} LIMIT ${sql.raw(String(limit))} OFFSET ${sql.raw(String(offset))}`
        .execute(this.db).then((result) => result.rows);
    const count = async (): Promise<number> => {
      const counted = await sql<{ n: number }>`SELECT count(*)::bigint AS n FROM ${source} ${where}`.execute(this.db);
      return Number(counted.rows[0].n);
    };
    let total: number | null = null;
    if (query.includeTotal) {
      const unfiltered = !outer.length && !inner.length;
      if (unfiltered && opened.upToSeq === null) total = view.definition.rowCount;
      else if (unfiltered) total = opened.versionRowCount;
      else if (pageTellsTotal && limit > 0) {
        const found = await rowsPromise;
        total = found.length < limit ? found.length : await count();
      } else total = await count();
    }
    const rows = await rowsPromise;
    return {
      fields: [{ id: '_id', type: 'int' }, ...selectedColumns.map((entry) => ({ id: entry.name, type: entry.fieldType, info: { label: entry.label } }))],
      records: rows.map((row) => {
        const record: Record<string, unknown> = { _id: Number(row._id) };
        for (const entry of selectedColumns) record[entry.name] = outputValue(entry, row[entry.name]);
        return record;
      }),
      total,
    };
  }
}
