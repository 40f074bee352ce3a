import type { UserActor } from '../../platform/actor.js';
import type { AuditLog } from '../../platform/audit.js';
import { randomToken, type CryptoService } from '../../platform/crypto.js';
import type { Db } from '../../platform/db/database.js';
import { DomainError, unauthenticated } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { accountLocked, invalidCredentials, passwordPolicy } from './errors.js';
import { hashPassword, passwordPolicyErrors, prepareDummyHash, verifyAgainstDummy, verifyPassword } from './password.js';
import type { SecurityPolicy } from './security-policy.js';
import type { SecurityPolicyService } from './security-policy-service.js';
import type { UserRecord, UserRepository } from './user-repository.js';

/**
 * Logging in and out, and changing one's own password. The session token lives only in the cookie; the database
 * keeps its digest, so a leaked database does not hand out sessions.
 */
export interface LoginMeta {
  ip: string;
  requestId: string;
  userAgent?: string;
  /** The session the browser already had, if any: replaced by the new one. */
  previousSessionHash?: string;
}

export interface LoginResult {
  /** For the cookie only: never stored, logged or put in a response body. */
  token: string;
  csrfToken: string;
  user: UserRecord;
}

/** Who is acting while logging in: the account named, since no session exists yet. */
function loginActor(user: UserRecord, meta: LoginMeta): UserActor {
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    departmentId: user.department_id,
    roles: user.roles,
    mustChangePassword: user.must_change_password,
    ip: meta.ip,
    requestId: meta.requestId,
  };
}

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

export class SessionService {
  constructor(
    private readonly deps: {
      db: Db;
      audit: AuditLog;
      crypto: CryptoService;
      log: Logger;
      users: UserRepository;
      securityPolicy: SecurityPolicyService;
    },
  ) {
    void prepareDummyHash();
  }

  async login(username: string, password: string, meta: LoginMeta): Promise<LoginResult> {
    const { db, users } = this.deps;
    const policy = await this.deps.securityPolicy.current();
    const user = await users.findByUsername(db, username);
    if (!user) {
      await verifyAgainstDummy(password);
      // Not in the audit log (it records acts of known principals); the log line serves intrusion detection.
      this.deps.log.info({ requestId: meta.requestId, ip: meta.ip }, 'login failed for an unknown username');
      throw invalidCredentials();
    }
    if (user.locked_until && user.locked_until.getTime() > Date.now()) throw accountLocked(user.locked_until);

    const passwordMatches = await verifyPassword(user.password_hash, password);
    if (!passwordMatches) {
      const lockedUntil = await this.recordFailedLogin(user, policy, meta);
      throw lockedUntil ? accountLocked(lockedUntil) : invalidCredentials();
    }
    const actor = loginActor(user, meta);
    if (user.status !== 'active') {
      // The right password for a disabled account: refused like a wrong one, so the answer reveals nothing.
      await this.deps.audit.record(db, { actor, action: 'session.login', targetType: 'user', targetId: user.id, result: 'failure', after: { reason: 'disabled' } });
      throw invalidCredentials();
    }

    const token = randomToken(32);
    const csrfToken = randomToken(32);
    await db.transaction().execute(async (trx) => {
      await users.update(trx, user.id, { failed_attempts: 0, locked_until: null, last_login_at: new Date() });
      if (meta.previousSessionHash) await users.deleteSession(trx, meta.previousSessionHash);
      await users.insertSession(trx, {
        token_hash: this.deps.crypto.digestHex(token),
        user_id: user.id,
        csrf_token: csrfToken,
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 500) ?? null,
      });
      await this.deps.audit.record(trx, { actor, action: 'session.login', targetType: 'user', targetId: user.id, after: { userAgent: meta.userAgent ?? null } });
    });
    return { token, csrfToken, user: { ...user, failed_attempts: 0, locked_until: null } };
  }

  /** Counts a wrong password; at the policy's threshold locks the account. Answers the lock's end if it locked. */
  private async recordFailedLogin(user: UserRecord, policy: SecurityPolicy, meta: LoginMeta): Promise<Date | null> {
    const actor = loginActor(user, meta);
    return this.deps.db.transaction().execute(async (trx) => {
      const current = await this.deps.users.findForUpdate(trx, user.id);
      // Another request may have locked it meanwhile: then this attempt just reports the lock.
      if (current?.locked_until && current.locked_until.getTime() > Date.now()) return current.locked_until;
      const attempts = await this.deps.users.addFailedAttempt(trx, user.id);
      await this.deps.audit.record(trx, { actor, action: 'session.login', targetType: 'user', targetId: user.id, result: 'failure', after: { failedAttempts: attempts } });
      if (attempts < policy.lockoutThreshold) return null;
      const lockedUntil = minutesFromNow(policy.lockoutMinutes);
      // The counter starts again from zero once the lock runs out.
      await this.deps.users.update(trx, user.id, { locked_until: lockedUntil, failed_attempts: 0 });
      await this.deps.audit.record(trx, {
        actor,
        action: 'user.lock',
        targetType: 'user',
        targetId: user.id,
        after: { lockedUntil: lockedUntil.toISOString(), failedAttempts: attempts },
      });
      return lockedUntil;
    });
  }

  async me(actor: UserActor): Promise<UserRecord> {
    const user = await this.deps.users.findById(this.deps.db, actor.userId);
    if (!user) throw unauthenticated();
    return user;
  }

  async logout(actor: UserActor): Promise<void> {
    if (!actor.sessionTokenHash) return;
    const tokenHash = actor.sessionTokenHash;
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.users.deleteSession(trx, tokenHash);
      await this.deps.audit.record(trx, { actor, action: 'session.logout', targetType: 'user', targetId: actor.userId });
    });
  }

  /** Changing one's own password; ends the user's other sessions, keeps this one. */
  async changePassword(actor: UserActor, currentPassword: string, newPassword: string): Promise<void> {
    const { db, users } = this.deps;
    const user = await users.findById(db, actor.userId);
    if (!user) throw unauthenticated();
    if (!(await verifyPassword(user.password_hash, currentPassword))) {
      throw new DomainError('auth.wrong_current_password', 400, 'The current password is wrong.', [
        { pointer: '/currentPassword', code: 'auth.wrong_current_password', message: 'The current password is wrong.' },
      ]);
    }
    const policy = await this.deps.securityPolicy.current();
    const errors = passwordPolicyErrors(newPassword, policy, { username: user.username, pointer: '/newPassword' });
    if (newPassword === currentPassword) {
      errors.push({ pointer: '/newPassword', code: 'password.unchanged', message: 'Choose a password different from the current one.' });
    }
    if (errors.length) throw passwordPolicy(errors);

    const passwordHash = await hashPassword(newPassword);
    await db.transaction().execute(async (trx) => {
      await users.update(trx, user.id, {
        password_hash: passwordHash,
        must_change_password: false,
        password_changed_at: new Date(),
        failed_attempts: 0,
        locked_until: null,
      });
      await users.deleteSessionsOf(trx, user.id, actor.sessionTokenHash);
      await this.deps.audit.record(trx, {
        actor,
        action: 'user.password_change',
        targetType: 'user',
        targetId: user.id,
        before: { mustChangePassword: user.must_change_password },
        after: { mustChangePassword: false },
      });
    });
  }
}
