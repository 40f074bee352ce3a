/**
 * The catalog module's public face. CONTRACT (the lead wrote this file; the catalog engineers implement it,
 * keeping these names). Import/export lives in this module too (import.ts, export.ts, xlsx-template.ts).
 */
import type { Actor } from '../../platform/actor.js';
import type { FieldError } from '../../platform/errors.js';
import type { ModuleRoutes } from '../../platform/http/server.js';
import type { Executor } from '../../platform/db/database.js';
import type { CatalogStats, Classification, Resource, SearchAnswer, VersionDetail, VersionDiff, VersionInfo } from './schema.js';
import type { SearchFilters } from './search.js';
import type { SearchSort } from './vocabulary.js';

export type DataItemType = 'string' | 'integer' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'code';
export type Sensitivity = 'public' | 'internal' | 'sensitive' | 'secret';
export type SharingType = 'unconditional' | 'conditional' | 'not_shared';
export type OpenType = 'open' | 'conditional' | 'not_open';
export type ResourceStatus = 'draft' | 'submitted' | 'returned' | 'published' | 'retired';

export interface DataItem {
  name: string;
  label: string;
  type: DataItemType;
  length?: number | null;
  required: boolean;
  key: boolean;
  codeList?: string | null;
  sensitivity: Sensitivity;
}

/** The body of POST/PUT /api/v1/catalog/resources (docs/API.md). */
export interface ResourceInput {
  classificationCode: string;
  name: string;
  nameEn?: string | null;
  providerDepartmentId?: string | null;
  summary: string;
  format: string;
  dataItems: DataItem[];
  sharingType: SharingType;
  sharingConditions?: string | null;
  sharingMethods: string[];
  notSharedBasis?: string | null;
  openType: OpenType;
  openConditions?: string | null;
  updateCycle: string;
  publishDate?: string | null;
  keywords: string[];
  relatedCodes: string[];
  sourceSystemId?: string | null;
  changeNote?: string | null;
  /** Import only: an explicit code instead of a generated one (must fit the classification and be unused). */
  code?: string | null;
}

export interface ClassificationInput { code: string; view: 'base' | 'theme' | 'department'; level: number; name: string; nameEn?: string | null; parentCode?: string | null }

export interface ValidateOptions {
  /** Codes that will exist when the input is written (explicit codes of the same import): relatedCodes may name them. */
  knownCodes?: Iterable<string>;
}

/** Search parameters (GET /api/v1/catalog/resources); every filter is optional, lists are ORed. */
export interface SearchParams extends SearchFilters {
  page?: number;
  pageSize?: number;
  sort?: SearchSort;
}

export interface CatalogService {
  upsertClassifications(actor: Actor, list: ClassificationInput[]): Promise<void>;
  /**
   * Checks one input the way create would (fields, rules, department ownership, classification, related codes)
   * and returns every problem; pointers are relative to the input ('/dataItems/2/name').
   * Used by the importer to check every row before writing anything.
   */
  validateInput(actor: Actor, input: ResourceInput, options?: ValidateOptions): Promise<FieldError[]>;
  /** Creates a draft; returns its code. */
  create(actor: Actor, input: ResourceInput, executor?: Executor): Promise<{ id: string; code: string }>;
  /** All-or-nothing bulk creation (import, seeding): one transaction; throws on the first invalid input. */
  createMany(actor: Actor, inputs: ResourceInput[], options?: { onProgress?: (done: number) => Promise<void> | void }): Promise<string[]>;
  /** draft/returned → submitted (own department). Resolves to the entry as it is now. */
  submit(actor: Actor, code: string): Promise<Resource>;
  /** submitted → published, writing the next version's snapshot (data admin). */
  publish(actor: Actor, code: string): Promise<Resource>;
  countResources(): Promise<number>;

  listClassifications(): Promise<Classification[]>;
  search(actor: Actor, params: SearchParams): Promise<SearchAnswer>;
  /** 404 catalog.resource_not_found also when the actor may not see the entry. */
  get(actor: Actor, code: string): Promise<Resource>;
  /** PUT semantics: drafts/returned edited in place; a published entry gets a new version (changeNote). */
  update(actor: Actor, code: string, input: ResourceInput): Promise<Resource>;
  /** Deletes a draft. */
  remove(actor: Actor, code: string): Promise<void>;
  returnForRevision(actor: Actor, code: string, reason: string | null | undefined): Promise<Resource>;
  retire(actor: Actor, code: string, reason: string | null | undefined): Promise<Resource>;
  versions(actor: Actor, code: string): Promise<VersionInfo[]>;
  version(actor: Actor, code: string, version: number): Promise<VersionDetail>;
  /** Defaults: to = the current version, from = the one before it. */
  diff(actor: Actor, code: string, from?: number, to?: number): Promise<VersionDiff>;
  stats(actor: Actor): Promise<CatalogStats>;
  /** Full entries matching the search filters (no paging, code order, at most `limit`), for export. */
  listForExport(actor: Actor, filters: SearchFilters, options?: { limit?: number }): Promise<Resource[]>;
}

export interface CatalogModule {
  service: CatalogService;
  routes: ModuleRoutes;
}

export type {
  CatalogStats, Classification, FacetBucket, FacetName, Resource, ResourceSummary, SearchAnswer, VersionDetail, VersionDiff, VersionInfo,
} from './schema.js';
export type { SearchFilters } from './search.js';
export type { SearchSort, StatusFilter } from './vocabulary.js';
export { createCatalogModule } from './module.js';
/** Chinese segmentation (jieba) for other modules' search: index tokens (search mode) and query tokens. */
export { indexTokens, queryTokens } from './segment.js';
