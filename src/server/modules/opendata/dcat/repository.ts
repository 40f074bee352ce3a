/** The catalog's own dates (the datasets themselves are read through the DatasetReader). */
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.js';

export interface CatalogDates {
  issued: string | null;
  modified: string | null;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The first dataset's creation and the latest change of any active dataset (its metadata or its data). */
export async function catalogDates(db: Db): Promise<CatalogDates> {
  const row = await db.selectFrom('opendata_datasets')
    .where('state', '=', 'active')
    .select([
      sql<Date | string | null>`min(metadata_created)`.as('issued'),
      sql<Date | string | null>`max(greatest(metadata_modified, coalesce(data_modified, metadata_modified)))`.as('modified'),
    ])
    .executeTakeFirst();
  return { issued: iso(row?.issued ?? null), modified: iso(row?.modified ?? null) };
}
