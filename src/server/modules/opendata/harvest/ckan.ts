/**
 * Harvesting a CKAN portal through its Action API (CKAN 2.x; also our own /api/3/action).
 *
 * Pages through `package_search` with `sort=id asc` and `rows`/`start` (0, 100, 200, …): ordering by id keeps
 * the pages stable while datasets change at the source (ordering by modification would move a dataset edited
 * during the run to a later page, and every dataset behind it one place forward). An incremental run adds
 * `fq=metadata_modified:[<since> TO *]`. Each dataset dictionary is mapped to a HarvestedDataset; one that cannot
 * be read is a DatasetProblem (an error row of the run) and the run goes on.
 */
import { THEME_BY_KEY } from '../vocabulary.js';
import { displayUrl, fetchJson, type FetchLimits } from './http.js';
import {
  DatasetProblem, formatOf, formatOfUrl, frequencyOf, isoDate, isoTimestamp, isSlug, SourceFailure, sizeOf, slugify, themesInText,
  UNSPECIFIED_LICENCE, type HarvestedDataset, type HarvestedResource,
} from './model.js';

/** The portal's base URL from what the admin typed (the site, or its /api/3/action endpoint). */
export function ckanBase(url: string): string {
  return url.trim().replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/\/api(\/\d+)?(\/action)?(\/[a-z_]+)?$/, '');
}

export interface CkanPlan {
  base: string;
  /** The admin's own filter (config.fq), combined with the incremental one. */
  fq: string | null;
  /** Incremental runs: metadata_modified from this instant on. */
  since: string | null;
  rows: number;
  maxPages: number;
  limits: FetchLimits;
}

export interface CkanPage {
  /** The source's count for the query when this page was read. */
  count: number;
  items: Array<HarvestedDataset | DatasetProblem>;
}

/** The Solr form of an instant: UTC with Z (CKAN compares metadata_modified in UTC). */
const solrTime = (iso: string): string => new Date(iso).toISOString();

export function searchUrl(plan: Pick<CkanPlan, 'base' | 'fq' | 'since' | 'rows'>, start: number): string {
  const params = new URLSearchParams();
  const filters = [plan.fq?.trim(), plan.since ? `metadata_modified:[${solrTime(plan.since)} TO *]` : null].filter((part): part is string => !!part);
  if (filters.length) params.set('fq', filters.join(' '));
  params.set('sort', 'id asc');
  params.set('rows', String(plan.rows));
  params.set('start', String(start));
  return `${plan.base}/api/3/action/package_search?${params.toString()}`;
}

/** The pages of a run, read one after the other until the source has nothing more (or maxPages). */
export async function* ckanPages(plan: CkanPlan): AsyncGenerator<CkanPage> {
  let start = 0;
  for (let page = 0; page < plan.maxPages; page++) {
    const url = searchUrl(plan, start);
    const { body } = await fetchJson(url, plan.limits);
    const result = resultOf(body, url);
    const items = result.results.map((dict) => {
      try {
        return mapCkanDataset(dict, plan.base);
      } catch (error) {
        if (error instanceof DatasetProblem) return error;
        return new DatasetProblem(identifierOf(dict), (error as Error).message);
      }
    });
    yield { count: result.count, items };
    start += result.results.length;
    if (result.results.length === 0 || start >= result.count) return;
  }
  throw new SourceFailure('opendata.harvest_too_many_pages', `The source has more than ${plan.maxPages} pages of ${plan.rows} datasets.`);
}

function resultOf(body: unknown, url: string): { count: number; results: unknown[] } {
  const envelope = body as { success?: unknown; result?: { count?: unknown; results?: unknown }; error?: { message?: unknown } } | null;
  if (!envelope || typeof envelope !== 'object') throw new SourceFailure('opendata.harvest_bad_answer', `${displayUrl(url)} is not a CKAN answer.`);
  if (envelope.success !== true) {
    const message = typeof envelope.error?.message === 'string' ? `: ${envelope.error.message}` : '';
    throw new SourceFailure('opendata.harvest_source_error', `The CKAN API refused the search${message}`);
  }
  const result = envelope.result;
  if (!result || typeof result.count !== 'number' || !Array.isArray(result.results)) {
    throw new SourceFailure('opendata.harvest_bad_answer', `${displayUrl(url)} is not a package_search result.`);
  }
  return { count: result.count, results: result.results };
}

const identifierOf = (dict: unknown): string | null => {
  const value = (dict as { id?: unknown; name?: unknown } | null)?.id ?? (dict as { name?: unknown } | null)?.name;
  return typeof value === 'string' ? value : null;
};

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const optionalText = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** The extras as a list of {key, value} with text values (CKAN also accepts objects; some portals nest JSON). */
function extrasOf(value: unknown): Array<{ key: string; value: string }> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error('extras is not a list');
  const extras: Array<{ key: string; value: string }> = [];
  for (const entry of value) {
    const key = (entry as { key?: unknown })?.key;
    // The source's own harvest bookkeeping (ckanext-harvest keys) says where *it* got the dataset: not ours to copy.
    if (typeof key !== 'string' || key === '' || key.startsWith('harvest_')) continue;
    const raw = (entry as { value?: unknown }).value;
    extras.push({ key, value: typeof raw === 'string' ? raw : raw === null || raw === undefined ? '' : JSON.stringify(raw) });
  }
  return extras;
}

function tagsOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error('tags is not a list');
  const tags: string[] = [];
  for (const tag of value) {
    const name = (typeof tag === 'string' ? tag : text((tag as { name?: unknown; display_name?: unknown })?.name ?? (tag as { display_name?: unknown })?.display_name)).trim().slice(0, 100);
    if (name && !tags.includes(name)) tags.push(name);
  }
  return tags;
}

function resourcesOf(value: unknown): HarvestedResource[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error('resources is not a list');
  const resources: HarvestedResource[] = [];
  value.forEach((entry, index) => {
    const resource = entry as Record<string, unknown> | null;
    if (!resource || typeof resource !== 'object') throw new Error(`resource ${index + 1} is not an object`);
    const url = text(resource.url).trim();
    if (url === '') return; // a resource without a link has nothing to offer here
    const format = text(resource.format).trim() || formatOf(optionalText(resource.mimetype)) || formatOfUrl(url);
    resources.push({
      url,
      format: format.slice(0, 50),
      name: text(resource.name).trim() || format || `resource ${index + 1}`,
      description: text(resource.description),
      mediaType: optionalText(resource.mimetype),
      size: sizeOf(resource.size),
      hash: optionalText(resource.hash),
      lastModified: isoTimestamp(resource.last_modified) ?? isoTimestamp(resource.metadata_modified),
    });
  });
  return resources;
}

function themesOf(dict: Record<string, unknown>, extras: Array<{ key: string; value: string }>): string[] {
  const fromGroups: string[] = [];
  if (Array.isArray(dict.groups)) {
    for (const group of dict.groups) {
      const name = text((group as { name?: unknown })?.name);
      if (THEME_BY_KEY.has(name) && !fromGroups.includes(name)) fromGroups.push(name);
    }
  }
  if (fromGroups.length) return fromGroups;
  const fromExtras: string[] = [];
  for (const extra of extras) for (const key of themesInText(extra.value)) if (!fromExtras.includes(key)) fromExtras.push(key);
  return fromExtras;
}

const extraValue = (extras: Array<{ key: string; value: string }>, ...keys: string[]): string | null => {
  for (const key of keys) {
    const found = extras.find((extra) => extra.key === key);
    if (found && found.value.trim() !== '') return found.value.trim();
  }
  return null;
};

/** One CKAN dataset dictionary → a HarvestedDataset (throws DatasetProblem when it cannot be read). */
export function mapCkanDataset(value: unknown, base: string): HarvestedDataset {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new DatasetProblem(null, 'The dataset is not an object.');
  const dict = value as Record<string, unknown>;
  const id = optionalText(dict.id);
  if (!id) throw new DatasetProblem(identifierOf(dict), 'The dataset has no id.');
  try {
    const rawName = optionalText(dict.name);
    const name = rawName && isSlug(rawName) ? rawName : slugify(rawName ?? id, 'dataset');
    const title = optionalText(dict.title) ?? rawName ?? id;
    if (typeof dict.title !== 'string' && dict.title !== undefined && dict.title !== null) throw new Error('title is not text');
    const extras = extrasOf(dict.extras);
    const modified = isoTimestamp(dict.metadata_modified);
    if (dict.metadata_modified !== undefined && dict.metadata_modified !== null && !modified) throw new Error(`metadata_modified "${text(dict.metadata_modified)}" is not a timestamp`);
    const organization = dict.organization as Record<string, unknown> | null | undefined;
    const orgName = organization && typeof organization === 'object' ? optionalText(organization.name) : null;
    return {
      identifier: id,
      name,
      title: title.slice(0, 1000),
      titleEn: extraValue(extras, 'title_en', 'title_translated_en'),
      notes: text(dict.notes),
      tags: tagsOf(dict.tags),
      licenseId: optionalText(dict.license_id) ?? UNSPECIFIED_LICENCE,
      themes: themesOf(dict, extras),
      frequency: frequencyOf(optionalText(dict.frequency) ?? extraValue(extras, 'frequency', 'accrual_periodicity', 'update_frequency', 'update_cycle')),
      openType: extraValue(extras, 'open_type') === 'conditional' ? 'conditional' : 'open',
      openConditions: extraValue(extras, 'open_conditions'),
      organization: orgName
        ? { name: orgName, title: optionalText(organization!.title) ?? orgName, description: text(organization!.description) }
        : null,
      maintainer: optionalText(dict.maintainer) ?? optionalText(dict.author),
      maintainerEmail: optionalText(dict.maintainer_email) ?? optionalText(dict.author_email),
      resources: resourcesOf(dict.resources),
      metadataCreated: isoTimestamp(dict.metadata_created),
      metadataModified: modified,
      issued: isoDate(dict.issued) ?? isoDate(extraValue(extras, 'issued')),
      sourceUrl: `${base}/dataset/${encodeURIComponent(rawName ?? id)}`,
      extras,
    };
  } catch (error) {
    if (error instanceof DatasetProblem) throw error;
    throw new DatasetProblem(id, `The dataset cannot be read: ${(error as Error).message}`);
  }
}
