/**
 * Datasets as the portal's API shows them. The summary is shared by search results, the home page, organisation
 * pages and the console's list; the detail (publish/routes) extends it.
 */
import type { Dataset } from '../index.js';

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
