/**
 * The catalog module's public face. CONTRACT (the lead wrote this file; the catalog engineers implement it,
 * keeping these names). Import/export lives in this module too (import.ts, export.ts, xlsx-template.ts).
 */
import type { Actor } from '../../platform/actor.js';
import type { FieldError } from '../../platform/errors.js';
import type { ModuleRoutes } from '../../platform/http/server.js';
import type { Executor } from '../../platform/db/database.js';

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

export interface CatalogService {
  upsertClassifications(actor: Actor, list: ClassificationInput[]): Promise<void>;
  /**
   * Checks one input the way create would (fields, rules, department ownership, classification, related codes)
   * and returns every problem; pointers are relative to the input ('/dataItems/2/name').
   * Used by the importer to check every row before writing anything.
   */
  validateInput(actor: Actor, input: ResourceInput): Promise<FieldError[]>;
  /** Creates a draft; returns its code. */
  create(actor: Actor, input: ResourceInput, executor?: Executor): Promise<{ id: string; code: string }>;
  /** All-or-nothing bulk creation (import, seeding): one transaction; throws on the first invalid input. */
  createMany(actor: Actor, inputs: ResourceInput[], options?: { onProgress?: (done: number) => Promise<void> | void }): Promise<string[]>;
  /** PUT semantics: drafts/returned edited in place; a published entry gets a new version. */
  update(actor: Actor, code: string, input: ResourceInput): Promise<unknown>;
  submit(actor: Actor, code: string): Promise<void>;
  publish(actor: Actor, code: string): Promise<void>;
  countResources(): Promise<number>;
}

export interface CatalogModule {
  service: CatalogService;
  routes: ModuleRoutes;
}

export { createCatalogModule } from './module.js';
