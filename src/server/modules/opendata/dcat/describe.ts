/**
 * Datasets and the catalog as DCAT-AP 3.0.1 nodes. The shapes decide the details: every value whose class
 * range.ttl checks is typed in the output (themes are skos:Concepts with labels, licences dct:LicenseDocuments
 * with a type, …), dates are xsd:date or xsd:dateTime, byte sizes xsd:nonNegativeInteger, and a dataset always
 * has a description (its title when the publisher wrote none). See docs/opendata/dcat.md.
 */
import type { Dataset, DatasetResource, Organization } from '../index.js';
import { datasetPageUrl, organizationPageUrl, resourceUrl } from '../urls.js';
import { FREQUENCY_BY_KEY, LANGUAGE_EN, LANGUAGE_ZH } from '../vocabulary.js';
import { mailtoIri, NodeBuilder, safeIri, type RdfNode } from './rdf.js';
import {
  ACCESS_RIGHTS, AVAILABILITY_STABLE, DATA_THEME_SCHEME, fileTypeOf, licenceNode, licenceOf, licenceTypeUris, PUBLISHER_TYPE_LOCAL, themeUri,
  vocabularyNode,
} from './vocab.js';

/**
 * What one document has written so far: controlled values, organisations and other shared nodes are written
 * once per document. Bounded by the vocabularies and the number of organisations, not by the datasets.
 */
export class Emitted {
  private readonly ids = new Set<string>();

  /** True the first time an id is seen. */
  first(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    return true;
  }
}

export interface CatalogInfo {
  base: string;
  iri: string;
  publisher: { name: string; nameEn: string | null };
  /** The earliest dataset's creation and the latest change, ISO 8601; null for an empty catalog. */
  issued: string | null;
  modified: string | null;
}

/** The ISO date-time of a timestamp as the database gave it; null when it is not one. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function isoDateTime(value: string | null | undefined): string | null {
  if (!value) return null;
  if (ISO_INSTANT.test(value)) return value;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

const isDate = (value: string | null): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);

const later = (a: string | null, b: string | null): string | null => (!a ? b : !b ? a : a > b ? a : b);

/** A harvested dataset's text is in whatever language its source wrote; only local text is tagged Chinese. */
const zhOf = (dataset: Dataset): 'zh' | null => (dataset.source ? null : 'zh');

export const datasetIri = (base: string, dataset: Pick<Dataset, 'name'>): string => datasetPageUrl(base, dataset.name);
export const distributionIri = (base: string, dataset: Pick<Dataset, 'name'>, resource: Pick<DatasetResource, 'id'>): string =>
  `${datasetIri(base, dataset)}#resource-${resource.id}`;

export function describeCatalog(info: CatalogInfo, emitted: Emitted): RdfNode[] {
  const nodes: RdfNode[] = [];
  const publisherIri = `${info.iri}#publisher`;
  const homepage = `${info.base}/`;
  const licence = licenceOf('cc-by-4.0')!;
  const catalog = new NodeBuilder(info.iri, 'dcat:Catalog')
    .text('dct:title', `${info.publisher.name}开放数据目录`, 'zh')
    .text('dct:title', `Open data catalog of the ${info.publisher.nameEn ?? info.publisher.name}`, 'en')
    .text('dct:description', `${info.publisher.name}在数据开放平台上开放的政府数据集：数据、下载、接口与元数据。`, 'zh')
    .text('dct:description', `Government datasets opened on the open data portal of the ${info.publisher.nameEn ?? info.publisher.name}: data, downloads, APIs and metadata.`, 'en')
    .iri('dct:publisher', publisherIri)
    .iri('foaf:homepage', homepage)
    .iri('dct:language', LANGUAGE_ZH)
    .iri('dct:language', LANGUAGE_EN)
    .iri('dcat:themeTaxonomy', DATA_THEME_SCHEME)
    .iri('dct:license', licence.uri)
    .typed('dct:issued', isoDateTime(info.issued), 'xsd:dateTime')
    .typed('dct:modified', isoDateTime(info.modified), 'xsd:dateTime');
  nodes.push(catalog.node);
  if (emitted.first(publisherIri)) {
    nodes.push(new NodeBuilder(publisherIri, 'foaf:Agent')
      .text('foaf:name', info.publisher.name, 'zh').text('foaf:name', info.publisher.nameEn, 'en').iri('dct:type', PUBLISHER_TYPE_LOCAL.uri).node);
  }
  if (emitted.first(homepage)) nodes.push(new NodeBuilder(homepage, 'foaf:Document').node);
  pushLicence(nodes, licence, emitted);
  pushVocabulary(nodes, [LANGUAGE_ZH, LANGUAGE_EN, DATA_THEME_SCHEME, PUBLISHER_TYPE_LOCAL.uri], emitted);
  return nodes;
}

/** The catalog's link to one of its datasets (written beside each dataset while streaming). */
export const catalogLink = (catalogIri: string, dataset: string): RdfNode => new NodeBuilder(catalogIri).iri('dcat:dataset', dataset).node;

function organizationNode(base: string, organization: Organization, harvested: boolean): RdfNode {
  const node = new NodeBuilder(organizationPageUrl(base, organization.name), 'foaf:Agent')
    .text('foaf:name', organization.title, harvested ? null : 'zh');
  if (organization.titleEn && organization.titleEn !== organization.title) node.text('foaf:name', organization.titleEn, 'en');
  // A department of the government running the portal; organisations met while harvesting keep no type.
  if (organization.departmentId) node.iri('dct:type', PUBLISHER_TYPE_LOCAL.uri);
  return node.node;
}

/** The dataset and everything it points at that this document has not written yet. */
export function describeDataset(base: string, dataset: Dataset, emitted: Emitted): RdfNode[] {
  const nodes: RdfNode[] = [];
  const vocabulary: string[] = [];
  const id = datasetIri(base, dataset);
  const zh = zhOf(dataset);
  const harvested = !!dataset.source;
  const organizationIri = organizationPageUrl(base, dataset.organization.name);
  const node = new NodeBuilder(id, 'dcat:Dataset', 'foaf:Document')
    .text('dct:title', dataset.title, zh);
  if (dataset.titleEn && dataset.titleEn !== dataset.title) node.text('dct:title', dataset.titleEn, 'en');
  // dct:description is mandatory: a dataset without one is described by its title.
  node.text('dct:description', dataset.notes.trim() ? dataset.notes : dataset.title, zh)
    .text('dct:identifier', dataset.id)
    .iri('dct:publisher', organizationIri)
    .iri('dcat:contactPoint', `${id}#contact`);
  for (const key of dataset.themes) {
    const uri = themeUri(key);
    if (uri) {
      node.iri('dcat:theme', uri);
      vocabulary.push(uri, DATA_THEME_SCHEME);
    }
  }
  for (const tag of dataset.tags) node.text('dcat:keyword', tag, zh);
  const frequency = dataset.frequency ? FREQUENCY_BY_KEY.get(dataset.frequency) : undefined;
  if (frequency) {
    node.iri('dct:accrualPeriodicity', frequency.uri);
    vocabulary.push(frequency.uri);
  }
  if (isDate(dataset.issued)) node.typed('dct:issued', dataset.issued, 'xsd:date');
  else node.typed('dct:issued', isoDateTime(dataset.metadataCreated), 'xsd:dateTime');
  node.typed('dct:modified', later(isoDateTime(dataset.metadataModified), isoDateTime(dataset.dataModified)), 'xsd:dateTime');
  // The portal page is the landing page (and the dataset's IRI: content negotiation answers RDF there).
  node.iri('dcat:landingPage', id);
  if (!harvested) {
    node.iri('dct:language', LANGUAGE_ZH);
    vocabulary.push(LANGUAGE_ZH);
  }
  const rights = ACCESS_RIGHTS[dataset.openType];
  node.iri('dct:accessRights', rights.uri);
  vocabulary.push(rights.uri);
  const conditions = dataset.openType === 'conditional' && dataset.openConditions?.trim() ? `${id}#conditions` : null;
  // The conditions of a conditionally open dataset (DCAT's dct:rights; harvesters read them from the dataset).
  node.iri('dct:rights', conditions);
  if (dataset.currentVersion > 0) node.text('dcat:version', String(dataset.currentVersion));
  const identifiers: RdfNode[] = [];
  if (dataset.catalogCode) {
    const identifier = `${id}#catalog-code`;
    node.iri('adms:identifier', identifier);
    identifiers.push(new NodeBuilder(identifier, 'adms:Identifier').text('skos:notation', dataset.catalogCode).node);
  }
  let sourcePage: string | null = null;
  if (dataset.source) {
    const identifier = `${id}#source-identifier`;
    node.iri('adms:identifier', identifier);
    identifiers.push(new NodeBuilder(identifier, 'adms:Identifier')
      .text('skos:notation', dataset.source.identifier)
      .text('rdfs:label', dataset.source.title).node);
    sourcePage = safeIri(dataset.source.url);
    node.iri('foaf:page', sourcePage);
  }
  const licence = licenceOf(dataset.licenseId);
  const distributions = dataset.resources.map((resource) => describeDistribution(base, dataset, resource, licence, vocabulary));
  for (const distribution of distributions) node.iri('dcat:distribution', distribution.id);

  nodes.push(node.node, contactNode(base, dataset, id), ...identifiers, ...distributions);
  if (conditions) nodes.push(new NodeBuilder(conditions, 'dct:RightsStatement').text('rdfs:label', dataset.openConditions, zh).node);
  if (sourcePage && emitted.first(sourcePage)) nodes.push(new NodeBuilder(sourcePage, 'foaf:Document').node);
  if (emitted.first(organizationIri)) nodes.push(organizationNode(base, dataset.organization, harvested && !dataset.organization.departmentId));
  if (dataset.organization.departmentId) vocabulary.push(PUBLISHER_TYPE_LOCAL.uri);
  if (licence && dataset.resources.length) pushLicence(nodes, licence, emitted);
  pushVocabulary(nodes, vocabulary, emitted);
  return nodes;
}

function contactNode(base: string, dataset: Dataset, id: string): RdfNode {
  const zh = zhOf(dataset);
  const contact = new NodeBuilder(`${id}#contact`, 'vcard:Kind').text('vcard:fn', dataset.maintainer?.trim() || dataset.organization.title, zh);
  const email = mailtoIri(dataset.maintainerEmail);
  if (email) contact.iri('vcard:hasEmail', email);
  // Without an address the organisation's page is where to ask.
  else contact.iri('vcard:hasURL', organizationPageUrl(base, dataset.organization.name));
  return contact.node;
}

function describeDistribution(base: string, dataset: Dataset, resource: DatasetResource, licence: ReturnType<typeof licenceOf>, vocabulary: string[]): RdfNode {
  const zh = zhOf(dataset);
  const local = !resource.url;
  const url = local ? resourceUrl(base, dataset, resource) : safeIri(resource.url);
  const page = datasetIri(base, dataset);
  const fileType = fileTypeOf(resource.format, resource.mediaType);
  const node = new NodeBuilder(distributionIri(base, dataset, resource), 'dcat:Distribution')
    .text('dct:title', resource.name, zh)
    .text('dct:description', resource.description.trim() ? resource.description : `${dataset.title}（${resource.format}）`, zh);
  // Conditionally open data is reached through the dataset page (apply there); the download needs an approval.
  node.iri('dcat:accessURL', dataset.openType === 'conditional' || !url ? page : url);
  if (local) node.iri('dcat:downloadURL', url);
  if (fileType.uri) {
    node.iri('dct:format', fileType.uri);
    vocabulary.push(fileType.uri);
  }
  if (fileType.mediaTypeUri) {
    node.iri('dcat:mediaType', fileType.mediaTypeUri);
    vocabulary.push(fileType.mediaTypeUri);
  }
  if (licence) node.iri('dct:license', licence.uri);
  if (dataset.openType === 'conditional' && dataset.openConditions?.trim()) node.iri('dct:rights', `${page}#conditions`);
  if (local) {
    node.iri('dcatap:availability', AVAILABILITY_STABLE.uri);
    vocabulary.push(AVAILABILITY_STABLE.uri);
  }
  if (resource.size !== null && resource.size >= 0) node.typed('dcat:byteSize', String(Math.trunc(resource.size)), 'xsd:nonNegativeInteger');
  node.typed('dct:issued', isoDateTime(resource.created), 'xsd:dateTime');
  node.typed('dct:modified', isoDateTime(resource.lastModified ?? (local ? dataset.dataModified : null)), 'xsd:dateTime');
  return node.node;
}

function pushLicence(nodes: RdfNode[], licence: NonNullable<ReturnType<typeof licenceOf>>, emitted: Emitted): void {
  if (emitted.first(licence.uri)) nodes.push(licenceNode(licence));
  pushVocabulary(nodes, licenceTypeUris(licence), emitted);
}

function pushVocabulary(nodes: RdfNode[], uris: string[], emitted: Emitted): void {
  for (const uri of uris) {
    if (!emitted.first(uri)) continue;
    const node = vocabularyNode(uri);
    if (node) nodes.push(node);
  }
}
