// Fills an empty, migrated database with the demo district's directory and classifications (through the
// modules' services, as the seeder does) and then with a large synthetic catalog, inserted directly in big
// multi-row INSERTs: going through the service would validate and audit each of 100,000 entries one by one.
// The INSERT is the catalog repository's own (insertResources), fed with the module's own search document
// (segment.ts), so search_vector and search_text come out exactly as for entries people register.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Platform } from '../../src/server/app.js';
import { cliActor } from '../../src/server/platform/actor.js';
import type { Db } from '../../src/server/platform/db/database.js';
import { insertResources, type NewResource } from '../../src/server/modules/catalog/repository.js';
import { searchDocument } from '../../src/server/modules/catalog/segment.js';
import type { DemoDistrict } from '../../src/server/modules/seed/demo-data/types.js';
import { loadDemoOrganisation } from '../../src/server/modules/seed/service.js';
import { describeDistrict, generateEntries, type SyntheticEntry } from './synthetic-catalog.js';

export interface Directory {
  /** Department id by demo key ('scj', 'gaj', …). */
  departmentIds: Map<string, string>;
}

export async function loadDirectory(platform: Platform, district: DemoDistrict): Promise<Directory> {
  return { departmentIds: await loadDemoOrganisation(platform, district, cliActor('bench')) };
}

export interface LoadReport {
  entries: number;
  published: number;
  seconds: number;
  indexSeconds: number;
}

/**
 * Inserts `count` synthetic entries in batches, with the table's secondary indexes dropped during the load
 * and rebuilt afterwards (one bulk build is far faster than 100,000 incremental GIN updates), then ANALYZE.
 * The index definitions are read back from the catalog, so whatever the migrations define is rebuilt as is.
 */
export async function loadCatalog(
  db: Db,
  district: DemoDistrict,
  directory: Directory,
  count: number,
  options: { batchSize: number; onProgress?: (done: number) => void },
): Promise<LoadReport> {
  const started = performance.now();
  const shape = describeDistrict(district);
  const indexes = await secondaryIndexes(db, 'catalog_resources');
  for (const index of indexes) await sql.raw(`DROP INDEX ${quoteIdent(index.name)}`).execute(db);

  let batch: SyntheticEntry[] = [];
  let done = 0;
  let published = 0;
  const lastSequence = new Map<string, number>();
  for (const entry of generateEntries(shape, count)) {
    batch.push(entry);
    if (entry.status === 'published') published++;
    lastSequence.set(entry.classificationCode, Number(entry.code.slice(-6)));
    if (batch.length === options.batchSize) {
      await insertBatch(db, batch, directory);
      done += batch.length;
      options.onProgress?.(done);
      batch = [];
    }
  }
  if (batch.length) {
    await insertBatch(db, batch, directory);
    done += batch.length;
    options.onProgress?.(done);
  }
  // Keep the code sequences consistent with the codes used, as the module's own create would.
  for (const [classificationCode, lastValue] of lastSequence) {
    await db
      .insertInto('catalog_code_sequences')
      .values({ classification_code: classificationCode, last_value: lastValue })
      .onConflict((conflict) => conflict.column('classification_code').doUpdateSet({ last_value: lastValue }))
      .execute();
  }

  const indexStarted = performance.now();
  for (const index of indexes) await sql.raw(index.definition).execute(db);
  await sql`ANALYZE`.execute(db);
  const finished = performance.now();
  return { entries: done, published, seconds: (finished - started) / 1000, indexSeconds: (finished - indexStarted) / 1000 };
}

async function insertBatch(db: Db, entries: SyntheticEntry[], directory: Directory): Promise<void> {
  const rows = entries.map((entry) => {
    const providerId = directory.departmentIds.get(entry.providerKey);
    if (!providerId) throw new Error(`no department for key ${entry.providerKey}`);
    const row: NewResource = {
      id: randomUUID(),
      code: entry.code,
      classification_code: entry.classificationCode,
      name: entry.name,
      name_en: entry.nameEn,
      provider_department_id: providerId,
      summary: entry.summary,
      format: entry.format,
      data_items: entry.dataItems,
      sharing_type: entry.sharingType,
      sharing_conditions: entry.sharingConditions,
      sharing_methods: entry.sharingMethods,
      not_shared_basis: entry.notSharedBasis,
      open_type: entry.openType,
      open_conditions: entry.openConditions,
      update_cycle: entry.updateCycle,
      publish_date: entry.publishDate,
      keywords: entry.keywords,
      related_codes: [],
      status: entry.status,
      current_version: entry.currentVersion,
      created_at: entry.createdAt,
      updated_at: entry.updatedAt,
      submitted_at: entry.submittedAt,
      published_at: entry.publishedAt,
      retired_at: entry.retiredAt,
    };
    return { row, document: searchDocument(entry) };
  });
  // About 30 parameters per row: a batch of 1,000 stays well under PostgreSQL's 65,535 per statement.
  await db.transaction().execute((tx) => insertResources(tx, rows));
}

interface IndexDefinition {
  name: string;
  definition: string;
}

/** Indexes that back no constraint (primary key and unique constraints stay in place). */
async function secondaryIndexes(db: Db, table: string): Promise<IndexDefinition[]> {
  const result = await sql<IndexDefinition>`
    select i.relname as name, pg_get_indexdef(i.oid) as definition
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
     where t.relname = ${table}
       and t.relnamespace = (select n.oid from pg_namespace n where n.nspname = current_schema())
       and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`.execute(db);
  return result.rows;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
