/**
 * The access part (共享申请与授权): requests, approvals with the 10-working-day deadline, grants, revocation,
 * and the holiday calendar. module.ts builds the service first (other parts use `activeGrant` and
 * `onGrantChange`), then the part, which serves the routes on that same service.
 */
import type { AccessService } from '../index.js';
import type { ExchangePart, ExchangeParts } from '../parts.js';
import { registerAccessRoutes } from './routes.js';
import { DefaultAccessService, type AccessServiceOptions } from './service.js';

export { CALENDAR_2026, seedCalendar, type CalendarDay } from './calendar.js';
export { defaultMasking, inferMaskRule } from './masking.js';
export { addWorkingDays, dueDate, workingDaysBetween } from './working-days.js';
export { DefaultAccessService };

export function createAccessService(parts: Omit<ExchangeParts, 'loads' | 'access'>, options: AccessServiceOptions = {}): AccessService {
  return new DefaultAccessService(parts, options);
}

export function createAccessPart(parts: ExchangeParts): ExchangePart {
  // The module hands back the service createAccessService built; anything else (a stand-in) gets its own.
  const access = parts.access instanceof DefaultAccessService ? parts.access : new DefaultAccessService(parts);
  return {
    routes(app) {
      registerAccessRoutes(app, access);
    },
    start() {
      void access.start();
    },
    stop: () => access.stop(),
  };
}
