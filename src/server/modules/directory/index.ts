/**
 * The directory module's public face: what other modules, the CLI and the seeder may use.
 * Internals (routes, service, repository, policy, presenter) stay inside this folder.
 *
 * CONTRACT (the lead wrote this file; the directory engineer implements it, keeping these names):
 */
import type { Actor, Role, SystemActor, UserActor } from '../../platform/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { PrincipalResolver } from '../../platform/http/auth.js';
import type { ModuleRoutes } from '../../platform/http/server.js';

export interface DepartmentRef {
  id: string;
  name: string;
  nameEn: string | null;
  shortCode: string;
  creditCode: string;
  regionCode: string;
  parentId: string | null;
  kind: string;
  status: 'active' | 'disabled';
}

export interface BusinessSystemRef {
  id: string;
  departmentId: string;
  code: string;
  name: string;
  status: 'active' | 'disabled';
}

/** Read access other modules need (catalog: provider names and codes, source systems). */
export interface DirectoryReader {
  listDepartments(): Promise<DepartmentRef[]>;
  getDepartment(id: string): Promise<DepartmentRef | null>;
  getBusinessSystem(id: string): Promise<BusinessSystemRef | null>;
}

export interface RegionInput { code: string; name: string; nameEn?: string | null; level?: string; parentCode?: string | null; validFrom?: string }
export interface DepartmentInput { name: string; nameEn?: string | null; creditCode: string; regionCode: string; parentId?: string | null; kind: string; shortCode?: string }
export interface NewUserInput {
  username: string;
  displayName: string;
  departmentId?: string | null;
  email?: string | null;
  phone?: string | null;
  /** Given: used as is (policy-checked). Absent: generated and returned once. */
  password?: string;
  mustChangePassword?: boolean;
}

export interface DirectoryService extends DirectoryReader {
  /** First start: creates the configured admin (system_admin) if no user exists. Returns the password only when generated. */
  ensureFirstAdmin(input: { username: string; password?: string }): Promise<{ created: boolean; username: string; generatedPassword?: string }>;
  upsertRegion(actor: Actor, input: RegionInput): Promise<void>;
  createDepartment(actor: Actor, input: DepartmentInput): Promise<DepartmentRef>;
  /** CLI `user add`, seeding and the console. */
  createUser(actor: Actor, input: NewUserInput): Promise<{ id: string; username: string; initialPassword?: string }>;
  /** Only the security admin (or the CLI) may; enforces the exclusivity of the three admin roles. */
  setRoles(actor: Actor, userId: string, roles: Role[]): Promise<void>;
  findUserByUsername(username: string): Promise<{ id: string; username: string; departmentId: string | null; roles: Role[] } | null>;
  /** CLI `user reset-password`: new password (given or generated), must change at next login unless given. */
  resetPassword(actor: Actor, userId: string, password?: string): Promise<{ initialPassword: string }>;
  createBusinessSystem(actor: Actor, input: { departmentId: string; code: string; name: string; nameEn?: string | null; description?: string | null }): Promise<BusinessSystemRef>;
  issueCredential(actor: Actor, systemId: string, label?: string): Promise<{ credentialId: string; token: string }>;
  countUsers(): Promise<number>;
}

export interface DirectoryModule {
  service: DirectoryService;
  resolver: PrincipalResolver;
  routes: ModuleRoutes;
}

export type { SystemActor, UserActor };
export { createDirectoryModule } from './module.js';
/** The rules any role set must satisfy (三员分立, department roles need a department), for callers that check first. */
export { roleSetProblems } from './policy.js';
export type _ContextCheck = AppContext;
