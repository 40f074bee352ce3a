/**
 * Monthly bills per department, built from usage: one line per resource with usage in the month,
 * amount = round(sum of hourly prices / hours in the month) (months.ts), total = sum of the lines. A bill is
 * rebuilt while open; generating it three days after its month ended closes it, and a closed bill never changes.
 */
import { cliActor, type Actor } from '../../../platform/actor.js';
import { notFound } from '../../../platform/errors.js';
import type { Bill, Bills } from '../index.js';
import type { CloudParts } from '../parts.js';
import { costScope, departmentFilter, maySeeDepartment } from './access.js';
import * as repo from './bill-repository.js';
import { writeBillWorkbook } from './bill-xlsx.js';
import { billingMonth, chargeFen, isClosable, isMonth } from './months.js';

const SCHEDULER = cliActor('cloud-metering');

export interface GenerateOptions {
  /** who asked (audited); the scheduler when absent */
  actor?: Actor;
  /** only this department's bill */
  departmentId?: string;
  now?: Date;
}

export class BillsService implements Bills {
  constructor(private readonly deps: Pick<CloudParts, 'ctx'>) {}

  private get db() {
    return this.deps.ctx.db;
  }

  generate(month: string): Promise<number> {
    return this.generateMonth(month);
  }

  /** Builds the month's bills (of one department, or of every department with usage or a bill). Returns how many were written. */
  async generateMonth(month: string, options: GenerateOptions = {}): Promise<number> {
    const { start, end, hours } = billingMonth(month);
    const now = options.now ?? new Date();
    const status = isClosable(month, now) ? 'closed' : 'open';
    const sums = await repo.usageSums(this.db, start, end, options.departmentId);
    const byDepartment = new Map<string, repo.UsageSum[]>();
    for (const department of await repo.departmentsWithBills(this.db, month, options.departmentId)) byDepartment.set(department, []);
    for (const sum of sums) {
      const list = byDepartment.get(sum.departmentId) ?? [];
      list.push(sum);
      byDepartment.set(sum.departmentId, list);
    }
    let written = 0;
    for (const [departmentId, departmentSums] of byDepartment) {
      const lines: repo.NewBillLine[] = departmentSums.map((sum) => ({
        resourceId: sum.resourceId,
        businessSystemId: sum.businessSystemId,
        providerId: sum.providerId,
        offeringId: sum.offeringId,
        description: `${sum.offeringName} · ${sum.resourceName}`,
        hours: sum.hours,
        monthlyFen: sum.lastMonthlyFen,
        amountFen: chargeFen(sum.sumMonthlyFen, hours),
      }));
      const changed = await this.db.transaction().execute(async (trx) => {
        const bill = await repo.lockBill(trx, departmentId, month);
        if (bill.status === 'closed') return false;
        const totalFen = await repo.replaceBillLines(trx, bill.id, lines, status, now);
        const before = bill.created ? undefined : { totalFen: bill.totalFen, lines: bill.lines, status: bill.status };
        const after = { month, totalFen, lines: lines.length, status };
        // Rebuilding an unchanged open bill is routine (every hour, every showback): only a change is recorded.
        if (bill.created || bill.totalFen !== totalFen || bill.lines !== lines.length || status === 'closed') {
          await this.deps.ctx.audit.record(trx, {
            actor: options.actor ?? SCHEDULER,
            action: status === 'closed' ? 'cloud.bill.close' : 'cloud.bill.generate',
            targetType: 'cloud_bill',
            targetId: bill.id,
            before,
            after: { ...after, departmentId },
          });
        }
        return true;
      });
      if (changed) written++;
    }
    return written;
  }

  /**
   * Brings a month's bills (one department's, when given) up to date before they are read: of an open month, the
   * bills behind their usage are rebuilt (reading an up-to-date bill writes nothing); of a past month only what is
   * not final yet — open bills, and departments with usage but no bill — is built (and so closed).
   */
  async refresh(month: string, departmentId?: string, now = new Date()): Promise<void> {
    const { start, end } = billingMonth(month);
    if (!isClosable(month, now)) {
      for (const department of await repo.departmentsBehindUsage(this.db, month, start, end, departmentId)) {
        await this.generateMonth(month, { departmentId: department, now });
      }
      return;
    }
    for (const department of await repo.departmentsToSettle(this.db, month, start, end, departmentId)) {
      await this.generateMonth(month, { departmentId: department, now });
    }
  }

  async list(actor: Actor, filter: { departmentId?: string; month?: string }): Promise<Array<Omit<Bill, 'lines'>>> {
    const departmentId = departmentFilter(costScope(actor), filter.departmentId);
    // One month asked for: show it as of now (rebuilt while open), as the bill itself would be.
    if (filter.month !== undefined) await this.refresh(filter.month, departmentId);
    const rows = await repo.listBills(this.db, { departmentId, month: filter.month });
    return rows.map(presentBill);
  }

  async get(actor: Actor, departmentId: string, month: string): Promise<Bill> {
    const scope = costScope(actor);
    const missing = notFound('cloud.bill_not_found', 'No such bill.');
    if (!maySeeDepartment(scope, departmentId) || !isMonth(month)) throw missing;
    await this.refresh(month, departmentId);
    const bill = await repo.findBill(this.db, departmentId, month);
    if (!bill) throw missing;
    return { ...presentBill(bill), lines: await repo.billLines(this.db, bill.id) };
  }

  async exportXlsx(actor: Actor, departmentId: string, month: string, out: NodeJS.WritableStream): Promise<void> {
    await writeBillWorkbook(await this.get(actor, departmentId, month), out);
  }
}

function presentBill(row: repo.BillRow): Omit<Bill, 'lines'> {
  return {
    id: row.id,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    month: row.month,
    status: row.status,
    totalFen: row.totalFen,
    generatedAt: row.generatedAt.toISOString(),
  };
}
