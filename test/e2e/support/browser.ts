// Debian's Chromium driven by playwright-core (which never downloads a browser of its own), screenshots as
// CI artifacts, and the few console interactions every journey needs.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { test } from 'vitest';
import { RESULTS_DIR } from './server.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(RESULTS_DIR, 'screenshots');

/** How long one UI expectation may take: generous, because the machine is shared and has 2 cores. */
export const UI_TIMEOUT_MS = 20_000;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The machine has no network but loopback: without these Chromium keeps trying to reach Google.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

export async function newConsolePage(browser: Browser, baseUrl: string): Promise<{ context: BrowserContext; page: Page }> {
  // Reduced motion: antd then skips most transitions, so screenshots show settled pages.
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(60_000);
  const page = await context.newPage();
  return { context, page };
}

/** Numbered full-page screenshots: test-results/screenshots/<prefix>NN-<step>.png. */
export class Screenshots {
  private count = 0;

  constructor(private readonly prefix = '') {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  }

  async take(page: Page, step: string): Promise<string> {
    this.count += 1;
    const file = path.join(SCREENSHOT_DIR, `${this.prefix}${String(this.count).padStart(2, '0')}-${slug(step)}.png`);
    // Let what still animates (badges, toasts) settle, and start at the top: the header is fixed, and a
    // full-page picture of a scrolled page shows it in the middle.
    await page.waitForTimeout(500);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
}

// Letters of any script stay (a step named after its search term keeps it); everything else becomes '-'.
function slug(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'step';
}

/**
 * A journey as a sequence of vitest tests sharing one browser page: each step is its own test (so the report
 * names the step that broke), takes a screenshot when it passes, a `failed-` screenshot when it fails, and a
 * failure skips the steps after it instead of letting them fail for the same reason.
 */
export function journey(getPage: () => Page, shots: Screenshots) {
  let broken: string | null = null;
  return function step(name: string, run: () => Promise<void>, timeoutMs?: number): void {
    test(
      name,
      async (context) => {
        if (broken) context.skip(`an earlier step failed: ${broken}`);
        try {
          await run();
          await shots.take(getPage(), name);
        } catch (error) {
          broken = name;
          await shots.take(getPage(), `failed-${name}`).catch(() => undefined);
          throw error;
        }
      },
      timeoutMs,
    );
  };
}

export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#password').press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.getByTestId('user-menu').waitFor();
}

export async function logOut(page: Page): Promise<void> {
  // The user menu is an antd dropdown; its logout item is the danger entry. A click that lands while the header
  // re-renders (the notification bell polls) can be lost, leaving the menu open: then open it and click again.
  for (let attempt = 1; ; attempt++) {
    if (!(await page.locator('.ant-dropdown-menu-item-danger').isVisible())) await page.getByTestId('user-menu').click();
    await page.locator('.ant-dropdown-menu-item-danger').click();
    try {
      await page.waitForURL((url) => url.pathname.startsWith('/login'), { timeout: attempt < 3 ? 10_000 : 60_000 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  await page.locator('#username').waitFor();
}

/** Confirms the open antd Popconfirm (submit, publish and delete ask first). */
export async function confirmPopover(page: Page): Promise<void> {
  await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
}
