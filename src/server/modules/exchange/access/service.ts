/**
 * The access part's services behind the module's AccessService: requests, grants, the calendar, sharing one
 * clock, one grant cache and one change hub (so the part's routes and `activeGrant` see the same cache).
 */
import type { Actor } from '../../../platform/actor.js';
import type { AccessService, GrantInfo } from '../index.js';
import type { ExchangeParts } from '../parts.js';
import { CalendarService } from './calendar-service.js';
import type { AccessDeps } from './context.js';
import { GrantCache, GrantChangeHub } from './grant-cache.js';
import { GrantService } from './grants.js';
import { RequestService } from './requests.js';

export interface AccessServiceOptions {
  /** The clock (tests move it to see a grant expire). */
  now?: () => Date;
}

export class DefaultAccessService implements AccessService {
  readonly cache = new GrantCache();
  readonly hub: GrantChangeHub;
  readonly grants: GrantService;
  readonly requests: RequestService;
  readonly calendar: CalendarService;

  constructor(parts: Pick<ExchangeParts, 'ctx' | 'directory'>, options: AccessServiceOptions = {}) {
    const { ctx } = parts;
    const databaseUrl = ctx.dbKind === 'postgres' ? (ctx.config.databaseUrl ?? null) : null;
    this.hub = new GrantChangeHub(this.cache, ctx.log, databaseUrl);
    const deps: AccessDeps = { ctx, directory: parts.directory, now: options.now ?? (() => new Date()), cache: this.cache, hub: this.hub };
    this.grants = new GrantService(deps);
    this.requests = new RequestService(deps, this.grants);
    this.calendar = new CalendarService(deps);
  }

  activeGrant(systemId: string, resourceCode: string): Promise<GrantInfo | null> {
    return this.grants.activeGrant(systemId, resourceCode);
  }

  getGrant(actor: Actor, grantId: string): Promise<GrantInfo> {
    return this.grants.getGrant(actor, grantId);
  }

  onGrantChange(listener: (grantId: string) => void): void {
    this.hub.onChange(listener);
  }

  /** Starts listening for other nodes' grant changes (PostgreSQL with DATABASE_URL; otherwise nothing). */
  start(): Promise<void> {
    return this.hub.listen();
  }

  stop(): Promise<void> {
    return this.hub.close();
  }
}
