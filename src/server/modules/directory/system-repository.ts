import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { NewRow, Row, RowUpdate } from '../../platform/db/schema.js';

/** SQL for business systems and their API credentials. */
export type CredentialRow = Row<'api_credentials'>;
export interface SystemRecord extends Row<'business_systems'> {
  department_name: string;
}

export interface CredentialLookup {
  id: string;
  token_hash: string;
  status: 'active' | 'revoked';
  system_id: string;
  system_code: string;
  system_status: 'active' | 'disabled';
  department_id: string;
  department_status: 'active' | 'disabled';
  /** Whether last_used_at is older than a minute (or unset), i.e. worth writing again. */
  stale: boolean;
}

export class SystemRepository {
  private selectSystems(executor: Executor) {
    return executor
      .selectFrom('business_systems')
      .innerJoin('departments', 'departments.id', 'business_systems.department_id')
      .selectAll('business_systems')
      .select('departments.name as department_name');
  }

  list(executor: Executor, filter: { departmentId?: string }): Promise<SystemRecord[]> {
    let query = this.selectSystems(executor);
    if (filter.departmentId) query = query.where('business_systems.department_id', '=', filter.departmentId);
    return query.orderBy('business_systems.code').execute();
  }

  find(executor: Executor, id: string): Promise<SystemRecord | undefined> {
    return this.selectSystems(executor).where('business_systems.id', '=', id).executeTakeFirst();
  }

  /** Locks the system row: credential changes of one system are serialised. */
  async lock(executor: Executor, id: string): Promise<void> {
    await executor.selectFrom('business_systems').select('id').where('id', '=', id).forUpdate().execute();
  }

  findByCode(executor: Executor, code: string): Promise<{ id: string } | undefined> {
    return executor.selectFrom('business_systems').select('id').where('code', '=', code).executeTakeFirst();
  }

  async insert(executor: Executor, row: NewRow<'business_systems'>): Promise<void> {
    await executor.insertInto('business_systems').values(row).execute();
  }

  async update(executor: Executor, id: string, patch: RowUpdate<'business_systems'>): Promise<void> {
    await executor
      .updateTable('business_systems')
      .set({ ...patch, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  // --- credentials ----------------------------------------------------------------------------------------

  async credentialsOf(executor: Executor, systemIds: string[]): Promise<Map<string, CredentialRow[]>> {
    const map = new Map<string, CredentialRow[]>();
    if (systemIds.length === 0) return map;
    const rows = await executor
      .selectFrom('api_credentials')
      .selectAll()
      .where('system_id', 'in', systemIds)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const row of rows) map.set(row.system_id, [...(map.get(row.system_id) ?? []), row]);
    return map;
  }

  findCredential(executor: Executor, id: string): Promise<CredentialRow | undefined> {
    return executor.selectFrom('api_credentials').selectAll().where('id', '=', id).executeTakeFirst();
  }

  insertCredential(executor: Executor, row: NewRow<'api_credentials'>): Promise<CredentialRow> {
    return executor.insertInto('api_credentials').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Revokes an active credential; answers the revoked row, or undefined when it was not active. */
  revokeCredential(executor: Executor, id: string): Promise<CredentialRow | undefined> {
    return executor
      .updateTable('api_credentials')
      .set({ status: 'revoked', revoked_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .returningAll()
      .executeTakeFirst();
  }

  /** What the bearer check needs, found by the token's public prefix. */
  findCredentialByPrefix(executor: Executor, prefix: string): Promise<CredentialLookup | undefined> {
    return executor
      .selectFrom('api_credentials')
      .innerJoin('business_systems', 'business_systems.id', 'api_credentials.system_id')
      .innerJoin('departments', 'departments.id', 'business_systems.department_id')
      .select([
        'api_credentials.id',
        'api_credentials.token_hash',
        'api_credentials.status',
        'business_systems.id as system_id',
        'business_systems.code as system_code',
        'business_systems.status as system_status',
        'departments.id as department_id',
        'departments.status as department_status',
      ])
      .select(
        sql<boolean>`(api_credentials.last_used_at IS NULL OR api_credentials.last_used_at < now() - interval '1 minute')`.as('stale'),
      )
      .where('api_credentials.prefix', '=', prefix)
      .executeTakeFirst();
  }

  async touchCredential(executor: Executor, id: string): Promise<void> {
    await executor.updateTable('api_credentials').set({ last_used_at: sql<Date>`now()` }).where('id', '=', id).execute();
  }
}
