/**
 * The SQL that writes harvested datasets: their organisations, dataset rows and resources. This is the only
 * writer of rows with a source_id (the publisher never touches them). Every update of a dataset row moves its
 * change_seq (trigger), which is how the search indexes pick the change up.
 */
import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import type { NewRow, Row, RowUpdate } from '../../../platform/db/schema.js';

export type HarvestedRow = Pick<Row<'opendata_datasets'>,
  'id' | 'name' | 'state' | 'title' | 'title_en' | 'notes' | 'tags' | 'themes' | 'license_id' | 'frequency' | 'maintainer' | 'maintainer_email'
  | 'open_type' | 'open_conditions' | 'issued' | 'source_url' | 'extras' | 'organization_id' | 'metadata_created' | 'metadata_modified'>;
export type ResourceRow = Row<'opendata_resources'>;

export const findHarvested = (db: Executor, sourceId: string, identifier: string): Promise<HarvestedRow | undefined> =>
  db
    .selectFrom('opendata_datasets')
    .select(['id', 'name', 'state', 'title', 'title_en', 'notes', 'tags', 'themes', 'license_id', 'frequency', 'maintainer', 'maintainer_email', 'open_type', 'open_conditions', 'issued', 'source_url', 'extras', 'organization_id', 'metadata_created', 'metadata_modified'])
    .where('source_id', '=', sourceId)
    .where('source_identifier', '=', identifier)
    .executeTakeFirst();

/** Which of these names are held by any dataset (local or harvested, active or deleted). */
export async function takenDatasetNames(db: Executor, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db.selectFrom('opendata_datasets').select('name').where('name', 'in', names).execute();
  return new Set(rows.map((row) => row.name));
}

export async function insertDataset(db: Executor, row: NewRow<'opendata_datasets'>): Promise<string> {
  const inserted = await db.insertInto('opendata_datasets').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateDataset(db: Executor, id: string, change: RowUpdate<'opendata_datasets'>): Promise<void> {
  await db.updateTable('opendata_datasets').set(change).where('id', '=', id).execute();
}

export const resourcesOf = (db: Executor, datasetId: string): Promise<ResourceRow[]> =>
  db.selectFrom('opendata_resources').selectAll().where('dataset_id', '=', datasetId).orderBy('position').execute();

export async function insertResources(db: Executor, rows: NewRow<'opendata_resources'>[]): Promise<void> {
  if (rows.length) await db.insertInto('opendata_resources').values(rows).execute();
}

export async function updateResource(db: Executor, id: string, change: RowUpdate<'opendata_resources'>): Promise<void> {
  await db.updateTable('opendata_resources').set(change).where('id', '=', id).execute();
}

export async function deleteResourcesFrom(db: Executor, datasetId: string, position: number): Promise<void> {
  await db.deleteFrom('opendata_resources').where('dataset_id', '=', datasetId).where('position', '>=', position).execute();
}

/** The identifiers of a source's active datasets (for finding the ones that disappeared at the source). */
export const activeIdentifiers = (db: Executor, sourceId: string): Promise<Array<{ id: string; identifier: string }>> =>
  db
    .selectFrom('opendata_datasets')
    .select(['id', 'source_identifier as identifier'])
    .where('source_id', '=', sourceId)
    .where('state', '=', 'active')
    .execute() as Promise<Array<{ id: string; identifier: string }>>;

/** Marks datasets deleted (metadata_modified moves, as CKAN does on delete). */
export async function markDeleted(db: Executor, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('opendata_datasets')
    .set({ state: 'deleted', metadata_modified: sql<Date>`now()` })
    .where('id', 'in', ids)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Marks every active dataset of a source deleted (before the source itself is deleted). */
export async function markSourceDeleted(db: Executor, sourceId: string): Promise<number> {
  const result = await db
    .updateTable('opendata_datasets')
    .set({ state: 'deleted', metadata_modified: sql<Date>`now()` })
    .where('source_id', '=', sourceId)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ------------------------------------------------------------------ organisations

export type OrganizationRow = Row<'opendata_organizations'>;

export const sourceOrganizations = (db: Executor, sourceId: string, names: string[]): Promise<OrganizationRow[]> =>
  names.length === 0
    ? Promise.resolve([])
    : db.selectFrom('opendata_organizations').selectAll().where('source_id', '=', sourceId).where('name', 'in', names).execute();

export async function takenOrganizationNames(db: Executor, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db.selectFrom('opendata_organizations').select('name').where('name', 'in', names).execute();
  return new Set(rows.map((row) => row.name));
}

export async function insertOrganization(db: Executor, row: NewRow<'opendata_organizations'>): Promise<string> {
  const inserted = await db.insertInto('opendata_organizations').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateOrganization(db: Executor, id: string, change: Pick<RowUpdate<'opendata_organizations'>, 'title' | 'description'>): Promise<void> {
  await db.updateTable('opendata_organizations').set({ ...change, updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}
