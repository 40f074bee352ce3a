/**
 * Webhook subscriptions: create (secret generated or given, sealed, shown once), list, read, pause, resume
 * (also revives a dead one), delete, and the delivery log. Every change is audited in its transaction.
 */
import { randomUUID } from 'node:crypto';
import { actorLabel, type Actor } from '../../../platform/actor.js';
import type { AppContext } from '../../../platform/context.js';
import { conflict, forbidden, notFound, validationFailed } from '../../../platform/errors.js';
import type { SecretBox } from '../../../platform/secret-box.js';
import type { StoreRegistry } from '../index.js';
import { mayCreate, mayManage, listScope } from './policy.js';
import { auditSubscription, presentDelivery, presentSubscription } from './presenter.js';
import * as repo from './repository.js';
import type { CreatedSubscriptionView, DeliveryView, SubscriptionCreate, SubscriptionView } from './schema.js';
import { generateSecret, signatureAlgorithm } from './signature.js';

export interface SubscriptionDeps {
  ctx: Pick<AppContext, 'db' | 'audit' | 'crypto'>;
  secrets: SecretBox;
  stores: Pick<StoreRegistry, 'find'>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TARGET = 'exchange_subscription';
const subscriptionNotFound = () => notFound('exchange.subscription_not_found', 'No such subscription, or it is not yours to see.');

export const isGrantActive = (grant: { status: string; expires_at: Date | string }, now = new Date()): boolean =>
  grant.status === 'active' && new Date(grant.expires_at).getTime() > now.getTime();

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw validationFailed([{ pointer: '/url', code: 'exchange.invalid_webhook_url', message: 'Not a URL.' }]);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw validationFailed([{ pointer: '/url', code: 'exchange.invalid_webhook_url', message: 'Only http:// and https:// URLs receive webhooks.' }]);
  }
  if (parsed.username || parsed.password) {
    throw validationFailed([{ pointer: '/url', code: 'exchange.invalid_webhook_url', message: 'Put no credentials in the URL; requests are signed.' }]);
  }
}

export class SubscriptionService {
  constructor(private readonly deps: SubscriptionDeps) {}

  async create(actor: Actor, input: SubscriptionCreate): Promise<CreatedSubscriptionView> {
    checkUrl(input.url);
    const { db } = this.deps.ctx;
    const grant = await repo.grantById(db, input.grantId);
    if (!grant) throw notFound('exchange.grant_not_found', 'No such grant, or it is not yours to see.');
    const parties = { systemId: grant.system_id, departmentId: grant.department_id };
    if (!mayCreate(actor, parties)) {
      if (mayManage(actor, parties)) throw forbidden('Only the consuming system or its department subscribes to a grant.', 'exchange.subscription_forbidden');
      throw notFound('exchange.grant_not_found', 'No such grant, or it is not yours to see.');
    }
    if (!isGrantActive(grant)) throw conflict('exchange.grant_not_active', 'The grant is revoked or expired.');
    const store = await this.deps.stores.find(grant.resource_code);
    const cursor = input.fromStart ? 0 : (store?.lastChangeSeq ?? 0);
    const secret = input.secret ?? generateSecret();
    const id = randomUUID();
    await db.transaction().execute(async (trx) => {
      const row = {
        id, grant_id: grant.id, url: input.url, secret_encrypted: this.deps.secrets.seal(secret), cursor,
        batch_size: input.batchSize ?? 100, created_by: actorLabel(actor).id,
      };
      await repo.insertSubscription(trx, row);
      await this.deps.ctx.audit.record(trx, {
        actor, action: 'exchange.subscription.create', targetType: TARGET, targetId: id, after: auditSubscription({ ...row, status: 'active' }),
      });
    });
    const view = await this.view(id);
    return { ...view, secret, signatureAlgorithm: signatureAlgorithm(this.deps.ctx.crypto.mode) };
  }

  async list(actor: Actor, filter: { grantId?: string; status?: string }): Promise<{ items: SubscriptionView[] }> {
    const scope = listScope(actor);
    if (!scope) throw forbidden();
    const rows = await repo.listSubscriptions(this.deps.ctx.db, scope, filter);
    return { items: rows.map(presentSubscription) };
  }

  async get(actor: Actor, id: string): Promise<SubscriptionView> {
    return presentSubscription(await this.readable(actor, id));
  }

  async pause(actor: Actor, id: string): Promise<SubscriptionView> {
    return this.transition(actor, id, 'pause');
  }

  async resume(actor: Actor, id: string): Promise<SubscriptionView> {
    return this.transition(actor, id, 'resume');
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const current = await this.readable(actor, id);
    await this.deps.ctx.db.transaction().execute(async (trx) => {
      if (!(await repo.lockSubscription(trx, id))) throw subscriptionNotFound();
      await repo.deleteSubscription(trx, id);
      await this.deps.ctx.audit.record(trx, { actor, action: 'exchange.subscription.delete', targetType: TARGET, targetId: id, before: auditSubscription(current) });
    });
  }

  async deliveries(actor: Actor, id: string, query: { page?: number; pageSize?: number }): Promise<{ items: DeliveryView[]; total: number; page: number; pageSize: number }> {
    await this.readable(actor, id);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { items, total } = await repo.listDeliveries(this.deps.ctx.db, id, page, pageSize);
    return { items: items.map(presentDelivery), total, page, pageSize };
  }

  private async view(id: string): Promise<SubscriptionView> {
    const row = await repo.subscriptionById(this.deps.ctx.db, id);
    if (!row) throw subscriptionNotFound();
    return presentSubscription(row);
  }

  private async readable(actor: Actor, id: string): Promise<repo.SubscriptionWithGrant> {
    const row = UUID.test(id) ? await repo.subscriptionById(this.deps.ctx.db, id) : undefined;
    if (!row || !mayManage(actor, { systemId: row.system_id, departmentId: row.department_id })) throw subscriptionNotFound();
    return row;
  }

  private async transition(actor: Actor, id: string, action: 'pause' | 'resume'): Promise<SubscriptionView> {
    await this.readable(actor, id);
    await this.deps.ctx.db.transaction().execute(async (trx) => {
      const locked = await repo.lockSubscription(trx, id);
      if (!locked) throw subscriptionNotFound();
      if (action === 'pause') {
        if (locked.status === 'paused') return;
        await repo.setStatus(trx, id, 'paused');
      } else {
        const grant = await repo.grantById(trx, locked.grant_id);
        if (!grant || !isGrantActive(grant)) throw conflict('exchange.grant_not_active', 'The grant is revoked or expired; the subscription cannot resume.');
        if (locked.status === 'active') return;
        await repo.setStatus(trx, id, 'active', { resetAttempts: true, lastError: null });
      }
      await this.deps.ctx.audit.record(trx, {
        actor, action: `exchange.subscription.${action}`, targetType: TARGET, targetId: id,
        before: { status: locked.status, attempts: locked.attempts }, after: { status: action === 'pause' ? 'paused' : 'active' },
      });
    });
    return this.view(id);
  }
}
