// The portal's HTTP client. Apart from the console's (api/client.ts) on purpose: the portal's accounts are not
// console accounts (cookie zs_portal, CSRF header X-Portal-CSRF), and a 401 here ("log in to apply") must never
// sign a console user out of the same browser. Errors are the same ApiError (problem+json), so the shared
// localisation (`error.<code>`) words them.
import { ApiError, buildUrl } from '../api/client';
import type { Query } from '../api/client';

export const OPEN_API = '/api/v1/open';

let portalCsrf: string | null = null;

/** Set from login, register and me; sent on every unsafe request. */
export function setPortalCsrf(token: string | null): void {
  portalCsrf = token;
}

function headers(method: string, hasBody: boolean): Headers {
  const result = new Headers({ Accept: 'application/json, application/problem+json' });
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang;
  if (lang) result.set('Accept-Language', lang);
  if (hasBody) result.set('Content-Type', 'application/json');
  if (method !== 'GET' && method !== 'HEAD' && portalCsrf) result.set('X-Portal-CSRF', portalCsrf);
  return result;
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const FALLBACK_CODES: Record<number, string> = {
  401: 'portal.login_required',
  403: 'auth.forbidden',
  404: 'resource.not_found',
  409: 'conflict',
  429: 'rate_limited',
};

function toError(response: Response, body: unknown): ApiError {
  const requestId = response.headers.get('X-Request-Id') ?? undefined;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const problem = body as Record<string, unknown>;
    const extra: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(problem)) {
      if (!['type', 'title', 'status', 'detail', 'code', 'requestId', 'errors'].includes(key)) extra[key] = value;
    }
    return new ApiError({
      status: typeof problem.status === 'number' ? problem.status : response.status,
      code: typeof problem.code === 'string' ? problem.code : (FALLBACK_CODES[response.status] ?? (response.status >= 500 ? 'internal' : 'http.failed')),
      title: typeof problem.title === 'string' ? problem.title : undefined,
      detail: typeof problem.detail === 'string' ? problem.detail : undefined,
      requestId: typeof problem.requestId === 'string' ? problem.requestId : requestId,
      errors: Array.isArray(problem.errors)
        ? problem.errors
            .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
            .map((item) => ({
              pointer: typeof item.pointer === 'string' ? item.pointer : '',
              code: typeof item.code === 'string' ? item.code : 'validation.invalid',
              message: typeof item.message === 'string' ? item.message : '',
            }))
        : [],
      extra,
    });
  }
  return new ApiError({
    status: response.status,
    code: FALLBACK_CODES[response.status] ?? (response.status >= 500 ? 'internal' : 'http.failed'),
    detail: response.statusText || undefined,
    requestId,
  });
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      credentials: 'same-origin',
      headers: headers(method, body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'network', detail: cause instanceof Error ? cause.message : String(cause) });
  }
  const answer = await readJson(response).catch(() => undefined);
  if (!response.ok) throw toError(response, answer);
  return answer as T;
}

export const portalApi = {
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return request<T>('GET', path, undefined, query, signal);
  },
  post<T>(path: string, body?: unknown): Promise<T> {
    return request<T>('POST', path, body ?? {});
  },
};

export const datasetPath = (name: string): string => `${OPEN_API}/datasets/${encodeURIComponent(name)}`;

/** The download of a local dataset (current data, or a published version). */
export function downloadUrl(name: string, format: string, version?: number): string {
  const base = `${datasetPath(name)}/download?format=${encodeURIComponent(format.toLowerCase())}`;
  return version === undefined ? base : `${base}&version=${version}`;
}
