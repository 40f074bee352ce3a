/**
 * The catalog's enumerations and limits (docs/API.md, "Catalog"; GB/T 21063 and the 2017 compilation guideline).
 * Validation, schemas, search filters and presenters all read them from here so they cannot drift apart.
 */
export const FORMATS = ['database', 'document', 'spreadsheet', 'image', 'stream', 'api', 'other'] as const;
export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'irregular'] as const;
export const SHARING_TYPES = ['unconditional', 'conditional', 'not_shared'] as const;
export const SHARING_METHODS = ['api', 'file', 'table_sync'] as const;
export const OPEN_TYPES = ['open', 'conditional', 'not_open'] as const;
export const DATA_ITEM_TYPES = ['string', 'integer', 'decimal', 'date', 'datetime', 'boolean', 'code'] as const;
export const SENSITIVITIES = ['public', 'internal', 'sensitive', 'secret'] as const;
export const RESOURCE_STATUSES = ['draft', 'submitted', 'returned', 'published', 'retired'] as const;
export const CLASSIFICATION_VIEWS = ['base', 'theme', 'department'] as const;
export const SEARCH_SORTS = ['relevance', 'updated', 'name', 'code'] as const;
export const STATUS_FILTERS = [...RESOURCE_STATUSES, 'all'] as const;

export type Format = (typeof FORMATS)[number];
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];
export type SharingMethod = (typeof SHARING_METHODS)[number];
export type ClassificationView = (typeof CLASSIFICATION_VIEWS)[number];
export type SearchSort = (typeof SEARCH_SORTS)[number];
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** The first digit of a classification code names its view (migrations/0003_catalog.sql). */
export const VIEW_BY_DIGIT: Record<string, ClassificationView> = { '1': 'base', '2': 'theme', '3': 'department' };

/** Length caps: generous for real catalogs, small enough that one entry cannot bloat the index. */
export const LIMITS = {
  name: 200,
  nameEn: 200,
  summary: 4000,
  conditions: 2000,
  basis: 2000,
  changeNote: 1000,
  reason: 1000,
  keyword: 50,
  keywords: 30,
  relatedCodes: 100,
  code: 40,
  dataItems: 1000,
  dataItemName: 64,
  dataItemLabel: 100,
  codeList: 500,
  dataItemLength: 1_000_000,
  query: 200,
  pageSize: 200,
} as const;

/** Chinese labels for the stats answer, where the console shows a chart without its own dictionary. */
export const ENUM_LABELS: Record<string, string> = {
  unconditional: '无条件共享',
  conditional: '有条件共享',
  not_shared: '不予共享',
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  published: '已发布',
  retired: '已停用',
  base: '基础信息资源',
  theme: '主题信息资源',
  department: '部门信息资源',
};

export const DATA_ITEM_NAME = /^[a-z][a-z0-9_]*$/;
/** 类 + 项 + 目 (+ 细目): only levels 3 and 4 may hold entries. */
export const ENTRY_CLASSIFICATION = /^[1-3][0-9]{5}([0-9]{3})?$/;
export const RESOURCE_CODE = /^[1-3][0-9]{5}(?:[0-9]{3})?-[0-9]{1,9}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
