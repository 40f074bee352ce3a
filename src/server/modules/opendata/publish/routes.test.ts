import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THEMES } from '../vocabulary.js';
import { createOpendataTestbed, type OpendataTestbed } from '../test-support.js';

describe('portal dataset API over HTTP', () => {
  let bed: OpendataTestbed;
  let open: string;
  let conditional: string;
  const get = (url: string) => bed.t.inject({ method: 'GET', url });

  beforeAll(async () => {
    bed = await createOpendataTestbed({ publicUrl: 'https://data.example.gov.cn' });
    const rows = await bed.t.platform.ctx.db.selectFrom('opendata_datasets').select(['name', 'catalog_code']).execute();
    open = rows.find((row) => row.catalog_code === bed.openCode)!.name;
    conditional = rows.find((row) => row.catalog_code === bed.conditionalCode)!.name;
  });
  afterAll(() => bed.close());

  it('shows a dataset page with public fields, absolute download URLs, versions, licence, access and API examples', async () => {
    const answer = await get(`/api/v1/open/datasets/${open}`);
    expect(answer.statusCode).toBe(200);
    const detail = answer.json();
    expect(detail).toMatchObject({
      name: open, title: '公交站点信息', openType: 'open', access: 'open', formats: ['CSV', 'XLSX', 'JSON'], rowCount: 40, currentVersion: 1,
      licence: { id: 'cc-by-4.0', url: 'https://creativecommons.org/licenses/by/4.0/' }, catalogCode: bed.openCode, organization: { name: 'market-supervision-administration' },
    });
    expect(detail.fields.map((field: { name: string }) => field.name)).not.toContain('operator_phone');
    expect(detail.resources[0].url).toBe(`https://data.example.gov.cn/api/v1/open/datasets/${open}/download?format=csv`);
    expect(detail.versions).toHaveLength(1);
    expect(detail.apiExamples).toEqual({
      datastoreSearch: `https://data.example.gov.cn/api/3/action/datastore_search?resource_id=${detail.resources[0].id}&limit=5`,
      packageShow: `https://data.example.gov.cn/api/3/action/package_show?id=${open}`,
      records: `https://data.example.gov.cn/api/v1/open/datasets/${open}/records?limit=5`,
    });
    expect(detail.usage.daily).toHaveLength(30);
    expect(detail.usage.views).toBe(1);
  });

  it('asks anonymous callers to log in for a conditionally open dataset\'s data', async () => {
    expect((await get(`/api/v1/open/datasets/${conditional}`)).json()).toMatchObject({ access: 'login', openType: 'conditional', licenseId: 'other-closed' });
    expect((await get(`/api/v1/open/datasets/${conditional}/records`)).json()).toMatchObject({ status: 401, code: 'portal.login_required' });
    expect((await get(`/api/v1/open/datasets/${conditional}/download?format=csv`)).json()).toMatchObject({ status: 401, code: 'portal.login_required' });
  });

  it('answers records with filters, q, sort, fields and paging as query parameters', async () => {
    const filters = encodeURIComponent(JSON.stringify({ town: ['白坭镇', '乐平镇'] }));
    const answer = await get(`/api/v1/open/datasets/${open}/records?filters=${filters}&sort=${encodeURIComponent('routes desc, stop_code')}&fields=stop_code,routes&limit=2&offset=1`);
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body.fields.map((field: { id: string }) => field.id)).toEqual(['_id', 'stop_code', 'routes']);
    expect(body.records).toHaveLength(2);
    expect(body.total).toBe(12);
    expect((await get(`/api/v1/open/datasets/${open}/records`)).json().records).toHaveLength(20);
    expect((await get(`/api/v1/open/datasets/${open}/records?q=${encodeURIComponent('芦苞')}`)).json().total).toBe(6);
  });

  it('refuses bad record queries with problem documents', async () => {
    expect((await get(`/api/v1/open/datasets/${open}/records?filters=${encodeURIComponent('{"operator_phone":"1"}')}`)).json()).toMatchObject({ status: 409, code: 'opendata.invalid_field' });
    expect((await get(`/api/v1/open/datasets/${open}/records?filters=notjson`)).json()).toMatchObject({ status: 400, code: 'opendata.invalid_filters' });
    expect((await get(`/api/v1/open/datasets/${open}/records?sort=${encodeURIComponent('routes sideways')}`)).json()).toMatchObject({ status: 409, code: 'opendata.invalid_sort' });
    expect((await get(`/api/v1/open/datasets/${open}/records?limit=5000`)).statusCode).toBe(400);
    expect((await get('/api/v1/open/datasets/no-such-dataset')).json()).toMatchObject({ status: 404, code: 'opendata.dataset_not_found' });
    expect((await get('/api/v1/open/datasets/no-such-dataset/records')).json()).toMatchObject({ status: 404, code: 'opendata.dataset_not_found' });
    expect((await get('/api/v1/open/datasets/no-such-dataset/versions')).json()).toMatchObject({ status: 404, code: 'opendata.dataset_not_found' });
  });

  it('lists versions, organisations and themes', async () => {
    expect((await get(`/api/v1/open/datasets/${open}/versions`)).json()).toEqual([expect.objectContaining({ version: 1, rowCount: 40, catalogVersion: 1 })]);
    const organizations = (await get('/api/v1/open/organizations')).json();
    expect(organizations).toEqual([expect.objectContaining({ name: 'market-supervision-administration', title: '区市场监督管理局', datasetCount: 2 })]);
    expect((await get('/api/v1/open/organizations/market-supervision-administration')).json()).toMatchObject({ datasetCount: 2 });
    expect((await get('/api/v1/open/organizations/nobody')).json()).toMatchObject({ status: 404, code: 'opendata.organization_not_found' });
    const themes = (await get('/api/v1/open/themes')).json();
    expect(themes).toHaveLength(THEMES.length);
    expect(themes.reduce((sum: number, theme: { count: number }) => sum + theme.count, 0)).toBe(2);
  });

  it('counts views, API calls (not the page\'s own preview) and downloads, and flushes them in batches', async () => {
    const before = (await bed.t.platform.opendata.usage.totals()).get((await bed.t.platform.opendata.datasets.get(open))!.id)!;
    await get(`/api/v1/open/datasets/${open}/records?preview=1`);
    await get(`/api/v1/open/datasets/${open}/records?limit=1`);
    await get(`/api/v1/open/datasets/${open}/download?format=json`);
    await get(`/api/v1/open/datasets/${open}`);
    const id = (await bed.t.platform.opendata.datasets.get(open))!.id;
    const after = (await bed.t.platform.opendata.usage.totals()).get(id)!;
    expect(after.views - before.views).toBe(1);
    expect(after.downloads - before.downloads).toBe(1);
    // The preview is not counted; the plain query is.
    expect(after.apiCalls - before.apiCalls).toBe(1);
    await bed.t.platform.opendata.usage.flush();
    const stats = await bed.t.platform.ctx.db.selectFrom('opendata_dataset_stats').selectAll().where('dataset_id', '=', id).executeTakeFirstOrThrow();
    expect({ views: stats.views, downloads: stats.downloads, apiCalls: stats.api_calls }).toEqual(after);
    const daily = await bed.t.platform.ctx.db.selectFrom('opendata_usage_daily').selectAll().where('dataset_id', '=', id).execute();
    expect(daily).toHaveLength(1);
    expect(daily[0]).toMatchObject({ views: after.views, downloads: after.downloads, api_calls: after.apiCalls });
    expect((await bed.t.platform.opendata.usage.totals()).get(id)).toEqual(after);
    const usage = await bed.t.platform.opendata.datasets.usage(id);
    expect(usage.daily.at(-1)).toMatchObject({ views: after.views, downloads: after.downloads, apiCalls: after.apiCalls });
  });

  it('summarises the portal for its home page', async () => {
    const summary = (await get('/api/v1/open/summary')).json();
    expect(summary.counts).toMatchObject({ datasets: 2, organizations: 1 });
    expect(summary.counts.views).toBeGreaterThan(0);
    expect(summary.themes).toHaveLength(THEMES.length);
    expect(summary.organizations).toEqual([{ name: 'market-supervision-administration', title: '区市场监督管理局', titleEn: 'Market Supervision Administration', count: 2 }]);
    expect(summary.newest.map((dataset: { name: string }) => dataset.name).sort()).toEqual([open, conditional].sort());
    expect(summary.popular[0].name).toBe(open);
    expect(summary.popular[0].usage.views).toBeGreaterThan(0);
  });

  it('lists the console\'s datasets by department and lets the data bureau publish now (audited)', async () => {
    const own = await bed.t.login(bed.directory.users.dept_admin);
    const other = await bed.t.login(bed.directory.users.other_admin);
    const admin = await bed.t.login(bed.directory.users.data_admin);
    const mine = (await own.get('/api/v1/open/manage/datasets')).json();
    expect(mine.total).toBe(2);
    expect(mine.items[0]).toMatchObject({ state: 'active', pendingApplications: 0 });
    expect(mine.items.map((item: { catalogCode: string }) => item.catalogCode).sort()).toEqual([bed.openCode, bed.conditionalCode].sort());
    expect((await other.get('/api/v1/open/manage/datasets')).json()).toEqual({ items: [], total: 0 });
    expect((await admin.get('/api/v1/open/manage/datasets', { q: '公交' })).json().total).toBe(1);
    expect((await get('/api/v1/open/manage/datasets')).statusCode).toBe(401);
    expect((await (await bed.t.login(bed.directory.users.no_role)).get('/api/v1/open/manage/datasets')).statusCode).toBe(403);

    expect((await own.post('/api/v1/open/manage/sync')).statusCode).toBe(403);
    const sync = await admin.post('/api/v1/open/manage/sync');
    expect(sync.statusCode).toBe(200);
    expect(sync.json()).toEqual({ created: 0, updated: 0, deleted: 0, versions: 0 });
    const audit = await bed.t.platform.ctx.db.selectFrom('audit_log').select(['action', 'actor_name']).where('action', '=', 'opendata.sync').execute();
    expect(audit).toEqual([{ action: 'opendata.sync', actor_name: bed.directory.users.data_admin }]);
  });
});
