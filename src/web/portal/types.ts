// The shapes of the portal's HTTP API (/api/v1/open/*), as the server's open data parts answer them
// (src/server/modules/opendata: publish/presenter.ts DatasetSummary, publish/ routes, search/, engagement/).

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
  formats: string[];
  licenseId: string;
  frequency: string | null;
  openType: 'open' | 'conditional';
  metadataModified: string;
  dataModified: string | null;
  rowCount: number;
  currentVersion: number;
  usage: UsageTotals;
  source: { title: string; url: string | null } | null;
}

export interface DatasetField {
  name: string;
  label: string;
  type: string;
  key: boolean;
}

export interface DatasetResource {
  id: string;
  name: string;
  format: string;
  mediaType: string | null;
  url: string;
  size: number | null;
  datastoreActive: boolean;
}

export interface DatasetVersion {
  version: number;
  rowCount: number;
  catalogVersion: number | null;
  note: string | null;
  publishedAt: string;
}

export interface DatasetUsage extends UsageTotals {
  /** The last 30 days, oldest first. */
  daily: Array<{ day: string; views: number; downloads: number; apiCalls: number }>;
}

export type DatasetAccess = 'open' | 'granted' | 'apply' | 'pending' | 'login';

export interface DatasetDetail extends Omit<DatasetSummary, 'usage'> {
  notes: string;
  fields: DatasetField[];
  resources: DatasetResource[];
  versions: DatasetVersion[];
  usage: DatasetUsage;
  openConditions: string | null;
  licence: { id: string; title: string; titleEn: string | null; url: string | null };
  maintainer: string | null;
  maintainerEmail: string | null;
  issued: string | null;
  metadataCreated: string;
  catalogCode: string | null;
  access: DatasetAccess;
  apiExamples: { datastoreSearch: string; packageShow: string; records: string };
}

export type DatastoreFieldType = 'int' | 'numeric' | 'text' | 'date' | 'timestamp' | 'bool';

export interface DatastoreAnswer {
  fields: Array<{ id: string; type: DatastoreFieldType; info?: { label: string } }>;
  records: Array<Record<string, unknown>>;
  total: number | null;
}

export interface ThemeCount {
  key: string;
  code: string;
  uri: string;
  title: string;
  titleEn: string;
  count: number;
}

export interface OrganizationCount {
  name: string;
  title: string;
  titleEn: string | null;
  count: number;
}

export interface PortalSummary {
  counts: { datasets: number; organizations: number; views: number; downloads: number; apiCalls: number };
  themes: ThemeCount[];
  organizations: OrganizationCount[];
  newest: DatasetSummary[];
  popular: DatasetSummary[];
}

export interface Organization {
  id: string;
  name: string;
  title: string;
  titleEn: string | null;
  description: string;
  datasetCount: number;
  /** The department behind a local organisation, when the server says (the request form offers it). */
  departmentId?: string | null;
}

export const FACET_FIELDS = ['organization', 'theme', 'format', 'license', 'frequency', 'tag', 'openType'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export interface FacetValue {
  value: string;
  label: string;
  labelEn: string | null;
  count: number;
}

export type SearchSort = 'relevance' | 'modified' | 'popular' | 'name';

export interface SearchAnswer {
  total: number;
  page: number;
  pageSize: number;
  items: DatasetSummary[];
  facets: Partial<Record<FacetField, FacetValue[]>>;
  /** Set when not every query word matched and the search widened (some words were dropped or any word matches). */
  relaxed?: boolean;
}

export interface PortalUser {
  id: string;
  email: string;
  displayName: string;
  organisation: string | null;
}

export interface PortalSessionAnswer {
  user: PortalUser;
  csrfToken: string;
}

export type ApplicationStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'expired';

export interface Application {
  id: string;
  dataset: { name: string; title: string };
  purpose: string;
  status: ApplicationStatus | string;
  reason: string | null;
  createdAt: string;
  decidedAt: string | null;
  expiresAt: string | null;
}

export type RequestStatus = 'open' | 'accepted' | 'opened' | 'declined';

export interface DataRequest {
  id: string;
  title: string;
  description: string;
  department: { id: string; name: string; nameEn: string | null } | null;
  status: RequestStatus;
  answer: string | null;
  dataset: { name: string; title: string } | null;
  createdAt: string;
  answeredAt: string | null;
}
