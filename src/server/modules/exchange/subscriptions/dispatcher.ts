/**
 * The webhook dispatcher. Wakes on storeChanged (this node) and polls (other nodes' loads), claims one due
 * subscription at a time with FOR UPDATE SKIP LOCKED plus a lease, reads the next batch after its cursor through
 * the grant, POSTs it signed, and records the attempt. The cursor moves only after a 2xx, in the same
 * transaction as the delivery row: at-least-once, in order (one delivery in flight per subscription).
 */
import { cliActor } from '../../../platform/actor.js';
import type { AppContext } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { SecretBoxError, type SecretBox } from '../../../platform/secret-box.js';
import type { AccessLogWriter, GrantInfo, MaskRule, RowCondition, StoreRegistry } from '../index.js';
import { readChanges } from './changes.js';
import * as repo from './repository.js';
import { isGrantActive } from './service.js';
import { ALGORITHM_HEADER, backoffSeconds, DELIVERY_HEADER, SIGNATURE_HEADER, signatureAlgorithm, signatureHeader } from './signature.js';

/** Attempts in a row before a subscription is dead (its dead letter is the last delivery row). */
export const DEFAULT_MAX_ATTEMPTS = 15;
export const DEFAULT_POLL_MS = 2000;
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface DispatcherOptions {
  maxAttempts?: number;
  pollMs?: number;
  timeoutMs?: number;
  /** How long a claim keeps other nodes away (longer than the request timeout). */
  leaseSeconds?: number;
  random?: () => number;
}

export interface DispatcherDeps {
  ctx: Pick<AppContext, 'db' | 'crypto' | 'log'>;
  secrets: SecretBox;
  stores: Pick<StoreRegistry, 'find'>;
  accessLog: Pick<AccessLogWriter, 'append'>;
}

export interface DrainOptions {
  /** Treat every active subscription with work as due, ignoring the backoff schedule (tests). */
  ignoreSchedule?: boolean;
}

export interface DrainResult {
  delivered: number;
  failed: number;
  paused: number;
}

const DISPATCHER = cliActor('webhook-dispatcher');

function grantInfo(row: repo.GrantRow): GrantInfo {
  const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: row.id,
    resourceId: row.resource_id,
    resourceCode: row.resource_code,
    systemId: row.system_id,
    departmentId: row.department_id,
    requestId: row.request_id,
    fields: row.fields,
    rowScope: (row.row_scope as RowCondition[] | null) ?? null,
    masking: (row.masking ?? {}) as Record<string, MaskRule>,
    rateLimitPerMinute: row.rate_limit_per_minute,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    status: row.status,
    expiresAt: iso(row.expires_at)!,
    revokedAt: iso(row.revoked_at),
    createdAt: iso(row.created_at)!,
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timeout';
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`.slice(0, 500);
    return error.message.slice(0, 500);
  }
  return String(error).slice(0, 500);
}

export class WebhookDispatcher {
  private readonly maxAttempts: number;
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private readonly leaseSeconds: number;
  private readonly random: () => number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DrainResult> | null = null;
  private again = false;
  private stopped = true;
  private closing = false;

  constructor(private readonly deps: DispatcherDeps, options: DispatcherOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.leaseSeconds = options.leaseSeconds ?? Math.ceil(this.timeoutMs / 1000) * 3 + 30;
    this.random = options.random ?? Math.random;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.closing = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** A change was stored on this node: look now instead of at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, delayMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.drain();
    } catch (error) {
      this.deps.ctx.log.error({ err: error }, 'webhook dispatcher failed');
    }
    if (this.stopped) return;
    const rerun = this.again;
    this.again = false;
    this.schedule(rerun ? 0 : this.pollMs);
  }

  /**
   * Delivers until no subscription is due. Each subscription is attempted at most once per failure in one drain,
   * so a receiver that is down costs one attempt, not a loop.
   */
  drain(options: DrainOptions = {}): Promise<DrainResult> {
    if (this.running) return this.running.then(() => this.drain(options));
    this.running = this.drainLoop(options).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drainLoop(options: DrainOptions): Promise<DrainResult> {
    const result: DrainResult = { delivered: 0, failed: 0, paused: 0 };
    // Subscriptions not to claim again in this drain: failed, paused, or nothing to do after all.
    const done: string[] = [];
    while (!this.closing) {
      const id = await this.deps.ctx.db.transaction().execute((trx) =>
        repo.claimDue(trx, { leaseSeconds: this.leaseSeconds, ignoreSchedule: options.ignoreSchedule ?? false, exclude: done }),
      );
      if (!id) break;
      const outcome = await this.process(id).catch((error) => {
        this.deps.ctx.log.error({ err: error, subscriptionId: id }, 'webhook delivery failed unexpectedly');
        return 'error' as const;
      });
      if (outcome === 'delivered') result.delivered++;
      else if (outcome === 'failed') result.failed++;
      else if (outcome === 'paused') result.paused++;
      if (outcome !== 'delivered' && outcome !== 'skipped') done.push(id);
    }
    return result;
  }

  /** delivered / failed: a request was made; skipped: the batch was all outside the row scope; idle: nothing to do. */
  private async process(id: string): Promise<'delivered' | 'failed' | 'paused' | 'skipped' | 'idle'> {
    const { db } = this.deps.ctx;
    const subscription = await repo.subscriptionById(db, id);
    if (!subscription) return 'idle';
    const grantRow = await repo.grantById(db, subscription.grant_id);
    if (!grantRow || !isGrantActive(grantRow)) {
      const why = !grantRow ? 'grant missing' : grantRow.status === 'revoked' ? `grant revoked${grantRow.revoke_reason ? `: ${grantRow.revoke_reason}` : ''}` : 'grant expired';
      await repo.setStatus(db, id, 'paused', { lastError: `Paused: ${why}` });
      this.deps.ctx.log.info({ subscriptionId: id, grantId: subscription.grant_id }, `webhook subscription paused: ${why}`);
      return 'paused';
    }
    const grant = grantInfo(grantRow);
    const store = await this.deps.stores.find(grant.resourceCode);
    if (!store) {
      await repo.release(db, id);
      return 'idle';
    }
    const cursor = Number(subscription.cursor);
    let page: Awaited<ReturnType<typeof readChanges>>;
    let secret: string;
    try {
      page = await readChanges(db, store, grant, cursor, subscription.batch_size);
      secret = this.deps.secrets.open(subscription.secret_encrypted);
    } catch (error) {
      // Not transient: a row scope that no longer fits the store, a secret sealed under another key.
      if (!(error instanceof DomainError) && !(error instanceof SecretBoxError)) throw error;
      await repo.setStatus(db, id, 'paused', { lastError: `Paused: ${error.message}`.slice(0, 500) });
      this.deps.ctx.log.warn({ err: error, subscriptionId: id }, 'webhook subscription paused');
      return 'paused';
    }
    if (page.scanned === 0) {
      await repo.release(db, id);
      return 'idle';
    }
    if (page.changes.length === 0) {
      // Everything in this batch is outside the grant's row scope: move past it without a request.
      await repo.advance(db, id, page.next);
      return 'skipped';
    }

    const deliveryId = await repo.nextDeliveryId(db);
    const body = JSON.stringify({ subscriptionId: id, resourceCode: grant.resourceCode, changes: page.changes, cursor: page.next });
    const t = Math.floor(Date.now() / 1000);
    const started = performance.now();
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(subscription.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Zhongshu-Webhook/1',
          [SIGNATURE_HEADER]: signatureHeader(this.deps.ctx.crypto.hmacHex, secret, body, t),
          [ALGORITHM_HEADER]: signatureAlgorithm(this.deps.ctx.crypto.mode),
          [DELIVERY_HEADER]: String(deliveryId),
        },
        body,
      });
      httpStatus = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (httpStatus < 200 || httpStatus > 299) error = `HTTP ${httpStatus}`;
    } catch (caught) {
      error = describeError(caught);
    }
    const durationMs = Math.round(performance.now() - started);
    const ok = error === null;
    const attempt = subscription.attempts + 1;
    const dead = !ok && attempt >= this.maxAttempts;
    const delivery = {
      id: deliveryId, subscription_id: id, seq_from: page.changes[0].seq, seq_to: page.next, change_count: page.changes.length,
      attempt, status: ok ? ('delivered' as const) : dead ? ('dead' as const) : ('failed' as const), http_status: httpStatus, error, duration_ms: durationMs,
    };
    await db.transaction().execute(async (trx) => {
      const exists = ok
        ? await repo.advance(trx, id, page.next)
        : await repo.recordFailure(trx, id, { attempts: attempt, dead, delaySeconds: backoffSeconds(attempt, this.random), error: error! });
      if (exists) await repo.insertDelivery(trx, delivery);
    });
    await this.deps.accessLog.append({
      actor: DISPATCHER, systemId: grant.systemId, departmentId: grant.departmentId, grantId: grant.id, resourceCode: grant.resourceCode,
      operation: 'webhook', purpose: grant.purpose, filter: { subscriptionId: id, deliveryId, after: cursor, cursor: page.next },
      fields: grant.fields, recordCount: page.changes.length, result: ok ? 'success' : 'error', statusCode: httpStatus ?? 0, requestId: null,
    });
    if (dead) this.deps.ctx.log.warn({ subscriptionId: id, error }, 'webhook subscription is dead after its last attempt');
    return ok ? 'delivered' : 'failed';
  }
}
