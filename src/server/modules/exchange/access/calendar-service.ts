/**
 * Reading and editing the holiday calendar. A change moves the due date of every pending request whose
 * deadline window contains the changed day (request day < day ≤ due date), in the same transaction, audited.
 */
import type { Actor } from '../../../platform/actor.js';
import type { Tx } from '../../../platform/db/database.js';
import { badRequest, forbidden, notFound } from '../../../platform/errors.js';
import { calendarLookup, readCalendar, seedCalendar, type CalendarDay } from './calendar.js';
import type { AccessDeps } from './context.js';
import { mayAll } from './policy.js';
import * as repo from './repository.js';
import { chinaDay, dueDate, isIsoDay, type CalendarKind } from './working-days.js';

function checkDay(day: string): void {
  if (!isIsoDay(day)) throw badRequest('exchange.invalid_day', `${day} is not a calendar date (YYYY-MM-DD).`, [{ pointer: '/day', code: 'exchange.invalid_day', message: 'Not a date.' }]);
}

export class CalendarService {
  constructor(private readonly deps: AccessDeps) {}

  async year(year: number): Promise<{ year: number; days: CalendarDay[] }> {
    const days = await this.deps.ctx.db
      .selectFrom('exchange_calendar_days')
      .select(['day', 'kind', 'name'])
      .where('day', '>=', `${year}-01-01`)
      .where('day', '<=', `${year}-12-31`)
      .orderBy('day')
      .execute();
    return { year, days };
  }

  async put(actor: Actor, day: string, input: { kind: CalendarKind; name: string }): Promise<CalendarDay> {
    if (!mayAll(actor, 'writeCalendar')) throw forbidden();
    checkDay(day);
    const name = input.name.trim();
    if (!name) throw badRequest('validation.failed', 'Give the day a name.', [{ pointer: '/name', code: 'exchange.name_required', message: 'A name is required.' }]);
    const entry: CalendarDay = { day, kind: input.kind, name };
    await this.deps.ctx.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('exchange_calendar_days').select(['day', 'kind', 'name']).where('day', '=', day).executeTakeFirst();
      await seedCalendar(trx, [entry]);
      const moved = await this.recomputeDueDates(trx, day);
      await this.deps.ctx.audit.record(trx, {
        actor, action: 'exchange.calendar.put', targetType: 'exchange_calendar_day', targetId: day, before: before ?? null, after: { ...entry, movedDueDates: moved },
      });
    });
    return entry;
  }

  async remove(actor: Actor, day: string): Promise<void> {
    if (!mayAll(actor, 'writeCalendar')) throw forbidden();
    checkDay(day);
    await this.deps.ctx.db.transaction().execute(async (trx) => {
      const before = await trx.deleteFrom('exchange_calendar_days').where('day', '=', day).returning(['day', 'kind', 'name']).executeTakeFirst();
      if (!before) throw notFound('exchange.calendar_day_not_found', `${day} is not in the calendar.`);
      const moved = await this.recomputeDueDates(trx, day);
      await this.deps.ctx.audit.record(trx, {
        actor, action: 'exchange.calendar.delete', targetType: 'exchange_calendar_day', targetId: day, before, after: { movedDueDates: moved },
      });
    });
  }

  /** Pending requests whose window (request day, due date] contains `day` get their deadline again. */
  private async recomputeDueDates(trx: Tx, day: string): Promise<number> {
    const calendar = calendarLookup(await readCalendar(trx));
    let moved = 0;
    for (const request of await repo.pendingDueFrom(trx, day)) {
      const requestDay = chinaDay(request.created_at);
      if (requestDay >= day) continue;
      const due = dueDate(requestDay, calendar);
      if (due !== request.due_date) {
        await repo.updateRequest(trx, request.id, { due_date: due });
        moved++;
      }
    }
    return moved;
  }
}
