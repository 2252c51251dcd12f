/**
 * The console's browser-test fixture: a real ModelArts Local, an SDK session on it (AK/SK, for setup and checks), and
 * Debian's Chromium driven by playwright-core (which never downloads a browser). Screenshots go to docs/images/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleRoot } from '@modelarts-ts/console';
import { startPlatform, type TestPlatform, type TestPlatformOptions } from '@modelarts-ts/platform/testing';
import { Session } from '@modelarts-ts/sdk';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const IMAGES = join(repo, 'docs', 'images');

/** The browser: `MODELARTS_TEST_CHROMIUM`, else Debian's chromium, else a Chrome where distributions put it. */
export const CHROMIUM = [process.env.MODELARTS_TEST_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
  (p): p is string => p !== undefined && p !== '' && existsSync(p),
);

/** True when the suites must be skipped; says so once, plainly. */
export const noBrowser = CHROMIUM === undefined;
if (noBrowser) {
  console.warn(
    'Console browser tests SKIPPED: no Chromium found. Install it (Debian: `apt-get install -y chromium`) or set MODELARTS_TEST_CHROMIUM to a Chromium or Chrome binary.',
  );
}

export const VIEWPORT = { width: 1280, height: 800 };

export interface ConsoleFixture {
  p: TestPlatform;
  /** AK/SK session of the platform's account, as a user's script would have. */
  session: Session;
  browser: Browser;
  /** Exceptions of the app and console errors of the pages (CSP violations among them); a test expects none. */
  pageErrors: string[];
  /** `/-/console/<path>` on the platform. */
  url(path?: string): string;
  /** A fresh browser context (its own cookies) with one page, logged in unless `login: false`. */
  newPage(options?: { login?: boolean }): Promise<{ context: BrowserContext; page: Page }>;
  /** Logs `page` in through the login form. */
  login(page: Page, password?: string): Promise<void>;
  close(): Promise<void>;
}

export async function consoleFixture(options: TestPlatformOptions = {}): Promise<ConsoleFixture> {
  if (!CHROMIUM) throw new Error('no Chromium: the suite should have been skipped');
  if (!existsSync(join(consoleRoot, 'index.html'))) throw new Error(`the console is not built (${consoleRoot}): run \`npm run build\``);
  const p = await startPlatform(options);
  const c = p.credentials;
  const session = new Session({
    access_key: c.access_key,
    secret_key: c.secret_key,
    project_id: c.project_id,
    region_name: c.region_name,
    endpoint: p.endpoint,
  });
  // Root cannot use Chromium's sandbox (CI containers run as root).
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  const url = (path = '') => `${p.endpoint}/-/console/${path.replace(/^\//, '')}`;
  const login = async (page: Page, password = c.password) => {
    await page.goto(url());
    await page.getByLabel('User name').fill(c.username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  };
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  return {
    p,
    session,
    browser,
    pageErrors,
    url,
    login,
    newPage: async ({ login: doLogin = true } = {}) => {
      const context = await browser.newContext({ viewport: VIEWPORT });
      contexts.push(context);
      const page = await context.newPage();
      // A CSP violation or an exception in the app must not pass unnoticed (refused requests are the tests' business).
      page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
      });
      if (doLogin) {
        await login(page);
        await page.getByRole('navigation', { name: 'Console' }).waitFor();
      }
      return { context, page };
    },
    close: async () => {
      for (const ctx of contexts) await ctx.close().catch(() => undefined);
      await browser.close();
      await session.close();
      await p.close();
    },
  };
}

/** Writes `docs/images/console-<name>.png` (the viewport: 1280×800). */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: join(IMAGES, `console-${name}.png`) });
}

/** Opens a page of the console from its navigation. */
export async function openPage(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}
