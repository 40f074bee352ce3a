// schema.org Dataset markup of a dataset page (what search engines' dataset search reads). The server puts
// the same kind of markup into the page's HTML for crawlers that do not run scripts (opendata/portal-html.ts).
import type { DatasetDetail } from '../types';

export function datasetJsonLd(dataset: DatasetDetail, origin: string): Record<string, unknown> {
  const url = `${origin}/dataset/${encodeURIComponent(dataset.name)}`;
  const organization = {
    '@type': 'GovernmentOrganization',
    name: dataset.organization.title,
    ...(dataset.organization.titleEn ? { alternateName: dataset.organization.titleEn } : {}),
    url: `${origin}/organization/${encodeURIComponent(dataset.organization.name)}`,
  };
  const open = dataset.access === 'open';
  return {
    '@context': 'https://schema.org/',
    '@type': 'Dataset',
    '@id': url,
    name: dataset.title,
    ...(dataset.titleEn ? { alternateName: dataset.titleEn } : {}),
    // Dataset search wants a description of at least 50 characters; the title helps short ones along.
    description: dataset.notes.length >= 50 ? dataset.notes : `${dataset.title}。${dataset.notes}`.trim(),
    url,
    identifier: dataset.id,
    keywords: [...dataset.tags, ...dataset.themes],
    inLanguage: 'zh-CN',
    isAccessibleForFree: true,
    ...(dataset.licence.url ? { license: dataset.licence.url } : {}),
    creator: organization,
    publisher: organization,
    ...(dataset.issued ? { datePublished: dataset.issued } : {}),
    dateModified: dataset.dataModified ?? dataset.metadataModified,
    ...(dataset.currentVersion ? { version: String(dataset.currentVersion) } : {}),
    ...(dataset.openConditions ? { conditionsOfAccess: dataset.openConditions } : {}),
    variableMeasured: dataset.fields.map((field) => ({ '@type': 'PropertyValue', name: field.label || field.name, alternateName: field.name })),
    includedInDataCatalog: { '@type': 'DataCatalog', name: '中枢开放数据 Zhongshu Open Data', url: `${origin}/catalog` },
    ...(open
      ? {
          distribution: dataset.resources.map((resource) => ({
            '@type': 'DataDownload',
            name: resource.name,
            encodingFormat: resource.mediaType ?? resource.format,
            contentUrl: resource.url,
          })),
        }
      : {}),
  };
}
