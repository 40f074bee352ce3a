/**
 * Reconciliation: every endpoint that holds resources (or had orphans) is listed through its driver and compared.
 *   missing  an active resource the provider no longer lists
 *   drifted  listed with different parameters (only the keys the listing returns are compared), with a plain detail
 *   orphans  listed things whose `resource` tag is not a live resource of ours; resolved when they disappear
 * Resources in the middle of an operation are left alone (their state is changing on purpose). An endpoint that
 * cannot be listed is skipped with a log line; its resources keep their last verdict.
 */
import { sql } from 'kysely';
import type { Actor } from '../../../platform/actor.js';
import type { ListedResource } from '../drivers/driver.js';
import { PROVISIONER, reasonOf, type ProvisioningDeps } from './deps.js';
import * as repo from './repository.js';
import type { ResourceRow } from './repository.js';

type Deps = Pick<ProvisioningDeps, 'ctx' | 'drivers'>;

export interface ReconcileCounts {
  checked: number;
  drifted: number;
  missing: number;
  orphans: number;
}

const show = (value: unknown): string => (value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

/** Loose equality: the provider may answer 20 where we ordered "20". */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string')) return String(a) === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

export function driftOf(ordered: Record<string, unknown>, listed: Record<string, unknown>): string | null {
  const differences = Object.keys(listed)
    .sort()
    .filter((key) => !same(ordered[key], listed[key]))
    .map((key) => `${key}: ordered ${show(ordered[key])}, provider has ${show(listed[key])}`);
  return differences.length ? differences.join('; ') : null;
}

export async function reconcileAll(deps: Deps, actor: Actor | null): Promise<ReconcileCounts> {
  const db = deps.ctx.db;
  const counts: ReconcileCounts = { checked: 0, drifted: 0, missing: 0, orphans: 0 };
  const changed: Array<{ id: string; drift: string; detail: string | null }> = [];

  for (const endpointId of await repo.endpointsToReconcile(db)) {
    let listed: ListedResource[];
    try {
      listed = await (await deps.drivers.forEndpoint(endpointId)).list();
    } catch (error) {
      deps.ctx.log.warn({ endpointId, error: reasonOf(error) }, 'reconciliation could not list an endpoint');
      continue;
    }
    const byExternalId = new Map(listed.map((entry) => [entry.externalId, entry]));
    const byResourceTag = new Map(listed.filter((entry) => entry.tags.resource).map((entry) => [entry.tags.resource, entry]));

    for (const resource of await repo.resourcesAtEndpoint(db, endpointId)) {
      if (resource.status !== 'active') continue;
      counts.checked++;
      const entry = (resource.external_id && byExternalId.get(resource.external_id)) || byResourceTag.get(resource.id);
      const verdict = verdictOf(resource, entry);
      if (verdict.drift === 'drifted') counts.drifted++;
      if (verdict.drift === 'missing') counts.missing++;
      if (verdict.drift !== resource.drift_status || verdict.detail !== resource.drift_detail) changed.push({ id: resource.id, ...verdict });
      await db
        .updateTable('cloud_resources')
        .set({ drift_status: verdict.drift, drift_detail: verdict.detail, last_reconciled_at: sql<Date>`now()` })
        .where('id', '=', resource.id)
        .where('status', '=', 'active')
        .execute();
    }

    const live = await repo.liveResourceIds(db, listed.map((entry) => entry.tags.resource ?? '').filter(Boolean));
    const orphans = listed.filter((entry) => !entry.tags.resource || !live.has(entry.tags.resource));
    for (const orphan of orphans) await repo.upsertOrphan(db, { endpointId, externalId: orphan.externalId, kind: orphan.kind, tags: orphan.tags });
    await repo.resolveOrphansExcept(db, endpointId, orphans.map((orphan) => orphan.externalId));
    counts.orphans += orphans.length;
  }

  // One audit entry per run that changed a verdict (or was asked for by someone), not one per unchanged resource.
  if (changed.length > 0 || actor) {
    await db.transaction().execute((trx) =>
      deps.ctx.audit.record(trx, { actor: actor ?? PROVISIONER, action: 'cloud.reconcile.run', targetType: 'cloud_reconciliation', after: { ...counts, changed } }));
  }
  return counts;
}

function verdictOf(resource: ResourceRow, entry: ListedResource | undefined): { drift: 'ok' | 'drifted' | 'missing'; detail: string | null } {
  if (!entry) return { drift: 'missing', detail: 'The provider no longer lists this resource.' };
  const detail = driftOf(resource.parameters, entry.parameters ?? {});
  return detail ? { drift: 'drifted', detail } : { drift: 'ok', detail: null };
}
