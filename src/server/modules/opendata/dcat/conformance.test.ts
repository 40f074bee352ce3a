/**
 * The DCAT-AP 3.0.1 conformance check CI runs: the testbed's published datasets plus harvested-looking ones,
 * served as JSON-LD, Turtle and RDF/XML, parsed back by three independent parsers into the same graph, and
 * validated with rdf-validate-shacl against the official shapes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../index.js';
import { createOpendataTestbed, insertDatasets, type OpendataTestbed } from '../test-support.js';
import { describeFindings, parseRdf, tripleKeys, validateShacl, type ShaclFinding } from './rdf-test-support.js';
import { fileTypeOf, licenceOf } from './vocab.js';
import type { RdfFormat } from './writers.js';

const BASE = 'http://localhost:80';
const EXTENSION: Record<RdfFormat, string> = { jsonld: 'jsonld', turtle: 'ttl', rdfxml: 'rdf' };

/**
 * The recommended properties the data cannot give, counted from the datasets themselves (docs/opendata/dcat.md):
 * no spatial or temporal coverage anywhere; harvested datasets without keywords or themes; harvested resources
 * without an availability promise, or with a format or licence that has no EU IRI; organisations that are not
 * departments of this government (their kind of publisher is unknown).
 */
function unavoidableWarnings(datasets: Dataset[]): number {
  let count = 1; // the catalog's dct:spatial
  const organizations = new Map<string, boolean>();
  const licences = new Map<string, boolean>();
  for (const dataset of datasets) {
    count += 2; // dct:spatial, dct:temporal
    if (!dataset.tags.length) count += 1;
    if (!dataset.themes.length) count += 1;
    if (!dataset.resources.length) count += 1;
    organizations.set(dataset.organization.name, !!dataset.organization.departmentId);
    const licence = licenceOf(dataset.licenseId);
    if (licence && dataset.resources.length) licences.set(licence.uri, licence.types.length > 0);
    for (const resource of dataset.resources) {
      if (resource.url) count += 1; // dcatap:availability
      if (!fileTypeOf(resource.format, resource.mediaType).uri) count += 1;
      if (!licence) count += 1;
    }
  }
  for (const typed of [...organizations.values(), ...licences.values()]) if (!typed) count += 1;
  return count;
}

describe('DCAT-AP 3.0.1 conformance of the served catalog', () => {
  let bed: OpendataTestbed;
  const texts = new Map<RdfFormat, string>();

  beforeAll(async () => {
    bed = await createOpendataTestbed();
    const db = bed.t.platform.ctx.db;
    // Harvested-looking datasets: a CKAN source, its organisation, datasets pointing at their source pages.
    const sourceId = randomUUID();
    await db.insertInto('opendata_harvest_sources').values({ id: sourceId, name: 'city', title: '市级开放平台', type: 'ckan', url: 'https://city.example.org' }).execute();
    const ids = await insertDatasets(db, [
      { name: 'city-roads', title: '道路施工信息', notes: '市区道路施工的路段、时间与绕行建议。', organizationName: 'city-transport', themes: ['transport'], tags: ['道路'], formats: ['CSV', 'PDF'] },
      { name: 'city-parks', title: 'City parks', notes: '', organizationName: 'city-transport', themes: [], tags: [], licenseId: 'odc-odbl', frequency: null, formats: ['GeoJSON', 'SHP-ZIP'] },
      { name: 'plain-local', title: '本地测试数据集', notes: '直接写入的数据集。', organizationName: 'test-organization', formats: ['CSV'] },
    ]);
    await db.updateTable('opendata_organizations').set({ source_id: sourceId }).where('name', '=', 'city-transport').execute();
    for (const [index, id] of ids.slice(0, 2).entries()) {
      await db.updateTable('opendata_datasets')
        .set({ source_id: sourceId, source_identifier: `ckan-${index}`, source_url: `https://city.example.org/dataset/${index} page` })
        .where('id', '=', id).execute();
    }
    await bed.t.platform.opendata.search.refresh();
    for (const format of ['jsonld', 'turtle', 'rdfxml'] as RdfFormat[]) {
      const response = await bed.t.inject({ method: 'GET', url: `/catalog.${EXTENSION[format]}` });
      expect(response.statusCode).toBe(200);
      texts.set(format, response.body);
    }
  });
  afterAll(() => bed?.close());

  it('serves the same graph as JSON-LD, Turtle and RDF/XML', async () => {
    const [jsonld, turtle, rdfxml] = await Promise.all([...texts].map(async ([format, text]) => tripleKeys(await parseRdf(format, text))));
    expect(jsonld.size).toBeGreaterThan(200);
    expect([...jsonld].filter((key) => !turtle.has(key))).toEqual([]);
    expect([...turtle].filter((key) => !jsonld.has(key))).toEqual([]);
    expect([...jsonld].filter((key) => !rdfxml.has(key))).toEqual([]);
    expect([...rdfxml].filter((key) => !jsonld.has(key))).toEqual([]);
    const datasets = [...turtle].filter((key) => key.endsWith('<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>'));
    expect(datasets).toHaveLength(5);
  });

  it('has no violation of the DCAT-AP shapes or class ranges in any form', async () => {
    for (const [format, text] of texts) {
      const findings = await validateShacl(await parseRdf(format, text), ['shapes.ttl', 'range.ttl']);
      expect(describeFindings(findings), format).toBe('');
    }
  });

  it('keeps the recommended-shape warnings to those the data cannot avoid', async () => {
    const findings: ShaclFinding[] = await validateShacl(await parseRdf('turtle', texts.get('turtle')!), ['shapes_recommended.ttl']);
    const datasets: Dataset[] = [];
    for await (const dataset of bed.t.platform.opendata.datasets.stream({ order: 'modified' })) datasets.push(dataset);
    const limit = unavoidableWarnings(datasets);
    console.log(`DCAT-AP recommended shapes: ${findings.length} warnings (unavoidable with this data: ${limit})\n${describeFindings(findings)}`);
    expect(findings.every((finding) => finding.severity === 'Warning')).toBe(true);
    expect(findings.length).toBeLessThanOrEqual(limit);
  });

  it('serves each dataset alone, conforming, in the three forms', async () => {
    const name = (await bed.t.platform.ctx.db.selectFrom('opendata_datasets').select('name').where('catalog_code', '=', bed.conditionalCode).executeTakeFirstOrThrow()).name;
    for (const format of ['jsonld', 'turtle', 'rdfxml'] as RdfFormat[]) {
      const response = await bed.t.inject({ method: 'GET', url: `/dataset/${name}.${EXTENSION[format]}` });
      expect(response.statusCode).toBe(200);
      const quads = await parseRdf(format, response.body);
      expect(describeFindings(await validateShacl(quads, ['shapes.ttl', 'range.ttl'])), format).toBe('');
      expect(tripleKeys(quads).has(`<${BASE}/dataset/${name}> <http://purl.org/dc/terms/accessRights> <http://publications.europa.eu/resource/authority/access-right/RESTRICTED>`)).toBe(true);
    }
  });
});
