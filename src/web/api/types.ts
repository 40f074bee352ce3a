// Shapes of the directory, audit and dashboard endpoints, as written in docs/API.md.
// The catalog pages keep their own types next to them.
import type { Role } from '../auth';

export interface Page<T> {
  data: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type RegionLevel = 'province' | 'prefecture' | 'county' | 'town' | 'village';

export interface Region {
  code: string;
  name: string;
  nameEn: string | null;
  level: RegionLevel;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
  successorCode: string | null;
}

/** Department kinds used by the demo district; the server stores `kind` as free text, so others may appear. */
export const DEPARTMENT_KINDS = ['government', 'platform', 'economy', 'society', 'security', 'resources', 'township', 'enterprise'] as const;

export type ActiveStatus = 'active' | 'disabled';

export interface Department {
  id: string;
  name: string;
  nameEn: string | null;
  shortCode: string | null;
  creditCode: string;
  regionCode: string;
  regionName?: string | null;
  parentId: string | null;
  kind: string;
  status: ActiveStatus;
  createdAt?: string;
  updatedAt?: string;
}

export interface DepartmentInput {
  name: string;
  nameEn?: string;
  creditCode: string;
  regionCode: string;
  parentId?: string | null;
  kind: string;
  shortCode?: string;
  status?: ActiveStatus;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  departmentName: string | null;
  email: string | null;
  phone: string | null;
  roles: Role[];
  status: ActiveStatus;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface UserCreateInput {
  username: string;
  displayName: string;
  departmentId?: string;
  email?: string;
  phone?: string;
}

export interface UserUpdateInput {
  displayName?: string;
  departmentId?: string | null;
  email?: string | null;
  phone?: string | null;
  status?: ActiveStatus;
}

export interface SecurityPolicy {
  passwordMinLength: number;
  passwordMinClasses: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
}

export interface Credential {
  id: string;
  prefix: string;
  label: string | null;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface BusinessSystem {
  id: string;
  departmentId: string;
  departmentName?: string | null;
  code: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  status: ActiveStatus;
  createdAt?: string;
  credentials: Credential[];
}

export interface BusinessSystemInput {
  departmentId: string;
  code: string;
  name: string;
  nameEn?: string;
  description?: string;
}

export interface IssuedCredential {
  credential: Credential;
  /** The full bearer token; the server shows it this once and keeps only its hash. */
  token: string;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  departmentId?: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip?: string | null;
  result?: string;
}

export interface StatBucket {
  key: string;
  label: string;
  count: number;
}

export interface RecentChange {
  code: string;
  name: string;
  action: string;
  at: string;
  actor: string | null;
}

export interface CatalogStats {
  /** Entries the caller may see, all statuses. */
  total?: number;
  byDepartment: StatBucket[];
  /** By classification view: key '1' base, '2' theme, '3' department. */
  byView?: StatBucket[];
  /** By second-level classification (项), e.g. '202' 信用. */
  byClassification: StatBucket[];
  bySharingType: StatBucket[];
  byStatus: StatBucket[];
  recent: RecentChange[];
}
