/**
 * Harvesting a DCAT catalog (DCAT-AP; our own /catalog.jsonld and /catalog.ttl; other portals' RDF).
 *
 * The source URL is a catalog in JSON-LD or Turtle, chosen by config.format when the admin set it, else by the
 * answer's Content-Type, else by the URL's extension, else by the first character. Hydra paging is followed
 * (hydra:next of the hydra:PartialCollectionView, or the older hydra:nextPage) until there is no next page.
 * JSON-LD is turned into triples with jsonld.toRDF and a document loader that refuses the network: a catalog
 * must carry its @context inline (a remote context would make each harvest fetch third-party URLs). Turtle is read
 * with the n3 parser. Each dcat:Dataset becomes a HarvestedDataset whose identifier is its IRI.
 */
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { LICENCES } from '../vocabulary.js';
import { displayUrl, fetchText, type FetchLimits } from './http.js';
import {
  DatasetProblem, formatOf, formatOfUrl, frequencyOf, isoDate, isoTimestamp, isSlug, shortHash, SourceFailure, sizeOf, slugify,
  themesInText, UNSPECIFIED_LICENCE, type HarvestedDataset, type HarvestedOrganization, type HarvestedResource,
} from './model.js';

export type DcatFormat = 'jsonld' | 'turtle';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const VCARD = 'http://www.w3.org/2006/vcard/ns#';
const SPDX = 'http://spdx.org/rdf/terms#';
const OWL = 'http://www.w3.org/2002/07/owl#';
const ADMS = 'http://www.w3.org/ns/adms#';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const HYDRA_NEXT = ['http://www.w3.org/ns/hydra/core#next', 'http://www.w3.org/ns/hydra/core#nextPage'];

export interface Term {
  kind: 'iri' | 'blank' | 'literal';
  /** The IRI, `_:id` for a blank node, or the literal's text. */
  value: string;
  language?: string;
  datatype?: string;
}

/** Subject → predicate → objects. */
export type Graph = Map<string, Map<string, Term[]>>;

interface RdfjsTerm { termType: string; value: string; language?: string; datatype?: { value: string } }
interface RdfjsQuad { subject: RdfjsTerm; predicate: RdfjsTerm; object: RdfjsTerm }

function term(input: RdfjsTerm): Term {
  if (input.termType === 'NamedNode') return { kind: 'iri', value: input.value };
  if (input.termType === 'BlankNode') return { kind: 'blank', value: input.value.startsWith('_:') ? input.value : `_:${input.value}` };
  return { kind: 'literal', value: input.value, language: input.language || undefined, datatype: input.datatype?.value };
}

export function graphOf(quads: Iterable<RdfjsQuad>): Graph {
  const graph: Graph = new Map();
  for (const quad of quads) {
    const subject = term(quad.subject).value;
    let predicates = graph.get(subject);
    if (!predicates) graph.set(subject, (predicates = new Map()));
    const list = predicates.get(quad.predicate.value);
    if (list) list.push(term(quad.object));
    else predicates.set(quad.predicate.value, [term(quad.object)]);
  }
  return graph;
}

/** Refuses every remote document (contexts included). */
const refuseNetwork = async (url: string): Promise<never> => {
  throw new Error(`remote JSON-LD documents are not loaded (${url})`);
};

/** Parses a catalog page (JSON-LD or Turtle) into a graph; relative IRIs resolve against the page URL. */
export async function parseCatalog(text: string, format: DcatFormat, baseUrl: string): Promise<Graph> {
  if (format === 'turtle') {
    try {
      return graphOf(new Parser({ baseIRI: baseUrl }).parse(text) as unknown as RdfjsQuad[]);
    } catch (error) {
      throw new SourceFailure('opendata.harvest_bad_answer', `${displayUrl(baseUrl)} is not valid Turtle: ${(error as Error).message}`);
    }
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new SourceFailure('opendata.harvest_bad_answer', `${displayUrl(baseUrl)} is not valid JSON-LD (not JSON).`);
  }
  try {
    const quads = (await jsonld.toRDF(document as jsonld.JsonLdDocument, { base: baseUrl, documentLoader: refuseNetwork } as jsonld.Options.ToRdf)) as unknown as RdfjsQuad[];
    return graphOf(quads);
  } catch (error) {
    const detail = (error as { details?: { cause?: { message?: string } } }).details?.cause?.message ?? (error as Error).message;
    throw new SourceFailure('opendata.harvest_bad_answer', `${displayUrl(baseUrl)} cannot be read as JSON-LD: ${detail}`.slice(0, 1000));
  }
}

/** Which syntax a fetched page is in. */
export function formatOfAnswer(configured: DcatFormat | undefined, contentType: string, url: string, text: string): DcatFormat {
  if (configured) return configured;
  if (/application\/(ld\+)?json/.test(contentType)) return 'jsonld';
  if (/text\/turtle|application\/x-turtle|text\/n3/.test(contentType)) return 'turtle';
  const path = url.replace(/[?#].*$/, '').toLowerCase();
  if (path.endsWith('.jsonld') || path.endsWith('.json')) return 'jsonld';
  if (path.endsWith('.ttl')) return 'turtle';
  const first = text.trimStart()[0];
  return first === '{' || first === '[' ? 'jsonld' : 'turtle';
}

export interface DcatPlan {
  url: string;
  format?: DcatFormat;
  maxPages: number;
  limits: FetchLimits;
}

export interface DcatPage {
  url: string;
  items: Array<HarvestedDataset | DatasetProblem>;
}

const ACCEPT = 'application/ld+json, text/turtle;q=0.9, application/json;q=0.5';

/** The pages of a catalog, following Hydra's next links (each URL at most once). */
export async function* dcatPages(plan: DcatPlan): AsyncGenerator<DcatPage> {
  const seen = new Set<string>();
  let url: string | null = plan.url;
  for (let page = 0; url !== null; page++) {
    if (page >= plan.maxPages) throw new SourceFailure('opendata.harvest_too_many_pages', `The catalog has more than ${plan.maxPages} pages.`);
    seen.add(url);
    const answer = await fetchText(url, plan.limits, ACCEPT);
    const graph = await parseCatalog(answer.text, formatOfAnswer(plan.format, answer.contentType, answer.url, answer.text), answer.url);
    yield { url: answer.url, items: datasetsOf(graph) };
    const next = nextPageOf(graph);
    if (next !== null && !/^https?:\/\//.test(next)) throw new SourceFailure('opendata.harvest_bad_url', `The next page ${displayUrl(next)} is not an http(s) URL.`);
    url = next !== null && !seen.has(next) ? next : null;
  }
}

export function nextPageOf(graph: Graph): string | null {
  for (const predicates of graph.values()) {
    for (const predicate of HYDRA_NEXT) {
      const next = predicates.get(predicate)?.find((object) => object.kind === 'iri' || object.kind === 'literal');
      if (next) return next.value;
    }
  }
  return null;
}

// ------------------------------------------------------------------ mapping

const objects = (graph: Graph, subject: string, predicate: string): Term[] => graph.get(subject)?.get(predicate) ?? [];
const iris = (graph: Graph, subject: string, predicate: string): string[] =>
  objects(graph, subject, predicate).filter((object) => object.kind === 'iri').map((object) => object.value);
const firstNode = (graph: Graph, subject: string, predicate: string): string | null =>
  objects(graph, subject, predicate).find((object) => object.kind !== 'literal')?.value ?? null;
const firstLiteral = (graph: Graph, subject: string, predicate: string): string | null =>
  objects(graph, subject, predicate).find((object) => object.kind === 'literal')?.value ?? null;

const isChinese = (language: string | undefined) => !!language && /^zh\b/i.test(language);
const isEnglish = (language: string | undefined) => !!language && /^en\b/i.test(language);

/** The literal in the preferred language: Chinese, then untagged, then English, then any. */
export function preferred(terms: Term[]): string | null {
  const literals = terms.filter((object) => object.kind === 'literal');
  const pick = literals.find((object) => isChinese(object.language))
    ?? literals.find((object) => !object.language)
    ?? literals.find((object) => isEnglish(object.language))
    ?? literals[0];
  return pick ? pick.value : null;
}

const english = (terms: Term[]): string | null => terms.find((object) => object.kind === 'literal' && isEnglish(object.language))?.value ?? null;

const LICENCE_BY_URI = new Map<string, string>();
for (const licence of LICENCES) {
  LICENCE_BY_URI.set(licence.uri, licence.id);
  LICENCE_BY_URI.set(licence.url.replace(/\/$/, ''), licence.id);
}

function licenceOf(iri: string): string {
  const normal = iri.replace(/^https:\/\/publications/, 'http://publications').replace(/\/$/, '');
  return LICENCE_BY_URI.get(normal) ?? LICENCE_BY_URI.get(normal.replace(/^http:/, 'https:')) ?? iri.slice(0, 200);
}

/** The last path segment of an IRI when it is a valid name. */
function slugOfIri(iri: string): string | null {
  if (iri.startsWith('_:')) return null;
  const segment = decodeURIComponent(iri.replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/\.(jsonld|ttl|rdf)$/, '').split('/').pop() ?? '');
  return isSlug(segment) ? segment : null;
}

function organizationOf(graph: Graph, dataset: string): HarvestedOrganization | null {
  const publisher = firstNode(graph, dataset, `${DCT}publisher`);
  if (!publisher) {
    const literal = firstLiteral(graph, dataset, `${DCT}publisher`);
    return literal ? { name: slugify(literal, 'org'), title: literal, description: '' } : null;
  }
  const names = objects(graph, publisher, `${FOAF}name`);
  const title = preferred(names) ?? slugOfIri(publisher) ?? publisher;
  const name = slugOfIri(publisher) ?? (english(names) ? slugify(english(names)!, 'org') : `org-${shortHash(publisher.startsWith('_:') ? title : publisher)}`);
  return { name, title: title.slice(0, 500), description: preferred(objects(graph, publisher, `${DCT}description`)) ?? '' };
}

function mediaTypeOf(value: string | null): string | null {
  if (!value) return null;
  const match = /media-types\/([a-z]+\/[a-z0-9.+-]+)$/i.exec(value);
  return match ? match[1].toLowerCase() : /^[a-z]+\/[a-z0-9.+-]+$/i.test(value) ? value.toLowerCase() : null;
}

function distributionOf(graph: Graph, node: string): HarvestedResource | null {
  const url = iris(graph, node, `${DCAT}downloadURL`)[0] ?? iris(graph, node, `${DCAT}accessURL`)[0]
    ?? firstLiteral(graph, node, `${DCAT}downloadURL`) ?? firstLiteral(graph, node, `${DCAT}accessURL`);
  if (!url) return null;
  const formatTerm = objects(graph, node, `${DCT}format`)[0];
  const mediaTypeTerm = objects(graph, node, `${DCAT}mediaType`)[0];
  const mediaType = mediaTypeOf(mediaTypeTerm?.value ?? null);
  const format = (formatTerm ? formatOf(formatTerm.kind === 'blank' ? null : formatTerm.value) : '') || formatOf(mediaType) || formatOfUrl(url);
  const checksum = firstNode(graph, node, `${SPDX}checksum`);
  const title = preferred(objects(graph, node, `${DCT}title`));
  return {
    url,
    format,
    name: title ?? format ?? url,
    description: preferred(objects(graph, node, `${DCT}description`)) ?? '',
    mediaType,
    size: sizeOf(firstLiteral(graph, node, `${DCAT}byteSize`)),
    hash: checksum ? firstLiteral(graph, checksum, `${SPDX}checksumValue`) : null,
    lastModified: isoTimestamp(firstLiteral(graph, node, `${DCT}modified`)),
  };
}

function keywordsOf(graph: Graph, dataset: string): string[] {
  const all = objects(graph, dataset, `${DCAT}keyword`).filter((object) => object.kind === 'literal');
  const local = all.filter((object) => !object.language || isChinese(object.language));
  const chosen = local.length ? local : all;
  const tags: string[] = [];
  for (const keyword of chosen) {
    const tag = keyword.value.trim().slice(0, 100);
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/** One dcat:Dataset of a graph → a HarvestedDataset. */
export function mapDcatDataset(graph: Graph, dataset: string): HarvestedDataset {
  const identifierLiteral = firstLiteral(graph, dataset, `${DCT}identifier`);
  const identifier = dataset.startsWith('_:') ? identifierLiteral : dataset;
  if (!identifier) throw new DatasetProblem(null, 'A dataset has neither an IRI nor a dct:identifier.');
  try {
    const titles = objects(graph, dataset, `${DCT}title`);
    const title = preferred(titles);
    if (!title) throw new Error('it has no dct:title');
    const name = slugOfIri(dataset)
      ?? (identifierLiteral && isSlug(identifierLiteral) ? identifierLiteral : null)
      ?? `dataset-${shortHash(identifier)}`;
    const distributions = objects(graph, dataset, `${DCAT}distribution`).filter((object) => object.kind !== 'literal')
      .map((object) => ({ node: object.value, resource: distributionOf(graph, object.value) }))
      .filter((entry): entry is { node: string; resource: HarvestedResource } => entry.resource !== null)
      .sort((a, b) => a.resource.url.localeCompare(b.resource.url) || a.resource.format.localeCompare(b.resource.format));
    const licence = iris(graph, dataset, `${DCT}license`)[0]
      ?? distributions.map((entry) => iris(graph, entry.node, `${DCT}license`)[0]).find((value) => value !== undefined);
    const themes: string[] = [];
    for (const theme of iris(graph, dataset, `${DCAT}theme`)) for (const key of themesInText(theme)) if (!themes.includes(key)) themes.push(key);
    const contact = firstNode(graph, dataset, `${DCAT}contactPoint`);
    const email = contact ? (objects(graph, contact, `${VCARD}hasEmail`)[0]?.value ?? null) : null;
    const landingPage = iris(graph, dataset, `${DCAT}landingPage`)[0] ?? null;
    const modified = isoTimestamp(firstLiteral(graph, dataset, `${DCT}modified`));
    const issuedText = firstLiteral(graph, dataset, `${DCT}issued`);
    const extras: Array<{ key: string; value: string }> = [];
    if (!dataset.startsWith('_:')) extras.push({ key: 'uri', value: dataset });
    if (identifierLiteral) extras.push({ key: 'identifier', value: identifierLiteral });
    const version = firstLiteral(graph, dataset, `${OWL}versionInfo`) ?? firstLiteral(graph, dataset, `${ADMS}versionNotes`);
    if (version) extras.push({ key: 'version', value: version });
    const englishTitle = english(titles);
    const restricted = iris(graph, dataset, `${DCT}accessRights`).some((iri) => /\/access-right\/(RESTRICTED|NON_PUBLIC)$/.test(iri));
    const rights = firstNode(graph, dataset, `${DCT}rights`);
    const conditions = rights ? preferred(objects(graph, rights, RDFS_LABEL)) : firstLiteral(graph, dataset, `${DCT}rights`);
    return {
      identifier,
      name,
      title: title.slice(0, 1000),
      titleEn: englishTitle && englishTitle !== title ? englishTitle : null,
      notes: preferred(objects(graph, dataset, `${DCT}description`)) ?? '',
      tags: keywordsOf(graph, dataset),
      licenseId: licence ? licenceOf(licence) : UNSPECIFIED_LICENCE,
      themes,
      frequency: frequencyOf(iris(graph, dataset, `${DCT}accrualPeriodicity`)[0] ?? firstLiteral(graph, dataset, `${DCT}accrualPeriodicity`)),
      openType: restricted ? 'conditional' : 'open',
      openConditions: restricted ? conditions : null,
      organization: organizationOf(graph, dataset),
      maintainer: contact ? preferred(objects(graph, contact, `${VCARD}fn`)) : null,
      maintainerEmail: email ? email.replace(/^mailto:/i, '') : null,
      resources: distributions.map((entry) => entry.resource),
      metadataCreated: isoTimestamp(issuedText),
      metadataModified: modified,
      issued: isoDate(issuedText),
      sourceUrl: landingPage ?? (/^https?:\/\//.test(dataset) ? dataset : null),
      extras,
    };
  } catch (error) {
    throw new DatasetProblem(identifier, `The dataset cannot be read: ${(error as Error).message}`);
  }
}

/** Every dcat:Dataset of a graph, mapped (or the problem it has). */
export function datasetsOf(graph: Graph): Array<HarvestedDataset | DatasetProblem> {
  const items: Array<HarvestedDataset | DatasetProblem> = [];
  for (const [subject, predicates] of graph) {
    if (!predicates.get(RDF_TYPE)?.some((object) => object.value === `${DCAT}Dataset`)) continue;
    try {
      items.push(mapDcatDataset(graph, subject));
    } catch (error) {
      items.push(error instanceof DatasetProblem ? error : new DatasetProblem(subject, (error as Error).message));
    }
  }
  return items;
}
