/**
 * Demo data for the cloud service portal: providers with framework contracts and every department's
 * sub-contracts, the offerings of demo-cloud-catalog.ts with their rate cards, quotas and approval policies,
 * business systems, and orders that went through the real flow (cart → submit → approvals → provisioning on the
 * simulated driver). Their history is then moved back to August 2026 and metered hour by hour, so the bills,
 * showback and the IT centre's overview have three closed months and the current one. A few orders are left
 * waiting for approval (one of them overdue), so the approvals inbox and escalation show something too.
 */
import { sql } from 'kysely';
import type { Platform } from '../../app.js';
import { cliActor, type UserActor } from '../../platform/actor.js';
import { json } from '../../platform/db/database.js';
import type { Order } from '../cloud/index.js';
import { DEMO_OFFERINGS, DEMO_ORDERS, DEMO_PROVIDERS, DEMO_SYSTEMS, priceCut } from './demo-cloud-catalog.js';

/** The first day of the demo's cloud history (orders were placed then, resources ran from then on). */
const HISTORY_START = Date.parse('2026-08-03T09:00:00+08:00');
const HOUR = 3_600_000;

export interface DemoCloudReport {
  offerings: number;
  orders: number;
  resources: number;
  /** usage rows written for the history (one per resource and hour) */
  usageRows: number;
}

export async function seedDemoCloud(platform: Platform, say: (message: string) => void = () => {}): Promise<DemoCloudReport> {
  const db = platform.ctx.db;
  const departments = await platform.directory.service.listDepartments();
  const departmentByKey = new Map<string, string>();
  for (const user of await db.selectFrom('users').select(['username', 'department_id']).where('username', 'like', '%\\_admin').execute()) {
    if (user.department_id) departmentByKey.set(user.username.replace(/_admin$/, ''), user.department_id);
  }
  const dataadmin = await db.selectFrom('users').select('department_id').where('username', '=', 'dataadmin').executeTakeFirst();
  if (dataadmin?.department_id) departmentByKey.set('sjtcj', dataadmin.department_id);

  say('cloud providers and contracts');
  const providerIds = new Map<string, string>();
  const endpointIds = new Map<string, string>();
  for (const provider of DEMO_PROVIDERS) {
    const row = await db
      .insertInto('cloud_providers')
      .values({
        code: provider.code,
        name: provider.name,
        name_en: provider.nameEn,
        framework_contract_no: provider.contractNo,
        framework_valid_from: '2026-01-01',
        framework_valid_to: '2028-12-31',
        contact: provider.contact,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    providerIds.set(provider.code, row.id);
    const endpoint = await db
      .insertInto('cloud_provider_endpoints')
      .values({ provider_id: row.id, driver: 'simulated', settings: json({ latencyMs: provider.latencyMs }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    endpointIds.set(provider.code, endpoint.id);
    // Every department signs a sub-contract with the operator; the bigger ones with all three providers.
    const signers = provider.code === 'ctyun' ? departments : departments.filter((department) => [...departmentByKey.values()].includes(department.id));
    await db
      .insertInto('cloud_subcontracts')
      .values(
        signers.map((department) => ({
          provider_id: row.id,
          department_id: department.id,
          contract_no: `${provider.contractNo}-${department.shortCode}`,
          signed_on: '2026-01-15',
          valid_from: '2026-01-15',
          valid_to: '2028-12-31',
        })),
      )
      .execute();
  }

  say(`cloud offerings (${DEMO_OFFERINGS.length}) and rate cards`);
  const offeringIds = new Map<string, string>();
  for (const offering of DEMO_OFFERINGS) {
    const row = await db
      .insertInto('cloud_offerings')
      .values({
        code: offering.code,
        provider_id: providerIds.get(offering.provider)!,
        category: offering.category,
        resource_kind: offering.resourceKind,
        driver: 'simulated',
        name: offering.name,
        name_en: offering.nameEn,
        description: offering.description,
        description_en: offering.descriptionEn,
        parameters_schema: json(offering.schema),
        quota_map: json(offering.quotaMap),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    offeringIds.set(offering.code, row.id);
    await db
      .insertInto('cloud_rate_cards')
      .values({ offering_id: row.id, version: 1, effective_from: '2026-01-01T00:00:00+08:00', components: json(offering.components), note: '2026 年框架合同价格' })
      .execute();
    if (offering.priceCutFrom) {
      await db
        .insertInto('cloud_rate_cards')
        .values({ offering_id: row.id, version: 2, effective_from: offering.priceCutFrom, components: json(priceCut(offering.components)), note: '下半年降价 10%' })
        .execute();
    }
  }

  say('quotas and approval policies');
  const quota = { vcpu: 96, memory_gb: 384, storage_gb: 30_000, databases: 10, public_ips: 4, monthly_budget_fen: 8_000_000 } as const;
  for (const departmentId of new Set(departmentByKey.values())) {
    await db
      .insertInto('cloud_quotas')
      .values(Object.entries(quota).map(([dimension, limit]) => ({ department_id: departmentId, dimension: dimension as keyof typeof quota, quota_limit: limit })))
      .execute();
  }
  await db
    .insertInto('cloud_approval_policies')
    .values([
      {
        name: '默认：部门负责人 → 信息化服务中心',
        steps: json([
          { approver: 'dept_head', deadlineHours: 24, escalateTo: 'it_centre' },
          { approver: 'it_centre', deadlineHours: 24, escalateTo: null },
        ]),
        auto_approve_max_fen: null,
      },
      {
        name: '数据库：¥1,000/月以内自动审批',
        category: 'database',
        steps: json([
          { approver: 'dept_head', deadlineHours: 8, escalateTo: 'it_centre' },
          { approver: 'it_centre', deadlineHours: 16, escalateTo: null },
        ]),
        auto_approve_max_fen: 100_000,
      },
      {
        name: '缓存与消息队列：¥500/月以内自动审批',
        category: 'cache',
        steps: json([{ approver: 'dept_head', deadlineHours: 8, escalateTo: 'it_centre' }]),
        auto_approve_max_fen: 50_000,
      },
    ])
    .execute();

  say('business systems');
  const systems = new Map<string, string>();
  const cli = cliActor('seed');
  for (const system of DEMO_SYSTEMS) {
    const departmentId = departmentByKey.get(system.department);
    if (!departmentId) continue;
    const existing = await db.selectFrom('business_systems').select('id').where('code', '=', system.code).executeTakeFirst();
    const id = existing?.id ?? (await platform.directory.service.createBusinessSystem(cli, { departmentId, code: system.code, name: system.name, nameEn: system.nameEn })).id;
    systems.set(system.code, id);
  }

  say('cloud orders, approvals and provisioning');
  const actors = await demoActors(platform);
  const cloud = platform.cloud;
  const orders: Order[] = [];
  for (const demo of DEMO_ORDERS) {
    const systemId = systems.get(demo.system);
    const key = DEMO_SYSTEMS.find((system) => system.code === demo.system)!.department;
    const operator = actors.get(`${key}_op`);
    if (!systemId || !operator) continue;
    for (const item of demo.items) {
      await cloud.orders.addItem(operator, systemId, { offeringId: offeringIds.get(item.offering)!, name: item.name, parameters: item.parameters, leaseMonths: item.leaseMonths ?? null });
    }
    const cart = await cloud.orders.cart(operator, systemId);
    let order = await cloud.orders.submit(operator, cart.id, { purpose: `${DEMO_SYSTEMS.find((system) => system.code === demo.system)!.name}上云` });
    order = await approveAll(platform, order, actors, key);
    orders.push(order);
  }
  await provisionAll(platform);

  say('cloud history (metered hours since August)');
  const usageRows = await backdateAndMeter(platform, orders);

  say('orders waiting for approval');
  await pendingOrders(platform, actors, systems, offeringIds);

  const resources = await db.selectFrom('cloud_resources').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return { offerings: DEMO_OFFERINGS.length, orders: orders.length, resources: resources.n, usageRows };
}

/** The demo's people as actors of the services (their department and roles as the directory holds them). */
async function demoActors(platform: Platform): Promise<Map<string, UserActor>> {
  const rows = await platform.ctx.db
    .selectFrom('users as u')
    .leftJoin('user_roles as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.department_id', 'r.role'])
    .execute();
  const actors = new Map<string, UserActor>();
  for (const row of rows) {
    const actor = actors.get(row.username) ?? {
      kind: 'user' as const,
      userId: row.id,
      username: row.username,
      displayName: row.display_name,
      departmentId: row.department_id,
      roles: [],
      mustChangePassword: false,
    };
    if (row.role) actor.roles.push(row.role as UserActor['roles'][number]);
    actors.set(row.username, actor);
  }
  return actors;
}

/** Walks an order through its approval steps with the people each step names. */
async function approveAll(platform: Platform, order: Order, actors: Map<string, UserActor>, departmentKey: string): Promise<Order> {
  let current = order;
  for (let guard = 0; current.status === 'approving' && guard < 5; guard++) {
    const step = current.approvals.find((approval) => approval.status === 'pending');
    if (!step) break;
    const approver = step.approver === 'dept_head' ? actors.get(`${departmentKey}_admin`) ?? actors.get('dataadmin') : actors.get('dataadmin');
    if (!approver) break;
    current = await platform.cloud.orders.decide(approver, current.id, { decision: 'approve', reason: null });
  }
  return current;
}

/** Runs the provisioning worker until nothing is left in flight (the simulated driver takes a second or two). */
async function provisionAll(platform: Platform): Promise<void> {
  for (let round = 0; round < 120; round++) {
    await platform.cloud.provisioner.runDue();
    const open = await platform.ctx.db
      .selectFrom('cloud_operations')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow();
    if (open.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Moves the seeded orders and resources back to August (each order a few days after the previous one) and
 * meters every hour since, then builds the bills: what the platform would hold after running since then.
 */
async function backdateAndMeter(platform: Platform, orders: Order[]): Promise<number> {
  const db = platform.ctx.db;
  for (const [index, order] of orders.entries()) {
    const submitted = new Date(HISTORY_START + index * 3 * 24 * HOUR);
    const decided = new Date(submitted.getTime() + (order.autoApproved ? 0 : (3 + index) * HOUR));
    const ready = new Date(decided.getTime() + 90_000);
    await db.updateTable('cloud_orders').set({ created_at: submitted, submitted_at: submitted, decided_at: decided, completed_at: ready }).where('id', '=', order.id).execute();
    await db.updateTable('cloud_approvals').set({ decided_at: decided, due_at: new Date(submitted.getTime() + 24 * HOUR) }).where('order_id', '=', order.id).execute();
    await db.updateTable('cloud_order_items').set({ created_at: submitted, ready_at: ready }).where('order_id', '=', order.id).execute();
    const items = await db.selectFrom('cloud_order_items').select(['id', 'lease_months']).where('order_id', '=', order.id).execute();
    for (const item of items) {
      const leaseEnds = item.lease_months ? new Date(ready.getTime() + item.lease_months * 30 * 24 * HOUR) : null;
      await db.updateTable('cloud_resources').set({ created_at: submitted, ready_at: ready, lease_ends_at: leaseEnds }).where('order_item_id', '=', item.id).execute();
    }
  }

  // Every completed hour since the first resource was ready (the hourly job meters from here on).
  const now = Date.now();
  const lastHourEnd = Math.floor(now / HOUR) * HOUR;
  const rows = await platform.cloud.metering.backfill(new Date(HISTORY_START), new Date(lastHourEnd));
  for (const month of monthsBetween(HISTORY_START, now)) await platform.cloud.bills.generate(month);
  return rows;
}

/** Calendar months (Asia/Shanghai) from one instant to another, as YYYY-MM. */
function monthsBetween(from: number, to: number): string[] {
  const shanghai = (at: number) => new Date(at + 8 * HOUR);
  const months: string[] = [];
  const cursor = shanghai(from);
  cursor.setUTCDate(1);
  const end = shanghai(to);
  while (cursor.getUTCFullYear() < end.getUTCFullYear() || (cursor.getUTCFullYear() === end.getUTCFullYear() && cursor.getUTCMonth() <= end.getUTCMonth())) {
    months.push(`${cursor.getUTCFullYear()}-${String(cursor.getUTCMonth() + 1).padStart(2, '0')}`);
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}

/** Three orders still waiting: at a department head, at the IT centre, and one whose first step is overdue. */
async function pendingOrders(platform: Platform, actors: Map<string, UserActor>, systems: Map<string, string>, offeringIds: Map<string, string>): Promise<void> {
  const db = platform.ctx.db;
  const waiting: Array<{ user: string; system: string; offering: string; name: string; parameters: Record<string, unknown>; purpose: string; approveFirst?: string; overdueHours?: number }> = [
    { user: 'wjj_op', system: 'wjj-health-records', offering: 'evs-ssd', name: '健康档案扩容盘', parameters: { sizeGb: 2000 }, purpose: '健康档案影像增长，扩充存储' },
    { user: 'scj_op', system: 'scj-registration', offering: 'ecs-general', name: '商事登记压测服务器', parameters: { vcpu: 16, memoryGb: 32, diskGb: 100, os: 'kylin-v10' }, purpose: '年报高峰期扩容', approveFirst: 'scj_admin' },
    { user: 'jyj_op', system: 'jyj-enrolment', offering: 'waf', name: '招生网站防护', parameters: { domains: 1 }, purpose: '招生系统对外开放前安全加固', overdueHours: 30 },
  ];
  for (const order of waiting) {
    const actor = actors.get(order.user);
    const systemId = systems.get(order.system);
    if (!actor || !systemId) continue;
    await platform.cloud.orders.addItem(actor, systemId, { offeringId: offeringIds.get(order.offering)!, name: order.name, parameters: order.parameters });
    const cart = await platform.cloud.orders.cart(actor, systemId);
    const submitted = await platform.cloud.orders.submit(actor, cart.id, { purpose: order.purpose });
    if (order.approveFirst && actors.get(order.approveFirst)) {
      await platform.cloud.orders.decide(actors.get(order.approveFirst)!, submitted.id, { decision: 'approve', reason: null });
    }
    if (order.overdueHours) {
      const submittedAt = new Date(Date.now() - order.overdueHours * HOUR - 24 * HOUR);
      await db.updateTable('cloud_orders').set({ created_at: submittedAt, submitted_at: submittedAt }).where('id', '=', submitted.id).execute();
      await db
        .updateTable('cloud_approvals')
        .set({ due_at: new Date(Date.now() - order.overdueHours * HOUR) })
        .where('order_id', '=', submitted.id)
        .where('status', '=', 'pending')
        .execute();
    }
  }
}
