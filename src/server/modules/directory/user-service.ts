import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { cliActor, ROLES, type Actor, type Role } from '../../platform/actor.js';
import type { AuditLog } from '../../platform/audit.js';
import { generatePassword } from '../../platform/crypto.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { conflict, DomainError, forbidden } from '../../platform/errors.js';
import { passwordPolicy, Problems, userNotFound } from './errors.js';
import type { NewUserInput } from './index.js';
import { hashPassword, passwordPolicyErrors } from './password.js';
import { applyScope, assertCan, DEPARTMENT_ROLES, roleSetProblems, userListScope } from './policy.js';
import { auditUser } from './presenter.js';
import type { DepartmentRepository } from './repository.js';
import { uniqueViolation } from './repository.js';
import type { SecurityPolicyService } from './security-policy-service.js';
import type { UserRecord, UserRepository } from './user-repository.js';

/** People: accounts, passwords set by administrators, roles (三员分立) and the first administrator. */
export interface UserPatch {
  displayName?: string;
  departmentId?: string | null;
  email?: string | null;
  phone?: string | null;
  status?: 'active' | 'disabled';
}

const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{2,64}$/;
/** Serialises the first-start check so two nodes starting together create one administrator. */
const BOOTSTRAP_LOCK = 72_000_102;

export class UserService {
  constructor(
    private readonly deps: { db: Db; audit: AuditLog; users: UserRepository; departments: DepartmentRepository; securityPolicy: SecurityPolicyService },
  ) {}

  async list(actor: Actor, filter: { q?: string; departmentId?: string; page: number; pageSize: number }) {
    const departmentId = applyScope(userListScope(actor), filter.departmentId);
    return this.deps.users.list(this.deps.db, {
      q: filter.q?.trim() || undefined,
      departmentId,
      limit: filter.pageSize,
      offset: (filter.page - 1) * filter.pageSize,
    });
  }

  async get(actor: Actor, id: string): Promise<UserRecord> {
    const scope = userListScope(actor);
    const user = await this.deps.users.findById(this.deps.db, id);
    if (scope.kind === 'none') throw forbidden();
    if (!user) throw userNotFound();
    if (scope.kind === 'department' && user.department_id !== scope.departmentId) throw forbidden('You may only see your own department.');
    return user;
  }

  findByUsername(username: string): Promise<UserRecord | undefined> {
    return this.deps.users.findByUsername(this.deps.db, username);
  }

  count(): Promise<number> {
    return this.deps.users.count(this.deps.db);
  }

  /** Creates an account; without a password one is generated, returned once, and must be changed at first login. */
  async create(actor: Actor, input: NewUserInput, roles: Role[] = []): Promise<{ user: UserRecord; initialPassword?: string }> {
    assertCan(actor, 'user.create');
    return this.createUnchecked(actor, this.deps.db, input, roles);
  }

  private async createUnchecked(actor: Actor, executor: Executor, input: NewUserInput, roles: Role[]): Promise<{ user: UserRecord; initialPassword?: string }> {
    const username = input.username.trim();
    const problems = new Problems();
    if (!USERNAME_PATTERN.test(username)) problems.add('directory.invalid_username', '/username', 'Use 2–64 letters, digits or . _ - @.');
    if (!input.displayName?.trim()) problems.add('validation.failed', '/displayName', 'A display name is required.', 'validation.required');
    if (input.departmentId && !(await this.deps.departments.find(executor, input.departmentId))) {
      problems.add('directory.unknown_department', '/departmentId', 'No department has this id.');
    }
    for (const problem of roleSetProblems(roles, Boolean(input.departmentId))) problems.add(problem.code, problem.error.pointer, problem.error.message);
    problems.throwIfAny();
    const password = input.password ?? generatePassword();
    if (input.password !== undefined) await this.assertPasswordAllowed(executor, input.password, username, '/password');
    const passwordHash = await hashPassword(password);
    const id = randomUUID();

    const write = async (trx: Executor) => {
      if (await this.deps.users.findByUsername(trx, username)) throw this.duplicateUsername();
      await this.deps.users
        .insert(trx, {
          id,
          username,
          display_name: input.displayName.trim(),
          email: input.email?.trim() || null,
          phone: input.phone?.trim() || null,
          department_id: input.departmentId ?? null,
          password_hash: passwordHash,
          must_change_password: input.mustChangePassword ?? input.password === undefined,
        })
        .catch((error: unknown) => {
          throw uniqueViolation(error) !== null ? this.duplicateUsername() : error;
        });
      if (roles.length) await this.deps.users.replaceRoles(trx, id, roles, actor.kind === 'user' ? actor.userId : null);
      const user = (await this.deps.users.findById(trx, id)) as UserRecord;
      await this.deps.audit.record(trx, { actor, action: 'user.create', targetType: 'user', targetId: id, after: auditUser(user) });
      return user;
    };
    const user = executor === this.deps.db ? await this.deps.db.transaction().execute(write) : await write(executor);
    return { user, ...(input.password === undefined ? { initialPassword: password } : {}) };
  }

  async update(actor: Actor, id: string, patch: UserPatch): Promise<UserRecord> {
    assertCan(actor, 'user.update');
    if (patch.displayName !== undefined && !patch.displayName.trim()) {
      new Problems().add('validation.failed', '/displayName', 'A display name is required.', 'validation.required').throwIfAny();
    }
    if (patch.status === 'disabled' && actor.kind === 'user' && actor.userId === id) {
      throw new DomainError('directory.cannot_disable_self', 400, 'You cannot disable your own account.');
    }
    return this.deps.db.transaction().execute(async (trx) => {
      const locked = await this.deps.users.findForUpdate(trx, id);
      if (!locked) throw userNotFound();
      const before = (await this.deps.users.findById(trx, id)) as UserRecord;
      const problems = new Problems();
      if (patch.departmentId && !(await this.deps.departments.find(trx, patch.departmentId))) {
        problems.add('directory.unknown_department', '/departmentId', 'No department has this id.');
      }
      if (patch.departmentId === null && before.roles.some((role) => DEPARTMENT_ROLES.includes(role))) {
        problems.add('directory.department_required', '/departmentId', 'The user holds department roles; take those away first.');
      }
      problems.throwIfAny();
      await this.deps.users.update(trx, id, {
        ...(patch.displayName !== undefined ? { display_name: patch.displayName.trim() } : {}),
        ...(patch.departmentId !== undefined ? { department_id: patch.departmentId } : {}),
        ...(patch.email !== undefined ? { email: patch.email?.trim() || null } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone?.trim() || null } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
      });
      // A disabled account is logged out everywhere at once.
      if (patch.status === 'disabled') await this.deps.users.deleteSessionsOf(trx, id);
      const after = (await this.deps.users.findById(trx, id)) as UserRecord;
      await this.deps.audit.record(trx, { actor, action: 'user.update', targetType: 'user', targetId: id, before: auditUser(before), after: auditUser(after) });
      return after;
    });
  }

  /**
   * Sets a new password (given, or generated and to be changed at next login), unlocks the account and ends its
   * sessions. The system admin may not do this to a security or audit admin: handing themselves that person's
   * password would defeat 三员分立 (the operator at the CLI still can).
   */
  async resetPassword(actor: Actor, id: string, password?: string): Promise<{ initialPassword: string }> {
    assertCan(actor, 'user.resetPassword');
    const target = await this.deps.users.findById(this.deps.db, id);
    if (!target) throw userNotFound();
    if (actor.kind !== 'cli' && target.roles.some((role) => role === 'security_admin' || role === 'audit_admin')) {
      throw forbidden('The password of a security or audit administrator is reset at the server console.', 'directory.admin_separation');
    }
    if (password !== undefined) await this.assertPasswordAllowed(this.deps.db, password, target.username, '/password');
    const initialPassword = password ?? generatePassword();
    const passwordHash = await hashPassword(initialPassword);
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.users.update(trx, id, {
        password_hash: passwordHash,
        must_change_password: password === undefined,
        failed_attempts: 0,
        locked_until: null,
      });
      await this.deps.users.deleteSessionsOf(trx, id);
      await this.deps.audit.record(trx, {
        actor,
        action: 'user.reset_password',
        targetType: 'user',
        targetId: id,
        after: { mustChangePassword: password === undefined },
      });
    });
    return { initialPassword };
  }

  async unlock(actor: Actor, id: string): Promise<UserRecord> {
    assertCan(actor, 'user.unlock');
    return this.deps.db.transaction().execute(async (trx) => {
      const before = await this.deps.users.findForUpdate(trx, id);
      if (!before) throw userNotFound();
      await this.deps.users.update(trx, id, { failed_attempts: 0, locked_until: null });
      await this.deps.audit.record(trx, {
        actor,
        action: 'user.unlock',
        targetType: 'user',
        targetId: id,
        before: { lockedUntil: before.locked_until, failedAttempts: before.failed_attempts },
        after: { lockedUntil: null, failedAttempts: 0 },
      });
      return (await this.deps.users.findById(trx, id)) as UserRecord;
    });
  }

  /** Only the security admin (or the CLI); nobody changes their own roles; the three admin roles are exclusive. */
  async setRoles(actor: Actor, id: string, requested: Role[]): Promise<UserRecord> {
    assertCan(actor, 'user.setRoles');
    if (actor.kind === 'user' && actor.userId === id) {
      throw forbidden('Nobody may change their own roles.', 'directory.cannot_change_own_roles');
    }
    const unknown = requested.filter((role) => !ROLES.includes(role));
    if (unknown.length) new Problems().add('validation.failed', '/roles', `Unknown roles: ${unknown.join(', ')}.`, 'validation.enum').throwIfAny();
    const roles = [...new Set(requested)];
    return this.deps.db.transaction().execute(async (trx) => {
      const locked = await this.deps.users.findForUpdate(trx, id);
      if (!locked) throw userNotFound();
      const problems = new Problems();
      for (const problem of roleSetProblems(roles, locked.department_id !== null)) problems.add(problem.code, problem.error.pointer, problem.error.message);
      problems.throwIfAny();
      const before = (await this.deps.users.findById(trx, id)) as UserRecord;
      await this.deps.users.replaceRoles(trx, id, roles, actor.kind === 'user' ? actor.userId : null);
      const after = (await this.deps.users.findById(trx, id)) as UserRecord;
      await this.deps.audit.record(trx, { actor, action: 'user.roles', targetType: 'user', targetId: id, before: { roles: before.roles }, after: { roles: after.roles } });
      return after;
    });
  }

  /**
   * First start: when no user exists, creates the configured administrator with the system_admin role. A given
   * password is policy-checked and kept; otherwise one is generated, returned for the CLI to print once, and must
   * be changed at first login. Safe to call on every start.
   */
  async ensureFirstAdmin(input: { username: string; password?: string }): Promise<{ created: boolean; username: string; generatedPassword?: string }> {
    if ((await this.count()) > 0) return { created: false, username: input.username };
    if (input.password !== undefined) await this.assertPasswordAllowed(this.deps.db, input.password, input.username, '/password');
    return this.deps.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`.execute(trx);
      if ((await this.deps.users.count(trx)) > 0) return { created: false, username: input.username };
      const { user, initialPassword } = await this.createUnchecked(
        cliActor('bootstrap'),
        trx,
        { username: input.username, displayName: input.username, password: input.password, mustChangePassword: input.password === undefined },
        ['system_admin'],
      );
      return { created: true, username: user.username, ...(initialPassword ? { generatedPassword: initialPassword } : {}) };
    });
  }

  /** `executor`: inside a transaction, the transaction (PGlite has one connection: using the pool would wait forever). */
  private async assertPasswordAllowed(executor: Executor, password: string, username: string, pointer: string): Promise<void> {
    const policy = await this.deps.securityPolicy.current(executor);
    const errors = passwordPolicyErrors(password, policy, { username, pointer });
    if (errors.length) throw passwordPolicy(errors);
  }

  private duplicateUsername() {
    const message = 'Another user has this username.';
    return conflict('directory.duplicate_username', message, [{ pointer: '/username', code: 'directory.duplicate_username', message }]);
  }
}
