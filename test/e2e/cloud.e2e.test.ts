// The cloud portal in a real browser against the real server and the demo district: the market supervision
// bureau's operator orders a PostgreSQL database from the service catalog (the order form with its live price),
// submits the cart, sees the order approved automatically and provisioned, and reveals the credentials once;
// an order that needs approval passes the department head and the IT centre from their inboxes; the IT centre's
// overview shows resources and costs. Every step leaves a screenshot.
import { request as playwrightRequest, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { journey, launchBrowser, logIn, logOut, newConsolePage, Screenshots, UI_TIMEOUT_MS } from './support/browser.js';

const DEMO_PASSWORD = 'Zhongshu@2026';
const OPERATOR = 'scj_op';
const HEAD = 'scj_admin';
const IT_CENTRE = 'dataadmin';
const SYSTEM_NAME = '商事登记系统';
const RUN_TAG = `E2E${Date.now().toString(36).toUpperCase()}`;
const DATABASE_NAME = `年报库${RUN_TAG}`;
const SERVER_NAME = `年报服务器${RUN_TAG}`;

const baseUrl = inject('baseUrl');

let browser: Browser;
let context: BrowserContext;
let page: Page;
let approvalOrderNumber = '';

/** Places an order that needs approval (a cloud server: the default chain, department head then IT centre). */
async function orderNeedingApproval(): Promise<string> {
  const api = await playwrightRequest.newContext({ baseURL: baseUrl });
  const deadline = Date.now() + 240_000;
  let login = await api.post('/api/v1/session', { data: { username: OPERATOR, password: DEMO_PASSWORD } });
  while (login.status() === 401 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    login = await api.post('/api/v1/session', { data: { username: OPERATOR, password: DEMO_PASSWORD } });
  }
  expect(login.status(), await login.text()).toBe(200);
  const headers = { 'X-CSRF-Token': ((await login.json()) as { csrfToken: string }).csrfToken };
  const systems = (await (await api.get('/api/v1/systems')).json()) as { items?: Array<{ id: string; name: string }> } | Array<{ id: string; name: string }>;
  const system = (Array.isArray(systems) ? systems : systems.items ?? []).find((entry) => entry.name === SYSTEM_NAME)!;
  const offerings = (await (await api.get('/api/v1/cloud/offerings', { params: { q: '通用型云服务器' } })).json()) as { items: Array<{ id: string; code: string }> };
  const server = offerings.items.find((offering) => offering.code === 'ecs-general')!;
  const cart = await api.post(`/api/v1/cloud/carts/${system.id}/items`, { headers, data: { offeringId: server.id, name: SERVER_NAME, parameters: { vcpu: 2, memoryGb: 4, diskGb: 60, os: 'kylin-v10' } } });
  expect(cart.ok(), await cart.text()).toBe(true);
  const submitted = await api.post(`/api/v1/cloud/orders/${((await cart.json()) as { id: string }).id}/submit`, { headers, data: { purpose: '年报高峰期临时扩容' } });
  expect(submitted.ok(), await submitted.text()).toBe(true);
  const order = (await submitted.json()) as { number: string; status: string };
  expect(order.status).toBe('approving');
  await api.dispose();
  return order.number;
}

beforeAll(async () => {
  approvalOrderNumber = await orderNeedingApproval();
  browser = await launchBrowser();
  ({ context, page } = await newConsolePage(browser, baseUrl));
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('cloud journey: order a database, credentials once, approvals, the overview', () => {
  const shots = new Screenshots('cloud-');
  const step = journey(() => page, shots);

  step(`log in as ${OPERATOR} and open the PostgreSQL database in the service catalog`, async () => {
    await logIn(page, OPERATOR, DEMO_PASSWORD);
    await page.goto('/cloud/catalog');
    await page.getByTestId('offering-rds-postgresql').click();
    await page.waitForURL(/\/cloud\/catalog\/[0-9a-f-]{36}/);
    await page.getByTestId('schema-form').waitFor();
    // The price before ordering, from the rate card: 300 + 50 GB × 1 + connections within the free tier.
    await expect.poll(() => page.getByTestId('quote-monthly').innerText(), { timeout: UI_TIMEOUT_MS }).toContain('350.00');
  });

  step('fill the order form, see the price follow, and put it in the cart', async () => {
    const connections = page.getByTestId('param-connectionLimit').locator('input').or(page.locator('input[data-testid="param-connectionLimit"]')).first();
    await connections.fill('60');
    // 10 connections above the free 50 at 2 元 each.
    await expect.poll(() => page.getByTestId('quote-monthly').innerText(), { timeout: UI_TIMEOUT_MS }).toContain('370.00');
    await page.getByTestId('order-system').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: SYSTEM_NAME }).first().click();
    await page.getByTestId('order-name').fill(DATABASE_NAME);
    await shots.take(page, 'order form filled');
    await page.getByTestId('add-to-cart').click();
    await page.getByTestId('view-cart').click();
    await page.waitForURL(/\/cloud\/cart/);
    await expect.poll(() => page.getByTestId('cart-items').innerText(), { timeout: UI_TIMEOUT_MS }).toContain(DATABASE_NAME);
  });

  step('submit the cart: approved automatically and ready in seconds', async () => {
    await page.getByTestId('cart-purpose').fill('企业年报数据存储');
    await page.getByTestId('cart-submit').click();
    await page.waitForURL(/\/cloud\/orders\/[0-9a-f-]{36}/);
    await expect.poll(() => page.getByTestId('order-status').first().innerText(), { timeout: 60_000 }).toBe('已完成');
    await page.getByTestId('item-resource').first().waitFor();
  });

  step('open the database and reveal its credentials, once', async () => {
    await page.getByTestId('item-resource').first().click();
    await page.waitForURL(/\/cloud\/resources\/[0-9a-f-]{36}/);
    await page.getByTestId('reveal-credentials').click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    const credentials = page.getByTestId('credentials');
    await credentials.waitFor();
    expect(await credentials.innerText()).toMatch(/密码\s+\S{16,}/);
    await shots.take(page, 'credentials shown once');
    await page.getByTestId('credentials-close').click();
    // Shown once: afterwards the page says when, and offers no second look.
    await page.reload();
    await expect.poll(() => page.getByTestId('credentials-note').innerText(), { timeout: UI_TIMEOUT_MS }).toMatch(/已于/);
    expect(await page.getByTestId('reveal-credentials').count()).toBe(0);
  });

  step(`log in as the department head ${HEAD} and approve the server order from the inbox`, async () => {
    await logOut(page);
    await logIn(page, HEAD, DEMO_PASSWORD);
    await page.goto('/cloud/approvals');
    const row = page.locator('[data-testid="approvals-inbox"] tbody tr.ant-table-row', { hasText: approvalOrderNumber });
    await row.getByTestId('order-approve').click();
    await page.getByTestId('approve-confirm').click();
    await row.waitFor({ state: 'detached', timeout: 60_000 });
  });

  step(`log in as the IT centre ${IT_CENTRE}, approve it too, and it is provisioned`, async () => {
    await logOut(page);
    await logIn(page, IT_CENTRE, DEMO_PASSWORD);
    await page.goto('/cloud/approvals');
    const row = page.locator('[data-testid="approvals-inbox"] tbody tr.ant-table-row', { hasText: approvalOrderNumber });
    await row.getByRole('link', { name: approvalOrderNumber }).click();
    await page.waitForURL(/\/cloud\/orders\/[0-9a-f-]{36}/);
    // The order page offers the decision in its header (and again beside the pending step).
    await page.getByTestId('order-approve').first().click();
    await page.getByTestId('approve-confirm').click();
    await expect.poll(() => page.getByTestId('order-status').first().innerText(), { timeout: 60_000 }).toBe('已完成');
    await shots.take(page, 'approved order provisioned');
  });

  step("the IT centre's overview shows resources, cost and lead time", async () => {
    await page.goto('/cloud/dashboard');
    await expect.poll(async () => Number((await page.getByTestId('kpi-resources').innerText()).replace(/\D+/g, ' ').trim().split(' ')[0]), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(20);
    expect(await page.getByTestId('kpi-run-rate').innerText()).toContain('¥');
    await page.locator('canvas').first().waitFor({ timeout: UI_TIMEOUT_MS });
  });
});
