/**
 * The change feed API: a business system with an active grant reads a resource's changes after a cursor,
 * granted fields only, masked, in commit order. Every read (and every refusal for want of a grant) is written to
 * the access log before the answer leaves.
 */
import type { Actor } from '../../../platform/actor.js';
import type { AppContext } from '../../../platform/context.js';
import { DomainError, forbidden } from '../../../platform/errors.js';
import type { AccessLogWriter, AccessService, StoreRegistry } from '../index.js';
import { readPurpose } from '../query/request.js';
import { MAX_PAGE, readChanges } from './changes.js';
import type { ChangePageView } from './schema.js';

export interface FeedDeps {
  ctx: Pick<AppContext, 'db'>;
  stores: Pick<StoreRegistry, 'find'>;
  access: Pick<AccessService, 'activeGrant'>;
  accessLog: Pick<AccessLogWriter, 'append'>;
}

export const DEFAULT_PAGE = 100;

const noGrant = () => forbidden('Your system holds no active grant on this resource.', 'exchange.no_grant');

export class ChangeFeed {
  constructor(private readonly deps: FeedDeps) {}

  async read(actor: Actor, code: string, query: { after?: number; limit?: number }, purposeHeader: string | string[] | undefined): Promise<ChangePageView> {
    if (actor.kind !== 'system') throw forbidden('The change feed is for business systems (Authorization: Bearer <credential>).', 'exchange.system_only');
    // The same rules as the records API: UTF-8 (percent-encoded when non-ASCII), 1–200 characters.
    const purpose = readPurpose(purposeHeader)!;
    const after = query.after ?? 0;
    const limit = Math.min(query.limit ?? DEFAULT_PAGE, MAX_PAGE);
    const filter = { after, limit };
    const base = {
      actor, systemId: actor.systemId, departmentId: actor.departmentId, resourceCode: code, operation: 'changes', purpose, filter,
      requestId: actor.requestId ?? null,
    };

    const grant = await this.deps.access.activeGrant(actor.systemId, code);
    if (!grant) {
      await this.deps.accessLog.append({ ...base, grantId: null, fields: null, recordCount: 0, result: 'denied', statusCode: 403 });
      throw noGrant();
    }
    const logged = { ...base, grantId: grant.id, fields: grant.fields };
    try {
      const store = await this.deps.stores.find(code);
      const page = store ? await readChanges(this.deps.ctx.db, store, grant, after, limit) : { changes: [], next: after, hasMore: false };
      await this.deps.accessLog.append({ ...logged, recordCount: page.changes.length, result: 'success', statusCode: 200 });
      return { changes: page.changes, next: page.next, hasMore: page.hasMore };
    } catch (error) {
      const status = error instanceof DomainError ? error.status : 500;
      await this.deps.accessLog.append({ ...logged, recordCount: 0, result: 'error', statusCode: status }).catch(() => undefined);
      throw error;
    }
  }
}
