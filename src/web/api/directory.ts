// Calls of the directory, security-policy and audit endpoints (docs/API.md § Directory).
import type { Role } from '../auth';
import { api } from './client';
import type {
  AuditEntry,
  BusinessSystem,
  BusinessSystemInput,
  Department,
  DepartmentInput,
  IssuedCredential,
  Page,
  Region,
  SecurityPolicy,
  User,
  UserCreateInput,
  UserUpdateInput,
} from './types';

/**
 * Lists are specified as `{data, total, page, pageSize}`; accept a bare array as well so a page keeps
 * working if an endpoint answers with one.
 */
export function asPage<T>(result: Page<T> | T[], page = 1, pageSize = 20): Page<T> {
  if (Array.isArray(result)) return { data: result, total: result.length, page, pageSize };
  return result;
}

export function asList<T>(result: Page<T> | T[] | { data: T[] }): T[] {
  return Array.isArray(result) ? result : result.data;
}

const enc = encodeURIComponent;

export const directoryApi = {
  regions: async (includeRetired = false) =>
    asList(await api.get<Region[] | Page<Region>>('/api/v1/regions', { includeRetired: includeRetired || undefined })),

  departments: async (q?: string) =>
    asList(await api.get<Department[] | Page<Department>>('/api/v1/departments', { q })),
  createDepartment: (input: DepartmentInput) => api.post<Department>('/api/v1/departments', input),
  updateDepartment: (id: string, input: Partial<DepartmentInput>) =>
    api.patch<Department>(`/api/v1/departments/${enc(id)}`, input),

  users: async (query: { q?: string; departmentId?: string; page: number; pageSize: number }) =>
    asPage(await api.get<Page<User> | User[]>('/api/v1/users', query), query.page, query.pageSize),
  createUser: (input: UserCreateInput) => api.post<{ user: User; initialPassword: string }>('/api/v1/users', input),
  updateUser: (id: string, input: UserUpdateInput) => api.patch<User>(`/api/v1/users/${enc(id)}`, input),
  resetPassword: (id: string) => api.post<{ initialPassword: string }>(`/api/v1/users/${enc(id)}/reset-password`),
  unlockUser: (id: string) => api.post<unknown>(`/api/v1/users/${enc(id)}/unlock`),
  setRoles: (id: string, roles: Role[]) => api.put<User>(`/api/v1/users/${enc(id)}/roles`, { roles }),

  securityPolicy: () => api.get<SecurityPolicy>('/api/v1/security-policy'),
  saveSecurityPolicy: (policy: SecurityPolicy) => api.put<SecurityPolicy>('/api/v1/security-policy', policy),

  systems: async (departmentId?: string) =>
    asList(await api.get<BusinessSystem[] | Page<BusinessSystem>>('/api/v1/systems', { departmentId })),
  createSystem: (input: BusinessSystemInput) => api.post<BusinessSystem>('/api/v1/systems', input),
  updateSystem: (
    id: string,
    input: { name?: string; nameEn?: string | null; description?: string | null; status?: 'active' | 'disabled' },
  ) =>
    api.patch<BusinessSystem>(`/api/v1/systems/${enc(id)}`, input),
  issueCredential: (systemId: string, label?: string) =>
    api.post<IssuedCredential>(`/api/v1/systems/${enc(systemId)}/credentials`, { label: label || undefined }),
  rotateCredential: (systemId: string, credentialId: string) =>
    api.post<IssuedCredential>(`/api/v1/systems/${enc(systemId)}/credentials/${enc(credentialId)}/rotate`),
  revokeCredential: (systemId: string, credentialId: string) =>
    api.del(`/api/v1/systems/${enc(systemId)}/credentials/${enc(credentialId)}`),

  audit: async (query: {
    actor?: string;
    action?: string;
    targetType?: string;
    targetId?: string;
    from?: string;
    to?: string;
    page: number;
    pageSize: number;
  }) => asPage(await api.get<Page<AuditEntry> | AuditEntry[]>('/api/v1/audit', query), query.page, query.pageSize),
};
