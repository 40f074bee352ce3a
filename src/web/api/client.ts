// The typed HTTP client for the console. Every call goes through `request`, so the conventions of
// docs/API.md live in one place: cookie session, the CSRF header on writes, problem+json → ApiError,
// and a window event on 401 so the auth layer can send the user back to the login page.

export interface FieldError {
  pointer: string;
  code: string;
  message: string;
}

type QueryValue = string | number | boolean | string[] | undefined;
export type Query = Record<string, QueryValue>;

/** Fields of RFC 9457 problem+json that ApiError exposes directly; everything else goes to `extra`. */
const PROBLEM_FIELDS = new Set(['type', 'title', 'status', 'detail', 'code', 'requestId', 'errors']);

export class ApiError extends Error {
  status: number;
  code: string;
  detail?: string;
  requestId?: string;
  errors: FieldError[];
  /** Problem members outside the standard set, e.g. `lockedUntil` on `auth.account_locked`. */
  extra: Record<string, unknown>;

  constructor(init: {
    status: number;
    code: string;
    title?: string;
    detail?: string;
    requestId?: string;
    errors?: FieldError[];
    extra?: Record<string, unknown>;
  }) {
    super(init.detail ?? init.title ?? init.code);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.errors = init.errors ?? [];
    this.extra = init.extra ?? {};
  }
}

export const UNAUTHENTICATED_EVENT = 'zs:unauthenticated';

let csrfToken: string | null = null;
let acceptLanguage: string | null = null;

/** The console's locale, sent as Accept-Language so server-side `detail` texts match the UI language. */
export function setRequestLocale(locale: string | null): void {
  acceptLanguage = locale;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    // Empty values mean "no filter": sending `departmentId=` would fail the server's format checks.
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item !== '') params.append(key, item);
    } else {
      params.append(key, String(value));
    }
  }
  const qs = params.toString();
  if (!qs) return path;
  return path + (path.includes('?') ? '&' : '?') + qs;
}

function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

function headersFor(method: string, extra?: Record<string, string>): Headers {
  const headers = new Headers(extra);
  headers.set('Accept', 'application/json, application/problem+json');
  if (acceptLanguage) headers.set('Accept-Language', acceptLanguage);
  if (isWrite(method) && csrfToken) headers.set('X-CSRF-Token', csrfToken);
  return headers;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function toFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    .map((item) => ({
      pointer: typeof item.pointer === 'string' ? item.pointer : '',
      code: typeof item.code === 'string' ? item.code : 'validation.invalid',
      message: typeof item.message === 'string' ? item.message : '',
    }));
}

function errorFromResponse(response: Response, body: unknown): ApiError {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const problem = body as Record<string, unknown>;
    const extra: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(problem)) {
      if (!PROBLEM_FIELDS.has(key)) extra[key] = value;
    }
    return new ApiError({
      status: typeof problem.status === 'number' ? problem.status : response.status,
      code: typeof problem.code === 'string' ? problem.code : fallbackCode(response.status),
      title: typeof problem.title === 'string' ? problem.title : undefined,
      detail: typeof problem.detail === 'string' ? problem.detail : undefined,
      requestId:
        typeof problem.requestId === 'string'
          ? problem.requestId
          : (response.headers.get('X-Request-Id') ?? undefined),
      errors: toFieldErrors(problem.errors),
      extra,
    });
  }
  // Not problem+json: a proxy page, or the server is down behind the dev proxy.
  return new ApiError({
    status: response.status,
    code: fallbackCode(response.status),
    detail: response.statusText || undefined,
    requestId: response.headers.get('X-Request-Id') ?? undefined,
  });
}

function fallbackCode(status: number): string {
  if (status === 401) return 'auth.unauthenticated';
  if (status === 403) return 'auth.forbidden';
  if (status === 404) return 'resource.not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload.too_large';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'internal';
  return 'http.failed';
}

async function send(method: string, url: string, init: { body?: BodyInit; headers?: Record<string, string> }): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, init.headers),
      body: init.body,
    });
  } catch (cause) {
    throw new ApiError({
      status: 0,
      code: 'network',
      detail: cause instanceof Error ? cause.message : String(cause),
    });
  }
  if (!response.ok) {
    const body = await readBody(response).catch(() => undefined);
    const error = errorFromResponse(response, body);
    if (response.status === 401) {
      window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT, { detail: { path: url, code: error.code } }));
    }
    throw error;
  }
  return response;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const hasBody = body !== undefined;
  const response = await send(method, buildUrl(path, query), {
    body: hasBody ? JSON.stringify(body) : undefined,
    headers: hasBody ? { 'Content-Type': 'application/json' } : undefined,
  });
  return (await readBody(response)) as T;
}

/** Picks the file name out of Content-Disposition, preferring the RFC 5987 UTF-8 form (Chinese names). */
function filenameFromDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain ? plain[1].trim() : undefined;
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Revoke later: some browsers start the download asynchronously after click().
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export const api = {
  get<T>(path: string, query?: Query): Promise<T> {
    return request<T>('GET', path, undefined, query);
  },
  post<T>(path: string, body?: unknown): Promise<T> {
    return request<T>('POST', path, body);
  },
  put<T>(path: string, body?: unknown): Promise<T> {
    return request<T>('PUT', path, body);
  },
  patch<T>(path: string, body?: unknown): Promise<T> {
    return request<T>('PATCH', path, body);
  },
  del<T = void>(path: string): Promise<T> {
    return request<T>('DELETE', path);
  },
  /** Multipart upload; the browser sets the multipart boundary, so no Content-Type is given here. */
  async upload<T>(path: string, form: FormData): Promise<T> {
    const response = await send('POST', path, { body: form });
    return (await readBody(response)) as T;
  },
  async download(path: string, query?: Record<string, string | string[] | undefined>, filename?: string): Promise<void> {
    const response = await send('GET', buildUrl(path, query), {});
    const blob = await response.blob();
    const fromServer = filenameFromDisposition(response.headers.get('Content-Disposition'));
    const lastSegment = path.split('/').pop() || 'download';
    saveBlob(blob, filename ?? fromServer ?? lastSegment);
  },
  setCsrfToken(token: string | null): void {
    csrfToken = token;
  },
};
