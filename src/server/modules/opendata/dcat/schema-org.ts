/**
 * The dataset page's <head>: title, description, a schema.org Dataset (what search engines read for dataset
 * search) and links to the DCAT forms of the same dataset.
 */
import type { Dataset } from '../index.js';
import type { PageHead } from '../portal-html.js';
import { catalogIri, organizationPageUrl, resourceUrl } from '../urls.js';
import { LICENCE_BY_ID } from '../vocabulary.js';
import { datasetIri, isoDateTime } from './describe.js';
import { safeIri } from './rdf.js';
import { fileTypeOf } from './vocab.js';
import { MEDIA_TYPES } from './writers.js';

const DESCRIPTION_LENGTH = 300;

export function schemaOrgDataset(base: string, dataset: Dataset): Record<string, unknown> {
  const url = datasetIri(base, dataset);
  const organization = {
    '@type': 'Organization',
    name: dataset.organization.title,
    ...(dataset.organization.titleEn ? { alternateName: dataset.organization.titleEn } : {}),
    url: organizationPageUrl(base, dataset.organization.name),
  };
  const licence = LICENCE_BY_ID.get(dataset.licenseId)?.url ?? safeIri(dataset.licenseId);
  const metadataModified = isoDateTime(dataset.metadataModified);
  const dataModified = isoDateTime(dataset.dataModified);
  const modified = dataModified && metadataModified && dataModified > metadataModified ? dataModified : metadataModified;
  return {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    '@id': url,
    name: dataset.title,
    ...(dataset.titleEn ? { alternateName: dataset.titleEn } : {}),
    description: dataset.notes.trim() || dataset.title,
    url,
    identifier: dataset.catalogCode ? [dataset.id, dataset.catalogCode] : dataset.id,
    keywords: dataset.tags,
    ...(licence ? { license: licence } : {}),
    isAccessibleForFree: true,
    ...(dataset.openType === 'conditional' && dataset.openConditions ? { conditionsOfAccess: dataset.openConditions } : {}),
    creator: organization,
    publisher: organization,
    ...(dataset.issued ? { datePublished: dataset.issued } : {}),
    dateModified: modified,
    ...(dataset.currentVersion > 0 ? { version: String(dataset.currentVersion) } : {}),
    ...(dataset.source ? {} : { inLanguage: 'zh-CN' }),
    includedInDataCatalog: { '@type': 'DataCatalog', url: catalogIri(base) },
    distribution: dataset.resources.map((resource) => ({
      '@type': 'DataDownload',
      name: resource.name,
      encodingFormat: fileTypeOf(resource.format, resource.mediaType).mediaType ?? resource.format,
      contentUrl: resource.url ? safeIri(resource.url) ?? resource.url : resourceUrl(base, dataset, resource),
    })),
  };
}

export function datasetPageHead(base: string, dataset: Dataset): PageHead {
  const url = datasetIri(base, dataset);
  const text = (dataset.notes.trim() || dataset.title).replace(/\s+/g, ' ');
  return {
    title: `${dataset.title} - ${dataset.organization.title}`,
    description: text.length > DESCRIPTION_LENGTH ? `${text.slice(0, DESCRIPTION_LENGTH)}…` : text,
    jsonLd: schemaOrgDataset(base, dataset),
    alternates: [
      { type: MEDIA_TYPES.jsonld, href: `${url}.jsonld` },
      { type: MEDIA_TYPES.turtle, href: `${url}.ttl` },
      { type: MEDIA_TYPES.rdfxml, href: `${url}.rdf` },
    ],
  };
}

export const NOT_FOUND_HEAD: PageHead = {
  title: '未找到数据集 - Dataset not found',
  description: '这个数据集不存在或已不再开放。The dataset does not exist or is no longer open.',
};
