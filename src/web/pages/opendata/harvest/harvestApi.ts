// Typed calls to the harvesting endpoints; the pages never spell URLs themselves.
import { api } from '../../../api/client';
import type { HarvestRun, HarvestRunDetail, HarvestSource, HarvestSourceInput, RunsPage } from './types';

const BASE = '/api/v1/open/harvest';
const enc = encodeURIComponent;

export const harvestApi = {
  sources: async () => (await api.get<{ items: HarvestSource[] }>(`${BASE}/sources`)).items,
  source: (id: string) => api.get<HarvestSource>(`${BASE}/sources/${enc(id)}`),
  create: (input: HarvestSourceInput) => api.post<HarvestSource>(`${BASE}/sources`, input),
  update: (id: string, input: HarvestSourceInput) => api.put<HarvestSource>(`${BASE}/sources/${enc(id)}`, input),
  remove: (id: string) => api.del(`${BASE}/sources/${enc(id)}`),
  run: (id: string, full = false) => api.post<{ runId: string; run: HarvestRun }>(`${BASE}/sources/${enc(id)}/run`, full ? { full: true } : {}),
  runs: (id: string, page: number, pageSize: number) => api.get<RunsPage>(`${BASE}/sources/${enc(id)}/runs`, { page, pageSize }),
  runDetail: (runId: string) => api.get<HarvestRunDetail>(`${BASE}/runs/${enc(runId)}`),
};
