/**
 * The only place of the catalog that speaks SQL (search SQL is composed in search.ts and run here).
 * Every function takes an Executor so the service decides the transaction.
 */
import { sql, type RawBuilder, type UpdateObject } from 'kysely';
import { json, type Executor } from '../../platform/db/database.js';
import type { DataItemRecord, DB, NewRow, Row } from '../../platform/db/schema.js';
import type { ClassificationInput } from './index.js';
import type { SearchDocument } from './segment.js';

export type ResourceRow = Omit<Row<'catalog_resources'>, 'search_vector' | 'search_text'>;
export type ClassificationRow = Row<'catalog_classifications'>;
export type VersionRow = Row<'catalog_resource_versions'>;

/** Every column but the search columns, which are written, never read back. */
const RESOURCE_COLUMNS = [
  'id', 'code', 'classification_code', 'name', 'name_en', 'provider_department_id', 'summary', 'format', 'data_items', 'sharing_type',
  'sharing_conditions', 'sharing_methods', 'not_shared_basis', 'open_type', 'open_conditions', 'update_cycle', 'publish_date',
  'keywords', 'related_codes', 'source_system_id', 'status', 'return_reason', 'retire_reason', 'current_version', 'created_by',
  'updated_by', 'created_at', 'updated_at', 'submitted_at', 'published_at', 'retired_at',
] as const;

/** The weighted tsvector of an entry: name (A), keywords (B), summary and data items (C); tokens come from segment.ts. */
export function searchVector(document: SearchDocument): RawBuilder<unknown> {
  return sql`setweight(to_tsvector('simple', ${document.title}), 'A')
    || setweight(to_tsvector('simple', ${document.keywords}), 'B')
    || setweight(to_tsvector('simple', ${document.body}), 'C')`;
}

// ---- classifications ----

export function listClassifications(db: Executor): Promise<ClassificationRow[]> {
  return db.selectFrom('catalog_classifications').selectAll().orderBy('code').execute();
}

export async function findClassifications(db: Executor, codes: readonly string[]): Promise<ClassificationRow[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('catalog_classifications').selectAll().where('code', 'in', [...new Set(codes)]).execute();
}

export async function upsertClassifications(db: Executor, list: ClassificationInput[]): Promise<void> {
  // Parents first, so each parent_code reference already exists.
  const ordered = [...list].sort((a, b) => a.level - b.level || a.code.localeCompare(b.code));
  for (let start = 0; start < ordered.length; start += 500) {
    const chunk = ordered.slice(start, start + 500);
    await db
      .insertInto('catalog_classifications')
      .values(chunk.map((c) => ({ code: c.code, view: c.view, level: c.level, name: c.name, name_en: c.nameEn ?? null, parent_code: c.parentCode ?? null })))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          view: eb.ref('excluded.view'),
          level: eb.ref('excluded.level'),
          name: eb.ref('excluded.name'),
          name_en: eb.ref('excluded.name_en'),
          parent_code: eb.ref('excluded.parent_code'),
        })),
      )
      .execute();
  }
}

// ---- codes ----

/**
 * Reserves `count` sequence numbers of a classification in the caller's transaction. The row lock of the
 * upsert serialises concurrent writers of the same classification; returns the first number reserved.
 */
export async function reserveSequence(db: Executor, classificationCode: string, count: number): Promise<number> {
  const row = await db
    .insertInto('catalog_code_sequences')
    .values({ classification_code: classificationCode, last_value: count })
    .onConflict((oc) => oc.column('classification_code').doUpdateSet({ last_value: sql`catalog_code_sequences.last_value + ${count}` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value - count + 1;
}

/** After an explicit (imported) code, generated codes must continue above it. */
export async function raiseSequence(db: Executor, classificationCode: string, atLeast: number): Promise<void> {
  await db
    .insertInto('catalog_code_sequences')
    .values({ classification_code: classificationCode, last_value: atLeast })
    .onConflict((oc) => oc.column('classification_code').doUpdateSet({ last_value: sql`greatest(catalog_code_sequences.last_value, ${atLeast})` }))
    .execute();
}

export async function existingCodes(db: Executor, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('catalog_resources').select('code').where('code', 'in', [...new Set(codes)]).execute();
  return new Set(rows.map((row) => row.code));
}

// ---- entries ----

export type NewResource = Omit<NewRow<'catalog_resources'>, 'search_vector' | 'search_text' | 'data_items'> & { data_items: DataItemRecord[] };

export async function insertResources(db: Executor, rows: Array<{ row: NewResource; document: SearchDocument }>): Promise<ResourceRow[]> {
  if (rows.length === 0) return [];
  return db
    .insertInto('catalog_resources')
    .values(rows.map(({ row, document }) => ({ ...row, data_items: json(row.data_items), search_vector: searchVector(document), search_text: document.text })))
    .returning(RESOURCE_COLUMNS)
    .execute();
}

export function findResource(db: Executor, code: string, options: { lock?: boolean } = {}): Promise<ResourceRow | undefined> {
  let query = db.selectFrom('catalog_resources').select(RESOURCE_COLUMNS).where('code', '=', code);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Column values or SQL expressions (e.g. now()); data items as objects. */
export type ResourceChanges = Omit<UpdateObject<DB, 'catalog_resources'>, 'search_vector' | 'search_text' | 'data_items' | 'updated_at'> & {
  data_items?: DataItemRecord[];
};

export function updateResource(db: Executor, id: string, changes: ResourceChanges, document?: SearchDocument): Promise<ResourceRow> {
  const { data_items: dataItems, ...rest } = changes;
  return db
    .updateTable('catalog_resources')
    .set({
      ...rest,
      ...(dataItems ? { data_items: json(dataItems) } : {}),
      ...(document ? { search_vector: searchVector(document), search_text: document.text } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returning(RESOURCE_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function deleteResource(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('catalog_resources').where('id', '=', id).execute();
}

export function countResources(db: Executor): Promise<number> {
  return db
    .selectFrom('catalog_resources')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.n));
}

/** Full rows for export, in code order. `where` comes from search.ts (visibility and filters). */
export async function listResources(db: Executor, where: RawBuilder<boolean>, limit: number): Promise<ResourceRow[]> {
  const columns = sql.join(RESOURCE_COLUMNS.map((column) => sql.ref(column)));
  const result = await sql<ResourceRow>`SELECT ${columns} FROM catalog_resources WHERE ${where} ORDER BY code LIMIT ${limit}`.execute(db);
  return result.rows;
}

// ---- versions ----

export async function insertVersion(db: Executor, version: NewRow<'catalog_resource_versions'>): Promise<void> {
  await db.insertInto('catalog_resource_versions').values(version).execute();
}

export function listVersions(db: Executor, resourceId: string): Promise<Array<Omit<VersionRow, 'snapshot' | 'resource_id'>>> {
  return db
    .selectFrom('catalog_resource_versions')
    .select(['version', 'change_note', 'created_by', 'created_at'])
    .where('resource_id', '=', resourceId)
    .orderBy('version', 'desc')
    .execute();
}

export function findVersion(db: Executor, resourceId: string, version: number): Promise<VersionRow | undefined> {
  return db.selectFrom('catalog_resource_versions').selectAll().where('resource_id', '=', resourceId).where('version', '=', version).executeTakeFirst();
}

// ---- search and stats ----

export async function runQuery<T>(db: Executor, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

export interface RecentChangeRow {
  code: string;
  name: string;
  action: string;
  at: Date;
  actor: string | null;
}

/** The last catalog writes from the audit log, limited to entries the reader may see (`where` on r). */
export async function recentChanges(db: Executor, where: RawBuilder<boolean>, limit: number): Promise<RecentChangeRow[]> {
  // The CTE is materialised so that only catalog rows (whose target ids are uuids) ever reach the cast.
  const result = await sql<RecentChangeRow>`
    WITH recent AS MATERIALIZED (
      SELECT id, target_id, action, at, actor_name FROM audit_log
      WHERE target_type = 'catalog_resource' ORDER BY id DESC LIMIT ${limit * 20}
    )
    SELECT r.code, r.name, a.action, a.at, a.actor_name AS actor
    FROM recent a JOIN catalog_resources r ON r.id = a.target_id::uuid
    WHERE ${where}
    ORDER BY a.id DESC
    LIMIT ${limit}`.execute(db);
  return result.rows;
}
