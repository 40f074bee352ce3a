import type { DepartmentRef, BusinessSystemRef } from './index.js';
import type { AuditRow } from './audit-repository.js';
import type { AuditEntry, BusinessSystem, Credential, Department, Me, Region, User } from './models.js';
import type { DepartmentRecord, DepartmentRow, RegionRow } from './repository.js';
import type { CredentialRow, SystemRecord } from './system-repository.js';
import type { UserRecord } from './user-repository.js';

/** Database rows → API shapes. Secrets (password hashes, token hashes) have no field to go to. */
const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();
const isoOrNull = (value: Date | string | null): string | null => (value === null ? null : iso(value));

export function presentRegion(row: RegionRow): Region {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    level: row.level,
    parentCode: row.parent_code,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    successorCode: row.successor_code,
  };
}

export function presentDepartment(row: DepartmentRecord, depth = 0): Department {
  return {
    ...departmentRef(row),
    regionName: row.region_name,
    depth,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function departmentRef(row: DepartmentRow): DepartmentRef {
  return {
    id: row.id,
    name: row.name,
    nameEn: row.name_en,
    shortCode: row.short_code,
    creditCode: row.credit_code,
    regionCode: row.region_code,
    parentId: row.parent_id,
    kind: row.kind,
    status: row.status,
  };
}

/**
 * Orders departments as a tree: each parent followed by its children (depth-first, siblings in the order given).
 * Departments whose parent is not in the list (filtered out by a search) are treated as roots.
 */
export function orderAsTree<T extends DepartmentRow>(rows: T[]): Array<{ row: T; depth: number }> {
  const ids = new Set(rows.map((row) => row.id));
  const children = new Map<string | null, T[]>();
  for (const row of rows) {
    const parent = row.parent_id && ids.has(row.parent_id) ? row.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const ordered: Array<{ row: T; depth: number }> = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    for (const row of children.get(parent) ?? []) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      ordered.push({ row, depth });
      visit(row.id, depth + 1);
    }
  };
  visit(null, 0);
  // A loop in the data (which the service prevents) would leave rows unvisited: show them rather than drop them.
  for (const row of rows) if (!seen.has(row.id)) ordered.push({ row, depth: 0 });
  return ordered;
}

export function presentMe(row: UserRecord): Me {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    departmentId: row.department_id,
    departmentName: row.department_name,
    roles: row.roles,
    mustChangePassword: row.must_change_password,
    locale: row.locale,
  };
}

export function presentUser(row: UserRecord): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    departmentId: row.department_id,
    departmentName: row.department_name,
    email: row.email,
    phone: row.phone,
    roles: row.roles,
    status: row.status,
    lockedUntil: isoOrNull(row.locked_until),
    lastLoginAt: isoOrNull(row.last_login_at),
    mustChangePassword: row.must_change_password,
    locale: row.locale,
    createdAt: iso(row.created_at),
  };
}

/** The audit view of a user: what changed, without anything secret or volatile (login times, counters). */
export function auditUser(row: UserRecord) {
  return {
    username: row.username,
    displayName: row.display_name,
    departmentId: row.department_id,
    email: row.email,
    phone: row.phone,
    roles: row.roles,
    status: row.status,
    mustChangePassword: row.must_change_password,
  };
}

export function presentCredential(row: CredentialRow): Credential {
  return {
    id: row.id,
    prefix: row.prefix,
    label: row.label,
    status: row.status,
    createdAt: iso(row.created_at),
    revokedAt: isoOrNull(row.revoked_at),
    lastUsedAt: isoOrNull(row.last_used_at),
  };
}

export function presentSystem(row: SystemRecord, credentials: CredentialRow[]): BusinessSystem {
  return {
    id: row.id,
    departmentId: row.department_id,
    departmentName: row.department_name,
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    description: row.description,
    status: row.status,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    credentials: credentials.map(presentCredential),
  };
}

export function systemRef(row: SystemRecord): BusinessSystemRef {
  return { id: row.id, departmentId: row.department_id, code: row.code, name: row.name, status: row.status };
}

export function presentAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: iso(row.at),
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorName: row.actor_name,
    departmentId: row.department_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before,
    after: row.after,
    requestId: row.request_id,
    ip: row.ip,
    result: row.result,
  };
}
