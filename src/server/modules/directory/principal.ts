import type { SystemActor, UserActor } from '../../platform/actor.js';
import { constantTimeEqual, type CryptoService } from '../../platform/crypto.js';
import type { Db } from '../../platform/db/database.js';
import type { PrincipalResolver } from '../../platform/http/auth.js';
import type { Logger } from '../../platform/logger.js';
import { sessionExpired } from './errors.js';
import type { SecurityPolicyService } from './security-policy-service.js';
import type { SystemRepository } from './system-repository.js';
import type { UserRepository } from './user-repository.js';
import type { CredentialCache } from './credential-cache.js';
import { parseCredentialToken } from './tokens.js';

/**
 * Turns a session cookie or a bearer credential into the Actor the services receive. Sessions are read every
 * time: a disabled user or a changed policy takes effect on the very next request. Bearer credentials are kept
 * for a few seconds (credential-cache.ts), cleared at once by any change on this node.
 */
const TOUCH_INTERVAL_MS = 60_000;

export function createPrincipalResolver(deps: {
  db: Db;
  crypto: CryptoService;
  log: Logger;
  users: UserRepository;
  systems: SystemRepository;
  securityPolicy: SecurityPolicyService;
  credentials: CredentialCache;
}): PrincipalResolver {
  const { db, crypto, users, systems, credentials } = deps;

  return {
    async fromSessionToken(token, meta): Promise<UserActor | null> {
      const tokenHash = crypto.digestHex(token);
      const session = await users.findSession(db, tokenHash);
      if (!session) return null;
      if (session.status !== 'active') {
        await users.deleteSession(db, tokenHash);
        return null;
      }
      const policy = deps.securityPolicy.fromStored(session.policy);
      const idleMs = session.db_now.getTime() - session.last_seen_at.getTime();
      if (idleMs > policy.sessionIdleMinutes * 60_000) {
        await users.deleteSession(db, tokenHash);
        throw sessionExpired();
      }
      // Writing on every request would turn each read into a write; a minute's precision is plenty.
      if (idleMs > TOUCH_INTERVAL_MS) await users.touchSession(db, tokenHash);
      return {
        kind: 'user',
        userId: session.user_id,
        username: session.username,
        displayName: session.display_name,
        departmentId: session.department_id,
        roles: session.roles,
        mustChangePassword: session.must_change_password,
        sessionTokenHash: tokenHash,
        csrfToken: session.csrf_token,
        ip: meta.ip,
        requestId: meta.requestId,
      };
    },

    async fromBearerToken(token, meta): Promise<SystemActor | null> {
      const parsed = parseCredentialToken(token);
      if (!parsed) return null;
      // Hash even when the prefix is unknown, so timing does not tell which prefixes exist.
      const presentedHash = crypto.digestHex(token);
      const cached = credentials.get(presentedHash);
      if (cached) return { kind: 'system', ...cached, roles: [], ip: meta.ip, requestId: meta.requestId };
      const credential = await systems.findCredentialByPrefix(db, parsed.prefix);
      if (!credential || !constantTimeEqual(presentedHash, credential.token_hash)) return null;
      if (credential.status !== 'active' || credential.system_status !== 'active' || credential.department_status !== 'active') {
        return null;
      }
      if (credential.stale) {
        await systems.touchCredential(db, credential.id).catch((error: unknown) => {
          deps.log.warn({ err: error, requestId: meta.requestId }, 'could not record credential use');
        });
      }
      credentials.set(presentedHash, { credentialId: credential.id, systemId: credential.system_id, systemCode: credential.system_code, departmentId: credential.department_id });
      return {
        kind: 'system',
        systemId: credential.system_id,
        systemCode: credential.system_code,
        credentialId: credential.id,
        departmentId: credential.department_id,
        roles: [],
        ip: meta.ip,
        requestId: meta.requestId,
      };
    },
  };
}
