/**
 * The Provisioner (index.ts): hands approved orders to the operations worker, shows resources to those allowed to
 * see them, reveals credentials once, retires and renews, checks leases and reconciles. The worker itself is
 * worker.ts; the settling transactions settle.ts; the hand-over start.ts.
 */
import { sql } from 'kysely';
import type { Actor } from '../../../platform/actor.js';
import type { Tx } from '../../../platform/db/database.js';
import { badRequest, conflict, DomainError, forbidden, notFound } from '../../../platform/errors.js';
import type { CloudCategory, ResourceStatus } from '../../../platform/db/schema.js';
import type { CloudResource, Provisioner } from '../index.js';
import { PROVISIONER, type ProvisioningDeps } from './deps.js';
import { sendLeaseWarnings } from './leases.js';
import { canReveal, canSee, isItCentre, visibleDepartment } from './policy.js';
import { auditResource, iso, presentResource } from './presenter.js';
import { reconcileAll } from './reconcile.js';
import * as repo from './repository.js';
import { startOrder } from './start.js';
import { OperationsWorker } from './worker.js';

export const LEASE_ENDED = 'lease ended';

type ListFilter = { departmentId?: string; businessSystemId?: string; status?: ResourceStatus; category?: CloudCategory; drift?: boolean; page?: number; pageSize?: number };

export class ProvisioningService implements Provisioner {
  readonly worker: OperationsWorker;
  /** Runs started by kick() that have not ended (stop() waits for them). */
  private readonly kicked = new Set<Promise<unknown>>();
  private awake = false;

  constructor(private readonly deps: ProvisioningDeps) {
    this.worker = new OperationsWorker(deps);
  }

  private get db() {
    return this.deps.ctx.db;
  }

  // ------------------------------------------------------------ the worker

  startOrder(trx: Tx, orderId: string): Promise<void> {
    return startOrder(this.deps, trx, orderId);
  }

  /** Lets kick() run the worker at once (start() of the part); without it kick() leaves the work to runDue callers. */
  wake(): void {
    this.awake = true;
    this.worker.resume();
  }

  async sleep(): Promise<void> {
    this.awake = false;
    this.worker.stop();
    while (this.kicked.size > 0) await Promise.allSettled([...this.kicked]);
  }

  kick(): void {
    if (!this.awake) return;
    const run = this.worker
      .runDue()
      .catch((error: unknown) => this.deps.ctx.log.error({ err: error }, 'provisioning worker run failed'))
      .finally(() => this.kicked.delete(run));
    this.kicked.add(run);
  }

  runDue(): Promise<number> {
    return this.worker.runDue();
  }

  // ------------------------------------------------------------ reading

  async list(actor: Actor, filter: ListFilter): Promise<{ items: CloudResource[]; total: number }> {
    const own = visibleDepartment(actor);
    if (own !== null && filter.departmentId && filter.departmentId !== own) throw forbidden('A department sees only its own cloud resources.');
    const page = Math.max(1, filter.page ?? 1);
    const pageSize = Math.min(Math.max(1, filter.pageSize ?? 20), 200);
    const { rows, total } = await repo.listResources(this.db, { ...filter, departmentId: own ?? filter.departmentId }, page, pageSize);
    return { items: rows.map(presentResource), total };
  }

  async get(actor: Actor, id: string): Promise<CloudResource> {
    return presentResource(await this.visible(actor, id));
  }

  /** The resource if the actor may see it; someone else's is "not found", not "forbidden". */
  private async visible(actor: Actor, id: string): Promise<repo.ResourceViewRow> {
    visibleDepartment(actor);
    const row = await repo.getResourceView(this.db, id);
    if (!row || !canSee(actor, row.department_id)) throw notFound('cloud.resource_not_found', 'No such cloud resource.');
    return row;
  }

  // ------------------------------------------------------------ credentials

  async revealCredentials(actor: Actor, id: string): Promise<{ credentials: Record<string, string>; endpointInfo: Record<string, unknown> }> {
    const row = await this.visible(actor, id);
    if (!canReveal(actor, row.department_id)) throw forbidden('Credentials are shown only to the ordering department.', 'cloud.credentials_forbidden');
    const revealed = await this.db.transaction().execute(async (trx) => {
      const resource = await repo.lockResource(trx, id);
      if (!resource) throw notFound('cloud.resource_not_found', 'No such cloud resource.');
      if (resource.credentials_revealed_at !== null) {
        const by = await repo.userName(trx, resource.credentials_revealed_by);
        const at = iso(resource.credentials_revealed_at)!;
        throw new DomainError('cloud.credentials_revealed', 410, `The credentials were shown once, on ${at}${by ? ` to ${by}` : ''}, and are not shown again.`, [], {
          revealedAt: at, revealedBy: by,
        });
      }
      if (resource.credentials_sealed === null) throw conflict('cloud.credentials_unavailable', 'This resource has no credentials to show (not ready, or the service has none).');
      const credentials = JSON.parse(this.deps.ctx.secrets.open(resource.credentials_sealed)) as Record<string, string>;
      const userId = actor.kind === 'user' ? actor.userId : null;
      await repo.updateResource(trx, id, { credentials_revealed_at: new Date(), credentials_revealed_by: userId });
      // What was shown is never written down: only that it was, and to whom.
      await this.deps.ctx.audit.record(trx, { actor, action: 'cloud.resource.credentials_reveal', targetType: 'cloud_resource', targetId: id, after: { credentialNames: Object.keys(credentials).sort() } });
      return { credentials, endpointInfo: resource.endpoint_info };
    });
    return revealed;
  }

  // ------------------------------------------------------------ retire and renew

  async retire(actor: Actor, id: string, input: { reason: string }): Promise<CloudResource> {
    const reason = input.reason.trim();
    if (!reason) throw badRequest('validation.failed', 'Say why the resource is retired.', [{ pointer: '/reason', code: 'cloud.reason_required', message: 'A reason is required.' }]);
    await this.visible(actor, id);
    await this.db.transaction().execute((trx) => this.beginRetire(trx, actor, id, reason));
    this.kick();
    return this.get(actor, id);
  }

  /** Active → retiring with a queued retire operation (its key is the resource id). */
  private async beginRetire(trx: Tx, actor: Actor, id: string, reason: string): Promise<void> {
    const resource = await repo.lockResource(trx, id);
    if (!resource) throw notFound('cloud.resource_not_found', 'No such cloud resource.');
    if (resource.status !== 'active') throw conflict('cloud.resource_not_active', `Only an active resource can be retired (this one is ${resource.status}).`);
    await repo.updateResource(trx, id, { status: 'retiring', failure_reason: null });
    await repo.upsertRetireOperation(trx, id);
    await this.deps.ctx.audit.record(trx, { actor, action: 'cloud.resource.retire', targetType: 'cloud_resource', targetId: id, before: auditResource(resource), after: { status: 'retiring', reason } });
  }

  async renewLease(actor: Actor, id: string, input: { months: number }): Promise<CloudResource> {
    if (!Number.isInteger(input.months) || input.months < 1 || input.months > 120) {
      throw badRequest('validation.failed', 'Renew by 1 to 120 months.', [{ pointer: '/months', code: 'cloud.invalid_months', message: 'Between 1 and 120 months.' }]);
    }
    await this.visible(actor, id);
    await this.db.transaction().execute(async (trx) => {
      const resource = await repo.lockResource(trx, id);
      if (!resource) throw notFound('cloud.resource_not_found', 'No such cloud resource.');
      if (resource.status !== 'active') throw conflict('cloud.resource_not_active', `Only an active resource's lease can be renewed (this one is ${resource.status}).`);
      // From the current end (or from now, when it has passed or there was none).
      const updated = await trx
        .updateTable('cloud_resources')
        .set({
          lease_ends_at: sql<Date>`greatest(coalesce(lease_ends_at, now()), now()) + ${input.months} * interval '1 month'`,
          lease_warnings_sent: sql<number[]>`'{}'::int[]`,
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.ctx.audit.record(trx, {
        actor, action: 'cloud.resource.renew', targetType: 'cloud_resource', targetId: id,
        before: { leaseEndsAt: iso(resource.lease_ends_at) }, after: { leaseEndsAt: iso(updated.lease_ends_at), months: input.months },
      });
    });
    return this.get(actor, id);
  }

  // ------------------------------------------------------------ leases and reconciliation

  async checkLeases(now: Date = new Date()): Promise<{ warned: number; retired: number }> {
    const warned = await sendLeaseWarnings(this.deps, now);
    let retired = 0;
    for (const { id } of await repo.expiredLeases(this.db, now)) {
      try {
        await this.db.transaction().execute((trx) => this.beginRetire(trx, PROVISIONER, id, LEASE_ENDED));
        retired++;
      } catch (error) {
        // retired meanwhile by its department or another node: nothing left to do
        if (!(error instanceof DomainError)) throw error;
      }
    }
    if (retired > 0) this.kick();
    return { warned, retired };
  }

  async reconcile(actor: Actor | null) {
    if (actor && !isItCentre(actor)) throw forbidden('Reconciliation is run by the IT centre.');
    return reconcileAll(this.deps, actor);
  }

  async listOrphans(actor: Actor) {
    if (!isItCentre(actor)) throw forbidden('Orphaned resources are seen by the IT centre.');
    const rows = await repo.listOpenOrphans(this.db);
    return rows.map((row) => ({
      id: row.id,
      endpointId: row.endpoint_id,
      providerName: row.provider_name,
      driver: row.driver,
      externalId: row.external_id,
      kind: row.kind,
      tags: row.tags,
      firstSeenAt: iso(row.first_seen_at)!,
      lastSeenAt: iso(row.last_seen_at)!,
    }));
  }
}
