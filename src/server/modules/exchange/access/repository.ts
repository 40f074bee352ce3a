/**
 * The only SQL of the access part: requests, grants, and the published catalog entry they are about (read
 * straight from catalog_resources, read-only). Department and system names come from the DirectoryReader.
 */
import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import { json } from '../../../platform/db/database.js';
import type { DB, NewRow, RowUpdate } from '../../../platform/db/schema.js';
import type { DataItem } from '../../catalog/index.js';

export interface ResourceFacts {
  id: string;
  code: string;
  name: string;
  status: string;
  sharingType: 'unconditional' | 'conditional' | 'not_shared';
  providerDepartmentId: string;
  dataItems: DataItem[];
}

export type RequestRow = Selectable<DB['exchange_access_requests']> & {
  resource_code: string;
  resource_name: string;
  sharing_type: string;
  grant_id: string | null;
};

export type GrantRow = Selectable<DB['exchange_grants']> & {
  resource_code: string;
  resource_name: string;
  provider_department_id: string;
};

/** Which rows a list may return: every department (data_admin), or those where a department takes part. */
export type Scope = { kind: 'all' } | { kind: 'department'; departmentId: string; as: 'provider' | 'consumer' | 'both' } | { kind: 'system'; systemId: string };

export interface PageArgs { page: number; pageSize: number }

async function resource(executor: Executor, column: 'code' | 'id', value: string): Promise<ResourceFacts | null> {
  const row = await executor
    .selectFrom('catalog_resources')
    .select(['id', 'code', 'name', 'status', 'sharing_type', 'provider_department_id', 'data_items'])
    .where(column, '=', value)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id, code: row.code, name: row.name, status: row.status, sharingType: row.sharing_type,
    providerDepartmentId: row.provider_department_id, dataItems: row.data_items as DataItem[],
  };
}

export const findResourceByCode = (executor: Executor, code: string) => resource(executor, 'code', code);
export const findResourceById = (executor: Executor, id: string) => resource(executor, 'id', id);

// ---------------------------------------------------------------- requests

function requests(executor: Executor) {
  return executor
    .selectFrom('exchange_access_requests as r')
    .innerJoin('catalog_resources as c', 'c.id', 'r.resource_id')
    .selectAll('r')
    .select(['c.code as resource_code', 'c.name as resource_name', 'c.sharing_type'])
    .select((eb) =>
      eb.selectFrom('exchange_grants as g').select('g.id').whereRef('g.request_id', '=', 'r.id').orderBy('g.created_at', 'desc').limit(1).as('grant_id'),
    );
}

export async function insertRequest(executor: Executor, row: NewRow<'exchange_access_requests'>): Promise<void> {
  await executor.insertInto('exchange_access_requests').values(row).execute();
}

export async function requestById(executor: Executor, id: string): Promise<RequestRow | null> {
  return ((await requests(executor).where('r.id', '=', id).executeTakeFirst()) as RequestRow | undefined) ?? null;
}

/** Locks the request row until the transaction ends (decisions on one request are serialised). */
export async function lockRequest(executor: Executor, id: string): Promise<boolean> {
  const row = await executor.selectFrom('exchange_access_requests').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return row !== undefined;
}

export async function updateRequest(executor: Executor, id: string, patch: RowUpdate<'exchange_access_requests'>): Promise<void> {
  await executor.updateTable('exchange_access_requests').set(patch).where('id', '=', id).execute();
}

export async function pendingRequestExists(executor: Executor, systemId: string, resourceId: string): Promise<boolean> {
  const row = await executor
    .selectFrom('exchange_access_requests')
    .select('id')
    .where('system_id', '=', systemId)
    .where('resource_id', '=', resourceId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row !== undefined;
}

export async function listRequests(
  executor: Executor,
  filter: { scope: Scope; status?: string } & PageArgs,
): Promise<{ rows: RequestRow[]; total: number }> {
  let query = requests(executor);
  const { scope } = filter;
  if (scope.kind === 'department') {
    const id = scope.departmentId;
    if (scope.as === 'provider') query = query.where('r.provider_department_id', '=', id);
    else if (scope.as === 'consumer') query = query.where('r.requester_department_id', '=', id);
    else query = query.where((eb) => eb.or([eb('r.provider_department_id', '=', id), eb('r.requester_department_id', '=', id)]));
  } else if (scope.kind === 'system') {
    query = query.where('r.system_id', '=', scope.systemId);
  }
  if (filter.status) query = query.where('r.status', '=', filter.status as RequestRow['status']);
  const counted = await query.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { rows: rows as RequestRow[], total: Number(counted.n) };
}

/** Pending requests whose due date is on or after `day` (a calendar change may move their deadline). */
export async function pendingDueFrom(executor: Executor, day: string): Promise<Array<{ id: string; created_at: Date; due_date: string }>> {
  return executor
    .selectFrom('exchange_access_requests')
    .select(['id', 'created_at', 'due_date'])
    .where('status', '=', 'pending')
    .where('due_date', '>=', day)
    .forUpdate()
    .execute();
}

// ---------------------------------------------------------------- grants

function grants(executor: Executor) {
  return executor
    .selectFrom('exchange_grants as g')
    .innerJoin('catalog_resources as c', 'c.id', 'g.resource_id')
    .selectAll('g')
    .select(['c.code as resource_code', 'c.name as resource_name', 'c.provider_department_id']);
}

export async function insertGrant(executor: Executor, row: Omit<NewRow<'exchange_grants'>, 'masking' | 'row_scope'> & { masking: Record<string, string>; row_scope: unknown[] | null }): Promise<void> {
  await executor
    .insertInto('exchange_grants')
    .values({ ...row, masking: json(row.masking), row_scope: row.row_scope === null ? null : json(row.row_scope) })
    .execute();
}

export async function grantById(executor: Executor, id: string, options: { lock?: boolean } = {}): Promise<GrantRow | null> {
  if (options.lock) await executor.selectFrom('exchange_grants').select('id').where('id', '=', id).forUpdate().execute();
  return ((await grants(executor).where('g.id', '=', id).executeTakeFirst()) as GrantRow | undefined) ?? null;
}

/** The grant a business system uses for a resource right now: active, unexpired at `now`, the newest. */
export async function findActiveGrant(executor: Executor, systemId: string, resourceCode: string, now: Date): Promise<GrantRow | null> {
  const row = await grants(executor)
    .where('g.system_id', '=', systemId)
    .where('c.code', '=', resourceCode)
    .where('g.status', '=', 'active')
    .where('g.expires_at', '>', now)
    .orderBy('g.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (row as GrantRow | undefined) ?? null;
}

/** Active grants of a system on a resource (a new grant supersedes them). Locked until the transaction ends. */
export async function activeGrantIds(executor: Executor, systemId: string, resourceId: string): Promise<string[]> {
  const rows = await executor
    .selectFrom('exchange_grants')
    .select('id')
    .where('system_id', '=', systemId)
    .where('resource_id', '=', resourceId)
    .where('status', '=', 'active')
    .forUpdate()
    .execute();
  return rows.map((row) => row.id);
}

export async function markRevoked(executor: Executor, id: string, patch: { at: Date; by: string; reason: string }): Promise<void> {
  await executor
    .updateTable('exchange_grants')
    .set({ status: 'revoked', revoked_at: patch.at, revoked_by: patch.by, revoke_reason: patch.reason })
    .where('id', '=', id)
    .execute();
}

export async function listGrants(
  executor: Executor,
  filter: { scope: Scope; resourceCode?: string; systemId?: string; status?: 'active' | 'expired' | 'revoked'; now: Date } & PageArgs,
): Promise<{ rows: GrantRow[]; total: number }> {
  let query = grants(executor);
  const { scope } = filter;
  if (scope.kind === 'department') {
    const id = scope.departmentId;
    if (scope.as === 'provider') query = query.where('c.provider_department_id', '=', id);
    else if (scope.as === 'consumer') query = query.where('g.department_id', '=', id);
    else query = query.where((eb) => eb.or([eb('c.provider_department_id', '=', id), eb('g.department_id', '=', id)]));
  } else if (scope.kind === 'system') {
    query = query.where('g.system_id', '=', scope.systemId);
  }
  if (filter.resourceCode) query = query.where('c.code', '=', filter.resourceCode);
  if (filter.systemId) query = query.where('g.system_id', '=', filter.systemId);
  if (filter.status === 'revoked') query = query.where('g.status', '=', 'revoked');
  if (filter.status === 'active') query = query.where('g.status', '=', 'active').where('g.expires_at', '>', filter.now);
  if (filter.status === 'expired') query = query.where('g.status', '=', 'active').where('g.expires_at', '<=', filter.now);
  const counted = await query.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .orderBy('g.created_at', 'desc')
    .orderBy('g.id')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { rows: rows as GrantRow[], total: Number(counted.n) };
}

/** Sends a notification to every node listening on the channel; delivered when the transaction commits. */
export async function notify(executor: Executor, channel: string, payload: string): Promise<void> {
  await sql`SELECT pg_notify(${channel}, ${payload})`.execute(executor);
}
