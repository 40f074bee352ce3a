/**
 * The cascade district → city: one Zhongshu instance (A, the district, on a real local port) is harvested by another
 * (B, the city, on its own database) through A's CKAN Action API and A's DCAT catalog, as any CKAN or DCAT portal
 * would be.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogTestbed, type CatalogTestbed } from '../../catalog/test-support.js';
import { createOpendataTestbed, stopRecords, type OpendataTestbed } from '../test-support.js';
import type { HarvestRunner } from './runner.js';
import type { HttpSession } from '../../../testing/harness.js';

let district: OpendataTestbed;
let districtUrl: string;
let city: CatalogTestbed;
let cityAdmin: HttpSession;
let harvester: HarvestRunner;

beforeAll(async () => {
  // One after the other: two platforms starting side by side on a busy machine can miss Fastify's plugin timeout.
  district = await createOpendataTestbed();
  await district.t.platform.http.listen({ port: 0, host: '127.0.0.1' });
  districtUrl = `http://127.0.0.1:${(district.t.platform.http.server.address() as AddressInfo).port}`;
  city = await createCatalogTestbed();
  cityAdmin = await city.t.login(city.directory.users.data_admin);
  harvester = city.t.platform.opendata.harvester as HarvestRunner;
});
afterAll(async () => {
  await city?.close();
  await district?.close();
});

const cityDb = () => city.t.platform.ctx.db;

async function districtCkan<T>(action: string, query: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`${districtUrl}/api/3/action/${action}?${new URLSearchParams(query).toString()}`);
  const body = (await response.json()) as { success: boolean; result: T };
  expect(body.success, JSON.stringify(body)).toBe(true);
  return body.result;
}

async function cityCkan<T>(action: string, query: Record<string, string>): Promise<T> {
  const response = await city.t.inject({ method: 'GET', url: `/api/3/action/${action}`, query });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().result as T;
}

async function addSource(input: Record<string, unknown>): Promise<string> {
  const response = await cityAdmin.post('/api/v1/open/harvest/sources', input);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

interface CkanPackage {
  id: string;
  name: string;
  title: string;
  metadata_modified: string;
  organization: { name: string; title: string };
  tags: Array<{ name: string }>;
  resources: Array<{ url: string; format: string }>;
  extras: Array<{ key: string; value: string }>;
}

const harvestedOf = (sourceId: string) =>
  cityDb().selectFrom('opendata_datasets').selectAll().where('source_id', '=', sourceId).orderBy('title').execute();

describe('a city harvests a district (two Zhongshu instances)', () => {
  let ckanSource: string;
  let districtPackages: CkanPackage[];

  it('through the CKAN API: the district\'s datasets, resources and organisations, marked with their source', async () => {
    districtPackages = (await districtCkan<{ count: number; results: CkanPackage[] }>('package_search', { rows: '100' })).results;
    expect(districtPackages.length).toBeGreaterThanOrEqual(2);
    ckanSource = await addSource({ name: 'sanshui', title: '三水区开放平台', type: 'ckan', url: districtUrl, schedule: '0 2 * * *' });
    const run = await harvester.run(ckanSource, 'manual');
    expect(run).toMatchObject({ status: 'succeeded', created: districtPackages.length, updated: 0, deleted: 0, failed: 0 });

    const rows = await harvestedOf(ckanSource);
    expect(rows).toHaveLength(districtPackages.length);
    for (const original of districtPackages) {
      const row = rows.find((candidate) => candidate.source_identifier === original.id)!;
      expect(row, original.name).toBeDefined();
      expect(row).toMatchObject({ name: original.name, title: original.title, tags: original.tags.map((tag) => tag.name), state: 'active', source_url: `${districtUrl}/dataset/${original.name}` });
      const resources = await cityDb().selectFrom('opendata_resources').select(['url', 'format', 'datastore_active']).where('dataset_id', '=', row.id).orderBy('position').execute();
      expect(resources).toEqual(original.resources.map((resource) => ({ url: resource.url, format: resource.format, datastore_active: false })));
      expect(resources[0].url?.startsWith(`${districtUrl}/api/v1/open/datasets/${original.name}/download`)).toBe(true);
      const organization = await cityDb().selectFrom('opendata_organizations').selectAll().where('id', '=', row.organization_id).executeTakeFirstOrThrow();
      expect(organization).toMatchObject({ name: original.organization.name, title: original.organization.title, source_id: ckanSource, department_id: null });
    }

    // A conditionally open dataset stays conditional, with its conditions (its data is applied for at the district).
    const entities = districtPackages.find((dataset) => dataset.title === '市场主体登记信息')!;
    const conditions = entities.extras.find((extra) => extra.key === 'open_conditions')?.value;
    expect(rows.find((row) => row.source_identifier === entities.id)).toMatchObject({ open_type: 'conditional', open_conditions: conditions });

    // The city's own CKAN API and search serve them like any dataset.
    const stops = districtPackages.find((dataset) => dataset.title === '公交站点信息')!;
    const shown = await cityCkan<CkanPackage>('package_show', { id: stops.name });
    expect(shown).toMatchObject({ name: stops.name, title: '公交站点信息', organization: { name: stops.organization.name } });
    expect(shown.resources.map((resource) => resource.url)).toEqual(stops.resources.map((resource) => resource.url));
    expect(shown.extras).toContainEqual({ key: 'harvest_source_title', value: '三水区开放平台' });
    const found = await city.t.inject({ method: 'GET', url: '/api/v1/open/search', query: { q: '公交' } });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items.map((item: { name: string }) => item.name)).toContain(stops.name);
    const searched = await cityCkan<{ count: number; results: CkanPackage[] }>('package_search', { q: '公交' });
    expect(searched.results.map((result) => result.name)).toContain(stops.name);
  });

  const dcatSources: Array<{ name: string; id: string }> = [];

  it('through the DCAT catalog, in JSON-LD pages and in Turtle', async () => {
    for (const [name, url] of [['sanshui-jsonld', `${districtUrl}/catalog.jsonld?page=1&pageSize=1`], ['sanshui-ttl', `${districtUrl}/catalog.ttl?page=1&pageSize=1`]] as const) {
      const id = await addSource({ name, title: `三水区目录 (${name})`, type: 'dcat', url });
      dcatSources.push({ name, id });
      const run = await harvester.run(id, 'manual');
      expect(run, name).toMatchObject({ status: 'succeeded', created: districtPackages.length, deleted: 0, failed: 0 });
      const rows = await harvestedOf(id);
      for (const original of districtPackages) {
        const row = rows.find((candidate) => candidate.source_identifier === `${districtUrl}/dataset/${original.name}`)!;
        expect(row, `${name} ${original.name}`).toBeDefined();
        // The CKAN source holds the district's names already: this source's copies carry its name as a prefix.
        expect(row).toMatchObject({ name: `${name}-${original.name}`, title: original.title, state: 'active', tags: original.tags.map((tag) => tag.name) });
        const conditional = original.extras.some((extra) => extra.key === 'open_type' && extra.value === 'conditional');
        expect(row.open_type, `${name} ${original.name}`).toBe(conditional ? 'conditional' : 'open');
        const resources = await cityDb().selectFrom('opendata_resources').select(['url', 'format']).where('dataset_id', '=', row.id).execute();
        expect(resources.map((resource) => resource.url).sort()).toEqual(original.resources.map((resource) => resource.url).sort());
        const organization = await cityDb().selectFrom('opendata_organizations').select(['name', 'title']).where('id', '=', row.organization_id).executeTakeFirstOrThrow();
        expect(organization.title).toBe(original.organization.title);
      }
      // Nothing changed at the district: the second run rewrites nothing.
      expect(await harvester.run(id, 'manual'), name).toMatchObject({ status: 'succeeded', created: 0, updated: 0, unchanged: districtPackages.length, deleted: 0 });
    }
  });

  it('again: new records at the district are an incremental update; a retired entry is deleted by the full run (and by DCAT)', async () => {
    const stops = districtPackages.find((dataset) => dataset.title === '公交站点信息')!;
    const entities = districtPackages.find((dataset) => dataset.title === '市场主体登记信息')!;
    await district.load(district.openCode, stopRecords(5, district.stopCount));
    await district.t.platform.catalog.service.retire(district.cli, district.conditionalCode, '不再开放');
    await district.publish();
    const changed = await districtCkan<CkanPackage>('package_show', { id: stops.name });
    expect(changed.metadata_modified > stops.metadata_modified).toBe(true);

    const incremental = await harvester.run(ckanSource, 'manual');
    expect(incremental).toMatchObject({ status: 'succeeded', created: 0, updated: 1, deleted: 0, failed: 0 });
    expect(incremental.message).toMatch(/^Incremental run/);
    const row = (await harvestedOf(ckanSource)).find((candidate) => candidate.source_identifier === stops.id)!;
    expect(new Date(row.metadata_modified).getTime()).toBe(new Date(`${changed.metadata_modified}Z`).getTime());

    const full = await harvester.run(ckanSource, 'manual', { full: true });
    expect(full).toMatchObject({ status: 'succeeded', deleted: 1, failed: 0 });
    const after = await harvestedOf(ckanSource);
    expect(after.find((candidate) => candidate.source_identifier === entities.id)?.state).toBe('deleted');
    expect(after.find((candidate) => candidate.source_identifier === stops.id)?.state).toBe('active');
    const gone = await city.t.inject({ method: 'GET', url: '/api/3/action/package_show', query: { id: entities.name } });
    expect(gone.statusCode).toBe(404);

    // The DCAT sources see the same: every DCAT run reads the whole catalog.
    for (const source of dcatSources) {
      expect(await harvester.run(source.id, 'manual'), source.name).toMatchObject({ status: 'succeeded', created: 0, updated: 1, unchanged: 0, deleted: 1, failed: 0 });
      const rows = await harvestedOf(source.id);
      expect(rows.find((candidate) => candidate.name === `${source.name}-${entities.name}`)?.state, source.name).toBe('deleted');
      expect(rows.find((candidate) => candidate.name === `${source.name}-${stops.name}`)?.state, source.name).toBe('active');
    }
  });
});
