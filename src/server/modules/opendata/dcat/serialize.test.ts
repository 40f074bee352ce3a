import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset, DatasetResource, Organization } from '../index.js';
import { catalogChunks } from './catalog.js';
import { describeDataset, Emitted, type CatalogInfo } from './describe.js';
import { describeFindings, parseRdf, SHAPES_DIR, tripleKeys, validateShacl } from './rdf-test-support.js';
import { createWriter, type RdfFormat } from './writers.js';

const BASE = 'https://open.example.gov.cn';
const FORMATS: RdfFormat[] = ['jsonld', 'turtle', 'rdfxml'];

const department: Organization = {
  id: 'o1', name: 'market-supervision', title: '区市场监督管理局', titleEn: 'Market Supervision Administration', description: '',
  departmentId: 'd1', sourceId: null, createdAt: '2024-01-01T00:00:00.000Z',
};
const harvestedOrganization: Organization = {
  id: 'o2', name: 'city-transport', title: 'City <Transport> & "Roads"', titleEn: null, description: '',
  departmentId: null, sourceId: 's1', createdAt: '2024-01-01T00:00:00.000Z',
};

function resource(overrides: Partial<DatasetResource>): DatasetResource {
  return {
    id: 'r1', datasetId: 'x', position: 0, name: 'CSV', description: '', format: 'CSV', mediaType: 'text/csv', url: null, size: null, hash: null,
    datastoreActive: true, created: '2024-03-01T08:00:00.000Z', lastModified: null, ...overrides,
  };
}

function dataset(overrides: Partial<Dataset>): Dataset {
  return {
    id: '6f1c1f8e-0000-4000-8000-000000000001', name: 'bus-stops', title: '公交站点信息', titleEn: 'Bus stops', notes: '全区公交站点。',
    organization: department, themes: ['transport'], tags: ['公交', '站点'], licenseId: 'cc-by-4.0', frequency: 'monthly', openType: 'open',
    openConditions: null, maintainer: '交通科', maintainerEmail: 'jtk@example.gov.cn', fields: [], extras: [], state: 'active', currentVersion: 2,
    rowCount: 40, issued: '2024-03-01', metadataCreated: '2024-03-01T08:00:00.000Z', metadataModified: '2024-05-01T08:00:00.000Z',
    dataModified: '2024-05-02T08:00:00.000Z', catalogCode: '11440607MB2C3000X/00001', catalogVersion: 1, source: null, changeSeq: 1,
    resources: [
      resource({ id: 'r1', name: '公交站点信息（CSV）', format: 'CSV', size: 1234 }),
      resource({ id: 'r2', position: 1, name: '公交站点信息（XLSX）', format: 'XLSX', mediaType: null }),
      resource({ id: 'r3', position: 2, name: '公交站点信息（JSON）', format: 'JSON', mediaType: 'application/json' }),
    ],
    ...overrides,
  };
}

/** Local open, local conditional, and harvested datasets with the awkward text and URLs other portals send. */
const DATASETS: Dataset[] = [
  dataset({}),
  dataset({
    id: '6f1c1f8e-0000-4000-8000-000000000002', name: 'market-entities', title: '市场主体登记信息', titleEn: null, notes: '',
    openType: 'conditional', openConditions: '用于学术研究，须注明用途', licenseId: 'other-closed', maintainer: null, maintainerEmail: null,
    frequency: 'daily', themes: ['economy', 'government'], issued: null, currentVersion: 0,
  }),
  dataset({
    id: '6f1c1f8e-0000-4000-8000-000000000003', name: 'city-roads', title: 'Roads\r\n "quoted" \\ <b>&amp;</b> \u0001 ✓', titleEn: null,
    notes: 'Line one\nline two\ttabbed', organization: harvestedOrganization, themes: [], tags: ['road works', 'a"b'], licenseId: 'odc-odbl',
    frequency: null, maintainer: 'Ops', maintainerEmail: 'not an email', catalogCode: null, issued: null, currentVersion: 0,
    source: { id: 's1', name: 'city', title: 'City portal', type: 'ckan', identifier: 'a1b2', url: 'https://city.example.org/dataset/city roads?x={1}' },
    resources: [
      resource({ id: 'h1', name: 'Roads PDF', format: 'pdf', mediaType: null, url: 'https://city.example.org/files/roads map.pdf', datastoreActive: false, size: 0 }),
      resource({ id: 'h2', position: 1, name: 'Odd', format: 'WEIRD', mediaType: 'not a media type', url: 'javascript:alert(1)', datastoreActive: false }),
    ],
  }),
];

const INFO: CatalogInfo = {
  base: BASE, iri: `${BASE}/catalog`, publisher: { name: '区数据统筹局', nameEn: 'District Data Coordination Bureau' },
  issued: '2024-03-01T08:00:00.000Z', modified: '2024-05-02T08:00:00.000Z',
};

async function serialise(format: RdfFormat, datasets: Dataset[]): Promise<string> {
  let text = '';
  for await (const chunk of catalogChunks(format, INFO, (async function* () { yield* datasets; })())) text += chunk;
  return text;
}

describe('DCAT serialisation', () => {
  it('writes the same graph as JSON-LD, Turtle and RDF/XML, even for awkward text and URLs', async () => {
    const graphs = await Promise.all(FORMATS.map(async (format) => tripleKeys(await parseRdf(format, await serialise(format, DATASETS)))));
    const [jsonld, turtle, rdfxml] = graphs;
    expect(jsonld.size).toBeGreaterThan(100);
    expect([...turtle].filter((key) => !jsonld.has(key))).toEqual([]);
    expect([...jsonld].filter((key) => !turtle.has(key))).toEqual([]);
    expect([...rdfxml].filter((key) => !jsonld.has(key))).toEqual([]);
    expect([...jsonld].filter((key) => !rdfxml.has(key))).toEqual([]);
    // The text survives: quotes, backslashes, markup, CR LF; only the control character XML cannot carry is gone.
    expect(turtle.has(`<${BASE}/dataset/city-roads> <http://purl.org/dc/terms/title> ${JSON.stringify('Roads\r\n "quoted" \\ <b>&amp;</b>  ✓')}^^<http://www.w3.org/2001/XMLSchema#string>`)).toBe(true);
  });

  it('conforms to the DCAT-AP 3.0.1 shapes and class ranges with no violation', async () => {
    const quads = await parseRdf('turtle', await serialise('turtle', DATASETS));
    const findings = await validateShacl(quads, ['shapes.ttl', 'range.ttl']);
    expect(describeFindings(findings)).toBe('');
  });

  it('leaves only the recommended properties the data cannot give', async () => {
    const quads = await parseRdf('turtle', await serialise('turtle', DATASETS));
    const findings = await validateShacl(quads, ['shapes_recommended.ttl']);
    const summary = findings.map((finding) => `${finding.focusNode.replace(BASE, '')} ${finding.path?.replace(/^.*[#/]/, '')}`).sort();
    expect(summary).toEqual([
      // Nothing in the data says where or when: no spatial or temporal coverage for the catalog or any dataset.
      '/catalog spatial',
      '/dataset/bus-stops spatial', '/dataset/bus-stops temporal',
      '/dataset/city-roads spatial', '/dataset/city-roads temporal',
      // The harvested dataset came without a theme; its resources without an availability promise; one without a
      // format we can name.
      '/dataset/city-roads theme',
      '/dataset/city-roads#resource-h1 availability',
      '/dataset/city-roads#resource-h2 availability',
      '/dataset/city-roads#resource-h2 format',
      '/dataset/market-entities spatial', '/dataset/market-entities temporal',
      // An organisation met while harvesting: its kind of publisher is unknown.
      '/organization/city-transport type',
    ].sort());
  });

  it('types dates, sizes and identifiers as the shapes expect', async () => {
    const keys = tripleKeys(await parseRdf('jsonld', await serialise('jsonld', DATASETS)));
    const has = (line: string) => expect(keys.has(line), line).toBe(true);
    const xsd = (type: string) => `<http://www.w3.org/2001/XMLSchema#${type}>`;
    has(`<${BASE}/dataset/bus-stops> <http://purl.org/dc/terms/issued> "2024-03-01"^^${xsd('date')}`);
    has(`<${BASE}/dataset/bus-stops> <http://purl.org/dc/terms/modified> "2024-05-02T08:00:00.000Z"^^${xsd('dateTime')}`);
    has(`<${BASE}/dataset/bus-stops#resource-r1> <http://www.w3.org/ns/dcat#byteSize> "1234"^^${xsd('nonNegativeInteger')}`);
    has(`<${BASE}/dataset/bus-stops#resource-r1> <http://purl.org/dc/terms/format> <http://publications.europa.eu/resource/authority/file-type/CSV>`);
    has(`<${BASE}/dataset/bus-stops#resource-r2> <http://www.w3.org/ns/dcat#mediaType> <http://www.iana.org/assignments/media-types/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet>`);
    has(`<${BASE}/dataset/bus-stops#resource-r1> <http://www.w3.org/ns/dcat#downloadURL> <${BASE}/api/v1/open/datasets/bus-stops/download?format=csv>`);
    has(`<${BASE}/dataset/bus-stops#resource-r1> <http://purl.org/dc/terms/license> <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0>`);
    has(`<${BASE}/dataset/bus-stops> <http://purl.org/dc/terms/accrualPeriodicity> <http://publications.europa.eu/resource/authority/frequency/MONTHLY>`);
    has(`<${BASE}/dataset/bus-stops> <http://www.w3.org/ns/dcat#theme> <http://publications.europa.eu/resource/authority/data-theme/TRAN>`);
    has(`<${BASE}/dataset/bus-stops> <http://purl.org/dc/terms/title> "Bus stops"@en`);
    has(`<${BASE}/dataset/bus-stops#contact> <http://www.w3.org/2006/vcard/ns#hasEmail> <mailto:jtk@example.gov.cn>`);
    // A conditional dataset is reached through its page; its conditions are a rights statement.
    has(`<${BASE}/dataset/market-entities#resource-r1> <http://www.w3.org/ns/dcat#accessURL> <${BASE}/dataset/market-entities>`);
    has(`<${BASE}/dataset/market-entities> <http://purl.org/dc/terms/accessRights> <http://publications.europa.eu/resource/authority/access-right/RESTRICTED>`);
    has(`<${BASE}/dataset/market-entities> <http://purl.org/dc/terms/description> "市场主体登记信息"@zh`);
    // Harvested: the source's identifier, its page (made a valid IRI), its resource URLs; the invalid one falls back.
    has(`<${BASE}/dataset/city-roads#source-identifier> <http://www.w3.org/2004/02/skos/core#notation> "a1b2"^^${xsd('string')}`);
    has(`<${BASE}/dataset/city-roads> <http://xmlns.com/foaf/0.1/page> <https://city.example.org/dataset/city%20roads?x=%7B1%7D>`);
    has(`<${BASE}/dataset/city-roads#resource-h1> <http://www.w3.org/ns/dcat#accessURL> <https://city.example.org/files/roads%20map.pdf>`);
    has(`<${BASE}/dataset/city-roads#resource-h2> <http://www.w3.org/ns/dcat#accessURL> <${BASE}/dataset/city-roads>`);
    has(`<${BASE}/dataset/city-roads#resource-h1> <http://purl.org/dc/terms/license> <http://publications.europa.eu/resource/authority/licence/ODC_BL>`);
    has(`<${BASE}/dataset/city-roads#contact> <http://www.w3.org/2006/vcard/ns#hasURL> <${BASE}/organization/city-transport>`);
  });

  it('writes each shared node once however many datasets point at it', async () => {
    const many = Array.from({ length: 50 }, (_, index) => dataset({ id: `id-${index}`, name: `set-${index}` }));
    const text = await serialise('turtle', many);
    expect(text.match(/^<https:\/\/open\.example\.gov\.cn\/organization\/market-supervision> a foaf:Agent/gm)).toHaveLength(1);
    expect(text.match(/^<http:\/\/publications\.europa\.eu\/resource\/authority\/data-theme\/TRAN> a skos:Concept/gm)).toHaveLength(1);
  });

  it('writes a single dataset document that stands alone', async () => {
    for (const format of FORMATS) {
      const writer = createWriter(format);
      const text = writer.head() + describeDataset(BASE, DATASETS[0], new Emitted()).map((node) => writer.node(node)).join('') + writer.tail();
      const quads = await parseRdf(format, text);
      expect(describeFindings(await validateShacl(quads, ['shapes.ttl', 'range.ttl']))).toBe('');
    }
  });

  it('has a validator that does report a missing title, an untyped theme, a wrong datatype and a missing access URL', async () => {
    const text = `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
      <https://x.example/d> a dcat:Dataset ; dct:description "d" ; dcat:distribution <https://x.example/d#r> ;
        dcat:theme <http://publications.europa.eu/resource/authority/data-theme/TRAN> .
      <https://x.example/d#r> a dcat:Distribution ; dcat:byteSize "big" .`;
    const findings = await validateShacl(await parseRdf('turtle', text), ['shapes.ttl', 'range.ttl']);
    expect(findings.map((finding) => `${finding.path?.replace(/^.*[#/]/, '')} ${finding.constraint}`).sort()).toEqual([
      'accessURL MinCountConstraintComponent', 'byteSize DatatypeConstraintComponent', 'theme ClassConstraintComponent', 'title MinCountConstraintComponent',
    ]);
  });

  it('keeps the vendored shapes equal to the shared standard copies', () => {
    const shared = path.resolve(SHAPES_DIR, '../../../../../../../shared/standards/dcat-ap-3.0.1');
    if (!fs.existsSync(shared)) return;
    for (const file of ['shapes.ttl', 'range.ttl', 'shapes_recommended.ttl']) {
      expect(fs.readFileSync(path.join(SHAPES_DIR, file), 'utf8'), file).toBe(fs.readFileSync(path.join(shared, file), 'utf8'));
    }
  });
});
