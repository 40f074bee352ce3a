// The catalog journey of issue #2 §7 in a real browser against the real server: a department operator
// finds and reads an entry, registers a new one with data items and submits it; the platform data admin
// publishes it; the console switches to English. Every step leaves a screenshot in test-results/screenshots/.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { confirmPopover, journey, launchBrowser, logIn, logOut, newConsolePage, Screenshots, UI_TIMEOUT_MS } from './support/browser.js';

// Demo accounts seeded with the demo district (src/server/modules/seed/service.ts).
const DEMO_PASSWORD = 'Zhongshu@2026';
const OPERATOR = 'scj_op';
const DATA_ADMIN = 'dataadmin';

// Unique per run, so a search for it finds this run's entry only.
const RUN_TAG = `E2E${Date.now().toString(36).toUpperCase()}`;
const NEW_ENTRY = {
  name: `个体工商户年报抽查结果信息（${RUN_TAG}）`,
  summary: `记录本区个体工商户年度报告随机抽查的对象、抽查事项、检查结果和处理情况，用于信用监管和联合惩戒。${RUN_TAG}`,
  classificationCode: '102001',
  sharingType: 'unconditional',
  dataItems: [
    { name: 'credit_code', label: '统一社会信用代码' },
    { name: 'check_result', label: '抽查结果' },
  ],
};

const baseUrl = inject('baseUrl');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let createdCode = '';

beforeAll(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newConsolePage(browser, baseUrl));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

/** The search box: antd may put the test id on the <input> itself or on its wrapper. */
function searchBox(page: Page): Locator {
  return page.locator('input[data-testid="catalog-search"], [data-testid="catalog-search"] input').first();
}

/** The entry as the API sees it, with the browser's own session cookie. */
async function fetchEntry(code: string): Promise<{ status: string; name: string; dataItems: unknown[] }> {
  const response = await page.request.get(`/api/v1/catalog/resources/${encodeURIComponent(code)}`);
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

async function waitForStatus(code: string, status: string): Promise<void> {
  await expect.poll(async () => (await fetchEntry(code)).status, { timeout: UI_TIMEOUT_MS, interval: 250 }).toBe(status);
}

describe('catalog journey: search, register, submit, publish, English', () => {
  const shots = new Screenshots();
  const step = journey(() => page, shots);

  step('login page', async () => {
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await page.locator('#username').waitFor();
  });

  step(`log in as department operator ${OPERATOR}`, async () => {
    await logIn(page, OPERATOR, DEMO_PASSWORD);
  });

  step('search 户籍', async () => {
    await page.goto('/catalog');
    const box = searchBox(page);
    await box.fill('户籍');
    await box.press('Enter');
    await page.waitForURL(/[?&]q=/);
    const first = page.getByTestId('catalog-result').first();
    await expect.poll(() => first.textContent(), { timeout: UI_TIMEOUT_MS }).toBe('户籍人口基本信息');
  });

  step('open 户籍人口基本信息: detail with data items', async () => {
    await page.getByTestId('catalog-result').first().click();
    await page.waitForURL(/\/catalog\/[^/?]+$/);
    await expect.poll(() => page.getByTestId('resource-name').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('户籍人口基本信息');
    const rows = page.locator('[data-testid="dataitems-table"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
  });

  step('create an entry with two data items', async () => {
    await page.goto('/catalog');
    await page.getByTestId('catalog-create').click();
    await page.waitForURL(/\/catalog\/new$/);

    // Classification: a TreeSelect with search; 目 (level 3) nodes are the selectable ones.
    await page.getByTestId('field-classification').click();
    await page.keyboard.type(NEW_ENTRY.classificationCode);
    await page.locator('.ant-select-tree-title', { hasText: `${NEW_ENTRY.classificationCode} ` }).first().click();

    await page.getByTestId('field-name').fill(NEW_ENTRY.name);
    await page.getByTestId('field-summary').fill(NEW_ENTRY.summary);
    await page
      .getByTestId('field-sharingType')
      .locator('label')
      .filter({ has: page.locator(`input[value="${NEW_ENTRY.sharingType}"]`) })
      .click();

    for (const [index, item] of NEW_ENTRY.dataItems.entries()) {
      // The form may open with an empty first row; add rows until this one exists.
      if ((await page.getByTestId(`dataitem-name-${index}`).count()) === 0) await page.getByTestId('dataitem-add').click();
      await page.getByTestId(`dataitem-name-${index}`).fill(item.name);
      await page.getByTestId(`dataitem-label-${index}`).fill(item.label);
    }
    await shots.take(page, 'create form filled');

    await page.getByTestId('save').click();
    await page.waitForURL((url) => /^\/catalog\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
    createdCode = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await expect.poll(() => page.getByTestId('resource-name').textContent(), { timeout: UI_TIMEOUT_MS }).toBe(NEW_ENTRY.name);

    const stored = await fetchEntry(createdCode);
    expect(stored.status).toBe('draft');
    expect(stored.dataItems).toHaveLength(2);
    expect(createdCode.startsWith(`${NEW_ENTRY.classificationCode}-`), createdCode).toBe(true);
  });

  step('submit for review', async () => {
    await page.getByTestId('action-submit').click();
    await confirmPopover(page);
    await waitForStatus(createdCode, 'submitted');
    // The page follows: submit is no longer offered once the entry is waiting for review.
    await page.getByTestId('action-submit').waitFor({ state: 'detached' });
  });

  step(`log out and log in as data admin ${DATA_ADMIN}`, async () => {
    await logOut(page);
    await logIn(page, DATA_ADMIN, DEMO_PASSWORD);
  });

  step('review queue lists the submitted entry', async () => {
    await page.goto('/catalog');
    await page.getByTestId('catalog-review-link').click();
    await page.waitForURL(/\/catalog\/review$/);
    const row = page.getByTestId('review-table').getByTestId('catalog-result').filter({ hasText: NEW_ENTRY.name });
    await row.waitFor();
  });

  step('open the submitted entry', async () => {
    await page.getByTestId('review-table').getByTestId('catalog-result').filter({ hasText: NEW_ENTRY.name }).click();
    await page.waitForURL(new RegExp(`/catalog/${encodeURIComponent(createdCode)}$`));
    await expect.poll(() => page.getByTestId('resource-name').textContent(), { timeout: UI_TIMEOUT_MS }).toBe(NEW_ENTRY.name);
    await page.getByTestId('action-publish').waitFor();
    await page.getByTestId('action-return').waitFor();
  });

  step('publish', async () => {
    await page.getByTestId('action-publish').click();
    await confirmPopover(page);
    await waitForStatus(createdCode, 'published');
    await page.getByTestId('action-publish').waitFor({ state: 'detached' });
    // The header's status tag says 已发布 (the console is still in Chinese here).
    await expect.poll(() => page.locator('.ant-tag').allTextContents(), { timeout: UI_TIMEOUT_MS }).toContain('已发布');
  });

  step('switch to English', async () => {
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: UI_TIMEOUT_MS }).toBe('en-US');
    const menu = page.locator('.ant-layout-sider .ant-menu-root');
    // The menu item's own label (its accessible name also carries the icon's aria-label).
    await menu.locator('.ant-menu-title-content').getByText('Catalog', { exact: true }).waitFor();
    expect(await menu.innerText()).not.toMatch(/资源目录|审核|工作台/);
    await expect.poll(() => page.locator('.ant-tag').allTextContents(), { timeout: UI_TIMEOUT_MS }).toContain('Published');
  });

  step('the published entry is found by search, in English', async () => {
    await page.goto('/catalog');
    const box = searchBox(page);
    await box.fill(RUN_TAG);
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('catalog-result').first().textContent(), { timeout: UI_TIMEOUT_MS }).toBe(NEW_ENTRY.name);
    expect(await page.getByTestId('language-switch').innerText()).toContain('中文');
  });
});
