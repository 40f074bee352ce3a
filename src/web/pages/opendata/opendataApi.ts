// Typed calls to the open data console endpoints; pages never spell URLs themselves.
import { api } from '../../api/client';
import type { AnswerStatus, Application, ApplicationStatus, DataRequest, Listed, ManagedDataset, RequestStatus, SyncReport } from './types';

const BASE = '/api/v1/open';
const enc = encodeURIComponent;

export const opendataApi = {
  datasets: (query: { q?: string; page: number; pageSize: number }) => api.get<Listed<ManagedDataset>>(`${BASE}/manage/datasets`, query),
  sync: () => api.post<SyncReport>(`${BASE}/manage/sync`, {}),

  applications: (query: { status?: ApplicationStatus | 'decided'; page: number; pageSize: number }) => api.get<Listed<Application>>(`${BASE}/applications`, query),
  approve: (id: string, validDays: number) => api.post<Application>(`${BASE}/applications/${enc(id)}/approve`, { validDays }),
  reject: (id: string, reason: string) => api.post<Application>(`${BASE}/applications/${enc(id)}/reject`, { reason }),

  requests: (query: { status?: RequestStatus; page: number; pageSize: number }) => api.get<Listed<DataRequest>>(`${BASE}/manage/requests`, query),
  answer: (id: string, body: { status: AnswerStatus; answer: string | null; datasetName: string | null }) =>
    api.post<DataRequest>(`${BASE}/requests/${enc(id)}/answer`, body),
};

/** The dataset's page on the public portal (opens beside the console). */
export const publicDatasetUrl = (name: string) => `/dataset/${enc(name)}`;
