import { describe, expect, it } from 'vitest';
import { ckanBase, mapCkanDataset, searchUrl } from './ckan.js';
import { datasetsOf, formatOfAnswer, nextPageOf, parseCatalog } from './dcat.js';
import { DatasetProblem, isoTimestamp, slugify, type HarvestedDataset } from './model.js';

const BASE = 'https://data.city.example';

const ckanDict = {
  id: 'a1b2c3',
  name: 'bus-stops',
  title: '公交站点信息',
  notes: '全区公交站点。',
  license_id: 'cc-by-4.0',
  maintainer: '交通局',
  maintainer_email: 'open@jt.example',
  metadata_created: '2024-01-02T03:04:05.123456',
  metadata_modified: '2024-05-01T10:20:30.654321',
  organization: { id: 'o1', name: 'transport', title: '区交通运输局', description: '交通' },
  groups: [{ name: 'transport' }, { name: 'not-a-theme' }],
  tags: [{ name: '公交' }, { name: '交通' }, { name: '公交' }],
  extras: [
    { key: 'frequency', value: 'http://publications.europa.eu/resource/authority/frequency/MONTHLY' }, { key: 'spatial', value: { type: 'Point' } },
    { key: 'harvest_source_id', value: 'elsewhere' }, { key: 'open_type', value: 'conditional' }, { key: 'open_conditions', value: '用于学术研究' },
  ],
  resources: [
    { id: 'r1', url: 'https://data.district.example/api/v1/open/datasets/bus-stops/download?format=csv', format: 'CSV', name: '公交站点 (CSV)', description: '', mimetype: 'text/csv', size: '1024', hash: 'sha256:ab' },
    { id: 'r2', url: '', format: 'JSON', name: 'no link' },
    { id: 'r3', url: 'https://x.example/file.xlsx', format: '', name: '' },
  ],
};

describe('CKAN dataset dictionaries', () => {
  it('map every field the portal shows, with times in UTC and themes from groups', () => {
    const mapped = mapCkanDataset(ckanDict, BASE);
    expect(mapped).toMatchObject({
      identifier: 'a1b2c3',
      name: 'bus-stops',
      title: '公交站点信息',
      notes: '全区公交站点。',
      licenseId: 'cc-by-4.0',
      tags: ['公交', '交通'],
      themes: ['transport'],
      frequency: 'monthly',
      openType: 'conditional',
      openConditions: '用于学术研究',
      organization: { name: 'transport', title: '区交通运输局', description: '交通' },
      maintainer: '交通局',
      maintainerEmail: 'open@jt.example',
      metadataCreated: '2024-01-02T03:04:05.123Z',
      metadataModified: '2024-05-01T10:20:30.654Z',
      sourceUrl: `${BASE}/dataset/bus-stops`,
    } satisfies Partial<HarvestedDataset>);
    // A resource without a URL offers nothing; a format missing at the source comes from the URL.
    expect(mapped.resources).toEqual([
      { url: 'https://data.district.example/api/v1/open/datasets/bus-stops/download?format=csv', format: 'CSV', name: '公交站点 (CSV)', description: '', mediaType: 'text/csv', size: 1024, hash: 'sha256:ab', lastModified: null },
      { url: 'https://x.example/file.xlsx', format: 'XLSX', name: 'XLSX', description: '', mediaType: null, size: null, hash: null, lastModified: null },
    ]);
    // Extras are copied, non-text values as JSON.
    expect(mapped.extras).toContainEqual({ key: 'spatial', value: '{"type":"Point"}' });
    // The source's own harvest bookkeeping is not copied.
    expect(mapped.extras.map((extra) => extra.key)).not.toContain('harvest_source_id');
  });

  it('take themes from EU theme URIs in the extras when no group is a theme, and default the licence', () => {
    const mapped = mapCkanDataset({
      id: 'x', name: 'x1', title: 'X', metadata_modified: '2024-01-01T00:00:00', groups: [{ name: 'misc' }],
      extras: [{ key: 'theme', value: '["http://publications.europa.eu/resource/authority/data-theme/HEAL","http://publications.europa.eu/resource/authority/data-theme/ENVI"]' }],
    }, BASE);
    expect(mapped.themes).toEqual(['health', 'environment']);
    expect(mapped.licenseId).toBe('notspecified');
    expect(mapped.organization).toBeNull();
    expect(mapped.frequency).toBeNull();
    expect(mapped.openType).toBe('open');
  });

  it('turn a dictionary that cannot be read into a problem naming the dataset', () => {
    expect(() => mapCkanDataset({ name: 'no-id' }, BASE)).toThrow(DatasetProblem);
    const problem = (() => {
      try {
        mapCkanDataset({ id: 'bad-1', name: 'bad', title: 'Bad', metadata_modified: '2024-01-01', resources: 'not a list' }, BASE);
      } catch (error) {
        return error as DatasetProblem;
      }
      return null;
    })();
    expect(problem).toBeInstanceOf(DatasetProblem);
    expect(problem?.identifier).toBe('bad-1');
    expect(problem?.message).toMatch(/resources is not a list/);
    expect(() => mapCkanDataset({ id: 'bad-2', name: 'bad2', metadata_modified: 'yesterday' }, BASE)).toThrow(/not a timestamp/);
  });

  it('page by id with the incremental filter in UTC, from the site or its API address', () => {
    expect(ckanBase('https://data.city.example/api/3/action/')).toBe('https://data.city.example');
    expect(ckanBase('https://data.city.example/ckan/')).toBe('https://data.city.example/ckan');
    const url = new URL(searchUrl({ base: BASE, fq: 'organization:transport', since: '2024-05-01T10:15:30.000Z', rows: 100 }, 200));
    expect(url.pathname).toBe('/api/3/action/package_search');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      fq: 'organization:transport metadata_modified:[2024-05-01T10:15:30.000Z TO *]', sort: 'id asc', rows: '100', start: '200',
    });
  });
});

describe('helpers', () => {
  it('read CKAN and DCAT times as UTC instants', () => {
    expect(isoTimestamp('2024-05-01T10:20:30.654321')).toBe('2024-05-01T10:20:30.654Z');
    expect(isoTimestamp('2024-05-01T18:20:30+08:00')).toBe('2024-05-01T10:20:30.000Z');
    expect(isoTimestamp('2024-05-01')).toBe('2024-05-01T00:00:00.000Z');
    expect(isoTimestamp('soon')).toBeNull();
  });

  it('make valid names from any text, stable for Chinese', () => {
    expect(slugify('Bus Stops 2024!')).toBe('bus-stops-2024');
    expect(slugify('公交站点', 'dataset')).toMatch(/^dataset-[0-9a-f]{8}$/);
    expect(slugify('公交站点', 'dataset')).toBe(slugify('公交站点', 'dataset'));
  });
});

const TTL = `
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix spdx: <http://spdx.org/rdf/terms#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .

<catalog> a dcat:Catalog ; dcat:dataset <dataset/bus-stops>, <dataset/%E5%85%AC>, [ a dcat:Dataset ; dct:description "no title, no id" ] .
<dataset/bus-stops> a dcat:Dataset ;
  dct:title "Bus stops"@en, "公交站点信息"@zh, "Bus stops (plain)" ;
  dct:description "Stops."@en, "全区公交站点。"@zh-CN ;
  dcat:keyword "公交"@zh, "交通", "bus"@en ;
  dcat:theme <http://publications.europa.eu/resource/authority/data-theme/TRAN> ;
  dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/MONTHLY> ;
  dct:publisher <organization/transport> ;
  dcat:contactPoint [ a vcard:Kind ; vcard:fn "交通局" ; vcard:hasEmail <mailto:open@jt.example> ] ;
  dct:issued "2024-01-02"^^xsd:date ;
  dct:modified "2024-05-01T10:20:30Z"^^xsd:dateTime ;
  dcat:landingPage <https://portal.example/dataset/bus-stops> ;
  dct:accessRights <http://publications.europa.eu/resource/authority/access-right/RESTRICTED> ;
  dct:rights <dataset/bus-stops#conditions> ;
  dcat:distribution <dist/2>, <dist/1> .
<dataset/bus-stops#conditions> a dct:RightsStatement ; <http://www.w3.org/2000/01/rdf-schema#label> "须注明用途"@zh .
<organization/transport> a foaf:Agent ; foaf:name "区交通运输局"@zh, "Transport Bureau"@en .
<dist/1> a dcat:Distribution ; dct:title "CSV"@zh ; dcat:downloadURL <https://files.example/a.csv> ;
  dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
  dct:license <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0> ;
  dcat:byteSize "2048"^^xsd:nonNegativeInteger ;
  spdx:checksum [ spdx:checksumValue "abc123" ] .
<dist/2> a dcat:Distribution ; dcat:accessURL <https://files.example/b> ; dcat:mediaType <http://www.iana.org/assignments/media-types/application/json> .
<dataset/%E5%85%AC> a dcat:Dataset ; dct:title "无名"@zh ; dct:publisher [ foaf:name "某单位" ] .
<catalog?page=1> a hydra:PartialCollectionView ; hydra:next <catalog?page=2> .
`;

describe('DCAT catalogs', () => {
  it('map datasets from Turtle, preferring Chinese, with EU themes, frequency, licence and distributions', async () => {
    const graph = await parseCatalog(TTL, 'turtle', 'https://portal.example/');
    const items = datasetsOf(graph);
    const stops = items.find((item): item is HarvestedDataset => !(item instanceof DatasetProblem) && item.name === 'bus-stops')!;
    expect(stops).toMatchObject({
      identifier: 'https://portal.example/dataset/bus-stops',
      title: '公交站点信息',
      titleEn: 'Bus stops',
      notes: '全区公交站点。',
      tags: ['公交', '交通'],
      themes: ['transport'],
      frequency: 'monthly',
      licenseId: 'cc-by-4.0',
      openType: 'conditional',
      openConditions: '须注明用途',
      organization: { name: 'transport', title: '区交通运输局' },
      maintainer: '交通局',
      maintainerEmail: 'open@jt.example',
      issued: '2024-01-02',
      metadataModified: '2024-05-01T10:20:30.000Z',
      sourceUrl: 'https://portal.example/dataset/bus-stops',
    });
    expect(stops.resources).toEqual([
      { url: 'https://files.example/a.csv', format: 'CSV', name: 'CSV', description: '', mediaType: null, size: 2048, hash: 'abc123', lastModified: null },
      { url: 'https://files.example/b', format: 'JSON', name: 'JSON', description: '', mediaType: 'application/json', size: null, hash: null, lastModified: null },
    ]);
    // A name that is not a valid slug gets a stable one; a blank-node publisher gets a hashed organisation name.
    const other = items.find((item): item is HarvestedDataset => !(item instanceof DatasetProblem) && item.title === '无名')!;
    expect(other.name).toMatch(/^dataset-[0-9a-f]{8}$/);
    expect(other.organization?.title).toBe('某单位');
    expect(other.organization?.name).toMatch(/^org-[0-9a-f]{8}$/);
    expect(other.metadataModified).toBeNull();
    expect(other.openType).toBe('open');
    // The blank-node dataset without an identifier is a problem of the run, not a failure.
    expect(items.filter((item) => item instanceof DatasetProblem)).toHaveLength(1);
    expect(nextPageOf(graph)).toBe('https://portal.example/catalog?page=2');
  });

  it('read JSON-LD with an inline context, refusing remote contexts', async () => {
    const doc = {
      '@context': { dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/', hydra: 'http://www.w3.org/ns/hydra/core#' },
      '@graph': [
        { '@id': 'dataset/air', '@type': 'dcat:Dataset', 'dct:title': [{ '@value': 'Air', '@language': 'en' }, { '@value': '空气质量' }], 'dct:modified': '2024-02-03T04:05:06Z' },
        { '@id': 'catalog.jsonld?page=1', '@type': 'hydra:PartialCollectionView', 'hydra:next': { '@id': 'catalog.jsonld?page=2' } },
      ],
    };
    const graph = await parseCatalog(JSON.stringify(doc), 'jsonld', 'http://127.0.0.1:9/catalog.jsonld');
    const [air] = datasetsOf(graph) as HarvestedDataset[];
    expect(air).toMatchObject({ identifier: 'http://127.0.0.1:9/dataset/air', name: 'air', title: '空气质量', titleEn: 'Air', metadataModified: '2024-02-03T04:05:06.000Z' });
    expect(nextPageOf(graph)).toBe('http://127.0.0.1:9/catalog.jsonld?page=2');
    await expect(parseCatalog(JSON.stringify({ '@context': 'https://w3id.org/dcat-ap/context.jsonld', '@id': 'x' }), 'jsonld', 'http://127.0.0.1:9/')).rejects.toThrow(/remote JSON-LD documents are not loaded/);
  });

  it('choose the syntax by configuration, Content-Type, extension, then content', () => {
    expect(formatOfAnswer('turtle', 'application/ld+json', 'x.jsonld', '{')).toBe('turtle');
    expect(formatOfAnswer(undefined, 'text/turtle; charset=utf-8', 'x.jsonld', '{')).toBe('turtle');
    expect(formatOfAnswer(undefined, 'application/ld+json', 'x.ttl', '@prefix')).toBe('jsonld');
    expect(formatOfAnswer(undefined, 'application/octet-stream', 'https://a/catalog.ttl?page=2', '')).toBe('turtle');
    expect(formatOfAnswer(undefined, 'text/plain', 'https://a/catalog', ' [{}]')).toBe('jsonld');
  });
});
