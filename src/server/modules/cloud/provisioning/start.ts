/**
 * An approved order handed to provisioning, inside the approval's transaction: per item a resource (status
 * provisioning, tagged, with its lease) and a queued create operation keyed by the item id, or for a resize item
 * a resize operation on its resource. An item that cannot be provisioned at all (no endpoint for the offering's
 * driver, a resized resource no longer active) fails at once with its reservation released.
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../../platform/db/database.js';
import { json } from '../../../platform/db/database.js';
import { conflict, notFound } from '../../../platform/errors.js';
import type { ResourceTags } from '../drivers/driver.js';
import { TAG_MANAGED_BY_VALUE } from '../drivers/driver.js';
import { PROVISIONER, type ProvisioningDeps } from './deps.js';
import { auditResource } from './presenter.js';
import * as repo from './repository.js';
import { failItem, finishOrderIfDone } from './settle.js';

type Deps = Pick<ProvisioningDeps, 'ctx' | 'notifier' | 'quotas'>;

/** The same day of the month n months on (the month's last day when that day does not exist there). */
export function addMonths(from: Date, months: number): Date {
  const result = new Date(from);
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export async function startOrder(deps: Deps, trx: Tx, orderId: string): Promise<void> {
  const order = await repo.lockOrder(trx, orderId);
  if (!order) throw notFound('cloud.order_not_found', 'No such order.');
  if (order.status !== 'approved') throw conflict('cloud.order_not_approved', `Only an approved order is provisioned (this one is ${order.status}).`);
  const labels = await repo.orderLabels(trx, orderId);
  const items = (await repo.itemsOfOrder(trx, orderId)).filter((item) => item.status === 'pending');
  await repo.updateOrder(trx, orderId, { status: 'provisioning' });

  for (const item of items) {
    if (item.action === 'resize') {
      const resource = item.resource_id ? await repo.lockResource(trx, item.resource_id) : undefined;
      if (!resource || resource.status !== 'active' || resource.department_id !== order.department_id) {
        await failItem(deps, trx, item, 'The resource to resize is no longer active.', item.resource_id);
        continue;
      }
      await repo.updateItem(trx, item.id, { status: 'provisioning' });
      await repo.updateResource(trx, resource.id, { status: 'resizing' });
      await repo.insertOperation(trx, {
        resource_id: resource.id, order_item_id: item.id, kind: 'resize', idempotency_key: item.id, status: 'queued', parameters: json(item.parameters),
      });
      await deps.ctx.audit.record(trx, {
        actor: PROVISIONER, action: 'cloud.resource.resize', targetType: 'cloud_resource', targetId: resource.id,
        before: auditResource(resource), after: { status: 'resizing', parameters: item.parameters, monthlyFen: Number(item.monthly_fen), orderId },
      });
      continue;
    }

    const where = await repo.offeringEndpoint(trx, item.offering_id);
    if (!where.endpoint_id) {
      await failItem(deps, trx, item, `The provider has no ${where.driver} endpoint configured; the IT centre must set it up.`, null);
      continue;
    }
    const resourceId = randomUUID();
    const tags: ResourceTags = {
      'managed-by': TAG_MANAGED_BY_VALUE,
      department: labels.short_code || order.department_id,
      'business-system': labels.system_code,
      order: order.number ?? order.id,
      'order-item': item.id,
      resource: resourceId,
    };
    const resource = await repo.insertResource(trx, {
      id: resourceId,
      order_item_id: item.id,
      department_id: order.department_id,
      business_system_id: order.business_system_id,
      provider_id: where.provider_id,
      offering_id: item.offering_id,
      endpoint_id: where.endpoint_id,
      driver: where.driver,
      resource_kind: where.resource_kind,
      name: item.name,
      status: 'provisioning',
      parameters: json(item.parameters),
      rate_card_id: item.rate_card_id,
      monthly_fen: Number(item.monthly_fen),
      quota_demand: json(item.quota_demand),
      tags: json(tags),
      lease_ends_at: item.lease_months ? addMonths(new Date(), item.lease_months) : null,
    });
    await repo.updateItem(trx, item.id, { status: 'provisioning', resource_id: resourceId });
    await repo.insertOperation(trx, {
      resource_id: resourceId, order_item_id: item.id, kind: 'create', idempotency_key: item.id, status: 'queued', parameters: json(item.parameters),
    });
    await deps.ctx.audit.record(trx, {
      actor: PROVISIONER, action: 'cloud.resource.create', targetType: 'cloud_resource', targetId: resourceId,
      after: { ...auditResource(resource), orderId, orderItemId: item.id, tags },
    });
  }
  await finishOrderIfDone(deps, trx, orderId);
}
