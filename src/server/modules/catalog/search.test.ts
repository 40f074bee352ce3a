import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpSession } from '../../testing/harness.js';
import type { ResourceInput, SearchAnswer } from './index.js';
import { createCatalogTestbed, entryInput, type CatalogTestbed } from './test-support.js';

const RESOURCES = '/api/v1/catalog/resources';
const item = (name: string, label: string) => ({ name, label, type: 'string' as const, length: 50, required: false, key: false, sensitivity: 'internal' as const });

/** A small catalog with the words the ranking tests are about in names, keywords, summaries and data items. */
const CORPUS: Array<Partial<ResourceInput>> = [
  {
    name: '流动人口居住登记信息', nameEn: 'Floating population residence registration', classificationCode: '101002',
    summary: '来本区居住半年以上人员的居住登记。', keywords: ['居住证'], dataItems: [item('household_address', '户籍地址'), item('full_name', '姓名')],
  },
  {
    name: '人口户籍变动信息', nameEn: 'Changes of household registration', classificationCode: '101002',
    summary: '迁入、迁出、出生、死亡等变动。', keywords: ['迁移'], dataItems: [item('change_type', '变动类型')],
  },
  {
    name: '户籍人口基本信息', nameEn: 'Registered population', classificationCode: '101001',
    summary: '户籍人口的姓名、公民身份号码等基本信息。', keywords: ['户籍', '人口', '身份证'], dataItems: [item('id_number', '公民身份号码')],
  },
  {
    name: '市场主体登记信息', nameEn: 'Market entity registration', classificationCode: '102001', sharingType: 'unconditional', sharingConditions: null,
    summary: '企业、个体工商户、农民专业合作社的设立、变更、注销登记及营业执照信息。', keywords: ['营业执照', '工商登记', '企业'],
    dataItems: [item('credit_code', '统一社会信用代码'), item('licence_no', '营业执照注册号')], format: 'api',
  },
  {
    name: '市场主体登记信息变更记录', nameEn: 'Market entity registration changes', classificationCode: '102001', sharingType: 'unconditional', sharingConditions: null,
    summary: '市场主体登记事项的变更。', keywords: ['变更'], dataItems: [item('credit_code', '统一社会信用代码')],
  },
  {
    name: '食品经营许可信息', nameEn: 'Business licences for food', classificationCode: '202001', sharingType: 'unconditional', sharingConditions: null,
    summary: '食品经营许可证的发证、变更和注销。', keywords: ['许可'], dataItems: [item('licence_no', '许可证编号')], updateCycle: 'weekly',
  },
  {
    name: '<script>alert("营业执照")</script>', nameEn: null, classificationCode: '323001', sharingType: 'not_shared', sharingConditions: null, notSharedBasis: '依法不予共享',
    summary: '<b>HTML</b> 只是文本', keywords: [], dataItems: [],
  },
  {
    name: '完成率100%_\\统计', nameEn: null, classificationCode: '323001', sharingType: 'unconditional', sharingConditions: null, summary: '含有百分号、下划线和反斜杠的名称', keywords: [], dataItems: [],
  },
];

describe('catalog search', () => {
  let bed: CatalogTestbed;
  let reader: HttpSession;
  const search = async (query: Record<string, string | string[]>): Promise<SearchAnswer> => {
    const response = await reader.get(RESOURCES, query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const names = (answer: SearchAnswer) => answer.data.map((entry) => entry.name);

  beforeAll(async () => {
    bed = await createCatalogTestbed();
    const catalog = bed.t.platform.catalog.service;
    const codes = await catalog.createMany(bed.cli, CORPUS.map((overrides) => entryInput({ providerDepartmentId: bed.directory.departments.own, ...overrides })));
    for (const code of codes) {
      await catalog.submit(bed.cli, code);
      await catalog.publish(bed.cli, code);
    }
    // A draft of the own department with a matching name: never shown to another department.
    await bed.entry('draft', { name: '户籍人口基本信息（草稿）' });
    reader = await bed.t.login(bed.directory.users.other_op);
  });
  afterAll(() => bed.close());

  it('finds 户籍 in names, keywords and data item labels, the name that starts with it first', async () => {
    const answer = await search({ q: '户籍' });
    expect(names(answer)).toEqual(['户籍人口基本信息', '人口户籍变动信息', '流动人口居住登记信息']);
    expect(answer.total).toBe(3);
  });

  it('finds a word that appears only in a data item label', async () => {
    expect(names(await search({ q: '统一社会信用代码' })).sort()).toEqual(['市场主体登记信息', '市场主体登记信息变更记录']);
    expect(names(await search({ q: '变动类型' }))).toEqual(['人口户籍变动信息']);
  });

  it('finds 营业执照 in summaries, keywords and labels; HTML in a name is plain text', async () => {
    const answer = await search({ q: '营业执照' });
    expect(names(answer)).toContain('市场主体登记信息');
    expect(names(answer)).toContain('<script>alert("营业执照")</script>');
    const exact = await search({ q: '<script>alert("营业执照")</script>' });
    expect(exact.data[0].name).toBe('<script>alert("营业执照")</script>');
  });

  it('puts the exact name first, then names starting with the query', async () => {
    expect(names(await search({ q: '市场主体登记信息' })).slice(0, 2)).toEqual(['市场主体登记信息', '市场主体登记信息变更记录']);
    expect(names(await search({ q: '市场主体登记信息变更记录' }))[0]).toBe('市场主体登记信息变更记录');
  });

  it('searches English names, case-insensitively and by prefix', async () => {
    expect(names(await search({ q: 'Registered Population' }))[0]).toBe('户籍人口基本信息');
    expect(names(await search({ q: 'business licen' }))).toEqual(['食品经营许可信息']);
    expect(names(await search({ q: 'market entity registration' })).slice(0, 2)).toEqual(['市场主体登记信息', '市场主体登记信息变更记录']);
  });

  it('falls back to a substring match for a fragment that is not a word', async () => {
    expect(names(await search({ q: '体登' })).sort()).toEqual(['市场主体登记信息', '市场主体登记信息变更记录']);
  });

  it('treats SQL, regex, tsquery and LIKE syntax as text', async () => {
    for (const q of ["' OR 1=1 --", '.*(', 'a & | !', "x':* | !y", "'); DROP TABLE catalog_resources; --"]) {
      const answer = await search({ q });
      expect(answer.total, q).toBe(0);
    }
    expect(names(await search({ q: '%_\\' }))).toEqual(['完成率100%_\\统计']);
    expect(names(await search({ q: '100%' }))).toEqual(['完成率100%_\\统计']);
    expect(names(await search({ q: '\\' }))).toEqual(['完成率100%_\\统计']);
    expect((await search({})).total).toBe(CORPUS.length);
  });

  it('counts facets over the filtered set, and each facet adds up to the total', async () => {
    const all = await search({ pageSize: '2' });
    expect(all.total).toBe(CORPUS.length);
    expect(all.data).toHaveLength(2);
    for (const buckets of Object.values(all.facets)) {
      expect(buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(all.total);
    }
    expect(all.facets.department).toEqual([{ value: bed.directory.departments.own, label: '区市场监督管理局', count: CORPUS.length }]);
    expect(all.facets.classification).toContainEqual({ value: '101', label: '人口', count: 3 });

    const unconditional = all.facets.sharingType.find((bucket) => bucket.value === 'unconditional')!;
    const filtered = await search({ sharingType: 'unconditional' });
    expect(filtered.total).toBe(unconditional.count);
    expect(filtered.data.every((entry) => entry.sharingType === 'unconditional')).toBe(true);
    expect(filtered.facets.sharingType).toEqual([{ value: 'unconditional', label: null, count: unconditional.count }]);

    const combined = await search({ q: '信息', classification: ['101', '202'], updateCycle: ['daily', 'weekly'] });
    expect(names(combined).sort()).toEqual(['人口户籍变动信息', '户籍人口基本信息', '流动人口居住登记信息', '食品经营许可信息']);
    expect(combined.facets.classification.map((bucket) => [bucket.value, bucket.count])).toEqual([['101', 3], ['202', 1]]);
    expect((await search({ classification: '1020' })).total).toBe(2);
    expect((await search({ department: bed.directory.departments.other })).total).toBe(0);
  });

  it('pages through a ranked result: pages do not overlap and keep the total', async () => {
    const first = await search({ q: '信息', pageSize: '3' });
    const second = await search({ q: '信息', pageSize: '3', page: '2' });
    expect(second.total).toBe(first.total);
    expect(first.data.map((entry) => entry.code).filter((code) => second.data.some((entry) => entry.code === code))).toEqual([]);
    const all = await search({ q: '信息', pageSize: '6' });
    expect(all.data.map((entry) => entry.code)).toEqual([...first.data, ...second.data].map((entry) => entry.code));
  });

  it('sorts by name, code and update time, and pages', async () => {
    const byCode = await search({ sort: 'code', pageSize: '3', page: '2' });
    expect(byCode.page).toBe(2);
    const codes = byCode.data.map((entry) => entry.code);
    expect([...codes].sort()).toEqual(codes);
    const byName = names(await search({ sort: 'name' }));
    expect([...byName].sort()).toEqual(byName);
  });

  it('shows drafts only to their department and the data admin', async () => {
    expect(names(await search({ q: '户籍人口', status: 'all' }))).not.toContain('户籍人口基本信息（草稿）');
    expect((await search({ status: 'draft' })).total).toBe(0);
    const own = await bed.t.login(bed.directory.users.dept_operator);
    expect((await own.get(RESOURCES, { status: 'draft' })).json().data.map((entry: { name: string }) => entry.name)).toEqual(['户籍人口基本信息（草稿）']);
    const admin = await bed.t.login(bed.directory.users.data_admin);
    expect((await admin.get(RESOURCES, { status: 'all' })).json().total).toBe(CORPUS.length + 1);
  });

  it('a write is visible to the next search at once (cached answers are dropped)', async () => {
    const before = await search({ q: '户籍' });
    const code = await bed.entry('published', { name: '户籍档案查询', classificationCode: '101002' });
    const after = await search({ q: '户籍' });
    expect(after.total).toBe(before.total + 1);
    expect(after.facets.classification.find((bucket) => bucket.value === '101')!.count).toBe(
      before.facets.classification.find((bucket) => bucket.value === '101')!.count + 1,
    );
    await bed.t.platform.catalog.service.retire(bed.cli, code, '测试完毕');
    expect((await search({ q: '户籍' })).total).toBe(before.total);
  });

  it('refuses malformed filters and page sizes with 400', async () => {
    expect((await reader.get(RESOURCES, { pageSize: '201' })).statusCode).toBe(400);
    expect((await reader.get(RESOURCES, { sharingType: 'sometimes' })).statusCode).toBe(400);
    expect((await reader.get(RESOURCES, { department: 'not-a-uuid' })).statusCode).toBe(400);
    expect((await reader.get(RESOURCES, { classification: "1' OR '1" })).statusCode).toBe(400);
  });

  it('exports full entries with the same filters', async () => {
    const resources = await bed.t.platform.catalog.service.listForExport(bed.cli, { q: '户籍' });
    expect(resources.map((entry) => entry.name).sort()).toEqual(['人口户籍变动信息', '户籍人口基本信息', '流动人口居住登记信息']);
    expect(resources[0].dataItems.length).toBeGreaterThan(0);
  });
});
