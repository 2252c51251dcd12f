import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '@modelarts-ts/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { capture } from './io.js';

async function waitFor(cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ma-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('modelarts local', () => {
  it('start --port 0 prints the real endpoint and the credentials file; credentials --json gives the live endpoint; status follows', async () => {
    const dir = tempDir();
    const io = capture();
    const ctrl = new AbortController();
    const running = main(['local', 'start', '--port', '0', '--data-dir', dir], { ...io, env: {}, signal: ctrl.signal });
    await waitFor(() => /Credentials: /.test(io.out()));
    const endpoint = /running at (http:\/\/127\.0\.0\.1:(\d+))/.exec(io.out())?.[1] as string;
    expect(endpoint).toBeDefined();
    expect(endpoint).not.toMatch(/:0$/);
    expect(io.out()).toContain(`Console:     ${endpoint}/-/console/`);
    expect(io.out()).toContain(join(dir, 'credentials.json'));
    expect(statSync(join(dir, 'credentials.json')).mode & 0o777).toBe(0o600);
    expect((await fetch(`${endpoint}/-/health`)).status).toBe(200);

    const creds = capture();
    expect(await main(['local', 'credentials', '--data-dir', dir, '--json'], { ...creds, env: {} })).toBe(0);
    const json = JSON.parse(creds.out()) as Record<string, string>;
    expect(Object.keys(json).sort()).toEqual(['access_key', 'account', 'endpoint', 'password', 'project_id', 'region_name', 'secret_key', 'username'].sort());
    expect(json.endpoint).toBe(endpoint);
    expect(json.project_id).toMatch(/^[0-9a-f]{32}$/);

    // The printed credentials work.
    const s = new Session({ access_key: json.access_key, secret_key: json.secret_key, region_name: json.region_name, endpoint: json.endpoint });
    expect(await s.getProjectId()).toBe(json.project_id);

    const st = capture();
    expect(await main(['--json', 'local', 'status', '--data-dir', dir], { ...st, env: {} })).toBe(0);
    expect(JSON.parse(st.out())).toMatchObject({ running: true, endpoint });

    ctrl.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${endpoint}/-/health`)).rejects.toThrow();

    const after = capture();
    expect(await main(['local', 'credentials', '--data-dir', dir, '--json'], { ...after, env: {} })).toBe(0);
    expect((JSON.parse(after.out()) as { endpoint: unknown }).endpoint).toBeNull();
    const st2 = capture();
    expect(await main(['local', 'status', '--data-dir', dir], { ...st2, env: {} })).toBe(3);
  });

  it('start --json prints one JSON line; a second start on the same data dir is refused', async () => {
    const dir = tempDir();
    const io = capture();
    const ctrl = new AbortController();
    const running = main(['--json', 'local', 'start', '--port', '0', '--data-dir', dir], { ...io, env: {}, signal: ctrl.signal });
    await waitFor(() => io.out().includes('\n'));
    const line = JSON.parse(io.out()) as { endpoint: string; console: string; credentials_file: string };
    expect(line.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(line.console).toBe(`${line.endpoint}/-/console/`);
    const second = capture();
    expect(await main(['local', 'start', '--port', '0', '--data-dir', dir], { ...second, env: {}, signal: AbortSignal.abort() })).toBe(1);
    expect(second.err()).toMatch(/already running/);
    ctrl.abort();
    expect(await running).toBe(0);
  });

  it('reports user errors in one line with a hint, as JSON under --json, and flags errors from the parser', async () => {
    const dir = tempDir();
    const io = capture();
    expect(await main(['local', 'credentials', '--data-dir', join(dir, 'none')], { ...io, env: {} })).toBe(1);
    expect(io.err()).toMatch(/No ModelArts Local credentials/);
    expect(io.err()).toMatch(/Hint: run `modelarts local start/);
    const j = capture();
    expect(await main(['--json', 'local', 'credentials', '--data-dir', join(dir, 'none')], { ...j, env: {} })).toBe(1);
    expect(JSON.parse(j.out())).toMatchObject({ error: { name: 'UserError' } });
    const bad = capture();
    expect(await main(['local', 'start', '--port', 'abc'], { ...bad, env: {} })).not.toBe(0);
    expect(bad.err()).toMatch(/non-negative integer/);
  });
});
