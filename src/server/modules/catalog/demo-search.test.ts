// The acceptance searches of the catalog on the demo district (docs/API.md, "Search").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/actor.js';
import { createTestPlatform, type TestPlatform } from '../../testing/harness.js';
import { seedDemoDistrict } from '../seed/service.js';

describe('search on the demo district', () => {
  let t: TestPlatform;
  const reader: Actor = { kind: 'system', systemId: 's', systemCode: 'reader', credentialId: 'c', departmentId: '00000000-0000-4000-8000-000000000000', roles: [] };
  const names = async (q: string) => (await t.platform.catalog.service.search(reader, { q, pageSize: 10 })).data.map((entry) => entry.name);

  beforeAll(async () => {
    t = await createTestPlatform();
    await seedDemoDistrict(t.platform);
  });
  afterAll(() => t.close());

  it('户籍 finds 户籍人口基本信息 first', async () => {
    expect((await names('户籍'))[0]).toBe('户籍人口基本信息');
  });

  it('营业执照 finds the business licence and the market entity registration', async () => {
    expect(await names('营业执照')).toEqual(expect.arrayContaining(['营业执照电子证照信息', '市场主体登记信息']));
  });

  it('English words find English names', async () => {
    expect((await names('air quality'))[0]).toBe('空气质量监测数据');
  });
});
