/**
 * The open data module's public face (数据开放): the public portal's datasets, a CKAN-compatible Action API, a
 * DCAT-AP 3.0.1 catalog, harvesting from other portals, and the public's requests and applications.
 * CONTRACT: the lead wrote this file; each part implements its piece in its own folder, keeping these names.
 *
 *   publish/     the datasets: publication of open catalog entries with their store's data (Publisher), reading
 *                them (DatasetReader), versions, the datastore query over a store (Datastore), downloads,
 *                usage counts (Usage); the portal's dataset API (/api/v1/open/datasets, stats, organisations).
 *   search/      the in-process search index over all datasets (SearchIndex) and /api/v1/open/search.
 *   ckan/        the CKAN 2.10/2.11 Action API (/api/3/action/*, /api/action/*): parses q/fq into a SearchQuery.
 *   dcat/        DCAT-AP 3.0.1 as JSON-LD, Turtle and RDF/XML (/catalog.*, /dataset/{name}.*), content
 *                negotiation on the dataset page.
 *   harvest/     harvest sources (CKAN, DCAT), scheduled runs, run history and per-dataset errors.
 *   engagement/  portal accounts of the public, applications for conditionally open data, "request a dataset".
 *
 * Datasets (tables in migrations/0009_opendata.sql): a local dataset is the public face of a published catalog
 * entry whose open type is open or conditional (catalog_resource_id set); a harvested one came from a harvest
 * source (source_id set) and is never edited locally. Every write to a dataset row moves its change_seq
 * (a database trigger), which is how search indexes on every node catch up.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DataItemRecord } from '../../platform/db/schema.js';

// ---------------------------------------------------------------- datasets

export interface Organization {
  id: string;
  /** CKAN name (slug): a department's from its English name, a harvested one's from its source. */
  name: string;
  title: string;
  titleEn: string | null;
  description: string;
  departmentId: string | null;
  sourceId: string | null;
  createdAt: string;
}

export interface DatasetResource {
  id: string;
  datasetId: string;
  position: number;
  name: string;
  description: string;
  /** 'CSV' | 'XLSX' | 'JSON' for local data; whatever the source said for harvested resources. */
  format: string;
  mediaType: string | null;
  /** Absolute URL for harvested resources; null for local ones (see resourceUrl in urls.ts). */
  url: string | null;
  size: number | null;
  hash: string | null;
  /** true for local data: datastore_search and the preview read the dataset's store. */
  datastoreActive: boolean;
  created: string;
  lastModified: string | null;
}

export interface DatasetSource {
  id: string;
  name: string;
  title: string;
  type: 'ckan' | 'dcat';
  /** The dataset's id (CKAN) or IRI (DCAT) at the source. */
  identifier: string;
  /** The dataset's page at the source. */
  url: string | null;
}

/** A column the public sees (the catalog's data item). */
export type DatasetField = Pick<DataItemRecord, 'name' | 'label' | 'type' | 'key'> & { length?: number | null; codeList?: string | null };

export interface Dataset {
  id: string;
  name: string;
  title: string;
  titleEn: string | null;
  notes: string;
  organization: Organization;
  /** vocabulary.ts THEMES keys. */
  themes: string[];
  tags: string[];
  licenseId: string;
  /** vocabulary.ts FREQUENCIES keys; null when unknown (harvested). */
  frequency: string | null;
  openType: 'open' | 'conditional';
  openConditions: string | null;
  maintainer: string | null;
  maintainerEmail: string | null;
  fields: DatasetField[];
  extras: Array<{ key: string; value: string }>;
  state: 'active' | 'deleted';
  currentVersion: number;
  rowCount: number;
  /** YYYY-MM-DD. */
  issued: string | null;
  /** ISO 8601 with milliseconds and Z. */
  metadataCreated: string;
  metadataModified: string;
  dataModified: string | null;
  catalogCode: string | null;
  catalogVersion: number | null;
  source: DatasetSource | null;
  resources: DatasetResource[];
  changeSeq: number;
}

export interface DatasetVersion {
  version: number;
  rowCount: number;
  catalogVersion: number | null;
  note: string | null;
  publishedAt: string;
}

export interface DatasetUsage {
  views: number;
  downloads: number;
  apiCalls: number;
  /** The last 30 days, oldest first. */
  daily: Array<{ day: string; views: number; downloads: number; apiCalls: number }>;
}

export type DatasetOrder = 'id' | 'modified';

export interface DatasetPageOptions {
  /** 'id': id ascending (the CKAN harvest order); 'modified': metadata_modified then id, ascending. */
  order: DatasetOrder;
  /** Keyset: the last dataset of the previous page. */
  after?: { id: string; modified?: string } | null;
  /** Plain offset (CKAN package_list / Hydra pages); prefer `after` for large catalogs. */
  offset?: number;
  limit: number;
  modifiedSince?: string | null;
  /** Default false: only 'active'. */
  includeDeleted?: boolean;
  /** Only local (false) or only harvested (true) datasets; default both. */
  harvested?: boolean;
}

/** Reads datasets (implemented in publish/). Every method returns active datasets only unless told otherwise. */
export interface DatasetReader {
  /** By name or id; null when unknown or deleted. */
  get(nameOrId: string): Promise<Dataset | null>;
  /** In the order of `ids`; unknown ids are left out. One query for the whole page. */
  getMany(ids: readonly string[]): Promise<Dataset[]>;
  resource(resourceId: string): Promise<{ dataset: Dataset; resource: DatasetResource } | null>;
  page(options: DatasetPageOptions): Promise<Dataset[]>;
  count(options?: { modifiedSince?: string | null; harvested?: boolean }): Promise<number>;
  /** Every dataset in `order`, read in keyset batches (flat memory for 100,000 datasets). */
  stream(options: Omit<DatasetPageOptions, 'limit' | 'after' | 'offset'> & { batchSize?: number }): AsyncIterable<Dataset>;
  /** Datasets (also deleted ones) whose change_seq is above `afterSeq`, in change_seq order: the index's feed. */
  changedSince(afterSeq: number, limit: number): Promise<Dataset[]>;
  /** Organisations with at least one active dataset, by name, with their counts. */
  organizations(): Promise<Array<Organization & { datasetCount: number }>>;
  organization(nameOrId: string): Promise<(Organization & { datasetCount: number }) | null>;
  versions(datasetId: string): Promise<DatasetVersion[]>;
  usage(datasetId: string): Promise<DatasetUsage>;
}

/** Keeps the datasets in step with the catalog and the stores (implemented in publish/). */
export interface Publisher {
  /**
   * Publishes every published catalog entry whose open type is open or conditional (creating its store, its
   * organisation and its CSV/XLSX/JSON resources), updates changed metadata, marks datasets of retired or
   * no-longer-open entries deleted, and cuts a new version of every dataset whose store changed since its last
   * version. Idempotent; runs at start, every minute, and soon after a load.
   */
  syncAll(): Promise<{ created: number; updated: number; deleted: number; versions: number }>;
  start(): void;
  stop(): Promise<void>;
}

// ---------------------------------------------------------------- datastore

export type DatastoreFieldType = 'int' | 'numeric' | 'text' | 'date' | 'timestamp' | 'bool';

export interface DatastoreQuery {
  /** Column names to return (default all); `_id` is always first. */
  fields?: string[] | null;
  /** Exact matches; an array means any of them. */
  filters?: Record<string, string | number | boolean | null | Array<string | number | boolean>> | null;
  /** Full-text: a string over all text columns (substring, case-insensitive), or per column. */
  q?: string | Record<string, string> | null;
  sort?: Array<{ field: string; direction: 'asc' | 'desc' }> | null;
  limit: number;
  offset: number;
  includeTotal: boolean;
  /** A published version's data instead of the current data. */
  version?: number | null;
}

export interface DatastoreAnswer {
  /** `{ id: '_id', type: 'int' }` first, then the dataset's columns in order. */
  fields: Array<{ id: string; type: DatastoreFieldType; info?: { label: string } }>;
  records: Array<Record<string, unknown>>;
  total: number | null;
}

/**
 * Reads a local dataset's store (implemented in publish/). Unknown fields in filters/sort/fields are
 * 409 opendata.invalid_field; a harvested dataset or a deleted one is 404 opendata.datastore_not_found.
 * Key-column filters use the primary key; `_id` is the row's last change sequence (unique per row).
 */
export interface Datastore {
  search(dataset: Dataset, query: DatastoreQuery): Promise<DatastoreAnswer>;
}

export type UsageKind = 'view' | 'download' | 'api';

/** Counts usage in process and flushes batches to the database every few seconds (implemented in publish/). */
export interface Usage {
  count(datasetId: string, kind: UsageKind): void;
  flush(): Promise<void>;
  /** Totals per dataset for sorting by popularity (views + downloads + API calls). */
  totals(): Promise<Map<string, { views: number; downloads: number; apiCalls: number }>>;
}

// ---------------------------------------------------------------- search

export type SearchField = 'organization' | 'groups' | 'tags' | 'res_format' | 'license_id' | 'frequency' | 'name' | 'id' | 'open_type' | 'source';

export type SearchFilter =
  | { kind: 'term'; field: SearchField; value: string }
  | { kind: 'range'; field: 'metadata_modified' | 'metadata_created'; from: string | null; to: string | null }
  | { kind: 'text'; text: string }
  | { kind: 'and' | 'or'; items: SearchFilter[] }
  | { kind: 'not'; item: SearchFilter };

export type SearchSortField = 'score' | 'metadata_modified' | 'metadata_created' | 'name' | 'title' | 'id' | 'popularity' | 'views' | 'downloads';

export interface SearchQuery {
  /** Plain words, all of which must match (Chinese is segmented; synonyms count). Empty: every dataset. */
  text?: string | null;
  filter?: SearchFilter | null;
  /** Default: score desc, then metadata_modified desc. */
  sort?: Array<{ field: SearchSortField; direction: 'asc' | 'desc' }>;
  start: number;
  rows: number;
  facetFields?: SearchField[];
  /** Per facet, default 50; negative = unlimited. */
  facetLimit?: number;
  facetMincount?: number;
}

export interface SearchResult {
  count: number;
  /** Dataset ids of the page, in order. */
  ids: string[];
  /** Facet field → values with counts, count desc then value asc. */
  facets: Partial<Record<SearchField, Array<{ value: string; count: number }>>>;
}

/** The search index over all active datasets (implemented in search/). Catches up with writes before answering. */
export interface SearchIndex {
  search(query: SearchQuery): Promise<SearchResult>;
  /** Reads what changed since the last refresh (search calls this; tests and the publisher may too). */
  refresh(): Promise<void>;
  /** Display label of a facet value (organisation title, theme title, licence title); the value when unknown. */
  label(field: SearchField, value: string, locale?: 'zh-CN' | 'en-US'): string;
}

// ---------------------------------------------------------------- engagement (portal accounts, applications)

export interface PortalUser {
  id: string;
  email: string;
  displayName: string;
  organisation: string | null;
}

/** Implemented in engagement/. */
export interface PortalAccounts {
  /**
   * The portal user of a request (cookie zs_portal), or null. For unsafe methods the X-Portal-CSRF header must
   * match the session's token, else 403 portal.csrf_invalid.
   */
  userOf(request: FastifyRequest): Promise<PortalUser | null>;
}

export interface Applications {
  /** True when the user holds an approved, unexpired application for the dataset. */
  hasAccess(portalUserId: string, datasetId: string): Promise<boolean>;
  /** The user's latest application status for the dataset. */
  status(portalUserId: string, datasetId: string): Promise<'none' | 'pending' | 'approved' | 'rejected' | 'withdrawn'>;
}

// ---------------------------------------------------------------- harvesting

export interface HarvestRunSummary {
  id: string;
  sourceId: string;
  trigger: 'manual' | 'schedule';
  status: 'running' | 'succeeded' | 'partial' | 'failed';
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** Implemented in harvest/. */
export interface Harvester {
  /** Runs one source now and resolves when the run has finished. */
  run(sourceId: string, trigger: 'manual' | 'schedule'): Promise<HarvestRunSummary>;
  start(): void;
  stop(): Promise<void>;
}

// ---------------------------------------------------------------- module

export interface OpendataModule {
  datasets: DatasetReader;
  publisher: Publisher;
  datastore: Datastore;
  usage: Usage;
  search: SearchIndex;
  accounts: PortalAccounts;
  applications: Applications;
  harvester: Harvester;
  routes: (app: FastifyInstance) => Promise<void> | void;
  /** Starts the publisher's and the harvester's schedules; the CLI and tests may skip. */
  start(): void;
  stop(): Promise<void>;
}

export { createOpendataModule } from './module.js';
