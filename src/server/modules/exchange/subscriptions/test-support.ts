/**
 * Fixtures for the subscription tests: grants written straight into exchange_grants (precise fields, masking and
 * row scope), record loads, a second subscriptions part on the same platform (as another node would run the
 * dispatcher), and a real webhook receiver on 127.0.0.1 that can go down and come back on the same port.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cliActor } from '../../../platform/actor.js';
import { json } from '../../../platform/db/database.js';
import { citizenIdCheckChar } from '../../../platform/identifiers.js';
import type { MaskRule, RawRecord, RowCondition } from '../index.js';
import type { ExchangeParts } from '../parts.js';
import { VALID_CREDIT_CODES, type ExchangeTestbed } from '../test-support.js';
import type { DispatcherOptions } from './dispatcher.js';
import { createSubscriptionsPart } from './part.js';

export const PURPOSE_TEXT = '低保资格核验';
/** Non-ASCII X-Purpose values travel percent-encoded. */
export const PURPOSE = { 'x-purpose': encodeURIComponent(PURPOSE_TEXT) };

/** A valid 18-digit citizen id numbered n. */
export function citizenId(n: number): string {
  const first17 = `440607199001${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + citizenIdCheckChar(first17);
}

export const person = (n: number, overrides: RawRecord = {}): RawRecord => ({
  id_number: citizenId(n), full_name: '张三丰', gender: '1', birth_date: '1990-01-01', phone: '13800138000',
  employer_credit_code: VALID_CREDIT_CODES[0], household_size: 3, monthly_income: '5200.50',
  registered_at: '2024-05-01 08:30:00', is_resident: true, ...overrides,
});

export const licence = (no: string, year: number, overrides: RawRecord = {}): RawRecord => ({
  licence_no: no, issue_year: year, holder_name: '佛山某某有限公司', holder_credit_code: VALID_CREDIT_CODES[1], ...overrides,
});

async function* each(records: RawRecord[]): AsyncIterable<RawRecord> {
  for (const record of records) yield record;
}

export async function load(bed: ExchangeTestbed, resourceCode: string, records: RawRecord[]) {
  const answer = await bed.t.platform.exchange.loads.loadRecords({
    actor: cliActor('test'), resourceCode, channel: 'api', format: 'json', records: each(records), rejectPolicy: 'atomic',
  });
  if (answer.status !== 'succeeded') throw new Error(`load failed: ${JSON.stringify(answer.errors)}`);
  return answer;
}

export interface GrantSpec {
  resourceCode: string;
  system: 'own' | 'other';
  fields: string[];
  masking?: Record<string, MaskRule>;
  rowScope?: RowCondition[] | null;
}

/** An active grant (one year) written directly, as an approval would. */
export async function insertGrant(bed: ExchangeTestbed, spec: GrantSpec): Promise<string> {
  const db = bed.t.platform.ctx.db;
  const resource = await db.selectFrom('catalog_resources').select('id').where('code', '=', spec.resourceCode).executeTakeFirstOrThrow();
  const id = randomUUID();
  await db.insertInto('exchange_grants').values({
    id, resource_id: resource.id, system_id: bed.systems[spec.system].id,
    department_id: spec.system === 'own' ? bed.directory.departments.own : bed.directory.departments.other,
    fields: spec.fields, row_scope: spec.rowScope ? json(spec.rowScope) : null, masking: json(spec.masking ?? {}),
    rate_limit_per_minute: 600, purpose: '社会救助对象资格核验', legal_basis: '《社会救助暂行办法》',
    expires_at: new Date(Date.now() + 365 * 86_400_000), created_by: 'test',
  }).execute();
  return id;
}

/** Another subscriptions part on the same database and services: the dispatcher the tests drive. */
export function secondNode(bed: ExchangeTestbed, options: DispatcherOptions = {}) {
  const { platform } = bed.t;
  const exchange = platform.exchange;
  const parts: ExchangeParts = {
    ctx: platform.ctx, directory: platform.directory.service, jobs: platform.jobs,
    secrets: platform.ctx.secrets,
    stores: exchange.stores, events: exchange.events, accessLog: exchange.accessLog, loads: exchange.loads, access: exchange.access,
  };
  return createSubscriptionsPart(parts, { timeoutMs: 5000, ...options });
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 answering `status` (changeable); stop() and start() keep the port. */
export class Receiver {
  readonly received: Received[] = [];
  status = 200;
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  port = 0;
  private server: http.Server | null = null;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async start(): Promise<void> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(this.status, { 'content-type': 'text/plain', connection: 'close' }).end('ok');
        this.waiters = this.waiters.filter((waiter) => (this.received.length >= waiter.count ? (waiter.resolve(), false) : true));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Resolves once `count` requests have arrived. */
  waitFor(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  bodies(): Array<{ subscriptionId: string; resourceCode: string; cursor: number; changes: Array<{ seq: number; op: string; key: Record<string, unknown>; record: Record<string, unknown> | null }> }> {
    return this.received.map((entry) => JSON.parse(entry.body));
  }
}
