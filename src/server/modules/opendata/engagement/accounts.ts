/**
 * Portal accounts of the public (ADR 0009): registration, login with lockout, sessions and the CSRF rule.
 * Apart from the console's accounts; they share only the directory's argon2id hashing and password checks.
 *
 * A session is a random token in the `zs_portal` cookie; the database keeps its digest (SHA-256, SM3 in
 * national-crypto mode) with the session's CSRF token and an absolute expiry of 7 days. Passwords and tokens
 * are never logged.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context.js';
import { constantTimeEqual, randomToken } from '../../../platform/crypto.js';
import type { Executor } from '../../../platform/db/database.js';
import { validationFailed } from '../../../platform/errors.js';
import { hashPassword, passwordPolicyErrors, prepareDummyHash, verifyAgainstDummy, verifyPassword } from '../../directory/password.js';
import { defaultSecurityPolicy, mergeStoredPolicy, SECURITY_POLICY_KEY } from '../../directory/security-policy.js';
import type { PortalAccounts, PortalUser } from '../index.js';
import { accountLocked, csrfInvalid, emailTaken, invalidCredentials, invalidEmail, loginRequired, passwordPolicy } from './errors.js';
import type { RegisterInput } from './schema.js';

export const PORTAL_COOKIE = 'zs_portal';
export const PORTAL_CSRF_HEADER = 'x-portal-csrf';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A plain check: one @, no spaces, a dot in the domain. Delivery is the real test, and nothing is sent. */
export const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export interface AccountOptions {
  /** Wrong passwords in a row that lock the account (default 5). */
  lockoutThreshold: number;
  /** How long the lock lasts (default 15). */
  lockoutMinutes: number;
  /** Absolute session lifetime (default 7 days). */
  sessionDays: number;
}

export const DEFAULT_ACCOUNT_OPTIONS: AccountOptions = { lockoutThreshold: 5, lockoutMinutes: 15, sessionDays: 7 };

export interface PortalSession {
  user: PortalUser;
  csrfToken: string;
  tokenHash: string;
}

/** What login and registration hand to the route: the token goes into the cookie and nowhere else. */
export interface SessionStart {
  token: string;
  csrfToken: string;
  user: PortalUser;
  expiresAt: Date;
}

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  organisation: string | null;
  password_hash: string;
  status: 'active' | 'disabled';
  locked_until: Date | null;
}

const present = (row: Pick<UserRow, 'id' | 'email' | 'display_name' | 'organisation'>): PortalUser => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  organisation: row.organisation,
});

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';

export class PortalAccountService implements PortalAccounts {
  private readonly options: AccountOptions;
  /** One lookup per request, however many routes and parts ask. */
  private readonly resolved = new WeakMap<FastifyRequest, Promise<PortalSession | null>>();

  constructor(private readonly ctx: AppContext, options: Partial<AccountOptions> = {}) {
    this.options = { ...DEFAULT_ACCOUNT_OPTIONS, ...options };
    void prepareDummyHash();
  }

  // ------------------------------------------------------------ registration and login

  async register(input: RegisterInput, meta: { previousToken?: string }): Promise<SessionStart> {
    const email = input.email.trim();
    if (!EMAIL.test(email)) throw invalidEmail();
    const rules = await this.passwordRules();
    const problems = passwordPolicyErrors(input.password, rules, { username: email, pointer: '/password' });
    if (problems.length) throw passwordPolicy(problems);
    const displayName = input.displayName.trim();
    const organisation = input.organisation?.trim() || null;
    if (!displayName) throw validationFailed([{ pointer: '/displayName', code: 'validation.required', message: 'required' }]);
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('opendata_portal_users')
          .values({ email, display_name: displayName, organisation, password_hash: passwordHash, last_login_at: new Date() })
          .returning(['id', 'email', 'display_name', 'organisation'])
          .executeTakeFirstOrThrow();
        return this.startSession(trx, present(row), meta.previousToken);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  async login(emailInput: string, password: string, meta: { previousToken?: string; ip?: string; requestId?: string }): Promise<SessionStart> {
    const email = emailInput.trim();
    const user = await this.findByEmail(this.ctx.db, email);
    if (!user) {
      await verifyAgainstDummy(password);
      this.ctx.log.info({ requestId: meta.requestId, ip: meta.ip }, 'portal login failed for an unknown e-mail address');
      throw invalidCredentials();
    }
    if (user.locked_until && user.locked_until.getTime() > Date.now()) throw accountLocked(user.locked_until);
    if (!(await verifyPassword(user.password_hash, password))) {
      const lockedUntil = await this.recordFailure(user.id);
      this.ctx.log.info({ requestId: meta.requestId, ip: meta.ip, portalUserId: user.id, locked: lockedUntil !== null }, 'portal login failed');
      throw lockedUntil ? accountLocked(lockedUntil) : invalidCredentials();
    }
    // The right password for a disabled account is refused like a wrong one: the answer reveals nothing.
    if (user.status !== 'active') throw invalidCredentials();
    return this.ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('opendata_portal_users').set({ failed_attempts: 0, locked_until: null, last_login_at: new Date() }).where('id', '=', user.id).execute();
      // Old sessions of this user that ran out go now; they would never be used again.
      await trx.deleteFrom('opendata_portal_sessions').where('user_id', '=', user.id).where('expires_at', '<=', new Date()).execute();
      return this.startSession(trx, present(user), meta.previousToken);
    });
  }

  /** Counts a wrong password; at the threshold locks the account. Answers the lock's end if it locked. */
  private async recordFailure(userId: string): Promise<Date | null> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('opendata_portal_users')
        .select(['failed_attempts', 'locked_until'])
        .where('id', '=', userId)
        .forUpdate()
        .executeTakeFirst();
      if (!current) return null;
      // Another request may have locked it meanwhile: then this attempt only reports the lock.
      if (current.locked_until && current.locked_until.getTime() > Date.now()) return current.locked_until;
      const attempts = current.failed_attempts + 1;
      if (attempts < this.options.lockoutThreshold) {
        await trx.updateTable('opendata_portal_users').set({ failed_attempts: attempts }).where('id', '=', userId).execute();
        return null;
      }
      const lockedUntil = new Date(Date.now() + this.options.lockoutMinutes * 60_000);
      // The count starts again from zero once the lock runs out.
      await trx.updateTable('opendata_portal_users').set({ failed_attempts: 0, locked_until: lockedUntil }).where('id', '=', userId).execute();
      return lockedUntil;
    });
  }

  private async startSession(trx: Executor, user: PortalUser, previousToken: string | undefined): Promise<SessionStart> {
    if (previousToken) await trx.deleteFrom('opendata_portal_sessions').where('token_hash', '=', this.digest(previousToken)).execute();
    const token = randomToken(32);
    const csrfToken = randomToken(32);
    const expiresAt = new Date(Date.now() + this.options.sessionDays * 86_400_000);
    await trx.insertInto('opendata_portal_sessions').values({ token_hash: this.digest(token), user_id: user.id, csrf_token: csrfToken, expires_at: expiresAt }).execute();
    return { token, csrfToken, user, expiresAt };
  }

  async logout(session: PortalSession): Promise<void> {
    await this.ctx.db.deleteFrom('opendata_portal_sessions').where('token_hash', '=', session.tokenHash).execute();
  }

  /** Removes sessions past their expiry (the part runs it every hour). */
  async sweepExpired(): Promise<number> {
    const result = await this.ctx.db.deleteFrom('opendata_portal_sessions').where('expires_at', '<=', new Date()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  // ------------------------------------------------------------ sessions of requests

  /**
   * The portal session of a request, or null without a (valid) cookie. An unsafe method carrying a valid
   * session must send X-Portal-CSRF equal to the session's token: else 403 portal.csrf_invalid.
   */
  async sessionOf(request: FastifyRequest): Promise<PortalSession | null> {
    let pending = this.resolved.get(request);
    if (!pending) {
      pending = this.lookup(request.cookies?.[PORTAL_COOKIE]);
      this.resolved.set(request, pending);
    }
    const session = await pending;
    if (session && UNSAFE_METHODS.has(request.method)) {
      const sent = request.headers[PORTAL_CSRF_HEADER];
      if (typeof sent !== 'string' || !constantTimeEqual(sent, session.csrfToken)) throw csrfInvalid();
    }
    return session;
  }

  async userOf(request: FastifyRequest): Promise<PortalUser | null> {
    return (await this.sessionOf(request))?.user ?? null;
  }

  /** The session of a request, or 401 portal.login_required. */
  async requireSession(request: FastifyRequest): Promise<PortalSession> {
    const session = await this.sessionOf(request);
    if (!session) throw loginRequired();
    return session;
  }

  private async lookup(token: string | undefined): Promise<PortalSession | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = this.digest(token);
    const row = await this.ctx.db
      .selectFrom('opendata_portal_sessions as s')
      .innerJoin('opendata_portal_users as u', 'u.id', 's.user_id')
      .select(['s.csrf_token', 's.last_seen_at', 'u.id', 'u.email', 'u.display_name', 'u.organisation', 'u.status'])
      .where('s.token_hash', '=', tokenHash)
      .where('s.expires_at', '>', new Date())
      .executeTakeFirst();
    if (!row || row.status !== 'active') return null;
    // last_seen_at is informative; writing it on every request would cost a write per page view.
    if (Date.now() - row.last_seen_at.getTime() > 5 * 60_000) {
      await this.ctx.db.updateTable('opendata_portal_sessions').set({ last_seen_at: sql<Date>`now()` }).where('token_hash', '=', tokenHash).execute();
    }
    return { user: present(row), csrfToken: row.csrf_token, tokenHash };
  }

  // ------------------------------------------------------------ helpers

  /** Sets the session cookie: httpOnly, SameSite=Lax, Secure over HTTPS, path /, until the session's expiry. */
  setCookie(request: FastifyRequest, reply: FastifyReply, start: SessionStart): void {
    reply.setCookie(PORTAL_COOKIE, start.token, { ...this.cookieOptions(request), expires: start.expiresAt });
  }

  clearCookie(request: FastifyRequest, reply: FastifyReply): void {
    reply.clearCookie(PORTAL_COOKIE, this.cookieOptions(request));
  }

  private cookieOptions(request: FastifyRequest) {
    return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: request.protocol === 'https' || this.ctx.config.cookieSecure };
  }

  private digest(token: string): string {
    return this.ctx.crypto.digestHex(token);
  }

  private async findByEmail(executor: Executor, email: string): Promise<UserRow | undefined> {
    return executor
      .selectFrom('opendata_portal_users')
      .select(['id', 'email', 'display_name', 'organisation', 'password_hash', 'status', 'locked_until'])
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
  }

  /** The console's password rules (the security admin's policy) apply to the public too. */
  private async passwordRules(): Promise<{ passwordMinLength: number; passwordMinClasses: number }> {
    const row = await this.ctx.db.selectFrom('settings').select('value').where('key', '=', SECURITY_POLICY_KEY).executeTakeFirst();
    return mergeStoredPolicy(row?.value, defaultSecurityPolicy(this.ctx.config.sessionIdleMinutes));
  }
}
