import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryInput } from '../../catalog/test-support.js';
import type { ResourceInput } from '../../catalog/index.js';
import { createOpendataTestbed, ENTITY_ITEMS, STOP_ITEMS, type OpendataTestbed } from '../test-support.js';
import { CONDITIONAL_LICENCE, DEFAULT_LICENCE } from '../vocabulary.js';
import { datasetName, slugify, uniqueName } from './names.js';

const STOPS: Partial<ResourceInput> = {
  classificationCode: '202001', name: '公交站点信息', nameEn: 'Bus stops', summary: '全区公交站点的编号、名称、所在镇街、途经线路数和候车亭情况。',
  dataItems: STOP_ITEMS, sharingType: 'unconditional', sharingConditions: null, openType: 'open', updateCycle: 'monthly', keywords: ['公交', '站点', '交通'],
};

describe('dataset names', () => {
  it('makes CKAN slugs from English titles and keeps the catalog code unique', () => {
    expect(slugify("Farmers' cooperative registrations")).toBe('farmers-cooperative-registrations');
    expect(datasetName('Bus stops', '202001-000001')).toBe('bus-stops-202001-000001');
    expect(datasetName(null, '202001-000001')).toBe('dataset-202001-000001');
    expect(datasetName('A'.repeat(200), '202001-000001').length).toBeLessThanOrEqual(100);
    expect(uniqueName('civil-affairs', (name) => name === 'civil-affairs', '08')).toBe('civil-affairs-08');
  });
});

describe('publication of open catalog entries', () => {
  let bed: OpendataTestbed;
  const opendata = () => bed.t.platform.opendata;
  const db = () => bed.t.platform.ctx.db;

  beforeAll(async () => {
    bed = await createOpendataTestbed();
  });
  afterAll(() => bed.close());

  it('publishes an open entry with its organisation, metadata, three downloads and a first version', async () => {
    const [row] = await db().selectFrom('opendata_datasets').select(['name']).where('catalog_code', '=', bed.openCode).execute();
    expect(row.name).toBe(`bus-stops-${bed.openCode.toLowerCase()}`);
    const dataset = (await opendata().datasets.get(row.name))!;
    expect(dataset).toMatchObject({
      title: '公交站点信息', titleEn: 'Bus stops', tags: ['公交', '站点', '交通'], licenseId: DEFAULT_LICENCE, frequency: 'monthly',
      openType: 'open', openConditions: null, state: 'active', currentVersion: 1, rowCount: bed.stopCount, catalogCode: bed.openCode, source: null,
    });
    expect(dataset.themes).toHaveLength(1);
    expect(dataset.organization).toMatchObject({ name: 'market-supervision-administration', title: '区市场监督管理局', titleEn: 'Market Supervision Administration' });
    expect(dataset.resources.map((resource) => [resource.position, resource.format, resource.mediaType, resource.url, resource.datastoreActive])).toEqual([
      [0, 'CSV', 'text/csv', null, true],
      [1, 'XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', null, true],
      [2, 'JSON', 'application/json', null, true],
    ]);
    expect(dataset.metadataModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await opendata().datasets.get(dataset.id)).toMatchObject({ name: row.name });
    const versions = await opendata().datasets.versions(dataset.id);
    expect(versions).toEqual([expect.objectContaining({ version: 1, rowCount: bed.stopCount, catalogVersion: 1 })]);
  });

  it('never shows data items that are not public (metadata, fields)', async () => {
    const dataset = (await opendata().datasets.get(`bus-stops-${bed.openCode.toLowerCase()}`))!;
    expect(dataset.fields.map((field) => field.name)).toEqual(['stop_code', 'stop_name', 'town', 'routes', 'opened_on', 'sheltered']);
    const stored = await db().selectFrom('opendata_datasets').select('data_items').where('id', '=', dataset.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.data_items)).not.toContain('operator_phone');
  });

  it('publishes a conditionally open entry with the conditional licence and its conditions', async () => {
    const [row] = await db().selectFrom('opendata_datasets').select('name').where('catalog_code', '=', bed.conditionalCode).execute();
    const dataset = (await opendata().datasets.get(row.name))!;
    expect(dataset).toMatchObject({
      openType: 'conditional', licenseId: CONDITIONAL_LICENCE, openConditions: '用于学术研究或企业征信服务，须注明用途', frequency: 'daily',
    });
    expect(dataset.fields.map((field) => field.name)).toEqual(ENTITY_ITEMS.map((item) => item.name));
  });

  it('leaves entries that are not open off the portal', async () => {
    const rows = await db().selectFrom('opendata_datasets').select('catalog_code').execute();
    expect(rows.map((row) => row.catalog_code)).not.toContain(bed.closedCode);
    expect(rows).toHaveLength(2);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const before = await db().selectFrom('opendata_datasets').select(['id', 'change_seq']).orderBy('id').execute();
    expect(await opendata().publisher.syncAll()).toEqual({ created: 0, updated: 0, deleted: 0, versions: 0 });
    expect(await db().selectFrom('opendata_datasets').select(['id', 'change_seq']).orderBy('id').execute()).toEqual(before);
  });

  it('creates each dataset once when two syncs run at the same time', async () => {
    const code = await bed.entry('published', { ...STOPS, name: '公交线路信息', nameEn: 'Bus routes' });
    const reports = await Promise.all([opendata().publisher.syncAll(), opendata().publisher.syncAll()]);
    expect(reports.reduce((sum, report) => sum + report.created, 0)).toBe(1);
    const rows = await db().selectFrom('opendata_datasets').select(['name', 'current_version']).where('catalog_code', '=', code).execute();
    expect(rows).toEqual([{ name: `bus-routes-${code.toLowerCase()}`, current_version: 0 }]);
  });

  it('publishes only metadata for an entry without key items (it cannot have a store)', async () => {
    const items = STOP_ITEMS.map((item) => ({ ...item, key: false, required: item.required }));
    const code = await bed.entry('published', { ...STOPS, name: '公交站点统计', nameEn: 'Bus stop statistics', dataItems: items });
    await opendata().publisher.syncAll();
    const row = await db().selectFrom('opendata_datasets').select(['id', 'name', 'current_version']).where('catalog_code', '=', code).executeTakeFirstOrThrow();
    const dataset = (await opendata().datasets.get(row.name))!;
    expect(dataset.resources).toEqual([]);
    expect(dataset.currentVersion).toBe(0);
  });

  it('follows a new catalog version (metadata updated, name kept) and marks retired or closed entries deleted', async () => {
    const input = entryInput({ providerDepartmentId: bed.directory.departments.own, ...STOPS, name: '公交站牌信息', nameEn: 'Bus signs' });
    const { code } = await bed.t.platform.catalog.service.create(bed.cli, input);
    await bed.t.platform.catalog.service.submit(bed.cli, code);
    await bed.t.platform.catalog.service.publish(bed.cli, code);
    await opendata().publisher.syncAll();
    const first = await db().selectFrom('opendata_datasets').selectAll().where('catalog_code', '=', code).executeTakeFirstOrThrow();

    await bed.t.platform.catalog.service.update(bed.cli, code, { ...input, nameEn: 'Bus stop signs', summary: '站牌的位置和样式。', keywords: ['站牌'], changeNote: '补充说明' });
    expect(await opendata().publisher.syncAll()).toMatchObject({ updated: 1, created: 0 });
    const second = await db().selectFrom('opendata_datasets').selectAll().where('catalog_code', '=', code).executeTakeFirstOrThrow();
    expect(second).toMatchObject({ name: first.name, title_en: 'Bus stop signs', notes: '站牌的位置和样式。', tags: ['站牌'], catalog_version: 2 });
    expect(second.metadata_modified.getTime()).toBeGreaterThanOrEqual(first.metadata_modified.getTime());
    expect(second.change_seq).toBeGreaterThan(first.change_seq);

    await bed.t.platform.catalog.service.retire(bed.cli, code, '不再维护');
    expect(await opendata().publisher.syncAll()).toMatchObject({ deleted: 1 });
    const third = await db().selectFrom('opendata_datasets').select(['state']).where('catalog_code', '=', code).executeTakeFirstOrThrow();
    expect(third.state).toBe('deleted');
    expect(await opendata().datasets.get(first.name)).toBeNull();
    expect((await opendata().datasets.changedSince(second.change_seq, 10)).map((dataset) => [dataset.name, dataset.state])).toContainEqual([first.name, 'deleted']);
  });

  it('never touches harvested datasets', async () => {
    const source = await db().insertInto('opendata_harvest_sources').values({ name: 'city', title: '市级平台', type: 'ckan', url: 'https://example.org' })
      .returning('id').executeTakeFirstOrThrow();
    const organization = await db().insertInto('opendata_organizations').values({ name: 'city-org', title: '市级单位', source_id: source.id })
      .returning('id').executeTakeFirstOrThrow();
    await db().insertInto('opendata_datasets').values({
      name: 'harvested-one', title: '采集的数据集', organization_id: organization.id, license_id: 'cc-by-4.0', source_id: source.id, source_identifier: 'x-1',
    }).execute();
    await opendata().publisher.syncAll();
    const harvested = (await opendata().datasets.get('harvested-one'))!;
    expect(harvested).toMatchObject({ state: 'active', source: { name: 'city', type: 'ckan', identifier: 'x-1' } });
    await expect(opendata().datastore.search(harvested, { limit: 5, offset: 0, includeTotal: true })).rejects.toMatchObject({ code: 'opendata.datastore_not_found', status: 404 });
  });

  it('pages datasets by id and by modification time in keyset batches, one query per page', async () => {
    const all = await opendata().datasets.page({ order: 'id', limit: 100 });
    const streamed: string[] = [];
    for await (const dataset of opendata().datasets.stream({ order: 'modified', batchSize: 2 })) streamed.push(dataset.id);
    expect(new Set(streamed)).toEqual(new Set(all.map((dataset) => dataset.id)));
    expect(streamed).toHaveLength(all.length);
    expect(await opendata().datasets.count()).toBe(all.length);
    expect(await opendata().datasets.count({ harvested: true })).toBe(1);
    const firstTwo = await opendata().datasets.page({ order: 'id', limit: 2 });
    const next = await opendata().datasets.page({ order: 'id', limit: 2, after: { id: firstTwo[1].id } });
    expect(next[0].id > firstTwo[1].id).toBe(true);
    const many = await opendata().datasets.getMany([all[1].id, 'not-an-id', all[0].id]);
    expect(many.map((dataset) => dataset.id)).toEqual([all[1].id, all[0].id]);
    const organizations = await opendata().datasets.organizations();
    expect(organizations.map((organization) => [organization.name, organization.datasetCount])).toContainEqual(['city-org', 1]);
    expect(await opendata().datasets.organization('market-supervision-administration')).toMatchObject({ departmentId: bed.directory.departments.own });
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM opendata_organizations WHERE department_id IS NOT NULL`.execute(db());
    expect(count.rows[0].n).toBe(1);
  });
});
