// Shapes of the catalog HTTP contract (docs/API.md, "Catalog").

export const FORMATS = ['database', 'document', 'spreadsheet', 'image', 'stream', 'api', 'other'] as const;
export const UPDATE_CYCLES = [
  'realtime',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'half_yearly',
  'yearly',
  'irregular',
] as const;
export const SHARING_TYPES = ['unconditional', 'conditional', 'not_shared'] as const;
export const SHARING_METHODS = ['api', 'file', 'table_sync'] as const;
export const OPEN_TYPES = ['open', 'conditional', 'not_open'] as const;
export const DATA_TYPES = ['string', 'integer', 'decimal', 'date', 'datetime', 'boolean', 'code'] as const;
export const SENSITIVITIES = ['public', 'internal', 'sensitive', 'secret'] as const;
export const STATUSES = ['draft', 'submitted', 'returned', 'published', 'retired'] as const;
export const SORTS = ['relevance', 'updated', 'name', 'code'] as const;

export type Format = (typeof FORMATS)[number];
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];
export type SharingType = (typeof SHARING_TYPES)[number];
export type SharingMethod = (typeof SHARING_METHODS)[number];
export type OpenType = (typeof OPEN_TYPES)[number];
export type DataType = (typeof DATA_TYPES)[number];
export type Sensitivity = (typeof SENSITIVITIES)[number];
export type ResourceStatus = (typeof STATUSES)[number];
export type SearchSort = (typeof SORTS)[number];

export interface DataItem {
  name: string;
  label: string;
  type: DataType;
  length?: number | null;
  required: boolean;
  key: boolean;
  codeList?: string | null;
  sensitivity: Sensitivity;
}

export interface ResourceInput {
  classificationCode: string;
  name: string;
  nameEn?: string | null;
  providerDepartmentId?: string | null;
  summary: string;
  format: Format;
  dataItems: DataItem[];
  sharingType: SharingType;
  sharingConditions?: string | null;
  sharingMethods: SharingMethod[];
  notSharedBasis?: string | null;
  openType: OpenType;
  openConditions?: string | null;
  updateCycle: UpdateCycle;
  publishDate?: string | null;
  keywords: string[];
  relatedCodes: string[];
  sourceSystemId?: string | null;
  changeNote?: string | null;
}

export interface Resource extends ResourceInput {
  id: string;
  code: string;
  providerDepartmentId: string;
  providerDepartmentName: string;
  providerCreditCode: string | null;
  classificationName: string | null;
  status: ResourceStatus;
  returnReason: string | null;
  retireReason: string | null;
  currentVersion: number;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  publishedAt: string | null;
  retiredAt: string | null;
}

export interface ResourceSummary {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  summary: string;
  providerDepartmentId: string;
  providerDepartmentName: string;
  classificationCode: string;
  format: Format;
  sharingType: SharingType;
  openType: OpenType;
  updateCycle: UpdateCycle;
  status: ResourceStatus;
  currentVersion: number;
  updatedAt: string;
  dataItemCount: number;
}

export interface FacetBucket {
  value: string;
  label?: string | null;
  count: number;
}

export const FACET_NAMES = ['department', 'classification', 'sharingType', 'openType', 'format', 'updateCycle'] as const;
export type FacetName = (typeof FACET_NAMES)[number];

export interface SearchAnswer {
  data: ResourceSummary[];
  total: number;
  page: number;
  pageSize: number;
  facets?: Partial<Record<FacetName, FacetBucket[]>>;
}

export interface Classification {
  code: string;
  view: 'base' | 'theme' | 'department';
  level: number;
  name: string;
  nameEn: string | null;
  parentCode: string | null;
}

export interface VersionInfo {
  version: number;
  createdAt: string;
  createdBy: string | null;
  changeNote: string | null;
}

export interface VersionChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface VersionDiff {
  from: number;
  to: number;
  changes: VersionChange[];
}

export interface ImportRowError {
  sheet: string;
  /** Excel row number; 0 when the problem concerns the whole file. */
  row: number;
  column: string;
  value: unknown;
  reason: string;
  code?: string;
}

export interface ImportJob {
  id: string;
  status: string;
  phase: string | null;
  progress: number | null;
  total: number | null;
  /** The problem code when the job failed as a whole (e.g. catalog.import_invalid). */
  errorCode?: string | null;
  result: {
    imported: number;
    codes?: string[];
    errors?: ImportRowError[];
    /** All errors found; `errors` lists at most the first few hundred. */
    errorCount?: number;
    message?: string;
  } | null;
}

export interface BusinessSystem {
  id: string;
  departmentId: string;
  code: string;
  name: string;
  nameEn?: string | null;
}

export interface Department {
  id: string;
  name: string;
  nameEn?: string | null;
  creditCode?: string;
  parentId?: string | null;
}
