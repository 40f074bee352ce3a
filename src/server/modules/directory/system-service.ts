import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/actor.js';
import type { AuditLog } from '../../platform/audit.js';
import type { CryptoService } from '../../platform/crypto.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { conflict, DomainError, forbidden } from '../../platform/errors.js';
import type { CredentialCache } from './credential-cache.js';
import { credentialNotFound, Problems, systemNotFound } from './errors.js';
import { applyScope, canManageSystemsOf, systemListScope } from './policy.js';
import { presentCredential } from './presenter.js';
import type { DepartmentRepository } from './repository.js';
import { uniqueViolation } from './repository.js';
import type { CredentialRow, SystemRecord, SystemRepository } from './system-repository.js';
import { newCredentialToken } from './tokens.js';

/**
 * Business systems of departments and their API credentials. A department admin manages their own department's
 * systems; the system admin manages all. A token is returned once, when issued, and only its digest is kept.
 */
export interface NewSystemInput {
  departmentId: string;
  code: string;
  name: string;
  nameEn?: string | null;
  description?: string | null;
}

export interface SystemPatch {
  name?: string;
  nameEn?: string | null;
  description?: string | null;
  status?: 'active' | 'disabled';
}

const SYSTEM_CODE_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export class SystemService {
  constructor(
    private readonly deps: { db: Db; audit: AuditLog; crypto: CryptoService; systems: SystemRepository; departments: DepartmentRepository; credentials?: CredentialCache },
  ) {}

  async list(actor: Actor, filter: { departmentId?: string }): Promise<Array<{ system: SystemRecord; credentials: CredentialRow[] }>> {
    const departmentId = applyScope(systemListScope(actor), filter.departmentId);
    const systems = await this.deps.systems.list(this.deps.db, { departmentId });
    const credentials = await this.deps.systems.credentialsOf(this.deps.db, systems.map((system) => system.id));
    return systems.map((system) => ({ system, credentials: credentials.get(system.id) ?? [] }));
  }

  async get(actor: Actor, id: string): Promise<{ system: SystemRecord; credentials: CredentialRow[] }> {
    const scope = systemListScope(actor);
    if (scope.kind === 'none') throw forbidden();
    const system = await this.deps.systems.find(this.deps.db, id);
    if (!system) throw systemNotFound();
    if (scope.kind === 'department' && system.department_id !== scope.departmentId) throw forbidden('You may only see your own department.');
    const credentials = await this.deps.systems.credentialsOf(this.deps.db, [id]);
    return { system, credentials: credentials.get(id) ?? [] };
  }

  /** For other modules (catalog source systems): no permission check, reference data only. */
  find(id: string): Promise<SystemRecord | undefined> {
    return this.deps.systems.find(this.deps.db, id);
  }

  async create(actor: Actor, input: NewSystemInput): Promise<SystemRecord> {
    if (!canManageSystemsOf(actor, input.departmentId)) throw forbidden('You may manage only your own department’s business systems.');
    const code = input.code.trim();
    const problems = new Problems();
    if (!SYSTEM_CODE_PATTERN.test(code)) {
      problems.add('directory.invalid_system_code', '/code', 'Use 2–63 lower-case letters, digits or hyphens, starting with a letter or digit.');
    }
    if (!input.name?.trim()) problems.add('validation.failed', '/name', 'A name is required.', 'validation.required');
    const department = await this.deps.departments.find(this.deps.db, input.departmentId);
    if (!department) problems.add('directory.unknown_department', '/departmentId', 'No department has this id.');
    problems.throwIfAny();
    if (department?.status !== 'active') throw conflict('directory.department_disabled', 'The department is disabled.');
    const id = randomUUID();
    return this.deps.db.transaction().execute(async (trx) => {
      if (await this.deps.systems.findByCode(trx, code)) throw this.duplicateCode();
      await this.deps.systems
        .insert(trx, {
          id,
          department_id: input.departmentId,
          code,
          name: input.name.trim(),
          name_en: input.nameEn?.trim() || null,
          description: input.description?.trim() || null,
        })
        .catch((error: unknown) => {
          throw uniqueViolation(error) !== null ? this.duplicateCode() : error;
        });
      const created = (await this.deps.systems.find(trx, id)) as SystemRecord;
      await this.deps.audit.record(trx, { actor, action: 'system.create', targetType: 'business_system', targetId: id, after: auditSystem(created) });
      return created;
    });
  }

  async update(actor: Actor, id: string, patch: SystemPatch): Promise<SystemRecord> {
    const before = await this.managedSystem(actor, id);
    if (patch.name !== undefined && !patch.name.trim()) {
      new Problems().add('validation.failed', '/name', 'A name is required.', 'validation.required').throwIfAny();
    }
    const updated = await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.systems.lock(trx, id);
      await this.deps.systems.update(trx, id, {
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.nameEn !== undefined ? { name_en: patch.nameEn?.trim() || null } : {}),
        ...(patch.description !== undefined ? { description: patch.description?.trim() || null } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
      });
      const after = (await this.deps.systems.find(trx, id)) as SystemRecord;
      await this.deps.audit.record(trx, { actor, action: 'system.update', targetType: 'business_system', targetId: id, before: auditSystem(before), after: auditSystem(after) });
      return after;
    });
    this.deps.credentials?.clear();
    return updated;
  }

  async issueCredential(actor: Actor, systemId: string, label?: string | null): Promise<{ credential: CredentialRow; token: string }> {
    const system = await this.managedSystem(actor, systemId);
    if (system.status !== 'active') throw conflict('directory.system_disabled', 'The business system is disabled; enable it before issuing credentials.');
    return this.deps.db.transaction().execute(async (trx) => {
      await this.deps.systems.lock(trx, systemId);
      const issued = await this.insertCredential(trx, actor, systemId, label?.trim() || null);
      await this.deps.audit.record(trx, { actor, action: 'credential.issue', targetType: 'credential', targetId: issued.credential.id, after: auditCredential(system, issued.credential) });
      return issued;
    });
  }

  /** Revokes the old credential and issues its replacement in one transaction: never both valid, never neither. */
  async rotateCredential(actor: Actor, systemId: string, credentialId: string): Promise<{ credential: CredentialRow; token: string }> {
    const system = await this.managedSystem(actor, systemId);
    if (system.status !== 'active') throw conflict('directory.system_disabled', 'The business system is disabled; enable it before issuing credentials.');
    const rotated = await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.systems.lock(trx, systemId);
      const old = await this.credentialOf(trx, systemId, credentialId);
      const revoked = await this.deps.systems.revokeCredential(trx, credentialId);
      if (!revoked) throw conflict('directory.credential_revoked', 'This credential is already revoked; issue a new one instead.');
      const issued = await this.insertCredential(trx, actor, systemId, old.label);
      await this.deps.audit.record(trx, {
        actor,
        action: 'credential.rotate',
        targetType: 'credential',
        targetId: credentialId,
        before: auditCredential(system, old),
        after: { revoked: auditCredential(system, revoked), issued: auditCredential(system, issued.credential) },
      });
      return issued;
    });
    this.deps.credentials?.clear();
    return rotated;
  }

  /** Takes effect on the next request on this node (the credential cache is cleared), within seconds on others. Revoking twice is harmless. */
  async revokeCredential(actor: Actor, systemId: string, credentialId: string): Promise<void> {
    const system = await this.managedSystem(actor, systemId);
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.systems.lock(trx, systemId);
      const before = await this.credentialOf(trx, systemId, credentialId);
      const revoked = await this.deps.systems.revokeCredential(trx, credentialId);
      if (!revoked) return;
      await this.deps.audit.record(trx, {
        actor,
        action: 'credential.revoke',
        targetType: 'credential',
        targetId: credentialId,
        before: auditCredential(system, before),
        after: auditCredential(system, revoked),
      });
    });
    this.deps.credentials?.clear();
  }

  /** The system, if it exists (404) and the actor may manage it (403). */
  private async managedSystem(actor: Actor, id: string): Promise<SystemRecord> {
    const system = await this.deps.systems.find(this.deps.db, id);
    if (!system) throw systemNotFound();
    if (!canManageSystemsOf(actor, system.department_id)) throw forbidden('You may manage only your own department’s business systems.');
    return system;
  }

  private async credentialOf(executor: Executor, systemId: string, credentialId: string): Promise<CredentialRow> {
    const credential = await this.deps.systems.findCredential(executor, credentialId);
    if (!credential || credential.system_id !== systemId) throw credentialNotFound();
    return credential;
  }

  private async insertCredential(executor: Executor, actor: Actor, systemId: string, label: string | null) {
    const { prefix, token } = newCredentialToken();
    const credential = await this.deps.systems.insertCredential(executor, {
      id: randomUUID(),
      system_id: systemId,
      prefix,
      token_hash: this.deps.crypto.digestHex(token),
      label,
      created_by: actor.kind === 'user' ? actor.userId : null,
    });
    return { credential, token };
  }

  private duplicateCode() {
    const message = 'Another business system has this code.';
    return new DomainError('directory.duplicate_system_code', 409, message, [{ pointer: '/code', code: 'directory.duplicate_system_code', message }]);
  }
}

const auditSystem = (system: SystemRecord) => ({
  departmentId: system.department_id,
  code: system.code,
  name: system.name,
  nameEn: system.name_en,
  description: system.description,
  status: system.status,
});

/** The credential as the audit log sees it: which one and its state; never the token or its digest. */
const auditCredential = (system: SystemRecord, credential: CredentialRow) => ({
  systemId: system.id,
  systemCode: system.code,
  ...presentCredential(credential),
});
