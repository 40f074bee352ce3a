import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpendataTestbed, insertDatasets, type OpendataTestbed } from '../test-support.js';
import { negotiate } from './negotiate.js';
import { parseRdf, parseTurtle, tripleKeys } from './rdf-test-support.js';
import { parseModifiedSince } from './routes.js';

const BASE = 'http://localhost:80';
const HYDRA = 'http://www.w3.org/ns/hydra/core#';
const DATASET_TYPE = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/** Dataset IRIs in a parsed document. */
function datasetsOf(keys: Set<string>): string[] {
  return [...keys].filter((key) => key.endsWith(DATASET_TYPE)).map((key) => key.slice(1, key.indexOf('>'))).sort();
}

function valueOf(keys: Set<string>, subject: string, predicate: string): string | null {
  const prefix = `<${subject}> <${predicate}> `;
  const key = [...keys].find((candidate) => candidate.startsWith(prefix));
  if (!key) return null;
  const object = key.slice(prefix.length);
  return object.startsWith('<') ? object.slice(1, -1) : JSON.parse(object.slice(0, object.lastIndexOf('^^')));
}

describe('content negotiation', () => {
  it('picks the offer with the highest q, the most specific range deciding, ties in the server order', () => {
    const offers = ['application/ld+json', 'text/turtle', 'application/rdf+xml'] as const;
    expect(negotiate(undefined, offers)).toBe('application/ld+json');
    expect(negotiate('text/turtle', offers)).toBe('text/turtle');
    expect(negotiate('application/rdf+xml;q=0.9, text/turtle;q=0.5', offers)).toBe('application/rdf+xml');
    expect(negotiate('text/*', offers)).toBe('text/turtle');
    expect(negotiate('*/*;q=0.1, text/turtle;q=0', offers)).toBe('application/ld+json');
    expect(negotiate('application/*;q=0.2, application/rdf+xml', offers)).toBe('application/rdf+xml');
    expect(negotiate('text/html', offers)).toBeNull();
    expect(negotiate(BROWSER_ACCEPT, ['text/html', ...offers])).toBe('text/html');
  });

  it('reads modified_since as an ISO date or date-time (UTC without a zone)', () => {
    expect(parseModifiedSince('2024-05-01')).toBe('2024-05-01T00:00:00.000Z');
    expect(parseModifiedSince('2024-05-01T08:00:00+08:00')).toBe('2024-05-01T00:00:00.000Z');
    // An unencoded '+' arrives as a space.
    expect(parseModifiedSince('2024-05-01T08:00:00 08:00')).toBe('2024-05-01T00:00:00.000Z');
    expect(parseModifiedSince('2024-05-01T08:00')).toBe('2024-05-01T08:00:00.000Z');
    expect(() => parseModifiedSince('2024-02-31')).toThrow(/ISO 8601/);
    expect(() => parseModifiedSince('yesterday')).toThrow(/ISO 8601/);
  });
});

describe('DCAT endpoints', () => {
  let bed: OpendataTestbed;
  let openName: string;
  const get = (url: string, accept?: string) => bed.t.inject({ method: 'GET', url, headers: accept ? { accept } : {} });

  beforeAll(async () => {
    bed = await createOpendataTestbed();
    const db = bed.t.platform.ctx.db;
    // Seven more datasets, one a day in May 2020, so paging and modified_since have something to cut.
    await insertDatasets(db, Array.from({ length: 7 }, (_, index) => ({
      name: `may-${index + 1}`, title: `五月数据集 ${index + 1}`, notes: '按天修改的数据集。', modified: `2020-05-0${index + 1}T00:00:00.000Z`,
    })));
    openName = (await db.selectFrom('opendata_datasets').select('name').where('catalog_code', '=', bed.openCode).executeTakeFirstOrThrow()).name;
  });
  afterAll(() => bed?.close());

  it('streams the whole catalog without page, with every dataset', async () => {
    const response = await get('/catalog.ttl');
    expect(response.headers['content-type']).toBe('text/turtle; charset=utf-8');
    const keys = tripleKeys(parseTurtle(response.body));
    expect(datasetsOf(keys)).toHaveLength(9);
    expect(keys.has(`<${BASE}/catalog> <http://www.w3.org/ns/dcat#dataset> <${BASE}/dataset/may-3>`)).toBe(true);
    expect([...keys].some((key) => key.includes(HYDRA))).toBe(false);
  });

  it('pages with a hydra:PartialCollectionView that a harvester can follow to the end', async () => {
    const first = await get('/catalog.ttl?page=1&pageSize=4');
    expect(first.statusCode).toBe(200);
    const keys = tripleKeys(parseTurtle(first.body));
    const current = `${BASE}/catalog.ttl?pageSize=4&page=1`;
    expect(valueOf(keys, current, `http://www.w3.org/1999/02/22-rdf-syntax-ns#type`)).toBe(`${HYDRA}PartialCollectionView`);
    expect(valueOf(keys, current, `${HYDRA}first`)).toBe(current);
    expect(valueOf(keys, current, `${HYDRA}next`)).toBe(`${BASE}/catalog.ttl?pageSize=4&page=2`);
    expect(valueOf(keys, current, `${HYDRA}last`)).toBe(`${BASE}/catalog.ttl?pageSize=4&page=3`);
    expect(valueOf(keys, current, `${HYDRA}previous`)).toBeNull();
    expect(valueOf(keys, current, `${HYDRA}totalItems`)).toBe('9');
    expect(valueOf(keys, current, `${HYDRA}itemsPerPage`)).toBe('4');
    expect(valueOf(keys, `${BASE}/catalog`, `${HYDRA}view`)).toBe(current);
    expect(first.headers.link).toContain(`<${BASE}/catalog.ttl?pageSize=4&page=2>; rel="next"`);
    // Oldest first: the May 2020 datasets lead.
    expect(datasetsOf(keys)).toEqual(['may-1', 'may-2', 'may-3', 'may-4'].map((name) => `${BASE}/dataset/${name}`));

    const seen: string[] = [];
    let url: string | null = `${BASE}/catalog.ttl?page=1&pageSize=4`;
    let pages = 0;
    while (url) {
      const page = tripleKeys(parseTurtle((await get(url.slice(BASE.length))).body));
      seen.push(...datasetsOf(page));
      const view = valueOf(page, `${BASE}/catalog`, `${HYDRA}view`)!;
      url = valueOf(page, view, `${HYDRA}next`);
      if (pages === 2) expect(valueOf(page, view, `${HYDRA}previous`)).toBe(`${BASE}/catalog.ttl?pageSize=4&page=2`);
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(9);
  });

  it('uses 100 datasets per page by default and answers a page past the end with no datasets', async () => {
    const keys = tripleKeys(await parseRdf('jsonld', (await get('/catalog.jsonld?page=1')).body));
    expect(datasetsOf(keys)).toHaveLength(9);
    expect(valueOf(keys, `${BASE}/catalog.jsonld?page=1`, `${HYDRA}itemsPerPage`)).toBe('100');
    const past = tripleKeys(await parseRdf('jsonld', (await get('/catalog.jsonld?page=5')).body));
    expect(datasetsOf(past)).toEqual([]);
    expect(valueOf(past, `${BASE}/catalog.jsonld?page=5`, `${HYDRA}previous`)).toBe(`${BASE}/catalog.jsonld?page=1`);
  });

  it('filters by modified_since, also when paged (the filter stays in the page links)', async () => {
    const keys = tripleKeys(await parseRdf('rdfxml', (await get('/catalog.rdf?modified_since=2020-05-05')).body));
    expect(datasetsOf(keys)).toEqual([
      `${BASE}/dataset/market-entity-registrations-${bed.conditionalCode.toLowerCase()}`, `${BASE}/dataset/${openName}`,
      `${BASE}/dataset/may-5`, `${BASE}/dataset/may-6`, `${BASE}/dataset/may-7`,
    ].sort());
    const paged = tripleKeys(parseTurtle((await get('/catalog.ttl?modified_since=2020-05-05T00:00:00Z&page=1&pageSize=2')).body));
    const current = `${BASE}/catalog.ttl?modified_since=2020-05-05T00%3A00%3A00Z&pageSize=2&page=1`;
    expect(valueOf(paged, current, `${HYDRA}totalItems`)).toBe('5');
    expect(valueOf(paged, current, `${HYDRA}next`)).toBe(`${BASE}/catalog.ttl?modified_since=2020-05-05T00%3A00%3A00Z&pageSize=2&page=2`);
  });

  it('refuses a malformed modified_since, page or pageSize with problem+json', async () => {
    for (const url of ['/catalog.ttl?modified_since=last-week', '/catalog.ttl?page=0', '/catalog.ttl?page=1&pageSize=1001', '/catalog?pageSize=abc']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await get('/catalog.ttl?modified_since=last-week')).json().code).toBe('opendata.invalid_modified_since');
  });

  it('negotiates /catalog by Accept with q-values and varies on Accept; a browser gets the console\'s catalog page', async () => {
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'application/ld+json'],
      ['*/*', 'application/ld+json'],
      ['text/turtle', 'text/turtle'],
      ['application/ld+json;q=0.5, application/rdf+xml;q=0.8', 'application/rdf+xml'],
      ['application/json', 'application/ld+json'],
    ];
    for (const [accept, type] of cases) {
      const response = await get('/catalog', accept);
      expect(response.statusCode, accept).toBe(200);
      expect(response.headers['content-type'], accept).toBe(`${type}; charset=utf-8`);
      expect(response.headers.vary).toContain('Accept');
    }
    // /catalog is also the console's catalog page (the SPA): a browser reloading it must not get RDF.
    for (const accept of [BROWSER_ACCEPT, 'text/html']) {
      const page = await get('/catalog', accept);
      expect(page.statusCode, accept).toBe(200);
      expect(page.headers['content-type'], accept).toBe('text/html; charset=utf-8');
      expect(page.headers.vary).toContain('Accept');
    }
    const refused = await get('/catalog', 'application/pdf');
    expect(refused.statusCode).toBe(406);
    expect(refused.json()).toMatchObject({ code: 'opendata.not_acceptable', available: ['application/ld+json', 'text/turtle', 'application/rdf+xml', 'application/json', 'text/html'] });
    expect(refused.headers.vary).toContain('Accept');
    const head = await bed.t.inject({ method: 'HEAD', url: '/catalog.ttl' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('text/turtle; charset=utf-8');
    expect(head.body).toBe('');
    expect((await get('/catalog.ttl')).headers['access-control-allow-origin']).toBe('*');
  });

  it('answers the dataset IRI with RDF for RDF clients and the portal page for browsers', async () => {
    const turtle = await get(`/dataset/${openName}`, 'text/turtle');
    expect(turtle.headers['content-type']).toBe('text/turtle; charset=utf-8');
    expect(turtle.headers.vary).toContain('Accept');
    expect(datasetsOf(tripleKeys(parseTurtle(turtle.body)))).toEqual([`${BASE}/dataset/${openName}`]);
    const rdfxml = await get(`/dataset/${openName}`, 'application/rdf+xml');
    expect(datasetsOf(tripleKeys(await parseRdf('rdfxml', rdfxml.body)))).toEqual([`${BASE}/dataset/${openName}`]);
    expect((await get(`/dataset/${openName}.jsonld`)).headers['content-type']).toBe('application/ld+json; charset=utf-8');

    const page = await get(`/dataset/${openName}`, BROWSER_ACCEPT);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers.vary).toContain('Accept');
    expect(page.body).toContain('<title>公交站点信息 - 区市场监督管理局</title>');
    expect(page.body).toContain('<meta name="description" content="全区公交站点的编号、名称、所在镇街、途经线路数和候车亭情况。">');
    expect(page.body).toContain(`<link rel="alternate" type="text/turtle" href="${BASE}/dataset/${openName}.ttl">`);
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page.body)![1]);
    expect(jsonLd).toMatchObject({
      '@context': 'https://schema.org', '@type': 'Dataset', name: '公交站点信息', url: `${BASE}/dataset/${openName}`,
      keywords: ['公交', '站点', '交通'], license: 'https://creativecommons.org/licenses/by/4.0/', isAccessibleForFree: true, inLanguage: 'zh-CN',
      creator: { '@type': 'Organization', name: '区市场监督管理局' }, publisher: { '@type': 'Organization', name: '区市场监督管理局' },
    });
    expect(jsonLd.distribution).toEqual([
      expect.objectContaining({ '@type': 'DataDownload', encodingFormat: 'text/csv', contentUrl: `${BASE}/api/v1/open/datasets/${openName}/download?format=csv` }),
      expect.objectContaining({ encodingFormat: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
      expect.objectContaining({ encodingFormat: 'application/json' }),
    ]);
    expect(jsonLd.dateModified).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('answers an unknown dataset with 404: the portal page for browsers, problem+json for RDF clients', async () => {
    const page = await get('/dataset/no-such-dataset', BROWSER_ACCEPT);
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>未找到数据集');
    for (const [url, accept] of [['/dataset/no-such-dataset', 'text/turtle'], ['/dataset/no-such-dataset.rdf', undefined]] as const) {
      const response = await get(url, accept);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('opendata.dataset_not_found');
    }
    expect((await get(`/dataset/${openName}`, 'application/pdf')).statusCode).toBe(406);
  });

  it('leaves deleted datasets out of the catalog and answers their IRI with 404', async () => {
    await bed.t.platform.ctx.db.updateTable('opendata_datasets').set({ state: 'deleted' }).where('name', '=', 'may-7').execute();
    expect(datasetsOf(tripleKeys(parseTurtle((await get('/catalog.ttl')).body)))).not.toContain(`${BASE}/dataset/may-7`);
    expect((await get('/dataset/may-7.ttl')).statusCode).toBe(404);
  });
});
