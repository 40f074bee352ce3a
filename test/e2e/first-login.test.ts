// A first start without ZHONGSHU_ADMIN_PASSWORD generates the admin's password and prints it once; the
// first login with it must lead to a password change before anything else (issue #2 §1, §2).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { journey, launchBrowser, logIn, logOut, newConsolePage, Screenshots, UI_TIMEOUT_MS } from './support/browser.js';
import { removeDataDir, startServer, type RunningServer } from './support/server.js';

const NEW_PASSWORD = 'Chang3d-Admin-Pw!';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let adminUser = '';
let generatedPassword = '';

beforeAll(async () => {
  // No demo data needed here, and skipping it makes this server start in seconds.
  server = await startServer({
    name: 'first-login-server',
    env: { ZHONGSHU_ADMIN_PASSWORD: undefined, ZHONGSHU_ADMIN_USER: undefined, ZHONGSHU_SEED_DEMO: 'false' },
  });
  browser = await launchBrowser();
  ({ context, page } = await newConsolePage(browser, server.url));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

describe('first login of the admin with a generated password', () => {
  const shots = new Screenshots('first-login-');
  const step = journey(() => page, shots);

  step('the server prints the generated admin password once', async () => {
    // serve prints "Admin login / 管理员: <user> / <password>" after it starts listening.
    const match = await server.waitForOutput(/Admin login \/ 管理员: (\S+) \/ (\S+)/);
    [, adminUser, generatedPassword] = match;
    expect(adminUser).toBe('admin');
    expect(generatedPassword.length).toBeGreaterThanOrEqual(8);
    await page.goto('/login');
    await page.locator('#username').waitFor();
  });

  step('logging in leads straight to the password change', async () => {
    await page.locator('#username').fill(adminUser);
    await page.locator('#password').fill(generatedPassword);
    await page.locator('#password').press('Enter');
    await page.waitForURL(/\/account\/password$/);
    await page.locator('#newPassword').waitFor();
    // Nothing else answers until the password is changed.
    const refused = await page.request.get('/api/v1/departments');
    expect(refused.status()).toBe(403);
    expect((await refused.json()).code).toBe('auth.password_change_required');
    // Neither does the console let the admin wander off.
    await page.goto('/directory/users');
    await page.waitForURL(/\/account\/password$/);
  });

  step('change the password', async () => {
    await page.locator('#currentPassword').fill(generatedPassword);
    await page.locator('#newPassword').fill(NEW_PASSWORD);
    await page.locator('#confirmPassword').fill(NEW_PASSWORD);
    await page.locator('#confirmPassword').press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/account/password'));
    await expect
      .poll(async () => (await (await page.request.get('/api/v1/session')).json()).user?.mustChangePassword, { timeout: UI_TIMEOUT_MS })
      .toBe(false);
    expect((await page.request.get('/api/v1/departments')).status()).toBe(200);
  });

  step('the new password works and the generated one no longer does', async () => {
    await logOut(page);
    const stale = await page.request.post('/api/v1/session', { data: { username: adminUser, password: generatedPassword } });
    expect(stale.status()).toBe(401);
    await logIn(page, adminUser, NEW_PASSWORD);
    expect(new URL(page.url()).pathname).not.toBe('/account/password');
  });
});
