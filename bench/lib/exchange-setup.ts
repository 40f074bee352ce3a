// A platform ready for exchange benchmarks: the basic directory, one published 10-item person resource of the
// "own" department, a business system of that department with a credential, and (optionally) another
// department's system with an active grant on the resource.
import { randomUUID } from 'node:crypto';
import { createPlatform, type Platform } from '../../src/server/app.js';
import { cliActor } from '../../src/server/platform/actor.js';
import { testConfig, type Config } from '../../src/server/platform/config.js';
import type { DatabaseHandle } from '../../src/server/platform/db/database.js';
import { json } from '../../src/server/platform/db/database.js';
import { citizenIdCheckChar, makeCreditCode } from '../../src/server/platform/identifiers.js';
import { TEST_CLASSIFICATIONS, entryInput } from '../../src/server/modules/catalog/test-support.js';
import { PERSON_ITEMS } from '../../src/server/modules/exchange/test-support.js';
import { seedBasicDirectory } from '../../src/server/testing/harness.js';

export interface ExchangeBench {
  platform: Platform;
  resourceCode: string;
  /** Bearer token of the provider department's system (loads). */
  providerToken: string;
  /** Bearer token of the consumer system, which holds a grant on every field, ID number and name masked. */
  consumerToken: string;
}

export async function setUpExchangeBench(database: DatabaseHandle, overrides: Partial<Config> = {}, prepare?: (platform: Platform) => void): Promise<ExchangeBench> {
  const platform = await createPlatform(testConfig(overrides), { database, worker: false });
  prepare?.(platform);
  const cli = cliActor('bench');
  const directory = await seedBasicDirectory(platform);
  await platform.catalog.service.upsertClassifications(cli, TEST_CLASSIFICATIONS);
  const { code } = await platform.catalog.service.create(cli, entryInput({ providerDepartmentId: directory.departments.own, dataItems: PERSON_ITEMS }));
  await platform.catalog.service.submit(cli, code);
  await platform.catalog.service.publish(cli, code);
  const provider = await platform.directory.service.createBusinessSystem(cli, { departmentId: directory.departments.own, code: 'bench-provider', name: '装载系统' });
  const consumer = await platform.directory.service.createBusinessSystem(cli, { departmentId: directory.departments.other, code: 'bench-consumer', name: '查询系统' });
  const providerToken = (await platform.directory.service.issueCredential(cli, provider.id)).token;
  const consumerToken = (await platform.directory.service.issueCredential(cli, consumer.id)).token;
  const resource = await platform.ctx.db.selectFrom('catalog_resources').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  await platform.ctx.db
    .insertInto('exchange_grants')
    .values({
      id: randomUUID(), resource_id: resource.id, system_id: consumer.id, department_id: directory.departments.other,
      fields: PERSON_ITEMS.map((item) => item.name), masking: json({ id_number: 'id_number', full_name: 'name', phone: 'phone' }),
      rate_limit_per_minute: 10_000_000, purpose: '基准测试', legal_basis: '基准测试', expires_at: new Date(Date.now() + 86_400_000), created_by: 'bench',
    })
    .execute();
  return { platform, resourceCode: code, providerToken, consumerToken };
}

const CREDIT_CODES = Array.from({ length: 1000 }, (_, index) => makeCreditCode('91', '440607', `MA${String(index).padStart(5, '0')}X`.slice(0, 8)));
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const BASE_DAY = Date.UTC(1950, 0, 1);

/** The i-th synthetic person: a unique, valid citizen ID number and a valid employer credit code. */
export function syntheticPerson(index: number): Record<string, string | number | boolean> {
  const birth = new Date(BASE_DAY + Math.floor(index / 1000) * 86_400_000);
  const ymd = `${birth.getUTCFullYear()}${String(birth.getUTCMonth() + 1).padStart(2, '0')}${String(birth.getUTCDate()).padStart(2, '0')}`;
  const first17 = `440607${ymd}${String(index % 1000).padStart(3, '0')}`;
  return {
    id_number: first17 + citizenIdCheckChar(first17),
    full_name: `${SURNAMES[index % SURNAMES.length]}${'明华强丽军'[index % 5]}`,
    gender: String((index % 2) + 1),
    birth_date: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`,
    phone: `138${String(index % 100_000_000).padStart(8, '0')}`,
    employer_credit_code: CREDIT_CODES[index % CREDIT_CODES.length],
    household_size: (index % 6) + 1,
    monthly_income: `${3000 + (index % 9000)}.50`,
    registered_at: '2024-05-01T08:30:00+08:00',
    is_resident: index % 3 !== 0,
  };
}

export const PERSON_COLUMNS = PERSON_ITEMS.map((item) => item.name);

/** One CSV line of a synthetic person (the columns above, no quoting needed). */
export function syntheticCsvLine(index: number): string {
  const person = syntheticPerson(index);
  return `${PERSON_COLUMNS.map((column) => String(person[column])).join(',')}\n`;
}
