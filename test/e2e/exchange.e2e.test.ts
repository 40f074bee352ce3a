// The exchange journey in a real browser against the real server: the provider department (market supervision,
// scj) uploads a CSV into a new resource and sees the counts; another department (civil affairs, mzj) files an
// access request for one of its business systems; the provider approves it; the grant appears. The resource and
// the business system are created through the HTTP API first. Every step leaves a screenshot.
import { request as playwrightRequest, type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { confirmPopover, journey, launchBrowser, logIn, logOut, newConsolePage, Screenshots, UI_TIMEOUT_MS } from './support/browser.js';

// Demo accounts seeded with the demo district (src/server/modules/seed/demo-data/users.ts).
const DEMO_PASSWORD = 'Zhongshu@2026';
const PROVIDER_OPERATOR = 'scj_op';
const PROVIDER_ADMIN = 'scj_admin';
const REQUESTER_ADMIN = 'mzj_admin';
const DATA_ADMIN = 'dataadmin';

const RUN_TAG = `E2E${Date.now().toString(36).toUpperCase()}`;
const RESOURCE_NAME = `食品经营许可信息（${RUN_TAG}）`;
const SYSTEM_CODE = `relief-${RUN_TAG.toLowerCase()}`;
const SYSTEM_NAME = `社会救助核对系统 ${RUN_TAG}`;

// Three good rows and one without the required holder name: skipped, and counted as rejected.
const CSV = ['licence_no,holder_name,issue_year', 'JY14406070001,三水区好味餐饮店,2024', 'JY14406070002,西南街道便民超市,2025', 'JY14406070003,乐平镇农家菜馆,2025', 'JY14406070004,,2025', ''].join('\n');

const baseUrl = inject('baseUrl');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let resourceCode = '';

/** An API session of a demo user (cookie jar + CSRF token), for the fixtures. */
async function apiSession(username: string): Promise<{ api: APIRequestContext; csrf: string; departmentId: string | null }> {
  const api = await playwrightRequest.newContext({ baseURL: baseUrl });
  // The server may still be seeding the demo district when it starts answering: wait for the demo accounts.
  const deadline = Date.now() + 240_000;
  let response = await api.post('/api/v1/session', { data: { username, password: DEMO_PASSWORD } });
  while (response.status() === 401 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    response = await api.post('/api/v1/session', { data: { username, password: DEMO_PASSWORD } });
  }
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { csrfToken: string; user: { departmentId: string | null } };
  return { api, csrf: body.csrfToken, departmentId: body.user.departmentId };
}

async function post(session: { api: APIRequestContext; csrf: string }, path: string, data?: unknown): Promise<any> {
  const response = await session.api.post(path, { data, headers: { 'X-CSRF-Token': session.csrf } });
  expect(response.ok(), `${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return response.json();
}

beforeAll(async () => {
  // A conditionally shared resource of the market supervision bureau with a licence-number key.
  const operator = await apiSession(PROVIDER_OPERATOR);
  const created = await post(operator, '/api/v1/catalog/resources', {
    classificationCode: '102001',
    name: RESOURCE_NAME,
    summary: `本区食品经营许可证的证号、持证单位和发证年度，用于社会救助等事项的经营状况核对。${RUN_TAG}`,
    format: 'database',
    dataItems: [
      { name: 'licence_no', label: '许可证编号', type: 'string', length: 30, required: true, key: true, sensitivity: 'public' },
      { name: 'holder_name', label: '持证单位', type: 'string', length: 100, required: true, key: false, sensitivity: 'internal' },
      { name: 'issue_year', label: '发证年度', type: 'integer', required: false, key: false, sensitivity: 'public' },
    ],
    sharingType: 'conditional',
    sharingConditions: '用于核对社会救助对象的经营状况',
    sharingMethods: ['api'],
    openType: 'not_open',
    updateCycle: 'daily',
    keywords: ['食品经营许可'],
    relatedCodes: [],
  });
  resourceCode = created.code;
  await post(operator, `/api/v1/catalog/resources/${encodeURIComponent(resourceCode)}/submit`);
  const dataAdmin = await apiSession(DATA_ADMIN);
  await post(dataAdmin, `/api/v1/catalog/resources/${encodeURIComponent(resourceCode)}/publish`);

  // The requesting department's business system, which the grant will be bound to.
  const requester = await apiSession(REQUESTER_ADMIN);
  await post(requester, '/api/v1/systems', { departmentId: requester.departmentId, code: SYSTEM_CODE, name: SYSTEM_NAME });
  await Promise.all([operator.api.dispose(), dataAdmin.api.dispose(), requester.api.dispose()]);

  browser = await launchBrowser();
  ({ context, page } = await newConsolePage(browser, baseUrl));
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** Picks an option of an antd Select by its visible text. */
async function choose(testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

describe('exchange journey: upload, request, approve, grant', () => {
  const shots = new Screenshots('exchange-');
  const step = journey(() => page, shots);

  step(`log in as provider department admin ${PROVIDER_ADMIN}`, async () => {
    await logIn(page, PROVIDER_ADMIN, DEMO_PASSWORD);
    // The 共享交换 group is in the side menu.
    await page.locator('.ant-layout-sider .ant-menu-title-content').getByText('数据资源', { exact: true }).waitFor();
  });

  step('open the resource from the data resources list', async () => {
    await page.goto('/exchange/resources');
    await page.getByTestId('exchange-resource-link').filter({ hasText: RESOURCE_NAME }).click();
    await page.waitForURL(new RegExp(`/exchange/resources/${encodeURIComponent(resourceCode)}`));
    await expect.poll(() => page.getByTestId('exchange-resource-name').textContent(), { timeout: UI_TIMEOUT_MS }).toBe(RESOURCE_NAME);
    // 概况: the store's columns with the key marked.
    await page.locator('[data-testid="store-columns"] tbody tr.ant-table-row').nth(2).waitFor();
  });

  step('upload a CSV and see the counts', async () => {
    await page.getByTestId('tab-loads').click();
    await page.getByTestId('upload-open').click();
    await page.locator('.ant-modal input[type="file"]').setInputFiles({ name: 'licences.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await page.getByTestId('upload-result').waitFor({ timeout: 60_000 });
    const count = (name: string) => page.getByTestId(`count-${name}`).locator('.ant-statistic-content-value').innerText();
    await expect.poll(() => count('inserted'), { timeout: UI_TIMEOUT_MS }).toBe('3');
    expect(await count('received')).toBe('4');
    expect(await count('rejected')).toBe('1');
    await page.getByTestId('download-errors').waitFor();
  });

  step('the load is listed with its counts', async () => {
    await page.getByTestId('upload-close').click();
    const row = page.locator('[data-testid="loads-table"] tbody tr.ant-table-row').first();
    await row.waitFor();
    await expect.poll(() => row.innerText(), { timeout: UI_TIMEOUT_MS }).toMatch(/成功[\s\S]*4[\s\S]*3/);
  });

  step(`log in as ${REQUESTER_ADMIN} and file an access request`, async () => {
    await logOut(page);
    await logIn(page, REQUESTER_ADMIN, DEMO_PASSWORD);
    await page.goto(`/exchange/requests?tab=new&resource=${encodeURIComponent(resourceCode)}`);
    await page.getByTestId('request-fields').waitFor();
    await choose('request-system', SYSTEM_NAME);
    await page.getByTestId('request-fields').getByText('许可证编号').click();
    await page.getByTestId('request-fields').getByText('持证单位').click();
    await page.getByTestId('request-purpose').fill('核对社会救助申请人名下的食品经营情况');
    await page.getByTestId('request-legal-basis').fill('《社会救助暂行办法》第六十一条');
    await shots.take(page, 'request form filled');
    await page.getByTestId('request-submit').click();
    await page.waitForURL(/tab=outgoing/);
    const row = page.locator('[data-testid="requests-outgoing"] tbody tr.ant-table-row', { hasText: RESOURCE_NAME });
    await expect.poll(() => row.getByTestId('request-status').innerText(), { timeout: UI_TIMEOUT_MS }).toBe('待审批');
    // The 10-working-day deadline is shown.
    expect(await row.getByTestId('request-due-date').innerText()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  step(`log in as ${PROVIDER_ADMIN} and approve it`, async () => {
    await logOut(page);
    await logIn(page, PROVIDER_ADMIN, DEMO_PASSWORD);
    await page.goto('/exchange/requests');
    const row = page.locator('[data-testid="requests-incoming"] tbody tr.ant-table-row', { hasText: RESOURCE_NAME });
    await row.getByTestId('request-approve').click();
    await confirmPopover(page);
    // The incoming list shows pending requests only. Generous: a background sweep on the embedded database
    // can hold the server for a while shortly after start.
    await row.waitFor({ state: 'detached', timeout: 60_000 });
  });

  step('the grant is listed under 我提供的', async () => {
    await page.goto('/exchange/grants');
    const row = page.locator('[data-testid="grants-table"] tbody tr.ant-table-row', { hasText: RESOURCE_NAME });
    await expect.poll(() => row.getByTestId('grant-status').innerText(), { timeout: UI_TIMEOUT_MS }).toBe('有效');
    expect(await row.innerText()).toContain(SYSTEM_NAME);
    await row.getByTestId('grant-revoke').waitFor();
  });
});
