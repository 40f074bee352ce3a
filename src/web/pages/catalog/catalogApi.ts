// Typed calls to the catalog endpoints; pages never spell URLs themselves.
import { api } from '../../api/client';
import type {
  BusinessSystem,
  Classification,
  Department,
  ImportJob,
  Resource,
  ResourceInput,
  SearchAnswer,
  VersionDiff,
  VersionInfo,
} from './types';

const BASE = '/api/v1/catalog';

export type SearchQuery = Record<string, string | number | string[] | undefined>;

function stringQuery(query: SearchQuery): Record<string, string | string[] | undefined> {
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => [key, typeof value === 'number' ? String(value) : value]),
  );
}

function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
}

const resourcePath = (code: string) => `${BASE}/resources/${encodeURIComponent(code)}`;

export const catalogApi = {
  search: (query: SearchQuery) => api.get<SearchAnswer>(`${BASE}/resources`, query),
  get: (code: string) => api.get<Resource>(resourcePath(code)),
  create: (input: ResourceInput) => api.post<Resource>(`${BASE}/resources`, input),
  update: (code: string, input: ResourceInput) => api.put<Resource>(resourcePath(code), input),
  remove: (code: string) => api.del(resourcePath(code)),
  submit: (code: string) => api.post<Resource>(`${resourcePath(code)}/submit`),
  publish: (code: string) => api.post<Resource>(`${resourcePath(code)}/publish`),
  returnToProvider: (code: string, reason: string) => api.post<Resource>(`${resourcePath(code)}/return`, { reason }),
  retire: (code: string, reason: string) => api.post<Resource>(`${resourcePath(code)}/retire`, { reason }),
  versions: (code: string) => api.get<VersionInfo[]>(`${resourcePath(code)}/versions`),
  diff: (code: string, from: number, to: number) => api.get<VersionDiff>(`${resourcePath(code)}/diff`, { from, to }),
  exportFile: (format: 'xlsx' | 'json', query: SearchQuery) =>
    api.download(`${BASE}/export`, { ...stringQuery(query), file: format }, `catalog-${today()}.${format}`),
  downloadTemplate: () => api.download(`${BASE}/import/template`, undefined, 'catalog-import-template.xlsx'),
  startImport: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.upload<{ job: ImportJob }>(`${BASE}/import`, form);
  },
  importJob: (jobId: string) => api.get<{ job: ImportJob }>(`${BASE}/import/${encodeURIComponent(jobId)}`),
  downloadImportErrors: (jobId: string) =>
    api.download(`${BASE}/import/${encodeURIComponent(jobId)}/errors.xlsx`, undefined, 'catalog-import-errors.xlsx'),
};

// Reference data changes rarely; one request per page load is enough, and every page shares it.
let classificationsPromise: Promise<Classification[]> | null = null;
export function loadClassifications(): Promise<Classification[]> {
  classificationsPromise ??= api.get<Classification[]>(`${BASE}/classifications`).catch((error: unknown) => {
    classificationsPromise = null;
    throw error;
  });
  return classificationsPromise;
}

let departmentsPromise: Promise<Department[]> | null = null;
export function loadDepartments(): Promise<Department[]> {
  departmentsPromise ??= api.get<Department[] | { data: Department[] }>('/api/v1/departments').then(
    (answer) => (Array.isArray(answer) ? answer : answer.data),
    (error: unknown) => {
      departmentsPromise = null;
      throw error;
    },
  );
  return departmentsPromise;
}

export async function loadSystems(departmentId?: string | null): Promise<BusinessSystem[]> {
  const answer = await api.get<BusinessSystem[] | { data: BusinessSystem[] }>(
    '/api/v1/systems',
    departmentId ? { departmentId } : undefined,
  );
  return Array.isArray(answer) ? answer : answer.data;
}
