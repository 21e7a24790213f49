import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/reports/pdf.ts';

/**
 * What the browser tests share: Debian's Chromium (never downloaded), launched quiet and offline;
 * signing in through the real login page; reading an element's text.
 */

export const chromiumPath = process.env.HUIYING_CHROMIUM || '/usr/bin/chromium';

/** HUIYING_SKIP_BROWSER=1 skips the browser tests on purpose. */
export const skipBrowser = process.env.HUIYING_SKIP_BROWSER === '1';

// A missing browser fails the run rather than skipping it silently.
if (!skipBrowser && !fs.existsSync(chromiumPath)) {
  throw new Error(`browser tests need Debian's Chromium at ${chromiumPath} (apt-get install chromium), or HUIYING_SKIP_BROWSER=1`);
}

/** Starts the machine's Chromium headless, with the flags that keep it off the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
}

/** The text of the first element matching the selector. */
export const textOf = (page: Page, selector: string) => page.locator(selector).first().textContent();

/** Signs in through the real login page and waits for the board to be live. */
export async function logIn(page: Page, baseUrl: string, creds: { username: string; password: string }) {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#username', creds.username);
  await page.fill('#password', creds.password);
  await page.click('#login-submit');
  await page.waitForURL(`${baseUrl}/`);
  await page.locator('#connection[data-state="connected"]').waitFor({ timeout: 10_000 });
}

/**
 * A new page in its own context (a Chinese locale, optionally another time zone) whose exceptions
 * and console errors are added to `pageErrors`; the board should produce none. HTTP error answers
 * the page handles (401, 400, 503) are logged by Chromium as failed loads: those are not bugs.
 */
export async function newBoardPage(browser: Browser, pageErrors: string[], options: { timezoneId?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, ...options });
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${msg.text()}`);
  });
  return page;
}
