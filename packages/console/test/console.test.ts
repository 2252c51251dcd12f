/**
 * The console in a real browser (Debian's Chromium through playwright-core) against a real ModelArts Local: login,
 * refusals without the session, training jobs followed live and stopped, OBS transfers both ways, screenshots.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getOperation, type TrainingJob } from '@modelarts-ts/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleFixture, consoleFixture, noBrowser, openPage, shot } from './browser.js';

let f: ConsoleFixture;
let tmp: string;

/** A Python job that prints a numbered line about every 0.3 s while keeping one core busy, for two minutes. */
const BUSY_TRAIN = `import time
end = time.time() + 120
i = 0
while time.time() < end:
    t = time.time() + 0.3
    while time.time() < t:
        pass
    print(f"step {i}", flush=True)
    i += 1
`;

async function getJob(id: string): Promise<TrainingJob> {
  return f.session.client.request(getOperation('trainingJobs.get'), { params: { training_job_id: id } });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe.skipIf(noBrowser)('the console in a browser', () => {
  beforeAll(async () => {
    f = await consoleFixture({ trainingMetricsIntervalSeconds: 0.2 });
    tmp = mkdtempSync(join(tmpdir(), 'ma-console-'));
  });
  afterAll(async () => {
    await f?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses a wrong password and logs in with the right one', async () => {
    const { page } = await f.newPage({ login: false });
    await f.login(page, 'not-the-password');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('IAM.0001');
    await shot(page, 'login');
    await page.getByLabel('Password').fill(f.p.credentials.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation', { name: 'Console' }).waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'modelarts_console')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    // Logged out, the page is the login form again and the old cookie no longer works.
    const token = cookies.find((c) => c.name === 'modelarts_console')?.value ?? '';
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    const after = await fetch(`${f.p.endpoint}/-/console/api/session`, { headers: { cookie: `modelarts_console=${token}` } });
    expect(after.status).toBe(401);
  });

  it('refuses every API call without the session cookie, and changes without the CSRF header', async () => {
    const projectUrl = `${f.p.endpoint}/v2/${f.p.credentials.project_id}`;
    const noCookie = await fetch(`${projectUrl}/training-job-searches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noCookie.status).toBe(401);
    expect(((await noCookie.json()) as { error_code: string }).error_code).toBe('ModelArts.0201');
    const session = await fetch(`${f.p.endpoint}/-/console/api/session`);
    expect(session.status).toBe(401);
    // The object API refuses an anonymous request as S3 does (403 AccessDenied).
    const anonymous = await fetch(`${f.p.endpoint}/`);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain('<Code>AccessDenied</Code>');

    const login = await fetch(`${f.p.endpoint}/-/console/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user_name: f.p.credentials.username, password: f.p.credentials.password }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const { csrf_token } = (await login.json()) as { csrf_token: string };
    const post = (url: string, headers: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...headers }, body: '{}' });
    const noCsrf = await post(`${projectUrl}/training-job-searches`);
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { error_code: string }).error_code).toBe('ModelArts.0211');
    expect((await post(`${projectUrl}/training-job-searches`, { 'x-csrf-token': 'forged' })).status).toBe(403);
    expect((await post(`${projectUrl}/training-job-searches`, { 'x-csrf-token': csrf_token })).status).toBe(200);
    // The same session on the object API: reading works with the cookie alone, a change needs the header too.
    expect((await fetch(`${f.p.endpoint}/`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${f.p.endpoint}/csrf-bucket`, { method: 'PUT', headers: { cookie } })).status).toBe(403);
    expect((await fetch(`${f.p.endpoint}/csrf-bucket`, { method: 'PUT', headers: { cookie, 'x-csrf-token': csrf_token } })).status).toBe(200);
  });

  it('lists a job submitted through the SDK, follows its log and CPU, and stops it', async () => {
    await f.session.obs.makeBucket('console-jobs');
    const code = join(tmp, 'code');
    rmSync(code, { recursive: true, force: true });
    writeFileSync(join(tmp, 'train.py'), BUSY_TRAIN);
    await f.session.obs.copy(join(tmp, 'train.py'), 'obs://console-jobs/code/train.py');
    const job = await f.session.client.request(getOperation('trainingJobs.create'), {
      body: {
        kind: 'job',
        metadata: { name: 'console-busy', description: 'prints a line every 0.3 s' },
        algorithm: {
          code_dir: 'obs://console-jobs/code/',
          boot_file: 'train.py',
          parameters: [{ name: 'lr', value: '0.01' }],
          outputs: [{ name: 'train_url', remote: { obs: { obs_url: 'obs://console-jobs/out/' } } }],
        },
        spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
      },
    });
    const id = job.metadata.id;
    const { page } = await f.newPage();
    await openPage(page, 'Training jobs');
    const row = page.getByRole('row').filter({ hasText: 'console-busy' });
    await row.waitFor();
    await until('the job to run', async () => ((await getJob(id)).status.phase === 'Running' ? true : undefined));
    await shot(page, 'training-jobs');

    await row.getByRole('link', { name: 'console-busy' }).click();
    const log = page.getByRole('log', { name: 'Log of worker-0' });
    await expect(log.textContent({ timeout: 30_000 })).resolves.toBeDefined();
    // The log follows the job: a line is shown, then a later one appears without reloading.
    await page.waitForFunction(() => /step 2\b/.test(document.querySelector('[role=log]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const seen = Number(/step (\d+)\s*$/.exec((await log.textContent()) ?? '')?.[1] ?? '0');
    await page.waitForFunction((n) => new RegExp(`step ${n + 3}\\b`).test(document.querySelector('[role=log]')?.textContent ?? ''), seen, { timeout: 30_000 });
    // The platform's own log has the same lines.
    const preview = await f.session.client.request(getOperation('trainingJobs.logPreview'), { params: { training_job_id: id, task_id: 'worker-0' } });
    expect(preview.content).toContain(`step ${seen}\n`);
    const cpu = page.getByRole('img', { name: /^CPU usage/ });
    await page.waitForFunction(() => Number(document.querySelector('.chart[aria-label^="CPU usage"]')?.getAttribute('data-points') ?? 0) > 0, undefined, {
      timeout: 30_000,
    });
    await expect(cpu.locator('canvas').count()).resolves.toBe(1);
    await expect(page.getByText('lr', { exact: true })).toBeTruthy();
    await shot(page, 'training-job');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Stop' }).click();
    const stopped = await until('Terminated in the SDK', async () => {
      const j = await getJob(id);
      return j.status.phase === 'Terminated' ? j : undefined;
    });
    expect(stopped.status.phase).toBe('Terminated');
    await page.locator('.page-header .badge', { hasText: 'Terminated' }).waitFor({ timeout: 15_000 });
  });

  it('uploads through the console (picker and drop) byte-identical for the SDK, and downloads what the SDK wrote', async () => {
    await f.session.obs.makeBucket('console-files');
    const picked = randomBytes(300_000);
    const dropped = randomBytes(70_000);
    writeFileSync(join(tmp, 'picked.bin'), picked);
    const { page } = await f.newPage();
    await openPage(page, 'OBS');
    await page.getByRole('link', { name: 'console-files' }).click();
    page.once('dialog', (d) => void d.accept('data'));
    await page.getByRole('button', { name: 'New folder' }).click();
    await page.getByRole('link', { name: 'data/' }).click();
    await page.getByLabel('Files to upload').setInputFiles(join(tmp, 'picked.bin'));
    await page.getByRole('row').filter({ hasText: 'picked.bin' }).waitFor();
    await expect(page.getByLabel('Upload of picked.bin').getAttribute('value')).resolves.toBe(String(picked.length));
    // Drag and drop: the drop event of a real DataTransfer carrying a file.
    await page.evaluate(
      ({ name, b64 }) => {
        const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], name, { type: 'application/octet-stream' }));
        const zone = document.querySelector('[data-testid=dropzone]') as HTMLElement;
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      { name: 'dropped.bin', b64: dropped.toString('base64') },
    );
    await page.getByRole('row').filter({ hasText: 'dropped.bin' }).waitFor();
    const read = async (path: string) => {
      const chunks: Buffer[] = [];
      for await (const c of await f.session.obs.read(path)) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    };
    expect(sha256(await read('obs://console-files/data/picked.bin'))).toBe(sha256(picked));
    expect(sha256(await read('obs://console-files/data/dropped.bin'))).toBe(sha256(dropped));

    // The reverse: written by the SDK, downloaded by the browser.
    const written = randomBytes(200_000);
    await f.session.obs.write('obs://console-files/data/from-sdk.bin', written);
    await f.session.obs.write('obs://console-files/data/notes.txt', 'first line\nsecond line\n');
    await f.session.obs.write('obs://console-files/data/pixel.png', PNG);
    await page.reload();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download from-sdk.bin' }).click();
    const saved = join(tmp, 'from-browser.bin');
    await (await download).saveAs(saved);
    expect(sha256(readFileSync(saved))).toBe(sha256(written));

    // Previews: text as text, an image as an image that loaded.
    await page.getByRole('button', { name: 'Preview notes.txt' }).click();
    await expect(page.locator('.preview-text').textContent()).resolves.toBe('first line\nsecond line\n');
    await page.getByRole('button', { name: 'Preview pixel.png' }).click();
    const img = page.getByRole('img', { name: 'data/pixel.png' });
    await img.waitFor();
    await page.waitForFunction(() => (document.querySelector('img.preview') as HTMLImageElement | null)?.naturalWidth === 1);
    await shot(page, 'obs');

    // Delete from the console; the SDK no longer finds it.
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('row').filter({ hasText: 'dropped.bin' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('row').filter({ hasText: 'dropped.bin' }).waitFor({ state: 'detached' });
    await expect(read('obs://console-files/data/dropped.bin')).rejects.toThrow();
  });

  it('shows on the overview what the SDK made, and works from the keyboard and in a narrow window', async () => {
    const { page } = await f.newPage();
    await page.goto(f.url('overview'));
    const jobsCard = page.getByRole('link', { name: /Training jobs/ }).filter({ has: page.locator('.n') });
    await expect(jobsCard.locator('.n').textContent()).resolves.toBe('1');
    await page.getByRole('link', { name: 'console-busy' }).waitFor();
    await expect(
      page
        .getByRole('link', { name: /OBS buckets/ })
        .locator('.n')
        .textContent(),
    ).resolves.toBe('3');
    await shot(page, 'overview');
    // Keyboard: the skip link first, then the brand, and the navigation follows; Enter opens a page.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    const nav = page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'OBS', exact: true });
    for (let i = 0; i < 12 && !(await nav.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'OBS' }).waitFor();
    await page.setViewportSize({ width: 420, height: 800 });
    await page.goto(f.url('training-jobs'));
    await page.getByRole('row').filter({ hasText: 'console-busy' }).waitFor();
    // Nothing wider than the window but the table, which scrolls in its own box.
    await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
    await shot(page, 'narrow');
  });

  it('loads no page with an error or a CSP violation', () => {
    expect(f.pageErrors).toEqual([]);
  });
});
