/**
 * The review lifecycle: draft → submitted → returned (with a reason) | published → retired (with a reason).
 * Publishing writes the next version as a full snapshot of the presented entry. The order of refusals is
 * fixed: 404 (cannot see it) → 403 (may not act on it) → 409 (wrong status) → 400 (missing reason).
 */
import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import { json } from '../../platform/db/database.js';
import { forbidden, validationFailed } from '../../platform/errors.js';
import { may, TRANSITIONS } from './policy.js';
import { insertVersion, updateResource, type ResourceChanges, type ResourceRow } from './repository.js';
import type { Resource } from './schema.js';
import { actorUserId, afterWrite, findVisible, invalidTransition, presentCached, recordAudit, type CatalogContext } from './service-context.js';
import { LIMITS } from './vocabulary.js';

type LifecycleAction = 'submit' | 'return' | 'publish' | 'retire';

function checkReason(reason: string | null | undefined): string {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw validationFailed([{ pointer: '/reason', code: 'catalog.reason_required', message: 'Give a reason.' }]);
  }
  if (reason.length > LIMITS.reason) {
    throw validationFailed([{ pointer: '/reason', code: 'validation.max_length', message: `A reason is at most ${LIMITS.reason} characters.` }]);
  }
  return reason;
}

export class Workflow {
  constructor(private readonly c: CatalogContext) {}

  submit(actor: Actor, code: string): Promise<Resource> {
    return this.move(actor, code, 'submit', () => ({ status: 'submitted', submitted_at: sql<Date>`now()` }));
  }

  returnForRevision(actor: Actor, code: string, reason: string | null | undefined): Promise<Resource> {
    return this.move(actor, code, 'return', () => ({ status: 'returned', return_reason: checkReason(reason) }));
  }

  publish(actor: Actor, code: string): Promise<Resource> {
    return this.move(actor, code, 'publish', (row) => ({
      status: 'published',
      published_at: sql<Date>`now()`,
      // The publish date is the first publication's, in the database's time zone, unless the entry states one.
      publish_date: sql<string>`coalesce(publish_date, current_date)`,
      current_version: row.current_version + 1,
      return_reason: null,
    }));
  }

  retire(actor: Actor, code: string, reason: string | null | undefined): Promise<Resource> {
    return this.move(actor, code, 'retire', () => ({ status: 'retired', retire_reason: checkReason(reason), retired_at: sql<Date>`now()` }));
  }

  private async move(actor: Actor, code: string, action: LifecycleAction, changes: (row: ResourceRow) => ResourceChanges): Promise<Resource> {
    const current = await findVisible(this.c, actor, code);
    await this.c.departments.load([current.provider_department_id]);
    return afterWrite(this.c, this.c.db.transaction().execute(async (trx) => {
      const row = await findVisible(this.c, actor, code, trx, true);
      if (!may(actor, action, row.provider_department_id)) throw forbidden();
      if (!TRANSITIONS[action].from.includes(row.status)) throw invalidTransition(action, row.status);
      const before = await presentCached(this.c, row, trx);
      const updated = await updateResource(trx, row.id, { ...changes(row), updated_by: actorUserId(actor) });
      const after = await presentCached(this.c, updated, trx);
      if (action === 'publish') {
        await insertVersion(trx, { resource_id: row.id, version: updated.current_version, snapshot: json(after), change_note: null, created_by: actorUserId(actor) });
      }
      await recordAudit(this.c, trx, actor, action, row, before, after);
      return after;
    }));
  }
}
