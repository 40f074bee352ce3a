/**
 * Rows → the API's shapes. Department and business-system names come from the DirectoryReader (never by
 * joining the directory's tables), looked up once per answer.
 */
import type { BusinessSystemRef, DepartmentRef, DirectoryReader } from '../../directory/index.js';
import type { GrantInfo, MaskRule, RowCondition } from '../index.js';
import type { GrantRow, RequestRow } from './repository.js';
import type { GrantView, RequestView } from './schema.js';
import { deadlineStatus, type CalendarLookup } from './working-days.js';

/** Marks a request granted automatically (unconditional sharing); shown as `automatic: true`, no reason. */
export const AUTOMATIC_DECISION = 'auto:unconditional';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

/** Names for one answer: departments loaded once, systems looked up once each. */
export class NameBook {
  private departments: Promise<Map<string, DepartmentRef>> | null = null;
  private readonly systems = new Map<string, Promise<BusinessSystemRef | null>>();

  constructor(private readonly directory: DirectoryReader) {}

  async load(departmentIds: Iterable<string>, systemIds: Iterable<string>): Promise<void> {
    if ([...departmentIds].length > 0) await this.allDepartments();
    await Promise.all([...new Set(systemIds)].map((id) => this.system(id)));
  }

  private allDepartments(): Promise<Map<string, DepartmentRef>> {
    this.departments ??= this.directory.listDepartments().then((list) => new Map(list.map((d) => [d.id, d])));
    return this.departments;
  }

  system(id: string): Promise<BusinessSystemRef | null> {
    let found = this.systems.get(id);
    if (!found) {
      found = this.directory.getBusinessSystem(id);
      this.systems.set(id, found);
    }
    return found;
  }

  async departmentName(id: string): Promise<string | null> {
    return (await this.allDepartments()).get(id)?.name ?? null;
  }
}

export function grantInfo(row: GrantRow): GrantInfo {
  return {
    id: row.id,
    resourceId: row.resource_id,
    resourceCode: row.resource_code,
    systemId: row.system_id,
    departmentId: row.department_id,
    requestId: row.request_id,
    fields: row.fields,
    rowScope: (row.row_scope as RowCondition[] | null) ?? null,
    masking: row.masking as Record<string, MaskRule>,
    rateLimitPerMinute: row.rate_limit_per_minute,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    status: row.status,
    expiresAt: iso(row.expires_at)!,
    revokedAt: iso(row.revoked_at),
    createdAt: iso(row.created_at)!,
  };
}

export async function presentGrant(row: GrantRow, names: NameBook, now: Date): Promise<GrantView> {
  const system = await names.system(row.system_id);
  return {
    ...grantInfo(row),
    resourceName: row.resource_name,
    providerDepartmentId: row.provider_department_id,
    providerDepartmentName: await names.departmentName(row.provider_department_id),
    systemCode: system?.code ?? null,
    systemName: system?.name ?? null,
    departmentName: await names.departmentName(row.department_id),
    expired: row.status === 'active' && row.expires_at.getTime() <= now.getTime(),
    revokedBy: row.revoked_by,
    revokeReason: row.revoke_reason,
    createdBy: row.created_by,
  };
}

export async function presentRequest(row: RequestRow, names: NameBook, today: string, calendar: CalendarLookup): Promise<RequestView> {
  const system = await names.system(row.system_id);
  const automatic = row.decision_reason === AUTOMATIC_DECISION;
  return {
    id: row.id,
    resourceId: row.resource_id,
    resourceCode: row.resource_code,
    resourceName: row.resource_name,
    sharingType: row.sharing_type,
    providerDepartmentId: row.provider_department_id,
    providerDepartmentName: await names.departmentName(row.provider_department_id),
    requesterDepartmentId: row.requester_department_id,
    requesterDepartmentName: await names.departmentName(row.requester_department_id),
    systemId: row.system_id,
    systemCode: system?.code ?? null,
    systemName: system?.name ?? null,
    fields: row.fields,
    cleartextFields: row.cleartext_fields,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    rowScope: (row.row_scope as RowCondition[] | null) ?? null,
    durationDays: row.duration_days,
    rateLimitPerMinute: row.rate_limit_per_minute,
    status: row.status,
    dueDate: row.due_date,
    ...deadlineStatus({ status: row.status, dueDate: row.due_date }, today, calendar),
    automatic,
    decisionReason: automatic ? null : row.decision_reason,
    decidedBy: row.decided_by,
    decidedAt: iso(row.decided_at),
    grantId: row.grant_id,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
  };
}
