/**
 * Leases: warnings 30, 7 and 1 days before a resource's lease ends (each once, to the department's heads and the
 * person who ordered it), and retirement of resources whose lease has ended. A resource first seen inside a
 * shorter window (the server was off, or the lease was short) gets only the most urgent warning due, and the
 * longer ones count as sent. The conditional update that marks a warning sent makes it once-only across nodes.
 */
import { PROVISIONER, type ProvisioningDeps } from './deps.js';
import * as repo from './repository.js';

export const LEASE_WARNING_DAYS = [30, 7, 1] as const;

type Deps = Pick<ProvisioningDeps, 'ctx' | 'notifier'>;

export async function sendLeaseWarnings(deps: Deps, now: Date): Promise<number> {
  let warned = 0;
  // Most urgent first, so a resource inside several windows gets one warning (the nearest) and no more.
  for (const days of [...LEASE_WARNING_DAYS].sort((a, b) => a - b)) {
    const marks = LEASE_WARNING_DAYS.filter((threshold) => threshold >= days).sort((a, b) => b - a);
    for (const { id } of await repo.leasesToWarn(deps.ctx.db, now, days)) {
      const sent = await deps.ctx.db.transaction().execute(async (trx) => {
        const resource = await repo.markLeaseWarned(trx, id, marks);
        if (!resource) return false;
        const item = await repo.getItem(trx, resource.order_item_id);
        const order = item ? await repo.getOrder(trx, item.order_id) : undefined;
        const endsOn = new Date(resource.lease_ends_at!).toISOString().slice(0, 10);
        const note = {
          kind: 'cloud.lease.warning',
          title: `云资源租期将于${days}天内到期：${resource.name}`,
          titleEn: `Lease ends within ${days} day${days === 1 ? '' : 's'}: ${resource.name}`,
          body: `租期截止 ${endsOn}，到期后资源将自动退订；如需继续使用请续期。/ The lease ends on ${endsOn}; renew it to keep the resource.`,
          link: `/cloud/resources/${resource.id}`,
        };
        await deps.notifier.notify(trx, { ...note, to: { role: 'dept_admin', departmentId: resource.department_id } });
        if (order) await deps.notifier.notify(trx, { ...note, to: { userId: order.created_by } });
        await deps.ctx.audit.record(trx, { actor: PROVISIONER, action: 'cloud.resource.lease_warning', targetType: 'cloud_resource', targetId: resource.id, after: { days, leaseEndsAt: resource.lease_ends_at } });
        return true;
      });
      if (sent) warned++;
    }
  }
  return warned;
}
