// Typed calls to the exchange endpoints (docs/exchange/*.md); pages never spell URLs themselves.
// Lists arrive as {items}, {data, total, …} or a bare array depending on the part: `listOf`/`pageOf` accept all.
import { api } from '../../api/client';
import type {
  AccessRequest,
  AccessRequestInput,
  CalendarDay,
  CodeList,
  Delivery,
  DepartmentScore,
  ExchangeResource,
  FieldRule,
  FreshnessAlarm,
  Grant,
  LoadRecord,
  Paged,
  PreviewAnswer,
  Pull,
  PullInput,
  PullRun,
  ResourceQuality,
  ResourceQualityDetail,
  Source,
  SourceColumn,
  SourceInput,
  SourceTable,
  SourceTestResult,
  StoreDefinition,
  Subscription,
  SubscriptionCreated,
  UploadMode,
} from './types';

const BASE = '/api/v1/exchange';
const enc = encodeURIComponent;

type ListAnswer<T> = T[] | { items: T[]; total?: number; page?: number; pageSize?: number } | { data: T[]; total?: number; page?: number; pageSize?: number };

export function listOf<T>(answer: ListAnswer<T> | null | undefined): T[] {
  if (!answer) return [];
  if (Array.isArray(answer)) return answer;
  if ('items' in answer && Array.isArray(answer.items)) return answer.items;
  if ('data' in answer && Array.isArray(answer.data)) return answer.data;
  return [];
}

export function pageOf<T>(answer: ListAnswer<T>, page: number, pageSize: number): Paged<T> {
  const data = listOf(answer);
  const meta: { total?: number; page?: number; pageSize?: number } = Array.isArray(answer) ? {} : answer;
  return { data, total: meta.total ?? data.length, page: meta.page ?? page, pageSize: meta.pageSize ?? pageSize };
}

type Q = Record<string, string | number | boolean | string[] | undefined>;
const resourcePath = (code: string) => `${BASE}/resources/${enc(code)}`;

export const exchangeApi = {
  // store
  resources: async (query: { q?: string; departmentId?: string } = {}) =>
    listOf(await api.get<ListAnswer<ExchangeResource>>(`${BASE}/resources`, query)),
  store: (code: string) => api.get<StoreDefinition>(resourcePath(code)),
  setRules: (code: string, rules: Record<string, FieldRule>) => api.put<StoreDefinition>(`${resourcePath(code)}/rules`, rules),
  codeLists: async () => listOf(await api.get<ListAnswer<CodeList>>(`${BASE}/code-lists`)),

  // ingest
  upload: (code: string, file: File, options: { mode: UploadMode; encoding?: string }) => {
    const form = new FormData();
    // Fields before the file: the server reads the multipart stream in order.
    form.append('mode', options.mode);
    if (options.encoding) form.append('encoding', options.encoding);
    form.append('file', file);
    return api.upload<{ loadId: string; jobId: string }>(`${resourcePath(code)}/uploads`, form);
  },
  loads: async (query: { resourceCode?: string; page: number; pageSize: number }) =>
    pageOf(await api.get<ListAnswer<LoadRecord>>(`${BASE}/loads`, query), query.page, query.pageSize),
  load: (id: string) => api.get<LoadRecord>(`${BASE}/loads/${enc(id)}`),
  downloadErrors: (id: string, format: 'csv' | 'xlsx') =>
    api.download(`${BASE}/loads/${enc(id)}/errors`, { format }, `load-${id.slice(0, 8)}-errors.${format}`),
  downloadTemplate: (code: string, format: 'csv' | 'xlsx') =>
    api.download(`${resourcePath(code)}/template`, { format }, `${code}-template.${format}`),

  // query
  preview: (code: string, filters: Record<string, string>) => api.get<PreviewAnswer | Record<string, unknown>[]>(`${resourcePath(code)}/preview`, filters),

  // access
  requests: async (query: { box: 'incoming' | 'outgoing' | 'all'; status?: string; page: number; pageSize: number }) =>
    pageOf(await api.get<ListAnswer<AccessRequest>>(`${BASE}/requests`, query), query.page, query.pageSize),
  createRequest: (input: AccessRequestInput) => api.post<AccessRequest>(`${BASE}/requests`, input),
  approve: (id: string, body: { reason?: string | null; durationDays?: number } = {}) =>
    api.post<AccessRequest>(`${BASE}/requests/${enc(id)}/approve`, body),
  reject: (id: string, reason: string) => api.post<AccessRequest>(`${BASE}/requests/${enc(id)}/reject`, { reason }),
  withdraw: (id: string) => api.post<AccessRequest>(`${BASE}/requests/${enc(id)}/withdraw`),
  grants: async (query: { side: 'provided' | 'consumed' | 'all'; status?: string; resourceCode?: string; page: number; pageSize: number }) =>
    pageOf(await api.get<ListAnswer<Grant>>(`${BASE}/grants`, query), query.page, query.pageSize),
  revoke: (id: string, reason: string) => api.post<Grant>(`${BASE}/grants/${enc(id)}/revoke`, { reason }),
  calendar: (year: number) => api.get<{ year: number; days: CalendarDay[] }>(`${BASE}/calendar`, { year }),
  putCalendarDay: (day: string, body: { kind: CalendarDay['kind']; name: string }) =>
    api.put<CalendarDay>(`${BASE}/calendar/${enc(day)}`, body),
  deleteCalendarDay: (day: string) => api.del(`${BASE}/calendar/${enc(day)}`),

  // subscriptions
  subscriptions: async (query: Q = {}) => listOf(await api.get<ListAnswer<Subscription>>(`${BASE}/subscriptions`, query)),
  createSubscription: (body: { grantId: string; url: string; batchSize?: number; fromStart?: boolean }) =>
    api.post<SubscriptionCreated>(`${BASE}/subscriptions`, body),
  pauseSubscription: (id: string) => api.post<Subscription>(`${BASE}/subscriptions/${enc(id)}/pause`),
  resumeSubscription: (id: string) => api.post<Subscription>(`${BASE}/subscriptions/${enc(id)}/resume`),
  deleteSubscription: (id: string) => api.del(`${BASE}/subscriptions/${enc(id)}`),
  deliveries: async (id: string, query: Q = {}) =>
    listOf(await api.get<ListAnswer<Delivery>>(`${BASE}/subscriptions/${enc(id)}/deliveries`, query)),

  // sources and pulls
  sources: async () => listOf(await api.get<ListAnswer<Source>>(`${BASE}/sources`)),
  createSource: (input: SourceInput & { departmentId?: string }) => api.post<Source>(`${BASE}/sources`, input),
  updateSource: (id: string, input: SourceInput) => api.put<Source>(`${BASE}/sources/${enc(id)}`, input),
  deleteSource: (id: string) => api.del(`${BASE}/sources/${enc(id)}`),
  testSettings: ({ name: _name, ...settings }: SourceInput) => api.post<SourceTestResult>(`${BASE}/sources/test`, settings),
  testSource: (id: string) => api.post<SourceTestResult>(`${BASE}/sources/${enc(id)}/test`),
  sourceTables: async (id: string) => listOf(await api.get<ListAnswer<SourceTable>>(`${BASE}/sources/${enc(id)}/tables`)),
  sourceColumns: async (id: string, table: string) =>
    listOf(await api.get<ListAnswer<SourceColumn>>(`${BASE}/sources/${enc(id)}/tables/${enc(table)}/columns`)),
  pulls: async (query: { resourceCode?: string; sourceId?: string } = {}) =>
    listOf(await api.get<ListAnswer<Pull>>(`${BASE}/pulls`, query)),
  createPull: (input: PullInput) => api.post<Pull>(`${BASE}/pulls`, input),
  updatePull: (id: string, input: Partial<PullInput>) => api.put<Pull>(`${BASE}/pulls/${enc(id)}`, input),
  deletePull: (id: string) => api.del(`${BASE}/pulls/${enc(id)}`),
  runPull: (id: string) => api.post<PullRun>(`${BASE}/pulls/${enc(id)}/run`),
  pullRuns: async (id: string, page = 1, pageSize = 20) =>
    pageOf(await api.get<ListAnswer<PullRun>>(`${BASE}/pulls/${enc(id)}/runs`, { page, pageSize }), page, pageSize),

  // quality
  quality: async (query: Q = {}) => listOf(await api.get<ListAnswer<ResourceQuality>>(`${BASE}/quality`, query)),
  resourceQuality: (code: string) => api.get<ResourceQualityDetail>(`${BASE}/quality/resources/${enc(code)}`),
  measure: (code: string) => api.post<unknown>(`${BASE}/quality/resources/${enc(code)}/measure`),
  departmentScores: async () => listOf(await api.get<ListAnswer<DepartmentScore>>(`${BASE}/quality/departments`)),
  alarms: async (open = true) => listOf(await api.get<ListAnswer<FreshnessAlarm>>(`${BASE}/alarms`, { open, pageSize: 100 })),
};
