/**
 * What the IT centre and the departments read about cost and use: showback (a month's bill lines grouped by
 * department, business system or provider), the IT centre's dashboard and the business system view. Shapes:
 * docs/cloud/metering.md.
 */
import type { Actor } from '../../../platform/actor.js';
import { notFound } from '../../../platform/errors.js';
import type { CloudInsights, ShowbackRow, SystemDataReader } from '../index.js';
import type { CloudParts } from '../parts.js';
import { costScope, requireItCentre } from './access.js';
import type { BillsService } from './bills.js';
import * as repo from './insights-repository.js';
import { billingMonth, chargeFen, monthOf, previousMonth } from './months.js';

const DAY_MS = 24 * 3_600_000;
export const LEAD_TIME_WINDOW_DAYS = 30;
export const FAILURE_WINDOW_DAYS = 7;

export class InsightsService implements CloudInsights {
  constructor(
    private readonly deps: Pick<CloudParts, 'ctx'> & { systemData: SystemDataReader | null },
    private readonly bills: BillsService,
  ) {}

  private get db() {
    return this.deps.ctx.db;
  }

  async showback(actor: Actor, input: { month: string; by: 'department' | 'business_system' | 'provider' }): Promise<ShowbackRow[]> {
    const scope = costScope(actor);
    billingMonth(input.month);
    const departmentId = scope.all ? undefined : scope.departmentId;
    await this.bills.refresh(input.month, departmentId);
    return repo.billSums(this.db, input.month, input.by, departmentId);
  }

  async dashboard(actor: Actor): Promise<Record<string, unknown>> {
    return this.dashboardAt(actor, new Date()) as unknown as Promise<Record<string, unknown>>;
  }

  async dashboardAt(actor: Actor, now: Date) {
    requireItCentre(actor);
    const month = monthOf(now);
    const lastMonth = previousMonth(month);
    const [categories, quotas, storage, runByDepartment, runByProvider, lastByDepartment, lastByProvider, leadTime, overdue, failures, drift] = await Promise.all([
      repo.resourcesByCategoryAndStatus(this.db),
      repo.quotaUse(this.db),
      repo.storageUse(this.db),
      repo.runRate(this.db, 'department'),
      repo.runRate(this.db, 'provider'),
      repo.billSums(this.db, lastMonth, 'department'),
      repo.billSums(this.db, lastMonth, 'provider'),
      repo.leadTimes(this.db, new Date(now.getTime() - LEAD_TIME_WINDOW_DAYS * DAY_MS)),
      repo.overdueApprovals(this.db, now),
      repo.failedOperations(this.db, new Date(now.getTime() - FAILURE_WINDOW_DAYS * DAY_MS)),
      repo.driftCounts(this.db),
    ]);

    const byStatus: Record<string, number> = {};
    const byCategory = new Map<string, { category: string; total: number; byStatus: Record<string, number> }>();
    for (const { category, status, count } of categories) {
      byStatus[status] = (byStatus[status] ?? 0) + count;
      const entry = byCategory.get(category) ?? { category, total: 0, byStatus: {} };
      entry.total += count;
      entry.byStatus[status] = count;
      byCategory.set(category, entry);
    }
    const sum = (rows: repo.GroupSum[]) => rows.reduce((total, row) => total + row.amountFen, 0);

    return {
      generatedAt: now.toISOString(),
      month,
      lastMonth,
      resources: { total: categories.reduce((total, row) => total + row.count, 0), byStatus, byCategory: [...byCategory.values()] },
      quotas: quotas.map((quota) => ({
        ...quota,
        inUse: quota.reserved + quota.committed,
        utilisation: quota.limit > 0 ? (quota.reserved + quota.committed) / quota.limit : null,
      })),
      storage: storage.map((row) => ({
        departmentId: row.departmentId,
        departmentName: row.departmentName,
        allocatedGb: row.allocatedGb,
        measuredGb: Math.round((row.measuredBytes / 2 ** 30) * 1000) / 1000,
        measuredResources: row.measuredResources,
      })),
      cost: {
        runRateFen: sum(runByDepartment),
        runRateByDepartment: runByDepartment,
        runRateByProvider: runByProvider,
        lastMonthFen: sum(lastByDepartment),
        lastMonthByDepartment: lastByDepartment,
        lastMonthByProvider: lastByProvider,
      },
      leadTime: { windowDays: LEAD_TIME_WINDOW_DAYS, ...leadTime },
      overdueApprovals: overdue,
      failedProvisioning: { windowDays: FAILURE_WINDOW_DAYS, items: failures },
      drift,
    };
  }

  async systems(actor: Actor) {
    const scope = costScope(actor);
    return repo.systemSummaries(this.db, { departmentId: scope.all ? undefined : scope.departmentId });
  }

  async businessSystem(actor: Actor, systemId: string): Promise<Record<string, unknown>> {
    return this.businessSystemAt(actor, systemId, new Date()) as unknown as Promise<Record<string, unknown>>;
  }

  async businessSystemAt(actor: Actor, systemId: string, now: Date) {
    const scope = costScope(actor);
    const [system] = await repo.systemSummaries(this.db, { systemId, departmentId: scope.all ? undefined : scope.departmentId });
    // Another department's system is reported as absent, not as forbidden.
    if (!system) throw notFound('cloud.system_not_found', 'No such business system.');
    const month = billingMonth(monthOf(now));
    const [resources, sums, orders, data] = await Promise.all([
      repo.systemResources(this.db, systemId),
      repo.systemUsageSums(this.db, systemId, month.start, month.end),
      repo.ordersInFlight(this.db, systemId),
      this.systemData(systemId),
    ]);
    return {
      id: system.id,
      code: system.code,
      name: system.name,
      nameEn: system.nameEn,
      status: system.status,
      department: { id: system.departmentId, name: system.departmentName },
      resources,
      runRateFen: system.runRateFen,
      month: month.month,
      monthCostFen: sums.reduce((total, value) => total + chargeFen(value, month.hours), 0),
      ordersInFlight: orders,
      data,
    };
  }

  /** The exchange's view of the system; null without the exchange or when it cannot answer (logged). */
  private async systemData(systemId: string) {
    if (!this.deps.systemData) return null;
    try {
      return await this.deps.systemData.dataOfSystem(systemId);
    } catch (error) {
      this.deps.ctx.log.warn({ systemId, error: error instanceof Error ? error.message : String(error) }, 'cloud: the exchange did not tell what the system publishes and consumes');
      return null;
    }
  }
}
