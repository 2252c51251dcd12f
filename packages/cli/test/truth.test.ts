import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlatform, type TestPlatform } from '@modelarts-ts/platform/testing';
import { Session, TrainingJob } from '@modelarts-ts/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { capture } from './io.js';

const SLEEPER = `
import time
print('started', flush=True)
for i in range(600):
    print('working', flush=True); time.sleep(0.1)
`;

let p: TestPlatform;
let work: string;
let creds: Record<string, string>;

/** The CLI in-process with exactly this environment; `signal` stands for Ctrl+C. */
const run = async (args: string[], env: Record<string, string | undefined> = { HOME: work }, signal?: AbortSignal) => {
  const io = capture();
  const code = await main(args, { ...io, env, ...(signal ? { signal } : {}) });
  return { code, out: io.out(), err: io.err() };
};

beforeAll(async () => {
  p = await startPlatform({ trainingCpuCapacity: 64 });
  work = mkdtempSync(join(tmpdir(), 'ma-cli-truth-'));
  writeFileSync(join(work, 'sleep.py'), SLEEPER);
  creds = {
    HOME: work,
    HUAWEICLOUD_SDK_AK: p.credentials.access_key,
    HUAWEICLOUD_SDK_SK: p.credentials.secret_key,
    MODELARTS_REGION: p.credentials.region_name,
    MODELARTS_PROJECT_ID: p.credentials.project_id,
  };
  const s = new Session({
    access_key: p.credentials.access_key,
    secret_key: p.credentials.secret_key,
    project_id: p.credentials.project_id,
    region_name: p.credentials.region_name,
    endpoint: p.endpoint,
  });
  await s.obs.makeBucket('truth');
  await s.obs.copy(join(work, 'sleep.py'), 'obs://truth/code/sleep.py');
  await s.close();
});
afterAll(async () => {
  await p?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the CLI tells the truth', () => {
  it('a port clash names the port and the flag, also when the port came from the environment', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await run(['local', 'start', '--data-dir', join(work, 'clash')], { HOME: work, MODELARTS_LOCAL_PORT: String(port) });
      expect(r.code).toBe(1);
      expect(r.err).toContain(`Port ${port}`);
      expect(r.err).not.toContain('undefined');
      expect(r.err).toContain('--port');
    } finally {
      blocker.close();
    }
  });

  it('usage errors exit 2; help and version exit 0', async () => {
    expect((await run(['jobs', 'get'])).code).toBe(2);
    expect((await run(['jobs', 'frobnicate'])).code).toBe(2);
    expect((await run(['--no-such-flag'])).code).toBe(2);
    expect((await run(['jobs', 'submit', '--code-dir', work, '--boot-file', 'x.py'])).code).toBe(2);
    expect((await run(['obs', 'cp', work, 'obs://truth/x/'])).code).toBe(2);
    expect((await run(['--help'])).code).toBe(0);
    const v = await run(['--version']);
    expect(v.code).toBe(0);
    const pkg = JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../package.json'), 'utf8')) as { version: string };
    expect(v.out.trim()).toBe(pkg.version);
  });

  it('a global --data-dir finds the ModelArts Local running there, for every command', async () => {
    const jobs = await run(['--data-dir', p.dataDir, '--json', 'jobs', 'list']);
    expect(jobs.code, jobs.err).toBe(0);
    expect(JSON.parse(jobs.out)).toHaveProperty('items');
    const status = await run(['--data-dir', p.dataDir, 'local', 'status']);
    expect(status.code).toBe(0);
    expect(status.out).toContain(p.endpoint);
  });

  it('hints name what is wrong: refused credentials, no platform on the data dir, nothing listening', async () => {
    const wrong = await run(['--data-dir', p.dataDir, 'jobs', 'list'], { HOME: work, HUAWEICLOUD_SDK_AK: 'WRONGAK0000000000000', HUAWEICLOUD_SDK_SK: 'wrong' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).not.toContain('No region');
    expect(wrong.err).toContain(`${p.endpoint} refused the credentials`);

    const empty = join(work, 'nothing-here');
    const none = await run(['--data-dir', empty, 'jobs', 'list']);
    expect(none.code).toBe(1);
    expect(none.err).toContain(`no ModelArts Local is running on ${empty}`);
    expect(none.err).toContain('modelarts local start');

    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const refused = await run(['--endpoint', `http://127.0.0.1:${port}`, 'jobs', 'list'], creds);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`No platform answers at http://127.0.0.1:${port}`);
    expect(refused.err).toContain('modelarts local start');
  });

  it('errors name the CLI flags, not the SDK fields', async () => {
    const r = await run(['--endpoint', p.endpoint, 'jobs', 'submit', '--flavor', 'modelarts.vm.cpu.2u', '--code-dir', work, '--boot-file', 'sleep.py'], creds);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--code-obs-path');
    expect(r.err).not.toMatch(/training_files|obs_path\b/);
  });

  it('Ctrl+C on `jobs logs --follow` exits 130 quietly; on `jobs submit --follow` says the job keeps running and how to stop it', async () => {
    const remote = [
      '--endpoint',
      p.endpoint,
      'jobs',
      'submit',
      '--flavor',
      'modelarts.vm.cpu.2u',
      '--code-dir',
      'obs://truth/code/',
      '--boot-file',
      'sleep.py',
    ];
    const ctrl = new AbortController();
    const io = capture();
    const submitting = main([...remote, '--follow'], { ...io, env: creds, signal: ctrl.signal });
    const until = Date.now() + 30_000;
    while (!io.out().includes('working') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    ctrl.abort();
    expect(await submitting).toBe(130);
    const id = io.out().split('\n')[0] as string;
    expect(io.err()).toContain(`Job ${id} keeps running`);
    expect(io.err()).toContain(`modelarts jobs stop ${id}`);
    expect(io.err()).not.toMatch(/Error|abort/i);

    const ctrl2 = new AbortController();
    const io2 = capture();
    const following = main(['--endpoint', p.endpoint, 'jobs', 'logs', id, '--follow'], { ...io2, env: creds, signal: ctrl2.signal });
    while (!io2.out().includes('working') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    ctrl2.abort();
    expect(await following).toBe(130);
    expect(io2.err()).toBe('');
    const s = new Session({
      access_key: p.credentials.access_key,
      secret_key: p.credentials.secret_key,
      project_id: p.credentials.project_id,
      region_name: p.credentials.region_name,
      endpoint: p.endpoint,
    });
    expect((await new TrainingJob(s, id).getJobInfo()).status.phase).toBe('Running');
    await new TrainingJob(s, id).controlJob();
    await s.close();
  });

  it('a --flavor local job prints where its files and logs are', async () => {
    writeFileSync(join(work, 'hello.py'), "print('hello from a local job', flush=True)\n");
    const r = await run(['--endpoint', p.endpoint, 'jobs', 'submit', '--flavor', 'local', '--code-dir', work, '--boot-file', 'hello.py'], creds);
    expect(r.code, r.err).toBe(0);
    const folder = /local job folder: (.+)/.exec(r.err)?.[1] as string;
    const log = /log of worker-0: (.+)/.exec(r.err)?.[1] as string;
    expect(folder).toBeDefined();
    expect(existsSync(folder)).toBe(true);
    expect(readFileSync(log, 'utf8')).toContain('hello from a local job');
    rmSync(folder, { recursive: true, force: true });
  });
});

/** `Commands:` of a help text: the first word of each entry. */
function commandsOf(help: string): string[] {
  const section = help.split(/^Commands:\s*$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1] as string).filter((c) => c !== 'help');
}

describe('docs/cli.md', () => {
  it('documents every command `modelarts --help` lists', async () => {
    const doc = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/cli.md'), 'utf8');
    const groups = commandsOf((await run(['--help'])).out);
    expect(groups.length).toBeGreaterThanOrEqual(3);
    const missing: string[] = [];
    for (const g of groups) {
      for (const c of commandsOf((await run([g, '--help'])).out)) {
        if (!doc.includes(`\`modelarts ${g} ${c}`)) missing.push(`modelarts ${g} ${c}`);
      }
    }
    expect(missing).toEqual([]);
    expect(doc).toContain('--data-dir');
  });
});
