// Shapes of the open data console's API answers (docs/opendata/engagement.md, docs/opendata/publish.md).

export type OpenType = 'open' | 'conditional';

export interface ManagedDataset {
  id: string;
  name: string;
  title: string;
  titleEn: string | null;
  notes: string;
  organization: { name: string; title: string; titleEn: string | null };
  themes: string[];
  tags: string[];
  formats: string[];
  licenseId: string;
  frequency: string | null;
  openType: OpenType;
  metadataModified: string;
  dataModified: string | null;
  rowCount: number;
  currentVersion: number;
  usage: { views: number; downloads: number; apiCalls: number };
  source: { title: string; url: string | null } | null;
  catalogCode: string | null;
  state: 'active' | 'deleted';
  pendingApplications: number;
}

export interface SyncReport {
  created: number;
  updated: number;
  deleted: number;
  versions: number;
}

export type ApplicationStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface Application {
  id: string;
  dataset: { id: string; name: string; title: string };
  department: { id: string; name: string; nameEn: string | null } | null;
  applicant: { id: string; displayName: string; email: string; organisation: string | null };
  purpose: string;
  organisation: string | null;
  status: ApplicationStatus;
  expired: boolean;
  reason: string | null;
  decidedBy: { id: string; name: string } | null;
  createdAt: string;
  decidedAt: string | null;
  expiresAt: string | null;
}

export type RequestStatus = 'open' | 'accepted' | 'opened' | 'declined';
export type AnswerStatus = Exclude<RequestStatus, 'open'>;

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
  requesterName: string;
  requesterEmail: string | null;
  portalUser: { id: string; email: string; displayName: string } | null;
  answeredBy: { id: string; name: string } | null;
}

export interface Listed<T> {
  items: T[];
  total: number;
}
