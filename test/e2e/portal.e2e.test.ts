// The public open data portal in a real browser against the real server, without any login: the home page,
// a Chinese search narrowed by a facet, a dataset page (preview with a column filter and sorting, a chart, the
// download link, the API example, schema.org markup), the department's page, the API guide, and a dataset
// request filed and then listed in public. A member of the public then registers and applies for a
// conditionally open dataset. axe-core checks the main pages: no serious or critical violations.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { journey, launchBrowser, newConsolePage, Screenshots, UI_TIMEOUT_MS } from './support/browser.js';
import { REPO_ROOT } from './support/server.js';

const baseUrl = inject('baseUrl');

// The demo district's market supervision bureau opens its market entity registrations, which the demo loads
// with records (src/server/modules/seed): the dataset this journey looks at.
const QUERY = '市场主体登记';
const DATASET_TITLE = '市场主体登记信息';
const ORGANIZATION = 'market-supervision-administration';
const ORGANIZATION_TITLE = '区市场监督管理局';

const RUN_TAG = `E2E${Date.now().toString(36).toUpperCase()}`;
const REQUEST_TITLE = `各镇街公共充电桩位置（${RUN_TAG}）`;
const PORTAL_EMAIL = `researcher-${RUN_TAG.toLowerCase()}@example.org`;
const PORTAL_PASSWORD = 'Open-Data-2026!';

const AXE_SOURCE = readFileSync(path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let conditionalDataset: { name: string; title: string } | null = null;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(`${baseUrl}${url}`, { signal: AbortSignal.timeout(30_000) });
  expect(response.status, `${url}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Runs axe-core on the page as it is; fails on serious or critical violations, printing each of them. */
async function expectAccessible(label: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target, failureSummary: node.failureSummary })),
    }));
  });
  const grave = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  for (const violation of grave) {
    console.log(`[axe] ${label}: ${violation.impact} ${violation.id} — ${violation.help}`);
    for (const node of violation.nodes.slice(0, 5)) console.log(`        ${node.target.join(' ')} :: ${(node.failureSummary ?? '').replace(/\s+/g, ' ')}`);
  }
  expect(grave.map((violation) => `${violation.impact} ${violation.id} (${violation.nodes.length})`), `axe on ${label}`).toEqual([]);
}

/** The page's title and description as <head> carries them. */
async function head(): Promise<{ title: string; description: string }> {
  return page.evaluate(() => ({
    title: document.title,
    description: document.querySelector<HTMLMetaElement>('meta[name="description"]')?.content ?? '',
  }));
}

beforeAll(async () => {
  // The publisher syncs the catalog's open entries at start; wait until the journey's dataset is searchable.
  const deadline = Date.now() + 240_000;
  for (;;) {
    const answer = await getJson<{ total: number; items: Array<{ title: string }> }>(`/api/v1/open/search?q=${encodeURIComponent(QUERY)}&pageSize=50`);
    if (answer.items.some((item) => item.title === DATASET_TITLE)) break;
    if (Date.now() > deadline) throw new Error(`the portal never listed ${DATASET_TITLE}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  const conditional = await getJson<{ items: Array<{ name: string; title: string }> }>('/api/v1/open/search?openType=conditional&pageSize=1');
  conditionalDataset = conditional.items[0] ?? null;

  browser = await launchBrowser();
  ({ context, page } = await newConsolePage(browser, baseUrl));
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('open data portal journey: find, preview, chart, download, call, request', () => {
  const shots = new Screenshots('portal-');
  const step = journey(() => page, shots);
  let datasetPath = '';

  step('the home page shows the search box, counts, newest and most used datasets', async () => {
    await page.goto('/portal');
    await page.getByTestId('portal-home-newest').getByTestId('dataset-item').first().waitFor();
    await page.getByTestId('portal-home-popular').getByTestId('dataset-item').first().waitFor();
    expect(await page.getByTestId('portal-home-themes').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('portal-home-organizations').locator('li').count()).toBeGreaterThan(0);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    const { title, description } = await head();
    expect(title).toContain('中枢开放数据');
    expect(description.length).toBeGreaterThan(10);
    // Landmarks a screen reader jumps between.
    for (const landmark of ['header', 'nav', 'main', 'footer']) expect(await page.locator(landmark).count(), landmark).toBeGreaterThan(0);
    await expectAccessible('home');
  });

  step('the language switch turns the portal into English and back', async () => {
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en-US');
    await expect.poll(() => page.locator('h1').innerText()).toBe('Zhongshu Open Data');
    await expect.poll(async () => (await head()).title).toContain('Zhongshu Open Data');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect.poll(async () => (await head()).title).toBe('首页 · 中枢开放数据');
  });

  step(`a Chinese search (${QUERY}) finds the dataset`, async () => {
    await page.getByTestId('portal-home-search').fill(QUERY);
    await page.getByTestId('portal-home-search-submit').click();
    await page.waitForURL((url) => url.pathname === '/dataset' && url.searchParams.get('q') === QUERY);
    const results = page.getByTestId('portal-search-results');
    await results.getByTestId('dataset-link').filter({ hasText: DATASET_TITLE }).waitFor();
    await expect.poll(() => page.getByTestId('portal-search-total').innerText()).toMatch(/共找到 \d+ 个数据集/);
    expect((await head()).title).toContain(QUERY);
    await expectAccessible('search');
  });

  step('a department facet narrows the results and lands in the URL', async () => {
    const facet = page.getByTestId(`facet-organization-${ORGANIZATION}`);
    // click, not check(): the box follows the URL, which the router updates in a transition after the click, so
    // check()'s immediate "did the state change" test can run before the box is re-rendered.
    await facet.click();
    await page.waitForURL((url) => url.searchParams.getAll('organization').includes(ORGANIZATION));
    await expect
      .poll(async () => {
        const organisations = await page.getByTestId('portal-search-results').locator('.zsp-dataset-meta a').allInnerTexts();
        return organisations.length > 0 && organisations.every((name) => name === ORGANIZATION_TITLE);
      })
      .toBe(true);
    await expect.poll(() => facet.isChecked()).toBe(true);
    // The chosen filter is shown and can be removed.
    await page.locator('.zsp-chip', { hasText: ORGANIZATION_TITLE }).waitFor();
  });

  step('the dataset page tells what the data is, with schema.org markup', async () => {
    await page.getByTestId('portal-search-results').getByTestId('dataset-link').filter({ hasText: DATASET_TITLE }).click();
    await page.waitForURL(/\/dataset\/[a-z0-9_-]+$/);
    datasetPath = new URL(page.url()).pathname;
    await expect.poll(() => page.getByTestId('portal-dataset-title').innerText()).toBe(DATASET_TITLE);
    const facts = await page.getByTestId('portal-dataset-facts').innerText();
    expect(facts).toContain(ORGANIZATION_TITLE);
    expect(facts).toMatch(/更新/);
    expect(await page.locator('h1').count()).toBe(1);
    // Data items in plain words.
    expect(await page.getByTestId('portal-dataset-fields').locator('tbody tr').count()).toBeGreaterThan(2);
    const { title, description } = await head();
    expect(title).toBe(`${DATASET_TITLE} · 中枢开放数据`);
    expect(description.length).toBeGreaterThan(10);
    const markup = await page.locator('script[type="application/ld+json"]').allTextContents();
    const datasets = markup.map((text) => JSON.parse(text) as Record<string, unknown>).filter((entry) => entry['@type'] === 'Dataset');
    expect(datasets.length).toBeGreaterThan(0);
    expect(datasets.some((entry) => entry.name === DATASET_TITLE)).toBe(true);
    await expectAccessible('dataset');
  });

  step('the preview shows the first rows, filters by a column and sorts', async () => {
    await page.getByTestId('portal-tab-preview').click();
    const rows = page.locator('[data-testid="portal-preview-table"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    await expect.poll(() => page.getByTestId('portal-preview-total').innerText()).toMatch(/^共 [\d,]+ 条记录$/);
    expect(await rows.count()).toBeGreaterThan(1);

    // An exact value of the first column, taken from the records API, leaves one row.
    const name = datasetPath.split('/').pop()!;
    const sample = await getJson<{ fields: Array<{ id: string }>; records: Array<Record<string, unknown>> }>(
      `/api/v1/open/datasets/${name}/records?limit=1&preview=true`,
    );
    const column = sample.fields.find((field) => field.id !== '_id')!.id;
    const value = String(sample.records[0][column]);
    await page.getByTestId('portal-preview-columns').click();
    await page.getByTestId(`portal-preview-filter-${column}`).fill(value);
    await page.getByTestId('portal-preview-apply').click();
    await expect.poll(() => page.getByTestId('portal-preview-total').innerText()).toBe('共 1 条记录');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(value);

    // Back to all rows, sorted by the first column, descending after two clicks.
    await page.getByTestId('portal-preview-reset').click();
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    const header = page.locator('[data-testid="portal-preview-table"] thead th').first();
    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    const firstValues = async () => (await rows.first().locator('td').first().innerText()).trim();
    await expect.poll(firstValues).not.toBe(value);
    await expectAccessible('dataset preview');
  });

  step('the chart builder draws a bar chart and a pie chart', async () => {
    await page.getByTestId('portal-tab-chart').click();
    await page.locator('[data-testid="portal-chart"] canvas').first().waitFor();
    await expect.poll(() => page.getByTestId('portal-chart-caption').innerText()).toMatch(/基于 [\d,]+ 条记录/);
    expect(await page.getByTestId('portal-chart-table').locator('tbody tr', { hasText: /\S/ }).count()).toBeGreaterThan(0);
    await page.getByTestId('portal-chart-kind').selectOption('pie');
    await page.locator('[data-testid="portal-chart"] canvas').first().waitFor();
    await expectAccessible('dataset chart');
  });

  step('the download links give the data as CSV, XLSX and JSON', async () => {
    await page.getByTestId('portal-tab-downloads').click();
    const csv = page.getByTestId('portal-download-csv');
    await csv.waitFor();
    const href = await csv.getAttribute('href');
    expect(href).toMatch(/\/api\/v1\/open\/datasets\/[a-z0-9_-]+\/download\?format=csv$/);
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/text\/csv/);
    expect(response.headers()['content-disposition']).toMatch(/attachment/);
    const body = await response.body();
    // UTF-8 with a byte order mark, so spreadsheet programs read Chinese right.
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    await page.getByTestId('portal-download-xlsx').waitFor();
    await page.getByTestId('portal-download-json').waitFor();
    expect(await page.getByTestId('portal-dataset-download-main').getAttribute('href')).toBe(href);
  });

  step('the API tab gives ready examples that answer', async () => {
    await page.getByTestId('portal-tab-api').click();
    const records = await page.getByTestId('portal-api-records').locator('code').innerText();
    const datastore = await page.getByTestId('portal-api-datastore').locator('code').innerText();
    expect(datastore).toContain('/api/3/action/datastore_search?resource_id=');
    const recordsUrl = /'([^']+)'/.exec(records)![1];
    const datastoreUrl = /'([^']+)'/.exec(datastore)![1];
    const answer = (await (await page.request.get(recordsUrl)).json()) as { records: unknown[] };
    expect(answer.records.length).toBeGreaterThan(0);
    const ckan = (await (await page.request.get(datastoreUrl)).json()) as { success: boolean; result: { records: unknown[] } };
    expect(ckan.success).toBe(true);
    expect(ckan.result.records.length).toBeGreaterThan(0);
    await page.getByTestId('portal-api-records-copy').waitFor();
    await page.getByTestId('portal-tab-versions').click();
    await page.getByTestId('portal-versions').locator('tbody tr').first().waitFor();
    await page.getByTestId('portal-tab-usage').click();
    await page.getByTestId('portal-usage-views').waitFor();
  });

  step("the department's page lists its datasets", async () => {
    await page.getByTestId('portal-dataset-facts').getByRole('link', { name: ORGANIZATION_TITLE }).click();
    await page.waitForURL(`**/organization/${ORGANIZATION}`);
    await expect.poll(() => page.getByTestId('portal-organization-title').innerText()).toBe(ORGANIZATION_TITLE);
    await page.getByTestId('portal-filtered-datasets').getByTestId('dataset-item').first().waitFor();
    expect((await head()).title).toBe(`${ORGANIZATION_TITLE} · 中枢开放数据`);
    await expectAccessible('organisation');
  });

  step('the API guide explains the CKAN API, DCAT and the records API', async () => {
    await page.locator('nav.zsp-nav').getByRole('link', { name: 'API 指南' }).click();
    await page.waitForURL('**/portal/api');
    await page.getByTestId('portal-api-guide-ckan').waitFor();
    expect(await page.getByTestId('portal-api-guide-ckan').innerText()).toContain('package_search');
    expect(await page.getByTestId('portal-api-guide-dcat').innerText()).toContain('/catalog.jsonld');
    expect(await page.getByTestId('portal-api-guide-records').innerText()).toContain('/records');
    await expectAccessible('API guide');
  });

  step('anyone can request a dataset without logging in', async () => {
    await page.locator('nav.zsp-nav').getByRole('link', { name: '数据需求' }).click();
    await page.waitForURL('**/portal/requests');
    await expectAccessible('requests');
    await page.getByTestId('portal-request-new').click();
    await page.waitForURL('**/portal/requests/new');
    await page.getByTestId('portal-request-form').waitFor();
    await expectAccessible('request form');
    // The form says what is missing before anything is sent.
    await page.getByTestId('portal-request-submit').click();
    await page.locator('.ant-form-item-explain-error').first().waitFor();
    await page.getByLabel('需要什么数据').fill(REQUEST_TITLE);
    await page.getByLabel('详细说明').fill('希望按镇街开放公共充电桩的位置、运营单位和充电枪数量，每月更新，用于新能源汽车出行应用。');
    await page.getByLabel('您的称呼').fill('陈先生');
    await page.getByLabel('电子邮箱（可选）').fill(`chen-${RUN_TAG.toLowerCase()}@example.org`);
    await page.getByTestId('portal-request-submit').click();
    await page.waitForURL((url) => url.pathname === '/portal/requests' && url.searchParams.has('submitted'));
    await page.getByTestId('portal-request-submitted').waitFor();
  });

  step('the request is listed in public with its status', async () => {
    const item = page.getByTestId('portal-request-item').filter({ hasText: REQUEST_TITLE });
    await item.waitFor();
    expect(await item.getByTestId('portal-request-status').innerText()).toBe('待答复');
    // The requester's e-mail is never shown.
    expect(await item.innerText()).not.toContain('@example.org');
  });

  step('a conditionally open dataset asks to log in, then to apply; the application is pending', async () => {
    if (!conditionalDataset) throw new Error('the demo district has no conditionally open dataset');
    await page.goto(`/dataset/${conditionalDataset.name}`);
    const access = page.getByTestId('portal-access');
    await access.getByTestId('portal-access-login').waitFor();
    await access.getByRole('link', { name: '注册' }).click();
    await page.waitForURL((url) => url.pathname === '/portal/register' && url.searchParams.get('from') === `/dataset/${conditionalDataset!.name}`);
    await expectAccessible('register');
    await page.getByTestId('portal-register-email').fill(PORTAL_EMAIL);
    await page.getByTestId('portal-register-name').fill('林研究员');
    await page.getByTestId('portal-register-organisation').fill('华南城市研究院');
    await page.getByTestId('portal-register-password').fill(PORTAL_PASSWORD);
    await page.getByTestId('portal-register-confirm').fill(PORTAL_PASSWORD);
    await page.getByTestId('portal-register-submit').click();
    // Back on the dataset, logged in: the header names the user and the form asks for the purpose.
    await page.waitForURL(`**/dataset/${conditionalDataset.name}`);
    await page.getByTestId('portal-account-link').waitFor();
    await page.getByTestId('portal-apply-purpose').fill('城市治理研究课题：分析各镇街城市管理案件的类型和处置时长。');
    await page.getByTestId('portal-apply-submit').click();
    await page.getByTestId('portal-access-pending').waitFor();
  });

  step('the account page lists the application as under review', async () => {
    await page.getByTestId('portal-account-link').click();
    await page.waitForURL('**/portal/account');
    const row = page.getByTestId('portal-applications').locator('tbody tr').filter({ hasText: conditionalDataset!.title });
    await expect.poll(() => row.getByTestId('portal-application-status').innerText(), { timeout: UI_TIMEOUT_MS }).toBe('审核中');
    await page.getByTestId('portal-logout').click();
    await page.getByTestId('portal-login-link').waitFor();
  });
});
