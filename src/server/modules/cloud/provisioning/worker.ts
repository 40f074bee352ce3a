/**
 * The operations worker. Each pass claims due operations (FOR UPDATE SKIP LOCKED, then next_poll_at moved to the
 * claim's end, so two nodes never run the same operation; a node that died is taken over when its claim runs out),
 * calls the driver — the first call create/resize/retire with the operation's idempotency key, later calls
 * poll(ref) — and either schedules the next poll or settles the operation in one transaction (settle.ts).
 *
 * Timing: the next poll comes after the driver's retryAfterMs, or else after half the time the operation has been
 * running (at least 500 ms, at most 5 s). A driver that throws counts as a failed attempt (retried after 1, 2, 4,
 * 8 s); the fifth failed attempt fails the operation. Nothing about credentials is ever logged: log lines carry
 * ids, kinds and the driver's error message only.
 */
import type { Db } from '../../../platform/db/database.js';
import type { OperationState, ProvisioningDriver, ResourceTags } from '../drivers/driver.js';
import { reasonOf, type ProvisioningDeps } from './deps.js';
import * as repo from './repository.js';
import type { OperationRow, ResourceRow } from './repository.js';
import { settleFailure, settleSuccess } from './settle.js';

export const MAX_FAILED_ATTEMPTS = 5;
const BATCH = 20;
/** How long a claimed operation belongs to this node: longer than any single driver call takes. */
const CLAIM_MS = 120_000;
const MIN_POLL_MS = 500;
const MAX_POLL_MS = 5_000;
/** Passes over the due operations per runDue (operations that finish at once are settled in the same run). */
const MAX_ROUNDS = 25;

type Deps = Pick<ProvisioningDeps, 'ctx' | 'notifier' | 'quotas' | 'drivers'>;

export class OperationsWorker {
  private stopping = false;

  constructor(private readonly deps: Deps) {}

  private get db(): Db {
    return this.deps.ctx.db;
  }

  stop(): void {
    this.stopping = true;
  }

  resume(): void {
    this.stopping = false;
  }

  /** Claims and steps every due operation; answers how many driver calls were made. */
  async runDue(): Promise<number> {
    let stepped = 0;
    for (let round = 0; round < MAX_ROUNDS && !this.stopping; round++) {
      const claimedUntil = new Date(Date.now() + CLAIM_MS);
      const claimed = await this.db.transaction().execute((trx) => repo.claimDueOperations(trx, BATCH, claimedUntil));
      if (claimed.length === 0) break;
      await Promise.all(claimed.map((op) => this.step(op, claimedUntil)));
      stepped += claimed.length;
    }
    return stepped;
  }

  private async step(op: OperationRow, claimedUntil: Date): Promise<void> {
    let state: OperationState;
    try {
      const resource = await this.db.selectFrom('cloud_resources').selectAll().where('id', '=', op.resource_id).executeTakeFirstOrThrow();
      state = await this.call(op, resource);
    } catch (error) {
      await this.attemptFailed(op, claimedUntil, reasonOf(error));
      return;
    }
    try {
      if (state.state === 'running') {
        await this.db.transaction().execute(async (trx) => {
          if (!(await repo.lockClaimedOperation(trx, op.id, claimedUntil))) return;
          await repo.updateOperation(trx, op.id, { driver_ref: state.ref, next_poll_at: new Date(Date.now() + this.pollDelay(op, state)) });
        });
        return;
      }
      await this.db.transaction().execute(async (trx) => {
        const current = await repo.lockClaimedOperation(trx, op.id, claimedUntil);
        if (!current) return; // taken over by another node after the claim ran out: its result counts
        if (state.state === 'succeeded') await settleSuccess(this.deps, trx, current, state);
        else await settleFailure(this.deps, trx, current, state.error?.trim() || 'The provider reported a failure without a reason.');
      });
      this.deps.ctx.log.info({ operationId: op.id, kind: op.kind, resourceId: op.resource_id, state: state.state }, 'cloud operation finished');
    } catch (error) {
      // Settling failed (database trouble): the claim runs out and the operation is polled again; drivers answer
      // a repeated poll or call with the same result.
      this.deps.ctx.log.error({ operationId: op.id, kind: op.kind, error: reasonOf(error) }, 'settling a cloud operation failed');
    }
  }

  private async call(op: OperationRow, resource: ResourceRow): Promise<OperationState> {
    if (op.kind === 'retire' && resource.external_id === null && op.driver_ref === null) {
      // Never made at the provider (its create failed before any answer): nothing to remove.
      return { state: 'succeeded', ref: resource.id };
    }
    const driver: ProvisioningDriver = await this.deps.drivers.forEndpoint(resource.endpoint_id);
    if (op.driver_ref !== null) return driver.poll(op.kind, op.driver_ref);
    switch (op.kind) {
      case 'create':
        return driver.create({ idempotencyKey: op.idempotency_key, kind: resource.resource_kind, name: resource.name, parameters: op.parameters, tags: resource.tags as ResourceTags });
      case 'resize':
        return driver.resize({ idempotencyKey: op.idempotency_key, kind: resource.resource_kind, externalId: resource.external_id!, parameters: op.parameters, previous: resource.parameters });
      case 'retire':
        return driver.retire({ idempotencyKey: op.idempotency_key, kind: resource.resource_kind, externalId: resource.external_id! });
    }
  }

  private pollDelay(op: OperationRow, state: OperationState): number {
    if (state.retryAfterMs !== undefined && Number.isFinite(state.retryAfterMs)) return Math.min(Math.max(state.retryAfterMs, 10), 60_000);
    const running = op.started_at ? Date.now() - new Date(op.started_at).getTime() : 0;
    return Math.min(Math.max(running / 2, MIN_POLL_MS), MAX_POLL_MS);
  }

  private async attemptFailed(op: OperationRow, claimedUntil: Date, reason: string): Promise<void> {
    const attempts = op.attempts + 1;
    this.deps.ctx.log.warn({ operationId: op.id, kind: op.kind, resourceId: op.resource_id, attempts, error: reason }, 'cloud driver call failed');
    await this.db.transaction().execute(async (trx) => {
      const current = await repo.lockClaimedOperation(trx, op.id, claimedUntil);
      if (!current) return;
      if (attempts >= MAX_FAILED_ATTEMPTS) {
        await repo.updateOperation(trx, op.id, { attempts });
        await settleFailure(this.deps, trx, { ...current, attempts }, `The provider could not complete the request after ${attempts} attempts: ${reason}`);
        return;
      }
      await repo.updateOperation(trx, op.id, { attempts, error: reason, next_poll_at: new Date(Date.now() + 1000 * 2 ** (attempts - 1)) });
    });
  }
}
