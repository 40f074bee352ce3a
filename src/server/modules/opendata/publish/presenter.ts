/**
 * Datasets as the portal's API shows them. The summary is shared by search results, the home page, organisation
 * pages and the console's list; the detail (publish/routes) extends it.
 */
import type { Dataset, DatasetUsage, DatasetVersion } from '../index.js';
import { resourceUrl } from '../urls.js';
import { LICENCE_BY_ID } from '../vocabulary.js';

export interface UsageTotals {
  views: number;
  downloads: number;
  apiCalls: number;
}

export interface DatasetSummary {
  id: string;
  name: string;
  title: string;
  titleEn: string | null;
  /** The first 200 characters of the description. */
  notes: string;
  organization: { name: string; title: string; titleEn: string | null };
  themes: string[];
  tags: string[];
  /** Distinct resource formats, in resource order. */
  formats: string[];
  licenseId: string;
  frequency: string | null;
  openType: 'open' | 'conditional';
  metadataModified: string;
  dataModified: string | null;
  rowCount: number;
  currentVersion: number;
  usage: UsageTotals;
  /** Harvested datasets: where they came from. */
  source: { title: string; url: string | null } | null;
}

const NO_USAGE: UsageTotals = { views: 0, downloads: 0, apiCalls: 0 };

export function datasetSummary(dataset: Dataset, usage: UsageTotals | undefined = NO_USAGE): DatasetSummary {
  const notes = dataset.notes.length > 200 ? `${dataset.notes.slice(0, 200)}…` : dataset.notes;
  return {
    id: dataset.id,
    name: dataset.name,
    title: dataset.title,
    titleEn: dataset.titleEn,
    notes,
    organization: { name: dataset.organization.name, title: dataset.organization.title, titleEn: dataset.organization.titleEn },
    themes: dataset.themes,
    tags: dataset.tags,
    formats: [...new Set(dataset.resources.map((resource) => resource.format))],
    licenseId: dataset.licenseId,
    frequency: dataset.frequency,
    openType: dataset.openType,
    metadataModified: dataset.metadataModified,
    dataModified: dataset.dataModified,
    rowCount: dataset.rowCount,
    currentVersion: dataset.currentVersion,
    usage: usage ?? NO_USAGE,
    source: dataset.source ? { title: dataset.source.title, url: dataset.source.url } : null,
  };
}

// ---------------------------------------------------------------- the dataset page (GET /api/v1/open/datasets/{name})

export type DatasetAccess = 'open' | 'granted' | 'apply' | 'pending' | 'login';

export interface DatasetDetail extends Omit<DatasetSummary, 'usage'> {
  usage: DatasetUsage;
  fields: Array<{ name: string; label: string; type: string; key: boolean }>;
  resources: Array<{ id: string; name: string; format: string; mediaType: string | null; url: string; size: number | null; datastoreActive: boolean }>;
  versions: DatasetVersion[];
  openConditions: string | null;
  licence: { id: string; title: string; titleEn: string; url: string | null };
  maintainer: string | null;
  maintainerEmail: string | null;
  issued: string | null;
  metadataCreated: string;
  catalogCode: string | null;
  access: DatasetAccess;
  /** Ready-to-run calls (absolute URLs); datastoreSearch and records are empty for datasets without data here. */
  apiExamples: { datastoreSearch: string; packageShow: string; records: string };
}

export function datasetDetail(
  dataset: Dataset,
  extra: { usage: DatasetUsage; versions: DatasetVersion[]; access: DatasetAccess; baseUrl: string },
): DatasetDetail {
  const { usage: _summaryUsage, ...summary } = datasetSummary(dataset, extra.usage);
  const licence = LICENCE_BY_ID.get(dataset.licenseId);
  const datastore = dataset.resources.find((resource) => resource.datastoreActive);
  const name = encodeURIComponent(dataset.name);
  return {
    ...summary,
    notes: dataset.notes,
    usage: extra.usage,
    fields: dataset.fields.map((field) => ({ name: field.name, label: field.label, type: field.type, key: field.key })),
    resources: dataset.resources.map((resource) => ({
      id: resource.id,
      name: resource.name,
      format: resource.format,
      mediaType: resource.mediaType,
      url: resourceUrl(extra.baseUrl, dataset, resource),
      size: resource.size,
      datastoreActive: resource.datastoreActive,
    })),
    versions: extra.versions,
    openConditions: dataset.openConditions,
    licence: licence
      ? { id: licence.id, title: licence.title, titleEn: licence.titleEn, url: licence.url }
      : { id: dataset.licenseId, title: dataset.licenseId, titleEn: dataset.licenseId, url: null },
    maintainer: dataset.maintainer,
    maintainerEmail: dataset.maintainerEmail,
    issued: dataset.issued,
    metadataCreated: dataset.metadataCreated,
    catalogCode: dataset.catalogCode,
    access: extra.access,
    apiExamples: {
      datastoreSearch: datastore ? `${extra.baseUrl}/api/3/action/datastore_search?resource_id=${datastore.id}&limit=5` : '',
      packageShow: `${extra.baseUrl}/api/3/action/package_show?id=${name}`,
      records: datastore ? `${extra.baseUrl}/api/v1/open/datasets/${name}/records?limit=5` : '',
    },
  };
}
