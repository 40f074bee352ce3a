// The HTTP conventions of docs/API.md as the console applies them: query encoding, CSRF on writes,
// problem+json → ApiError, and the 401 event.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, buildUrl, UNAUTHENTICATED_EVENT } from './client';

type FetchArgs = [string, RequestInit];

function respond(status: number, body?: unknown, contentType = 'application/json'): Response {
  const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(text, { status, headers: text === null ? {} : { 'Content-Type': contentType } });
}

describe('buildUrl', () => {
  it('repeats array values and leaves out undefined and empty ones', () => {
    expect(buildUrl('/api/v1/catalog/resources', { department: ['a', 'b'], q: '户籍 人口', page: 2, status: undefined, format: '' })).toBe(
      '/api/v1/catalog/resources?department=a&department=b&q=%E6%88%B7%E7%B1%8D+%E4%BA%BA%E5%8F%A3&page=2',
    );
  });

  it('keeps a path without a query as it is', () => {
    expect(buildUrl('/api/v1/users', { q: undefined })).toBe('/api/v1/users');
    expect(buildUrl('/api/v1/users')).toBe('/api/v1/users');
  });
});

describe('api', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  let events: EventTarget;

  beforeEach(() => {
    fetchMock = vi.fn();
    events = new EventTarget();
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('window', events);
    api.setCsrfToken('csrf-1');
  });

  afterEach(() => {
    api.setCsrfToken(null);
    vi.unstubAllGlobals();
  });

  const sent = (): { url: string; init: RequestInit; headers: Headers } => {
    const [url, init] = fetchMock.mock.calls.at(-1) as FetchArgs;
    return { url, init, headers: new Headers(init.headers) };
  };

  it('sends the CSRF token on writes only, and JSON bodies with their content type', async () => {
    fetchMock.mockImplementation(async () => respond(200, { ok: true }));
    await api.get('/api/v1/users', { page: 1 });
    expect(sent().headers.get('X-CSRF-Token')).toBeNull();
    expect(sent().init.credentials).toBe('same-origin');

    await api.post('/api/v1/users', { username: 'a' });
    expect(sent().headers.get('X-CSRF-Token')).toBe('csrf-1');
    expect(sent().headers.get('Content-Type')).toBe('application/json');
    expect(sent().init.body).toBe('{"username":"a"}');

    fetchMock.mockImplementation(async () => respond(204));
    await expect(api.del('/api/v1/session')).resolves.toBeUndefined();
    expect(sent().init.method).toBe('DELETE');
    expect(sent().headers.get('X-CSRF-Token')).toBe('csrf-1');
  });

  it('uploads multipart without setting a content type, so the browser adds the boundary', async () => {
    fetchMock.mockImplementation(async () => respond(202, { job: { id: 'j1' } }));
    const form = new FormData();
    form.append('file', new Blob(['x']), 'a.xlsx');
    await expect(api.upload('/api/v1/catalog/import', form)).resolves.toEqual({ job: { id: 'j1' } });
    expect(sent().headers.get('Content-Type')).toBeNull();
    expect(sent().headers.get('X-CSRF-Token')).toBe('csrf-1');
    expect(sent().init.body).toBe(form);
  });

  it('turns problem+json into an ApiError with field errors and extra members', async () => {
    fetchMock.mockResolvedValue(
      respond(
        400,
        {
          type: 'https://zhongshu.dev/problems/directory.invalid_credit_code',
          title: 'Bad Request',
          status: 400,
          detail: 'The check character is wrong.',
          code: 'directory.invalid_credit_code',
          requestId: 'r-1',
          errors: [{ pointer: '/creditCode', code: 'directory.credit_code_check', message: 'wrong' }],
          lockedUntil: '2026-01-01T00:00:00Z',
        },
        'application/problem+json',
      ),
    );
    const error = await api.post('/api/v1/departments', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'directory.invalid_credit_code',
      detail: 'The check character is wrong.',
      requestId: 'r-1',
      errors: [{ pointer: '/creditCode', code: 'directory.credit_code_check', message: 'wrong' }],
      extra: { lockedUntil: '2026-01-01T00:00:00Z' },
    });
  });

  it('gives a code to answers that are not problem documents, and to network failures', async () => {
    fetchMock.mockImplementation(async () => respond(502, '<html>Bad Gateway</html>', 'text/html'));
    await expect(api.get('/api/v1/users')).rejects.toMatchObject({ status: 502, code: 'internal' });

    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(api.get('/api/v1/users')).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('announces a 401 with its code so the session layer can react', async () => {
    const heard: string[] = [];
    events.addEventListener(UNAUTHENTICATED_EVENT, (event) => heard.push((event as CustomEvent<{ code: string }>).detail.code));
    fetchMock.mockImplementation(async () => respond(401, { status: 401, code: 'auth.session_expired', detail: 'Log in again.' }));
    await expect(api.get('/api/v1/users')).rejects.toBeInstanceOf(ApiError);
    expect(heard).toEqual(['auth.session_expired']);

    fetchMock.mockImplementation(async () => respond(403, { status: 403, code: 'auth.forbidden' }));
    await expect(api.get('/api/v1/audit')).rejects.toMatchObject({ code: 'auth.forbidden' });
    expect(heard).toHaveLength(1);
  });
});
