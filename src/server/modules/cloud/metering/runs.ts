/**
 * What the IT centre starts by hand, and the scheduler: metering an hour (or catching up), building a month's
 * bills. Manual runs are audited (cloud.metering.run; bills audit themselves when they change).
 */
import type { Actor } from '../../../platform/actor.js';
import { badRequest } from '../../../platform/errors.js';
import { requireItCentre } from './access.js';
import type { BillsService } from './bills.js';
import type { MeteringService, MeterResult } from './metering.js';
import { HOUR_MS, hourFloor, isClosable, monthOf, previousMonth } from './months.js';
import type { CloudParts } from '../parts.js';

export class MeteringRuns {
  constructor(
    private readonly deps: Pick<CloudParts, 'ctx'>,
    private readonly metering: MeteringService,
    private readonly bills: BillsService,
  ) {}

  /** One completed hour (any instant in it), or every completed hour not metered yet. */
  async runMetering(actor: Actor, hour: Date | undefined, now = new Date()): Promise<MeterResult> {
    requireItCentre(actor);
    let result: MeterResult;
    if (hour === undefined) {
      result = await this.metering.catchUpDetailed(now);
    } else {
      const start = hourFloor(hour);
      if (start.getTime() + HOUR_MS > now.getTime()) throw badRequest('cloud.hour_not_completed', 'Only an hour that has ended can be metered.');
      result = { hours: 1, ...(await this.metering.meterHour(start)) };
    }
    await this.deps.ctx.audit.record(this.deps.ctx.db, {
      actor,
      action: 'cloud.metering.run',
      targetType: 'cloud_usage',
      targetId: hour === undefined ? 'catch-up' : hourFloor(hour).toISOString(),
      after: result,
    });
    return result;
  }

  async generateBills(actor: Actor, month: string): Promise<number> {
    requireItCentre(actor);
    return this.bills.generateMonth(month, { actor });
  }

  /**
   * The scheduler's tick: meter what is due, then rebuild this month's bills, and last month's until they close,
   * when new usage arrived (or last month still waits to be closed).
   */
  async tick(now = new Date()): Promise<MeterResult> {
    const result = await this.metering.catchUpDetailed(now);
    const month = monthOf(now);
    const last = previousMonth(month);
    if (result.resources > 0) await this.bills.generateMonth(month, { now });
    if (result.resources > 0 || isClosable(last, now)) await this.bills.refresh(last, undefined, now);
    return result;
  }
}
