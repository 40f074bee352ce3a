import type { Actor } from '../../platform/actor.js';
import type { Db } from '../../platform/db/database.js';
import type { AuditFilter, AuditRepository, AuditRow } from './audit-repository.js';
import type { DirectoryService } from './index.js';
import type { OrganisationService } from './organisation-service.js';
import { assertCan } from './policy.js';
import { departmentRef, systemRef } from './presenter.js';
import type { SystemService } from './system-service.js';
import type { UserService } from './user-service.js';

/**
 * The directory's public service (index.ts DirectoryService), as used by the CLI, the seeder and other modules.
 * It delegates to the use-case services of each area; the HTTP routes use those directly.
 */
export function createDirectoryService(parts: { organisation: OrganisationService; users: UserService; systems: SystemService }): DirectoryService {
  const { organisation, users, systems } = parts;
  return {
    async listDepartments() {
      return (await organisation.listDepartments()).map((entry) => departmentRef(entry.row));
    },
    async getDepartment(id) {
      const row = await organisation.findDepartment(id);
      return row ? departmentRef(row) : null;
    },
    async getBusinessSystem(id) {
      const row = await systems.find(id);
      return row ? systemRef(row) : null;
    },
    ensureFirstAdmin: (input) => users.ensureFirstAdmin(input),
    async upsertRegion(actor, input) {
      await organisation.upsertRegion(actor, input);
    },
    async createDepartment(actor, input) {
      return departmentRef(await organisation.createDepartment(actor, input));
    },
    async createUser(actor, input) {
      const { user, initialPassword } = await users.create(actor, input);
      return { id: user.id, username: user.username, ...(initialPassword ? { initialPassword } : {}) };
    },
    async setRoles(actor, userId, roles) {
      await users.setRoles(actor, userId, roles);
    },
    async findUserByUsername(username) {
      const user = await users.findByUsername(username);
      return user ? { id: user.id, username: user.username, departmentId: user.department_id, roles: user.roles } : null;
    },
    resetPassword: (actor, userId, password) => users.resetPassword(actor, userId, password),
    async createBusinessSystem(actor, input) {
      return systemRef(await systems.create(actor, input));
    },
    async issueCredential(actor, systemId, label) {
      const { credential, token } = await systems.issueCredential(actor, systemId, label);
      return { credentialId: credential.id, token };
    },
    countUsers: () => users.count(),
  };
}

/** Reading the audit log: the audit admin's one power. */
export class AuditQueryService {
  constructor(private readonly deps: { db: Db; repository: AuditRepository }) {}

  async list(actor: Actor, filter: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
    assertCan(actor, 'audit.read');
    return this.deps.repository.query(this.deps.db, filter);
  }
}
