import { sql } from 'kysely';
import type { Role } from '../../platform/actor.js';
import type { Executor } from '../../platform/db/database.js';
import type { NewRow, Row, RowUpdate } from '../../platform/db/schema.js';
import { SECURITY_POLICY_KEY } from './security-policy.js';
import { likePattern } from './repository.js';

/** SQL for users, their roles and their sessions. */
export type UserRow = Row<'users'>;

/** A user with the department name and roles the API shows next to it. */
export interface UserRecord extends UserRow {
  department_name: string | null;
  roles: Role[];
}

export interface SessionLookup {
  user_id: string;
  csrf_token: string;
  last_seen_at: Date;
  username: string;
  display_name: string;
  department_id: string | null;
  must_change_password: boolean;
  status: 'active' | 'disabled';
  roles: Role[];
  /** The stored security policy (null: none saved yet), read in the same round trip. */
  policy: unknown;
  /** The database's clock, so idle time is measured against the clock that wrote last_seen_at. */
  db_now: Date;
}

const ROLE_ORDER = ['system_admin', 'security_admin', 'audit_admin', 'data_admin', 'dept_admin', 'dept_operator'];
const sortRoles = (roles: Role[]): Role[] => [...roles].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));

export class UserRepository {
  private selectUsers(executor: Executor) {
    return executor
      .selectFrom('users')
      .leftJoin('departments', 'departments.id', 'users.department_id')
      .selectAll('users')
      .select('departments.name as department_name');
  }

  private async withRoles(executor: Executor, rows: Array<UserRow & { department_name: string | null }>): Promise<UserRecord[]> {
    const roles = await this.rolesOf(executor, rows.map((row) => row.id));
    return rows.map((row) => ({ ...row, roles: roles.get(row.id) ?? [] }));
  }

  async rolesOf(executor: Executor, userIds: string[]): Promise<Map<string, Role[]>> {
    const map = new Map<string, Role[]>();
    if (userIds.length === 0) return map;
    const rows = await executor.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', userIds).execute();
    for (const row of rows) map.set(row.user_id, [...(map.get(row.user_id) ?? []), row.role as Role]);
    for (const [id, roles] of map) map.set(id, sortRoles(roles));
    return map;
  }

  async findById(executor: Executor, id: string): Promise<UserRecord | undefined> {
    const row = await this.selectUsers(executor).where('users.id', '=', id).executeTakeFirst();
    return row ? (await this.withRoles(executor, [row]))[0] : undefined;
  }

  async findByUsername(executor: Executor, username: string): Promise<UserRecord | undefined> {
    const row = await this.selectUsers(executor).where('users.username', '=', username).executeTakeFirst();
    return row ? (await this.withRoles(executor, [row]))[0] : undefined;
  }

  /** Locks the user row for a read-modify-write (failed-attempt counting, role changes). */
  findForUpdate(executor: Executor, id: string): Promise<UserRow | undefined> {
    return executor.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async list(
    executor: Executor,
    filter: { q?: string; departmentId?: string; limit: number; offset: number },
  ): Promise<{ rows: UserRecord[]; total: number }> {
    let query = executor.selectFrom('users');
    if (filter.departmentId) query = query.where('users.department_id', '=', filter.departmentId);
    if (filter.q) {
      const pattern = likePattern(filter.q);
      query = query.where((eb) => eb.or([eb('users.username', 'ilike', pattern), eb('users.display_name', 'ilike', pattern)]));
    }
    const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const rows = await query
      .leftJoin('departments', 'departments.id', 'users.department_id')
      .selectAll('users')
      .select('departments.name as department_name')
      .orderBy('users.username')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    return { rows: await this.withRoles(executor, rows), total: Number(total) };
  }

  async count(executor: Executor): Promise<number> {
    const { total } = await executor.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return Number(total);
  }

  async insert(executor: Executor, row: NewRow<'users'>): Promise<void> {
    await executor.insertInto('users').values(row).execute();
  }

  async update(executor: Executor, id: string, patch: RowUpdate<'users'>): Promise<void> {
    await executor
      .updateTable('users')
      .set({ ...patch, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  /** Counts one more failed login atomically and answers the new count. */
  async addFailedAttempt(executor: Executor, id: string): Promise<number> {
    const row = await executor
      .updateTable('users')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
      .where('id', '=', id)
      .returning('failed_attempts')
      .executeTakeFirstOrThrow();
    return row.failed_attempts;
  }

  async replaceRoles(executor: Executor, userId: string, roles: Role[], grantedBy: string | null): Promise<void> {
    await executor.deleteFrom('user_roles').where('user_id', '=', userId).execute();
    if (roles.length === 0) return;
    await executor
      .insertInto('user_roles')
      .values(roles.map((role) => ({ user_id: userId, role, granted_by: grantedBy })))
      .execute();
  }

  // --- sessions -------------------------------------------------------------------------------------------

  async insertSession(executor: Executor, row: NewRow<'sessions'>): Promise<void> {
    await executor.insertInto('sessions').values(row).execute();
  }

  /** The session, its user, the user's roles and the stored policy in one round trip. */
  async findSession(executor: Executor, tokenHash: string): Promise<SessionLookup | undefined> {
    const row = await executor
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.user_id',
        'sessions.csrf_token',
        'sessions.last_seen_at',
        'users.username',
        'users.display_name',
        'users.department_id',
        'users.must_change_password',
        'users.status',
      ])
      .select([
        sql<Role[]>`ARRAY(SELECT role FROM user_roles WHERE user_roles.user_id = users.id)`.as('roles'),
        sql<unknown>`(SELECT value FROM settings WHERE key = ${SECURITY_POLICY_KEY})`.as('policy'),
        sql<Date>`now()`.as('db_now'),
      ])
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? { ...row, roles: sortRoles(row.roles ?? []) } : undefined;
  }

  async touchSession(executor: Executor, tokenHash: string): Promise<void> {
    await executor.updateTable('sessions').set({ last_seen_at: sql<Date>`now()` }).where('token_hash', '=', tokenHash).execute();
  }

  async deleteSession(executor: Executor, tokenHash: string): Promise<void> {
    await executor.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Ends every session of a user (disabled, password reset), or every one but the current. */
  async deleteSessionsOf(executor: Executor, userId: string, exceptTokenHash?: string): Promise<void> {
    let query = executor.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptTokenHash) query = query.where('token_hash', '<>', exceptTokenHash);
    await query.execute();
  }
}
