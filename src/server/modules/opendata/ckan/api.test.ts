import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpendataTestbed, insertDatasets, type OpendataTestbed } from '../test-support.js';
import { LICENCES, THEMES } from '../vocabulary.js';
import { tagId } from './dictize.js';

/** The keys a CKAN harvester and uData's CKAN backend read (issue 4 §3), present even when null. */
const DATASET_KEYS = [
  'id', 'name', 'title', 'notes', 'url', 'version', 'author', 'author_email', 'maintainer', 'maintainer_email', 'license_id',
  'license_title', 'license_url', 'isopen', 'type', 'state', 'private', 'owner_org', 'organization', 'resources', 'tags', 'groups',
  'extras', 'metadata_created', 'metadata_modified', 'num_resources', 'num_tags',
];
const RESOURCE_KEYS = [
  'id', 'package_id', 'url', 'name', 'description', 'format', 'mimetype', 'size', 'hash', 'position', 'resource_type', 'created',
  'last_modified', 'datastore_active',
];
const TAG_KEYS = ['id', 'name', 'display_name', 'state', 'vocabulary_id'];
const ORGANIZATION_KEYS = ['id', 'name', 'title', 'type', 'description', 'image_url', 'created', 'is_organization', 'approval_status', 'state'];
const GROUP_KEYS = ['id', 'name', 'title', 'display_name', 'description', 'image_display_url'];
const CKAN_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

const HARVESTED_LIKE = 'river-gauges-test';

describe('CKAN Action API', () => {
  let bed: OpendataTestbed;
  let openName: string;
  let conditionalName: string;

  const inject = (options: InjectOptions) => bed.t.inject(options);
  const get = (action: string, query: Record<string, string | string[]> = {}, prefix = '/api/3/action') =>
    inject({ method: 'GET', url: `${prefix}/${action}`, query });
  const post = (action: string, payload: unknown) => inject({ method: 'POST', url: `/api/3/action/${action}`, payload: payload as InjectOptions['payload'] });
  const result = (response: LightMyRequestResponse) => {
    expect(response.statusCode, response.body).toBe(200);
    return response.json().result;
  };

  beforeAll(async () => {
    bed = await createOpendataTestbed();
    const db = bed.t.platform.ctx.db;
    const rows = await db.selectFrom('opendata_datasets').select(['name', 'open_type']).execute();
    openName = rows.find((row) => row.open_type === 'open')!.name;
    conditionalName = rows.find((row) => row.open_type === 'conditional')!.name;
    // A dataset with no maintainer, no hash, no size: the keys must still be there, null.
    await insertDatasets(db, [{ name: HARVESTED_LIKE, title: '河道水位站', organizationName: 'water-bureau', themes: ['environment'], tags: ['水位', '交通'], formats: ['CSV'], frequency: null }]);
    await bed.t.platform.opendata.search.refresh();
  });
  afterAll(() => bed.close());

  describe('the envelope', () => {
    it('answers {help, success, result} with help pointing at help_show for the action', async () => {
      const response = await get('status_show');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const body = response.json();
      expect(body).toEqual({ help: 'http://localhost:80/api/3/action/help_show?name=status_show', success: true, result: expect.any(Object) });
      expect(body.result).toMatchObject({ ckan_version: expect.stringMatching(/^2\.1\d\./), site_url: 'http://localhost:80', extensions: expect.arrayContaining(['datastore']) });
    });

    it('serves /api/action/* as /api/3/action/*', async () => {
      expect((await get('package_list', {}, '/api/action')).json()).toEqual((await get('package_list')).json());
    });

    it('answers an unknown action 400 with CKAN\'s bare "Bad request - Action name not known" string', async () => {
      const response = await get('package_create');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toBe('Bad request - Action name not known: package_create');
    });

    it('lets browsers call it from any origin (CORS, with a preflight for POST)', async () => {
      expect((await get('status_show')).headers['access-control-allow-origin']).toBe('*');
      const preflight = await inject({ method: 'OPTIONS', url: '/api/3/action/package_search', headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' } });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-methods']).toContain('POST');
      expect(preflight.headers['access-control-allow-headers']).toContain('Content-Type');
    });
  });

  describe('errors: CKAN\'s types and statuses', () => {
    it('404 Not Found Error for an unknown dataset, resource, organisation or group', async () => {
      for (const [action, id] of [['package_show', 'no-such-dataset'], ['resource_show', '00000000-0000-4000-8000-000000000000'], ['organization_show', 'nobody'], ['group_show', 'astrology']]) {
        const response = await get(action, { id });
        expect(response.statusCode, action).toBe(404);
        expect(response.json()).toEqual({ help: `http://localhost:80/api/3/action/help_show?name=${action}`, success: false, error: { __type: 'Not Found Error', message: 'Not found' } });
      }
    });

    it('409 Validation Error with CKAN\'s field errors', async () => {
      const missing = await get('package_show');
      expect(missing.statusCode).toBe(409);
      expect(missing.json().error).toEqual({ __type: 'Validation Error', name_or_id: 'Missing value' });
      const rows = await get('package_search', { rows: 'ten' });
      expect(rows.statusCode).toBe(409);
      expect(rows.json()).toMatchObject({ success: false, error: { __type: 'Validation Error', rows: ['Invalid integer'] } });
      expect((await get('package_search', { start: '-1' })).json().error).toEqual({ __type: 'Validation Error', start: ['Must be a natural number'] });
    });

    it('403 Authorization Error for the records of a conditionally open dataset', async () => {
      const response = await get('datastore_search', { resource_id: conditionalName });
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toEqual({ __type: 'Authorization Error', message: expect.stringMatching(/^Access denied: .*conditionally open/) });
    });

    it('400 Search Query Error for parameters Solr would not take, worded as CKAN does', async () => {
      const response = await get('package_search', { q: 'bus', foo: 'bar' });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toEqual({ __type: 'Search Query Error', message: `Search Query is invalid: "Invalid search parameters: ['foo']"` });
    });

    it('400 with a bare string for a body that is not a JSON dictionary', async () => {
      const broken = await inject({ method: 'POST', url: '/api/3/action/package_search', headers: { 'content-type': 'application/json' }, payload: '{"q": ' });
      expect(broken.statusCode).toBe(400);
      expect(broken.json()).toMatch(/^Bad request - JSON Error: /);
      const list = await inject({ method: 'POST', url: '/api/3/action/package_search', headers: { 'content-type': 'application/json' }, payload: '[1, 2]' });
      expect(list.statusCode).toBe(400);
      expect(list.json()).toBe('Bad request - Bad request data: Request data JSON decoded to a list but it needs to be a dictionary.');
    });
  });

  describe('GET and POST are the same call', () => {
    it('answers a GET with query parameters as a POST with the same JSON body', async () => {
      const viaGet = await get('package_search', { q: '公交', fq: 'res_format:CSV', rows: '5', 'facet.field': '["tags","organization"]', sort: 'name asc' });
      const viaPost = await post('package_search', { q: '公交', fq: 'res_format:CSV', rows: 5, 'facet.field': ['tags', 'organization'], sort: 'name asc' });
      expect(viaGet.statusCode).toBe(200);
      expect(viaPost.json()).toEqual(viaGet.json());
      expect(viaGet.json().result.count).toBe(1);
    });

    it('takes a form-encoded body, also the old clients\' JSON-as-the-only-key form', async () => {
      const expected = (await get('package_show', { id: openName })).json();
      const form = await inject({ method: 'POST', url: '/api/3/action/package_show', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `id=${openName}` });
      expect(form.json()).toEqual(expected);
      const legacy = await inject({
        method: 'POST', url: '/api/3/action/package_show', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `${encodeURIComponent(JSON.stringify({ id: openName }))}=1`,
      });
      expect(legacy.json()).toEqual(expected);
    });

    it('takes an empty POST as no parameters', async () => {
      expect(result(await inject({ method: 'POST', url: '/api/3/action/package_list' }))).toEqual(result(await get('package_list')));
    });
  });

  describe('JSONP', () => {
    it('wraps a successful GET as callback({...}); in text/javascript', async () => {
      const plain = (await get('package_show', { id: openName })).json();
      const response = await get('package_show', { id: openName, callback: 'jQuery123_456' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/javascript/);
      expect(response.body.startsWith('jQuery123_456(')).toBe(true);
      expect(response.body.endsWith(');')).toBe(true);
      expect(JSON.parse(response.body.slice('jQuery123_456('.length, -2))).toEqual(plain);
    });

    it('refuses a callback that is not a plain identifier', async () => {
      for (const callback of ['alert(1)//', 'a b', '<script>', '1abc', 'x'.repeat(200)]) {
        const response = await get('status_show', { callback });
        expect(response.statusCode, callback).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
      }
    });

    it('leaves errors and POSTs as plain JSON', async () => {
      const error = await get('package_show', { id: 'no-such-dataset', callback: 'cb' });
      expect(error.statusCode).toBe(404);
      expect(error.headers['content-type']).toMatch(/^application\/json/);
      const viaPost = await post('status_show', { callback: 'cb' });
      expect(viaPost.headers['content-type']).toMatch(/^application\/json/);
      expect(viaPost.json().success).toBe(true);
    });
  });

  describe('the dataset dictionary', () => {
    it.each([
      ['a published local dataset', () => openName],
      ['a dataset with empty optional metadata', () => HARVESTED_LIKE],
    ])('%s has every key a CKAN client needs, null when there is no value', async (_label, nameOf) => {
      const dataset = result(await get('package_show', { id: nameOf() }));
      for (const key of DATASET_KEYS) expect(dataset, key).toHaveProperty(key);
      for (const key of ORGANIZATION_KEYS) expect(dataset.organization, `organization.${key}`).toHaveProperty(key);
      expect(dataset.resources.length).toBeGreaterThan(0);
      for (const resource of dataset.resources) for (const key of RESOURCE_KEYS) expect(resource, `resource.${key}`).toHaveProperty(key);
      expect(dataset.tags.length).toBeGreaterThan(0);
      for (const tag of dataset.tags) for (const key of TAG_KEYS) expect(tag, `tag.${key}`).toHaveProperty(key);
      expect(dataset.groups.length).toBeGreaterThan(0);
      for (const group of dataset.groups) for (const key of GROUP_KEYS) expect(group, `group.${key}`).toHaveProperty(key);
      expect(dataset).toMatchObject({ type: 'dataset', state: 'active', private: false, author: null, author_email: null, creator_user_id: null, owner_org: dataset.organization.id });
      expect(dataset.organization).toMatchObject({ type: 'organization', is_organization: true, approval_status: 'approved', state: 'active' });
      expect(dataset.metadata_created).toMatch(CKAN_TIME);
      expect(dataset.metadata_modified).toMatch(CKAN_TIME);
      expect(dataset.organization.created).toMatch(CKAN_TIME);
      expect(dataset.num_resources).toBe(dataset.resources.length);
      expect(dataset.num_tags).toBe(dataset.tags.length);
      for (const extra of dataset.extras) expect(extra).toEqual({ key: expect.any(String), value: expect.any(String) });
    });

    it('describes a local dataset: open licence, absolute download URLs, datastore, catalog code, frequency and theme URIs', async () => {
      const dataset = result(await get('package_show', { id: openName }));
      expect(dataset).toMatchObject({
        name: openName, title: '公交站点信息', license_id: 'cc-by-4.0', isopen: true, license_url: 'https://creativecommons.org/licenses/by/4.0/',
        url: `http://localhost:80/dataset/${openName}`, num_resources: 3,
      });
      expect(dataset.resources.map((resource: { format: string; url: string; datastore_active: boolean; url_type: null; position: number; package_id: string; created: string }) =>
        [resource.position, resource.format, resource.url, resource.datastore_active, resource.url_type, resource.package_id === dataset.id, CKAN_TIME.test(resource.created)])).toEqual([
        [0, 'CSV', `http://localhost:80/api/v1/open/datasets/${openName}/download?format=csv`, true, null, true, true],
        [1, 'XLSX', `http://localhost:80/api/v1/open/datasets/${openName}/download?format=xlsx`, true, null, true, true],
        [2, 'JSON', `http://localhost:80/api/v1/open/datasets/${openName}/download?format=json`, true, null, true, true],
      ]);
      const extras = Object.fromEntries(dataset.extras.map((extra: { key: string; value: string }) => [extra.key, extra.value]));
      expect(extras).toMatchObject({
        catalog_code: bed.openCode, frequency: 'http://publications.europa.eu/resource/authority/frequency/MONTHLY', open_type: 'open',
      });
      expect(JSON.parse(extras.theme)).toEqual([expect.stringMatching(/^http:\/\/publications\.europa\.eu\/resource\/authority\/data-theme\/[A-Z]{4}$/)]);
      expect(dataset.tags.map((tag: { name: string }) => tag.name)).toEqual(['公交', '站点', '交通']);
    });

    it('gives a conditionally open dataset the closed licence and its conditions', async () => {
      const dataset = result(await get('package_show', { id: conditionalName }));
      expect(dataset).toMatchObject({ license_id: 'other-closed', isopen: false });
      expect(dataset.extras).toContainEqual({ key: 'open_type', value: 'conditional' });
      expect(dataset.extras).toContainEqual({ key: 'open_conditions', value: '用于学术研究或企业征信服务，须注明用途' });
    });

    it('keeps tag ids stable: the same tag name has the same id in every dataset', async () => {
      const first = result(await get('package_show', { id: openName }));
      const second = result(await get('package_show', { id: HARVESTED_LIKE }));
      const traffic = (dataset: { tags: Array<{ name: string; id: string }> }) => dataset.tags.find((tag) => tag.name === '交通')!;
      expect(traffic(first).id).toBe(traffic(second).id);
      expect(traffic(first)).toEqual({ id: tagId('交通'), name: '交通', display_name: '交通', state: 'active', vocabulary_id: null });
    });

    it('finds a dataset by id as by name, and ignores use_default_schema', async () => {
      const byName = result(await get('package_show', { id: openName }));
      expect(result(await get('package_show', { id: byName.id }))).toEqual(byName);
      expect(result(await get('package_show', { id: openName, use_default_schema: 'true' }))).toEqual(byName);
    });

    it('adds tracking_summary when asked (include_tracking)', async () => {
      const dataset = result(await get('package_show', { id: openName, include_tracking: 'true' }));
      expect(dataset.tracking_summary).toEqual({ total: expect.any(Number), recent: expect.any(Number) });
    });
  });

  describe('the other actions', () => {
    it('package_list: names of active datasets by name, with limit and offset', async () => {
      const names = result(await get('package_list'));
      expect(names).toEqual([...names].sort());
      expect(names).toEqual(expect.arrayContaining([openName, conditionalName, HARVESTED_LIKE]));
      expect(names).toHaveLength(3);
      expect(result(await get('package_list', { limit: '1', offset: '1' }))).toEqual([names[1]]);
      expect((await get('package_list', { limit: 'x' })).statusCode).toBe(409);
    });

    it('resource_show: one resource with its absolute URL', async () => {
      const dataset = result(await get('package_show', { id: openName }));
      const resource = result(await get('resource_show', { id: dataset.resources[1].id }));
      expect(resource).toEqual(dataset.resources[1]);
      for (const key of RESOURCE_KEYS) expect(resource).toHaveProperty(key);
    });

    it('organization_list: names by title, full dictionaries with package_count, sorting and paging', async () => {
      const names = result(await get('organization_list'));
      expect(names).toHaveLength(2);
      expect(names).toContain('water-bureau');
      const full = result(await get('organization_list', { all_fields: 'true', sort: 'name desc' }));
      expect(full.map((organization: { name: string }) => organization.name)).toEqual([...names].sort().reverse());
      for (const organization of full) {
        expect(organization).toMatchObject({ type: 'organization', is_organization: true, state: 'active', package_count: expect.any(Number) });
        expect(organization.created).toMatch(CKAN_TIME);
      }
      expect(full.find((organization: { name: string }) => organization.name === 'market-supervision-administration').package_count).toBe(2);
      expect(result(await get('organization_list', { sort: 'package_count desc', limit: '1' }))).toEqual(['market-supervision-administration']);
      expect(result(await get('organization_list', { sort: 'name asc', offset: '1' }))).toEqual(['water-bureau']);
      const counted = result(await get('organization_list', { all_fields: 'true', include_dataset_count: 'false' }));
      expect(counted[0]).not.toHaveProperty('package_count');
      const badSort = await get('organization_list', { sort: 'colour asc' });
      expect(badSort.statusCode).toBe(409);
      expect(badSort.json().error).toEqual({ __type: 'Validation Error', message: 'Cannot sort by field `colour`' });
    });

    it('organization_show: by name or id, with its datasets when asked', async () => {
      const organization = result(await get('organization_show', { id: 'market-supervision-administration' }));
      expect(organization).toMatchObject({ name: 'market-supervision-administration', title: '区市场监督管理局', package_count: 2, is_organization: true });
      expect(organization).not.toHaveProperty('packages');
      expect(result(await get('organization_show', { id: organization.id })).name).toBe('market-supervision-administration');
      const withDatasets = result(await get('organization_show', { id: 'market-supervision-administration', include_datasets: 'true' }));
      expect(withDatasets.packages.map((dataset: { name: string }) => dataset.name).sort()).toEqual([openName, conditionalName].sort());
    });

    it('group_list and group_show: the EU data themes as groups with their dataset counts', async () => {
      const names = result(await get('group_list', { sort: 'name asc' }));
      expect(names).toEqual(THEMES.map((theme) => theme.key).sort());
      const groups = result(await get('group_list', { all_fields: 'true', sort: 'package_count desc', limit: '13' }));
      expect(groups).toHaveLength(13);
      expect(groups.find((group: { name: string }) => group.name === 'environment')).toMatchObject({ package_count: 1, title: '生态环境', type: 'group', is_organization: false });
      const total = groups.reduce((sum: number, group: { package_count: number }) => sum + group.package_count, 0);
      expect(total).toBeGreaterThanOrEqual(3);
      const environment = result(await get('group_show', { id: 'environment', include_datasets: 'true' }));
      expect(environment).toMatchObject({ name: 'environment', display_name: '生态环境', description: 'Environment', package_count: 1 });
      expect(environment.extras).toEqual([{ key: 'uri', value: 'http://publications.europa.eu/resource/authority/data-theme/ENVI' }]);
      expect(environment.packages.map((dataset: { name: string }) => dataset.name)).toEqual([HARVESTED_LIKE]);
      expect(result(await get('group_show', { id: environment.id })).name).toBe('environment');
    });

    it('tag_list: every tag of active datasets, filtered by query, full dictionaries with all_fields', async () => {
      const tags = result(await get('tag_list'));
      expect(tags).toEqual(expect.arrayContaining(['公交', '站点', '交通', '水位', '企业']));
      expect(new Set(tags).size).toBe(tags.length);
      expect(result(await get('tag_list', { query: '水' }))).toEqual(['水位']);
      expect(result(await get('tag_list', { query: '水', all_fields: 'true' }))).toEqual([{ id: tagId('水位'), name: '水位', display_name: '水位', state: 'active', vocabulary_id: null }]);
      expect((await get('tag_list', { vocabulary_id: 'countries' })).statusCode).toBe(404);
    });

    it('license_list: the licences in CKAN\'s register shape', async () => {
      const licences = result(await get('license_list'));
      expect(licences.map((licence: { id: string }) => licence.id)).toEqual(LICENCES.map((licence) => licence.id));
      for (const licence of licences) {
        expect(Object.keys(licence).sort()).toEqual(['domain_content', 'domain_data', 'domain_software', 'family', 'id', 'is_generic', 'maintainer', 'od_conformance', 'osd_conformance', 'status', 'title', 'url']);
      }
      expect(licences.find((licence: { id: string }) => licence.id === 'cc-by-4.0')).toMatchObject({ od_conformance: 'approved', status: 'active', url: 'https://creativecommons.org/licenses/by/4.0/' });
      expect(licences.find((licence: { id: string }) => licence.id === 'other-closed')).toMatchObject({ od_conformance: 'not reviewed', is_generic: true });
    });

    it('help_show: the docstring of an action, 404 for an unknown one', async () => {
      expect(result(await get('help_show', { name: 'package_search' }))).toContain('facet.field');
      expect((await get('help_show', { name: 'package_create' })).statusCode).toBe(404);
    });
  });
});
