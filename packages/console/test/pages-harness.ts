import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlatform, type TestPlatform, type TestPlatformOptions } from '@modelarts-ts/platform/testing';
import { Session } from '@modelarts-ts/sdk';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Interim harness of the pages' browser tests (a real platform, an SDK session, Chromium logged in to the console). */

const CHROMIUM = '/usr/bin/chromium';
const IMAGES = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/images');

export const hasBrowser = () => existsSync(CHROMIUM);

export interface ConsoleFixture {
  p: TestPlatform;
  session: Session;
  /** A logged-in page at `/-/console/<path>`. */
  open: (path: string) => Promise<Page>;
  shot: (page: Page, name: string) => Promise<void>;
  close: () => Promise<void>;
}

export async function consoleFixture(options: TestPlatformOptions = {}): Promise<ConsoleFixture> {
  const p = await startPlatform(options);
  const c = p.credentials;
  const session = new Session({
    access_key: c.access_key,
    secret_key: c.secret_key,
    project_id: c.project_id,
    region_name: c.region_name,
    endpoint: p.endpoint,
  });
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: p.endpoint });
  const login = await context.request.post('/-/console/api/login', { data: { user_name: c.username, password: c.password } });
  if (!login.ok()) throw new Error(`console login: ${login.status()} ${await login.text()}`);
  return {
    p,
    session,
    open: async (path) => {
      const page = await context.newPage();
      await page.goto(`/-/console/${path}`);
      return page;
    },
    shot: async (page, name) => {
      mkdirSync(IMAGES, { recursive: true });
      await page.screenshot({ path: join(IMAGES, `console-${name}.png`), fullPage: true });
    },
    close: async () => {
      await browser.close();
      await session.close();
      await p.close();
    },
  };
}
