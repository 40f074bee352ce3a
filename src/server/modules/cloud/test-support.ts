/**
 * The whole cloud portal on a test platform, every part real: the basic directory (two departments, one user per
 * role), a business system per department, a provider with a simulated endpoint (no latency) and sub-contracts
 * for both departments, and what a test adds: offerings with a rate card, quotas, approval policies.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createPlatform } from '../../app.js';
import { cliActor, type UserActor } from '../../platform/actor.js';
import { testConfig } from '../../platform/config.js';
import { json } from '../../platform/db/database.js';
import type { CloudCategory, CloudDriverKind, QuotaDimension, RateComponentRecord } from '../../platform/db/schema.js';
import { createTestDatabase } from '../../platform/db/testing.js';
import { REDACTED_PATHS } from '../../platform/logger.js';
import { seedBasicDirectory, TEST_PASSWORD, type BasicDirectory, type HttpSession, type TestPlatform } from '../../testing/harness.js';
import type { CloudOptions } from './parts.js';

export interface CloudTestbed {
  t: TestPlatform;
  directory: BasicDirectory;
  providerId: string;
  systems: { own: string; other: string };
  /** Every log line the platform wrote (at trace level), to check what never reaches a log. */
  logLines: string[];
  actor(username: string): Promise<UserActor>;
  /** An endpoint of the provider for a driver (settings and secrets as the catalog stores them). */
  endpoint(driver: CloudDriverKind, settings: Record<string, unknown>, secrets?: Record<string, string>): Promise<string>;
  offering(input: { code: string; category?: CloudCategory; driver?: CloudDriverKind; kind?: string; schema?: Record<string, unknown>; quotaMap?: Record<string, string | number>; components?: RateComponentRecord[] }): Promise<string>;
  quota(departmentId: string, dimension: QuotaDimension, limit: number, committed?: number): Promise<void>;
  policy(input: { category?: CloudCategory | null; steps: Array<{ approver: 'dept_head' | 'it_centre'; deadlineHours?: number; escalateTo?: 'it_centre' | 'system_admin' | null }>; autoApproveMaxFen?: number | null }): Promise<void>;
  /** Runs the provisioning worker until nothing is in flight. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** A vCPU offering: 100 元 per vCPU a month, 2 vCPU by default; its quota demand is vcpu and one database. */
export const VCPU_SCHEMA = { type: 'object', properties: { vcpu: { type: 'integer', minimum: 1, maximum: 64, default: 2 } }, required: ['vcpu'] };
export const VCPU_PRICE: RateComponentRecord[] = [{ code: 'vcpu', name: 'vCPU', type: 'per_unit', parameter: 'vcpu', unit: '核', priceFen: 10_000 }];

export async function createCloudTestbed(options: CloudOptions = {}): Promise<CloudTestbed> {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  const database = await createTestDatabase();
  const platform = await createPlatform(testConfig(), { database, worker: false, logger, cloud: options });
  await platform.http.ready();
  const inject: TestPlatform['inject'] = (request) => platform.http.inject(request);
  const t: TestPlatform = {
    platform,
    inject,
    async login(username, password = TEST_PASSWORD) {
      const response = await inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
      if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode}`);
      const cookie = `zs_session=${response.cookies.find((c) => c.name === 'zs_session')!.value}`;
      const csrfToken = response.json().csrfToken as string;
      const send = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
        inject({ method, url, headers: { cookie, 'x-csrf-token': csrfToken }, ...(payload === undefined ? {} : { payload: payload as object }) });
      const session: HttpSession = {
        username,
        csrfToken,
        cookie,
        get: (url, query) => inject({ method: 'GET', url, query, headers: { cookie } }),
        post: (url, body) => send('POST', url, body ?? {}),
        put: (url, body) => send('PUT', url, body ?? {}),
        patch: (url, body) => send('PATCH', url, body ?? {}),
        delete: (url) => send('DELETE', url),
        inject: (request) => inject({ ...request, headers: { cookie, 'x-csrf-token': csrfToken, ...(request.headers ?? {}) } }),
      };
      return session;
    },
    close: () => platform.close(),
  };
  const directory = await seedBasicDirectory(platform);
  const db = platform.ctx.db;
  const cli = cliActor('test');
  const systems = {
    own: (await platform.directory.service.createBusinessSystem(cli, { departmentId: directory.departments.own, code: 'own-licensing', name: '许可审批系统' })).id,
    other: (await platform.directory.service.createBusinessSystem(cli, { departmentId: directory.departments.other, code: 'other-relief', name: '救助系统' })).id,
  };
  const provider = await db
    .insertInto('cloud_providers')
    .values({ code: 'test-cloud', name: '测试政务云', framework_contract_no: 'FW-T', framework_valid_from: '2020-01-01', framework_valid_to: '2099-12-31' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const endpoint = async (driver: CloudDriverKind, settings: Record<string, unknown>, secrets: Record<string, string> = {}) => {
    const sealed = Object.keys(secrets).length ? platform.ctx.secrets.seal(JSON.stringify(secrets)) : null;
    const row = await db
      .insertInto('cloud_provider_endpoints')
      .values({ provider_id: provider.id, driver, settings: json(settings), secrets_sealed: sealed })
      .onConflict((conflict) => conflict.columns(['provider_id', 'driver']).doUpdateSet({ settings: json(settings), secrets_sealed: sealed }))
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  await endpoint('simulated', { latencyMs: 0 });
  for (const departmentId of [directory.departments.own, directory.departments.other]) {
    await db
      .insertInto('cloud_subcontracts')
      .values({ provider_id: provider.id, department_id: departmentId, contract_no: `SC-${departmentId.slice(0, 8)}`, signed_on: '2020-01-01', valid_from: '2020-01-01', valid_to: '2099-12-31' })
      .execute();
  }

  return {
    t,
    directory,
    providerId: provider.id,
    systems,
    logLines,
    async actor(username) {
      const user = (await platform.directory.service.findUserByUsername(username))!;
      return { kind: 'user', userId: user.id, username, displayName: username, departmentId: user.departmentId, roles: user.roles, mustChangePassword: false };
    },
    endpoint,
    async offering(input) {
      const row = await db
        .insertInto('cloud_offerings')
        .values({
          code: input.code,
          provider_id: provider.id,
          category: input.category ?? 'database',
          resource_kind: input.kind ?? 'postgresql_database',
          driver: input.driver ?? 'simulated',
          name: input.code,
          parameters_schema: json(input.schema ?? VCPU_SCHEMA),
          quota_map: json(input.quotaMap ?? { vcpu: 'vcpu', databases: 1 }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('cloud_rate_cards')
        .values({ offering_id: row.id, version: 1, effective_from: '2020-01-01T00:00:00Z', components: json(input.components ?? VCPU_PRICE) })
        .execute();
      return row.id;
    },
    async quota(departmentId, dimension, limit, committed = 0) {
      await db
        .insertInto('cloud_quotas')
        .values({ department_id: departmentId, dimension, quota_limit: limit, committed })
        .onConflict((conflict) => conflict.columns(['department_id', 'dimension']).doUpdateSet({ quota_limit: limit, committed }))
        .execute();
    },
    async policy(input) {
      await db
        .insertInto('cloud_approval_policies')
        .values({
          name: `policy ${input.category ?? 'all'}`,
          category: input.category ?? null,
          steps: json(input.steps.map((step) => ({ approver: step.approver, deadlineHours: step.deadlineHours ?? 24, escalateTo: step.escalateTo ?? null }))),
          auto_approve_max_fen: input.autoApproveMaxFen ?? null,
        })
        .execute();
    },
    async settle() {
      for (let round = 0; round < 400; round++) {
        await platform.cloud.provisioner.runDue();
        const open = await db.selectFrom('cloud_operations').select('id').where('status', 'in', ['queued', 'running']).execute();
        if (open.length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('provisioning did not settle');
    },
    close: () => platform.close(),
  };
}
