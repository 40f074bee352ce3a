// Pure logic of the cloud usage pages: months in the platform's time zone, lease warnings, who may do what with a
// resource, the "already revealed" problem, measured sizes, a resource's bill lines, chart rows, quota
// utilisation, and the shapes of the dashboard and business-system answers.
import type { Bill, CloudResource, QuotaDimension, QuotaView, ShowbackRow } from '../types';
import { QUOTA_DIMENSIONS } from '../types';

/** Bills and metering use calendar months in the platform's zone (docs/cloud/metering.md). */
export const PLATFORM_TIME_ZONE = 'Asia/Shanghai';
/** A lease ending within this many days is shown in the warning colour (the first lease warning is sent then). */
export const LEASE_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------- months

/** "YYYY-MM" of an instant in the platform's time zone. */
export function monthOf(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: PLATFORM_TIME_ZONE, year: 'numeric', month: '2-digit' }).formatToParts(at);
  const year = parts.find((part) => part.type === 'year')?.value ?? '1970';
  const month = parts.find((part) => part.type === 'month')?.value ?? '01';
  return `${year}-${month}`;
}

/** The month `delta` months after (negative: before) "YYYY-MM". */
export function shiftMonth(month: string, delta: number): string {
  const [year, mon] = month.split('-').map(Number);
  const index = year * 12 + (mon - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- leases

export type LeaseState = 'none' | 'ok' | 'soon' | 'expired';

export function leaseState(leaseEndsAt: string | null | undefined, now: Date = new Date()): { state: LeaseState; daysLeft: number | null } {
  if (!leaseEndsAt) return { state: 'none', daysLeft: null };
  const ends = new Date(leaseEndsAt).getTime();
  if (Number.isNaN(ends)) return { state: 'none', daysLeft: null };
  const left = ends - now.getTime();
  const daysLeft = Math.ceil(left / DAY_MS);
  if (left <= 0) return { state: 'expired', daysLeft: 0 };
  return { state: left <= LEASE_WARNING_DAYS * DAY_MS ? 'soon' : 'ok', daysLeft };
}

// ---------------------------------------------------------------- what a user may do with a resource

export interface ActorLike {
  departmentId: string | null;
  roles: string[];
}

export const isItCentre = (actor: ActorLike | null) => !!actor?.roles.includes('data_admin');
const isOwnDepartmentUser = (actor: ActorLike | null, departmentId: string) =>
  !!actor?.departmentId && actor.departmentId === departmentId && actor.roles.some((role) => role === 'dept_admin' || role === 'dept_operator');

/** Mirrors the provisioning part's rules; the server still decides, this only hides buttons it would refuse. */
export function resourceActions(actor: ActorLike | null, resource: Pick<CloudResource, 'departmentId' | 'status' | 'credentialsAvailable' | 'credentialsRevealedAt'>) {
  const own = isOwnDepartmentUser(actor, resource.departmentId);
  const active = resource.status === 'active';
  return {
    // Only the ordering department ever sees credentials; the IT centre runs the platform but holds no secrets.
    // Once shown, the button goes: the page says when they were shown instead of offering a refusal.
    reveal: own && resource.credentialsAvailable,
    resize: own && active,
    renew: (own || isItCentre(actor)) && active,
    retire: (own || isItCentre(actor)) && active,
  };
}

// ---------------------------------------------------------------- credentials shown once

/** When and by whom the credentials were shown, from the 410 cloud.credentials_revealed problem's members. */
export function revealedInfo(extra: Record<string, unknown>, fallbackAt: string | null = null): { at: string | null; by: string | null } {
  const text = (...names: string[]) => {
    for (const name of names) {
      const value = extra[name];
      if (typeof value === 'string' && value) return value;
    }
    return null;
  };
  return {
    at: text('revealedAt', 'credentialsRevealedAt', 'at') ?? fallbackAt,
    by: text('revealedByName', 'revealedBy', 'byName', 'by'),
  };
}

/** The parameters a resize really changes (the server refuses a resize that changes nothing). */
export function changedParameters(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}

// ---------------------------------------------------------------- measured sizes and cost

export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

/** One measured value as text: bytes in binary units, utilisation as a percentage, other numbers as they are. */
export function formatMeasure(name: string, value: number, locale: string): string {
  if (/bytes$/i.test(name)) return formatBytes(value, locale);
  if (/(utili[sz]ation|percent|ratio)$/i.test(name)) {
    // Drivers report utilisation either as a fraction (0.35) or as a percentage (35).
    const percent = value <= 1 ? value * 100 : value;
    return `${percent.toLocaleString(locale, { maximumFractionDigits: 1 })} %`;
  }
  return value.toLocaleString(locale, { maximumFractionDigits: 2 });
}

/** This resource's lines in the given bills, newest month first. */
export function resourceCost(bills: Bill[], resourceId: string): Array<{ month: string; hours: number; amountFen: number }> {
  return bills
    .map((bill) => {
      const lines = bill.lines.filter((line) => line.resourceId === resourceId);
      return {
        month: bill.month,
        hours: lines.reduce((sum, line) => sum + line.hours, 0),
        amountFen: lines.reduce((sum, line) => sum + line.amountFen, 0),
        found: lines.length > 0,
      };
    })
    .filter((row) => row.found)
    .map(({ month, hours, amountFen }) => ({ month, hours, amountFen }))
    .sort((a, b) => b.month.localeCompare(a.month));
}

// ---------------------------------------------------------------- charts

/** The largest rows; the rest summed as one "other" row, so a pie or a bar chart stays readable. */
export function topRows(rows: ShowbackRow[], top: number, otherName: string): ShowbackRow[] {
  const sorted = [...rows].filter((row) => row.amountFen > 0).sort((a, b) => b.amountFen - a.amountFen);
  if (sorted.length <= top) return sorted;
  const rest = sorted.slice(top - 1);
  return [
    ...sorted.slice(0, top - 1),
    { key: '__other', name: otherName, amountFen: rest.reduce((sum, row) => sum + row.amountFen, 0), resources: rest.reduce((sum, row) => sum + row.resources, 0) },
  ];
}

// ---------------------------------------------------------------- quotas

export interface QuotaUtilisation {
  dimension: QuotaDimension;
  limit: number;
  used: number;
  /** used / limit in percent, null without a limit */
  percent: number | null;
}

/** Per dimension over all the departments listed: reserved + committed against the sum of limits. */
export function quotaUtilisation(quotas: QuotaView[]): QuotaUtilisation[] {
  return QUOTA_DIMENSIONS.flatMap((dimension) => {
    const rows = quotas.filter((quota) => quota.dimension === dimension);
    if (!rows.length) return [];
    const limit = rows.reduce((sum, row) => sum + row.limit, 0);
    const used = rows.reduce((sum, row) => sum + row.reserved + row.committed, 0);
    return [{ dimension, limit, used, percent: limit > 0 ? Math.round((used / limit) * 1000) / 10 : null }];
  });
}

// ---------------------------------------------------------------- the dashboard and business-system answers

// The server types these two answers as Record<string, unknown> in its interface; their shapes are those of
// metering/schema.ts (DashboardSchema, SystemSummarySchema, SystemDetailSchema), copied here.

export interface LeadTime {
  orders: number;
  medianSeconds: number | null;
  p95Seconds: number | null;
}

export interface OverdueApproval {
  orderId: string;
  orderNumber: string | null;
  departmentId: string;
  departmentName: string;
  step: number;
  approver: string;
  dueAt: string;
  escalatedAt: string | null;
  hoursOverdue: number;
  totalMonthlyFen: number;
}

export interface FailedOperation {
  operationId: string;
  kind: string;
  reason: string | null;
  at: string | null;
  resourceId: string;
  resourceName: string;
  departmentId: string;
  departmentName: string;
  offeringName: string;
  providerName: string;
  orderId: string | null;
  orderNumber: string | null;
}

export interface StorageUse {
  departmentId: string;
  departmentName: string;
  allocatedGb: number;
  measuredGb: number;
  measuredResources: number;
}

export interface Dashboard {
  generatedAt: string;
  month: string;
  lastMonth: string;
  resources: { total: number; byStatus: Record<string, number>; byCategory: Array<{ category: string; total: number; byStatus: Record<string, number> }> };
  quotas: Array<QuotaView & { inUse: number; utilisation: number | null }>;
  storage: StorageUse[];
  cost: {
    runRateFen: number;
    runRateByDepartment: ShowbackRow[];
    runRateByProvider: ShowbackRow[];
    lastMonthFen: number;
    lastMonthByDepartment: ShowbackRow[];
    lastMonthByProvider: ShowbackRow[];
  };
  leadTime: { windowDays: number; overall: LeadTime; autoApproved: LeadTime };
  overdueApprovals: OverdueApproval[];
  failedProvisioning: { windowDays: number; items: FailedOperation[] };
  drift: { drifted: number; missing: number; orphans: number };
}

const NO_LEAD_TIME: LeadTime = { orders: 0, medianSeconds: null, p95Seconds: null };

/** The answer with every list present, so a part the server leaves out shows as empty instead of breaking the page. */
export function readDashboard(answer: Partial<Dashboard> | null | undefined): Dashboard {
  const value = answer ?? {};
  const cost: Partial<Dashboard['cost']> = value.cost ?? {};
  const lead: Partial<Dashboard['leadTime']> = value.leadTime ?? {};
  return {
    generatedAt: value.generatedAt ?? '',
    month: value.month ?? '',
    lastMonth: value.lastMonth ?? '',
    resources: { total: value.resources?.total ?? 0, byStatus: value.resources?.byStatus ?? {}, byCategory: value.resources?.byCategory ?? [] },
    quotas: value.quotas ?? [],
    storage: value.storage ?? [],
    cost: {
      runRateFen: cost.runRateFen ?? 0,
      runRateByDepartment: cost.runRateByDepartment ?? [],
      runRateByProvider: cost.runRateByProvider ?? [],
      lastMonthFen: cost.lastMonthFen ?? 0,
      lastMonthByDepartment: cost.lastMonthByDepartment ?? [],
      lastMonthByProvider: cost.lastMonthByProvider ?? [],
    },
    leadTime: { windowDays: lead.windowDays ?? 30, overall: lead.overall ?? NO_LEAD_TIME, autoApproved: lead.autoApproved ?? NO_LEAD_TIME },
    overdueApprovals: value.overdueApprovals ?? [],
    failedProvisioning: { windowDays: value.failedProvisioning?.windowDays ?? 7, items: value.failedProvisioning?.items ?? [] },
    drift: value.drift ?? { drifted: 0, missing: 0, orphans: 0 },
  };
}

export interface SystemSummary {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  status: string;
  departmentId: string;
  departmentName: string;
  /** resources not retired or failed */
  resources: number;
  runRateFen: number;
}

export interface SystemResource {
  id: string;
  name: string;
  status: CloudResource['status'];
  category: CloudResource['category'];
  resourceKind: string;
  offeringName: string;
  offeringNameEn: string | null;
  providerName: string;
  monthlyFen: number;
  readyAt: string | null;
  retiredAt: string | null;
  leaseEndsAt: string | null;
  driftStatus: CloudResource['driftStatus'];
  measured: Record<string, number> | null;
}

export interface SystemOrder {
  id: string;
  number: string | null;
  status: string;
  totalMonthlyFen: number;
  submittedAt: string | null;
}

export interface SystemData {
  publishes: Array<{ code: string; name: string; records: number | null; lastLoadAt: string | null }>;
  consumes: Array<{ grantId: string; code: string; name: string; providerDepartmentName: string; validUntil: string | null; status: string }>;
}

export interface SystemDetail {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  status: string;
  department: { id: string; name: string };
  resources: SystemResource[];
  runRateFen: number;
  month: string;
  /** this month so far, charged as the bill will */
  monthCostFen: number;
  ordersInFlight: SystemOrder[];
  /** null without the exchange (or when it could not answer) */
  data: SystemData | null;
}

/** Resources that still run (and cost): the business system's count and run rate leave the rest out. */
export function runningResources<T extends { status: string }>(resources: T[]): T[] {
  return resources.filter((resource) => resource.status !== 'retired' && resource.status !== 'failed');
}

/** Case-insensitive search over a system's names, code and department. */
export function matchesSystem(row: Pick<SystemSummary, 'name' | 'nameEn' | 'code' | 'departmentName'>, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [row.name, row.nameEn, row.code, row.departmentName].some((value) => !!value && value.toLowerCase().includes(needle));
}

/** Seconds as a number and a unit key (cloudUsage.unit.*), so both languages can word it. */
export function durationParts(totalSeconds: number): { value: number; unit: 'seconds' | 'minutes' | 'hours' | 'days' } {
  if (totalSeconds < 90) return { value: Math.round(totalSeconds * 10) / 10, unit: 'seconds' };
  if (totalSeconds < 90 * 60) return { value: Math.round(totalSeconds / 6) / 10, unit: 'minutes' };
  if (totalSeconds < 36 * 3600) return { value: Math.round(totalSeconds / 360) / 10, unit: 'hours' };
  return { value: Math.round(totalSeconds / 8640) / 10, unit: 'days' };
}
