/**
 * The state changes that end a driver operation, each inside one transaction with the quota movement, the order
 * item and order, the notification and the audit entry it causes:
 *   create  succeeded → resource active (credentials sealed), item ready, quota committed
 *           failed    → resource failed, item failed with the reason, reservation released
 *   resize  succeeded → resource active with the new parameters and price, item ready, difference committed
 *           failed    → resource active as it was, item failed with the reason, reservation released
 *   retire  succeeded → resource retired, committed quota released
 *           failed    → resource active again with the reason (it still exists and still costs)
 * When no item of an order is left provisioning the order ends completed, partially_failed or failed.
 */
import type { Tx } from '../../../platform/db/database.js';
import { json } from '../../../platform/db/database.js';
import type { OperationState } from '../drivers/driver.js';
import { addDemand, positivePart, PROVISIONER, type ProvisioningDeps } from './deps.js';
import { auditResource } from './presenter.js';
import * as repo from './repository.js';
import type { OperationRow, OrderItemRow, ResourceRow } from './repository.js';

type Deps = Pick<ProvisioningDeps, 'ctx' | 'notifier' | 'quotas'>;

const resourceLink = (id: string) => `/cloud/resources/${id}`;
const orderLink = (id: string) => `/cloud/orders/${id}`;

async function lockedResource(trx: Tx, id: string): Promise<ResourceRow> {
  const resource = await repo.lockResource(trx, id);
  if (!resource) throw new Error(`resource ${id} of an operation is gone`);
  return resource;
}

export async function settleSuccess(deps: Deps, trx: Tx, op: OperationRow, state: OperationState): Promise<void> {
  const { ctx, notifier, quotas } = deps;
  await repo.updateOperation(trx, op.id, { status: 'succeeded', driver_ref: state.ref, finished_at: new Date(), error: null });
  const resource = await lockedResource(trx, op.resource_id);
  const credentials = state.credentials && Object.keys(state.credentials).length > 0 ? ctx.secrets.seal(JSON.stringify(state.credentials)) : null;

  if (op.kind === 'retire') {
    await repo.updateResource(trx, resource.id, { status: 'retired', retired_at: new Date(), failure_reason: null });
    await quotas.release(trx, resource.department_id, resource.quota_demand, 'committed');
    await ctx.audit.record(trx, { actor: PROVISIONER, action: 'cloud.resource.retired', targetType: 'cloud_resource', targetId: resource.id, before: auditResource(resource), after: { status: 'retired' } });
    const order = await orderOfItem(trx, resource.order_item_id);
    const note = { kind: 'cloud.resource.retired', title: `云资源已退订：${resource.name}`, titleEn: `Cloud resource retired: ${resource.name}`, link: resourceLink(resource.id) };
    await notifier.notify(trx, { ...note, to: { role: 'dept_admin', departmentId: resource.department_id } });
    if (order) await notifier.notify(trx, { ...note, to: { userId: order.created_by } });
    return;
  }

  const item = await requireItem(trx, op.order_item_id);
  if (op.kind === 'create') {
    await repo.updateResource(trx, resource.id, {
      status: 'active',
      external_id: state.externalId ?? state.ref,
      endpoint_info: json(state.endpointInfo ?? {}),
      credentials_sealed: credentials,
      ready_at: new Date(),
      failure_reason: null,
    });
    await quotas.commit(trx, resource.department_id, item.quota_demand);
  } else {
    await repo.updateResource(trx, resource.id, {
      status: 'active',
      parameters: json(op.parameters),
      monthly_fen: Number(item.monthly_fen),
      rate_card_id: item.rate_card_id,
      quota_demand: json(addDemand(resource.quota_demand, item.quota_demand)),
      ...(state.endpointInfo ? { endpoint_info: json({ ...resource.endpoint_info, ...state.endpointInfo }) } : {}),
      // rotated by the resize: the new ones may be shown once again
      ...(credentials ? { credentials_sealed: credentials, credentials_revealed_at: null, credentials_revealed_by: null } : {}),
      failure_reason: null,
    });
    await quotas.commit(trx, resource.department_id, item.quota_demand);
  }
  await repo.updateItem(trx, item.id, { status: 'ready', ready_at: new Date(), failure_reason: null });
  await ctx.audit.record(trx, {
    actor: PROVISIONER, action: op.kind === 'create' ? 'cloud.resource.ready' : 'cloud.resource.resized', targetType: 'cloud_resource', targetId: resource.id,
    before: auditResource(resource), after: { status: 'active', externalId: state.externalId ?? state.ref, parameters: op.parameters, credentialsSealed: credentials !== null },
  });
  const order = await repo.getOrder(trx, item.order_id);
  await notifier.notify(trx, {
    to: { userId: order!.created_by },
    kind: 'cloud.resource.ready',
    title: op.kind === 'create' ? `云资源已就绪：${resource.name}` : `云资源变更完成：${resource.name}`,
    titleEn: op.kind === 'create' ? `Cloud resource ready: ${resource.name}` : `Cloud resource resized: ${resource.name}`,
    body: op.kind === 'create' && credentials ? '连接凭据仅可查看一次，请及时保存。' : '',
    link: resourceLink(resource.id),
  });
  await finishOrderIfDone(deps, trx, item.order_id);
}

export async function settleFailure(deps: Deps, trx: Tx, op: OperationRow, reason: string): Promise<void> {
  const { ctx, notifier } = deps;
  await repo.updateOperation(trx, op.id, { status: 'failed', finished_at: new Date(), error: reason });
  const resource = await lockedResource(trx, op.resource_id);

  if (op.kind === 'retire') {
    await repo.updateResource(trx, resource.id, { status: 'active', failure_reason: `退订失败 / retirement failed: ${reason}` });
    await ctx.audit.record(trx, { actor: PROVISIONER, action: 'cloud.resource.retire_failed', targetType: 'cloud_resource', targetId: resource.id, after: { status: 'active', reason }, result: 'failure' });
    await notifier.notify(trx, {
      to: { role: 'dept_admin', departmentId: resource.department_id }, kind: 'cloud.resource.failed',
      title: `云资源退订失败：${resource.name}`, titleEn: `Retirement failed: ${resource.name}`, body: reason, link: resourceLink(resource.id),
    });
    return;
  }

  const item = await requireItem(trx, op.order_item_id);
  if (op.kind === 'create') {
    await repo.updateResource(trx, resource.id, { status: 'failed', failure_reason: reason });
  } else {
    await repo.updateResource(trx, resource.id, { status: 'active', failure_reason: `变更失败 / resize failed: ${reason}` });
  }
  await ctx.audit.record(trx, {
    actor: PROVISIONER, action: op.kind === 'create' ? 'cloud.resource.failed' : 'cloud.resource.resize_failed', targetType: 'cloud_resource', targetId: resource.id,
    before: auditResource(resource), after: { status: op.kind === 'create' ? 'failed' : 'active', reason }, result: 'failure',
  });
  await failItem(deps, trx, item, reason, resource.id);
}

/** An item that will not be provisioned: failed with the reason, its reservation given back, the orderer told. */
export async function failItem(deps: Deps, trx: Tx, item: OrderItemRow, reason: string, resourceId: string | null): Promise<void> {
  await repo.updateItem(trx, item.id, { status: 'failed', failure_reason: reason });
  const order = await repo.getOrder(trx, item.order_id);
  await deps.quotas.release(trx, order!.department_id, positivePart(item.quota_demand), 'reserved');
  await deps.notifier.notify(trx, {
    to: { userId: order!.created_by },
    kind: 'cloud.resource.failed',
    title: `云资源开通失败：${item.name}`,
    titleEn: `Provisioning failed: ${item.name}`,
    body: reason,
    link: resourceId ? resourceLink(resourceId) : orderLink(item.order_id),
  });
  await finishOrderIfDone(deps, trx, item.order_id);
}

/** The order's end once no item is left provisioning: completed, partially_failed or failed. */
export async function finishOrderIfDone(deps: Pick<Deps, 'ctx'>, trx: Tx, orderId: string): Promise<void> {
  const order = await repo.lockOrder(trx, orderId);
  if (!order || (order.status !== 'provisioning' && order.status !== 'approved')) return;
  const items = (await repo.itemsOfOrder(trx, orderId)).filter((item) => item.status !== 'cancelled');
  if (items.some((item) => item.status === 'provisioning' || item.status === 'pending')) return;
  const ready = items.filter((item) => item.status === 'ready').length;
  const status = ready === items.length ? 'completed' : ready === 0 ? 'failed' : 'partially_failed';
  await repo.updateOrder(trx, orderId, { status, completed_at: new Date() });
  await deps.ctx.audit.record(trx, {
    actor: PROVISIONER, action: 'cloud.order.provisioned', targetType: 'cloud_order', targetId: orderId,
    before: { status: order.status }, after: { status, ready, failed: items.length - ready },
  });
}

async function requireItem(trx: Tx, id: string | null): Promise<OrderItemRow> {
  const item = id ? await repo.getItem(trx, id) : undefined;
  if (!item) throw new Error('the order item of an operation is gone');
  return item;
}

async function orderOfItem(trx: Tx, itemId: string) {
  const item = await repo.getItem(trx, itemId);
  return item ? repo.getOrder(trx, item.order_id) : undefined;
}
