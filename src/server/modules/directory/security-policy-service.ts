import type { Actor } from '../../platform/actor.js';
import type { AuditLog } from '../../platform/audit.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { assertCan } from './policy.js';
import type { SettingsRepository } from './repository.js';
import {
  assertValidSecurityPolicy,
  defaultSecurityPolicy,
  mergeStoredPolicy,
  SECURITY_POLICY_KEY,
  type SecurityPolicy,
} from './security-policy.js';

/** Reading and setting the security policy. Reads are not cached: a change applies to the next request. */
export class SecurityPolicyService {
  constructor(
    private readonly deps: { db: Db; audit: AuditLog; settings: SettingsRepository; defaultSessionIdleMinutes: number },
  ) {}

  get defaults(): SecurityPolicy {
    return defaultSecurityPolicy(this.deps.defaultSessionIdleMinutes);
  }

  /** The policy in force, for internal use (login, sessions, password checks). */
  async current(executor: Executor = this.deps.db): Promise<SecurityPolicy> {
    return this.fromStored(await this.deps.settings.get(executor, SECURITY_POLICY_KEY));
  }

  fromStored(stored: unknown): SecurityPolicy {
    return mergeStoredPolicy(stored, this.defaults);
  }

  async get(actor: Actor): Promise<SecurityPolicy> {
    assertCan(actor, 'securityPolicy.read');
    return this.current();
  }

  async update(actor: Actor, input: SecurityPolicy): Promise<SecurityPolicy> {
    assertCan(actor, 'securityPolicy.write');
    const next: SecurityPolicy = {
      passwordMinLength: input.passwordMinLength,
      passwordMinClasses: input.passwordMinClasses,
      lockoutThreshold: input.lockoutThreshold,
      lockoutMinutes: input.lockoutMinutes,
      sessionIdleMinutes: input.sessionIdleMinutes,
    };
    assertValidSecurityPolicy(next);
    const updatedBy = actor.kind === 'user' ? actor.userId : null;
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.current(trx);
      await this.deps.settings.put(trx, SECURITY_POLICY_KEY, next, updatedBy);
      await this.deps.audit.record(trx, { actor, action: 'security_policy.update', targetType: 'settings', targetId: SECURITY_POLICY_KEY, before, after: next });
    });
    return next;
  }
}
