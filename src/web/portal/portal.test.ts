// The portal's pure parts: its texts (both languages, every key the pages use), the HTTP client's conventions
// (X-Portal-CSRF on writes, problem+json → ApiError), the schema.org markup and where a login returns to.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import messages from '../i18n/messages/portal';
import { portalApi, setPortalCsrf } from './api';
import { datasetJsonLd } from './dataset/schemaOrg';
import { returnPath } from './pages/returnPath';
import type { DatasetDetail } from './types';

const sources = import.meta.glob(['./**/*.tsx', './**/*.ts', '!./**/*.test.ts'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe('portal texts', () => {
  const zh = messages['zh-CN'] as Record<string, string>;
  const en = messages['en-US'] as Record<string, string>;

  it('has the same keys in Chinese and English', () => {
    expect(Object.keys(en).filter((key) => !(key in zh))).toEqual([]);
    expect(Object.keys(zh).filter((key) => !(key in en))).toEqual([]);
  });

  it('has every key the portal pages name literally', () => {
    const used = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const match of text.matchAll(/\bt\(\s*'(portal\.[\w.-]+)'/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !(key in zh) || !(key in en))).toEqual([]);
  });

  it('words every vocabulary value and status the pages build keys for', () => {
    const families: Record<string, string[]> = {
      'portal.theme': ['agriculture', 'economy', 'education', 'energy', 'environment', 'government', 'health', 'international', 'justice', 'regions', 'society', 'technology', 'transport'],
      'portal.frequency': ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'irregular', 'unknown'],
      'portal.facet': ['organization', 'theme', 'format', 'license', 'frequency', 'tag', 'openType'],
      'portal.search.sort': ['relevance', 'modified', 'popular', 'name'],
      'portal.openType': ['open', 'conditional'],
      'portal.dataset.tab': ['fields', 'preview', 'chart', 'downloads', 'api', 'versions', 'usage'],
      'portal.access.compact': ['open', 'granted', 'apply', 'pending', 'login'],
      'portal.request.status': ['open', 'accepted', 'opened', 'declined'],
      'portal.application.status': ['pending', 'approved', 'rejected', 'withdrawn'],
      'portal.chart.kind': ['bar', 'line', 'pie'],
      'portal.chart.aggregation': ['count', 'sum', 'avg', 'min', 'max'],
      'portal.fieldType': ['string', 'integer', 'decimal', 'date', 'datetime', 'boolean', 'code'],
    };
    const missing = Object.entries(families).flatMap(([prefix, values]) =>
      values.map((value) => `${prefix}.${value}`).filter((key) => !(key in zh) || !(key in en)),
    );
    expect(missing).toEqual([]);
  });
});

describe('portal HTTP client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setPortalCsrf(null);
  });

  it('sends the portal CSRF token on writes only, and never the console one', async () => {
    const calls: Array<[string, RequestInit]> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    setPortalCsrf('token-1');
    await portalApi.get('/api/v1/open/search', { q: '空气', theme: ['environment', 'health'] });
    await portalApi.post('/api/v1/open/requests', { title: 't' });
    expect(calls[0][0]).toBe('/api/v1/open/search?q=%E7%A9%BA%E6%B0%94&theme=environment&theme=health');
    expect(new Headers(calls[0][1].headers).get('X-Portal-CSRF')).toBeNull();
    const headers = new Headers(calls[1][1].headers);
    expect(headers.get('X-Portal-CSRF')).toBe('token-1');
    expect(headers.get('X-CSRF-Token')).toBeNull();
    expect(calls[1][1].credentials).toBe('same-origin');
  });

  it('turns problem+json into an ApiError with its code, detail and field errors', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(
          JSON.stringify({ status: 409, code: 'portal.email_taken', detail: 'taken', errors: [{ pointer: '/email', code: 'portal.email_taken', message: 'already registered' }] }),
          { status: 409, headers: { 'Content-Type': 'application/problem+json' } },
        ),
    );
    const error = await portalApi.post('/api/v1/open/account/register', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'portal.email_taken', detail: 'taken' });
    expect((error as ApiError).errors).toEqual([{ pointer: '/email', code: 'portal.email_taken', message: 'already registered' }]);
  });

  it('names a 401 without a body as a needed portal login', async () => {
    vi.stubGlobal('fetch', async () => new Response(null, { status: 401 }));
    await expect(portalApi.get('/api/v1/open/account/me')).rejects.toMatchObject({ status: 401, code: 'portal.login_required' });
  });
});

function detail(overrides: Partial<DatasetDetail> = {}): DatasetDetail {
  return {
    id: 'd1',
    name: 'air-quality',
    title: '空气质量监测数据',
    titleEn: 'Air quality monitoring data',
    notes: '国控、省控和镇街空气质量自动监测站的小时浓度和空气质量指数（AQI）。',
    organization: { name: 'ecology', title: '生态环境分局', titleEn: 'Ecology Bureau' },
    themes: ['environment'],
    tags: ['空气质量'],
    formats: ['CSV'],
    licenseId: 'cc-by-4.0',
    frequency: 'realtime',
    openType: 'open',
    metadataModified: '2026-01-02T03:04:05.000Z',
    dataModified: null,
    rowCount: 10,
    currentVersion: 2,
    usage: { views: 1, downloads: 0, apiCalls: 0, daily: [] },
    source: null,
    fields: [{ name: 'aqi', label: '空气质量指数', type: 'integer', key: false }],
    resources: [{ id: 'r1', name: 'CSV', format: 'CSV', mediaType: 'text/csv', url: 'https://open.example/api/v1/open/datasets/air-quality/download?format=csv', size: null, datastoreActive: true }],
    versions: [],
    openConditions: null,
    licence: { id: 'cc-by-4.0', title: '知识共享署名 4.0', titleEn: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
    maintainer: null,
    maintainerEmail: null,
    issued: '2025-05-01',
    metadataCreated: '2025-05-01T00:00:00.000Z',
    catalogCode: '206001-000001',
    access: 'open',
    apiExamples: { datastoreSearch: '', packageShow: '', records: '' },
    ...overrides,
  };
}

describe('schema.org markup of a dataset page', () => {
  it('describes an open dataset with its publisher, licence and downloads', () => {
    const markup = datasetJsonLd(detail(), 'https://open.example');
    expect(markup).toMatchObject({
      '@type': 'Dataset',
      '@id': 'https://open.example/dataset/air-quality',
      name: '空气质量监测数据',
      license: 'https://creativecommons.org/licenses/by/4.0/',
      publisher: { '@type': 'GovernmentOrganization', name: '生态环境分局' },
      distribution: [{ '@type': 'DataDownload', encodingFormat: 'text/csv' }],
      variableMeasured: [{ name: '空气质量指数', alternateName: 'aqi' }],
    });
    // Dataset search wants a long enough description: a short one is led by the title.
    expect(markup.description).toBe(`空气质量监测数据。${detail().notes}`);
  });

  it('offers no downloads for a conditionally open dataset the visitor cannot read', () => {
    const markup = datasetJsonLd(detail({ openType: 'conditional', access: 'login', openConditions: '仅限科研用途' }), 'https://open.example');
    expect(markup.distribution).toBeUndefined();
    expect(markup.conditionsOfAccess).toBe('仅限科研用途');
  });
});

describe('where a login returns to', () => {
  it('goes back to a page of this site, never elsewhere', () => {
    expect(returnPath('/dataset/air-quality?tab=chart')).toBe('/dataset/air-quality?tab=chart');
    expect(returnPath('//evil.example/x')).toBe('/portal/account');
    expect(returnPath('https://evil.example/')).toBe('/portal/account');
    expect(returnPath('/portal/login')).toBe('/portal/account');
    expect(returnPath(null)).toBe('/portal/account');
  });
});
