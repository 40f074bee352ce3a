import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { json } from '../../platform/db/database.js';
import type { NewRow, Row, RowUpdate } from '../../platform/db/schema.js';

/**
 * SQL for regions, departments and settings. Every method takes the executor (the database or an open
 * transaction) so the service decides the transaction boundary.
 */
export type RegionRow = Row<'regions'>;
export type DepartmentRow = Row<'departments'>;
/** A department with the name of its (current) region, as lists and details show it. */
export interface DepartmentRecord extends DepartmentRow {
  region_name: string | null;
}

/** The unique constraint a failed insert or update ran into, if that is why it failed. */
export function uniqueViolation(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505') {
    const constraint = (error as { constraint?: unknown }).constraint;
    return typeof constraint === 'string' ? constraint : '';
  }
  return null;
}

/** Escapes LIKE wildcards so user input is matched literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export class RegionRepository {
  list(executor: Executor, includeRetired: boolean): Promise<RegionRow[]> {
    let query = executor.selectFrom('regions').selectAll();
    if (!includeRetired) query = query.where('valid_to', 'is', null);
    return query.orderBy('code').orderBy('valid_from').execute();
  }

  findCurrent(executor: Executor, code: string): Promise<RegionRow | undefined> {
    return executor.selectFrom('regions').selectAll().where('code', '=', code).where('valid_to', 'is', null).executeTakeFirst();
  }

  find(executor: Executor, code: string, validFrom: string): Promise<RegionRow | undefined> {
    return executor.selectFrom('regions').selectAll().where('code', '=', code).where('valid_from', '=', validFrom).executeTakeFirst();
  }

  async insert(executor: Executor, row: NewRow<'regions'>): Promise<RegionRow> {
    return executor.insertInto('regions').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async update(executor: Executor, code: string, validFrom: string, patch: RowUpdate<'regions'>): Promise<RegionRow> {
    return executor
      .updateTable('regions')
      .set(patch)
      .where('code', '=', code)
      .where('valid_from', '=', validFrom)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}

export class DepartmentRepository {
  /** Every department (optionally matching `q`), in no particular order: the service orders them as a tree. */
  private selectRecords(executor: Executor) {
    return executor
      .selectFrom('departments')
      .leftJoin('regions', (join) => join.onRef('regions.code', '=', 'departments.region_code').on('regions.valid_to', 'is', null))
      .selectAll('departments')
      .select('regions.name as region_name');
  }

  list(executor: Executor, filter: { q?: string } = {}): Promise<DepartmentRecord[]> {
    let query = this.selectRecords(executor);
    if (filter.q) {
      const pattern = likePattern(filter.q);
      query = query.where((eb) =>
        eb.or([
          eb('departments.name', 'ilike', pattern),
          eb('departments.name_en', 'ilike', pattern),
          eb('departments.credit_code', 'ilike', pattern),
          eb('departments.short_code', '=', filter.q as string),
        ]),
      );
    }
    return query.orderBy('departments.sort_order').orderBy('departments.name').execute();
  }

  find(executor: Executor, id: string): Promise<DepartmentRecord | undefined> {
    return this.selectRecords(executor).where('departments.id', '=', id).executeTakeFirst();
  }

  /** Locks the row until the transaction ends (updates read-modify-write it). */
  findForUpdate(executor: Executor, id: string): Promise<DepartmentRow | undefined> {
    return executor.selectFrom('departments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  findByCreditCode(executor: Executor, creditCode: string): Promise<DepartmentRow | undefined> {
    return executor.selectFrom('departments').selectAll().where('credit_code', '=', creditCode).executeTakeFirst();
  }

  findByShortCode(executor: Executor, shortCode: string): Promise<DepartmentRow | undefined> {
    return executor.selectFrom('departments').selectAll().where('short_code', '=', shortCode).executeTakeFirst();
  }

  async usedShortCodes(executor: Executor): Promise<Set<string>> {
    const rows = await executor.selectFrom('departments').select('short_code').execute();
    return new Set(rows.map((row) => row.short_code));
  }

  /** The department itself and every ancestor up to the root (UNION stops on a loop instead of spinning). */
  async selfAndAncestorIds(executor: Executor, id: string): Promise<string[]> {
    const result = await sql<{ id: string }>`
      WITH RECURSIVE chain AS (
        SELECT id, parent_id FROM departments WHERE id = ${id}
        UNION
        SELECT d.id, d.parent_id FROM departments d JOIN chain ON d.id = chain.parent_id
      )
      SELECT id FROM chain`.execute(executor);
    return result.rows.map((row) => row.id);
  }

  insert(executor: Executor, row: NewRow<'departments'>): Promise<DepartmentRow> {
    return executor.insertInto('departments').values(row).returningAll().executeTakeFirstOrThrow();
  }

  update(executor: Executor, id: string, patch: RowUpdate<'departments'>): Promise<DepartmentRow> {
    return executor
      .updateTable('departments')
      .set({ ...patch, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}

export class SettingsRepository {
  async get(executor: Executor, key: string): Promise<unknown> {
    const row = await executor.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async put(executor: Executor, key: string, value: unknown, updatedBy: string | null): Promise<void> {
    await executor
      .insertInto('settings')
      .values({ key, value: json(value), updated_by: updatedBy })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json(value), updated_by: updatedBy, updated_at: sql<Date>`now()` }))
      .execute();
  }
}
