// Shapes of the harvesting API (docs/opendata/harvesting.md).
export type SourceType = 'ckan' | 'dcat';
export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed';

export interface SourceConfig {
  fq?: string;
  fullEvery?: number;
  rows?: number;
  overlapSeconds?: number;
  format?: 'jsonld' | 'turtle';
  timeoutSeconds?: number;
  maxPageMegabytes?: number;
}

export interface HarvestRun {
  id: string;
  sourceId: string;
  trigger: 'manual' | 'schedule';
  status: RunStatus;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface HarvestRunError {
  id: number;
  identifier: string | null;
  message: string;
  at: string;
}

export interface HarvestRunDetail extends HarvestRun {
  sourceName: string;
  sourceTitle: string;
  errors: HarvestRunError[];
  errorCount: number;
}

export interface HarvestSource {
  id: string;
  name: string;
  title: string;
  type: SourceType;
  url: string;
  schedule: string | null;
  enabled: boolean;
  config: SourceConfig;
  lastModifiedSeen: string | null;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastRun: HarvestRun | null;
  datasetCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface HarvestSourceInput {
  name: string;
  title: string;
  type: SourceType;
  url: string;
  schedule: string | null;
  enabled: boolean;
  config: SourceConfig;
}

export interface RunsPage {
  items: HarvestRun[];
  total: number;
  page: number;
  pageSize: number;
}
