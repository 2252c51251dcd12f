import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform, type TestPlatform } from '@modelarts-ts/platform/testing';
import { Session, TrainingJob } from '@modelarts-ts/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/main.js';
import { capture } from './io.js';

const TRAIN_PY = `
import argparse, os, sys, time
p = argparse.ArgumentParser()
p.add_argument('--data_url'); p.add_argument('--train_url'); p.add_argument('--epochs', type=int, default=1)
p.add_argument('--sleep', type=float, default=0); p.add_argument('--fail', type=int, default=0)
a, _ = p.parse_known_args()
rows = sum(len(open(os.path.join(a.data_url, n)).read().split()) for n in sorted(os.listdir(a.data_url)))
print(f'task {os.environ["VC_TASK_INDEX"]} rows={rows} epochs={a.epochs} env={os.environ.get("GREETING")}', flush=True)
os.makedirs(a.train_url, exist_ok=True)
open(os.path.join(a.train_url, 'model.txt'), 'w').write(f'rows={rows}')
end = time.time() + a.sleep
while time.time() < end:
    print('working', flush=True); time.sleep(0.2)
if a.fail:
    print(f'boom {a.fail}', file=sys.stderr, flush=True); sys.exit(a.fail)
`;

let p: TestPlatform;
let work: string;
let env: Record<string, string>;
let session: Session;

const run = async (args: string[]) => {
  const io = capture();
  const code = await main(['--endpoint', p.endpoint, ...args], { ...io, env });
  return { code, out: io.out(), err: io.err() };
};

beforeAll(async () => {
  p = await startPlatform({ trainingCpuCapacity: 64 });
  work = mkdtempSync(join(tmpdir(), 'ma-cli-jobs-'));
  env = {
    HUAWEICLOUD_SDK_AK: p.credentials.access_key,
    HUAWEICLOUD_SDK_SK: p.credentials.secret_key,
    MODELARTS_REGION: p.credentials.region_name,
    MODELARTS_PROJECT_ID: p.credentials.project_id,
    HOME: work,
  };
  // The SDK reads credentials from the process environment too.
  for (const [k, v] of Object.entries(env)) if (k !== 'HOME') vi.stubEnv(k, v);
  writeFileSync(join(work, 'train.py'), TRAIN_PY);
  session = new Session({
    access_key: p.credentials.access_key,
    secret_key: p.credentials.secret_key,
    project_id: p.credentials.project_id,
    region_name: p.credentials.region_name,
    endpoint: p.endpoint,
  });
  await session.obs.makeBucket('clijobs');
  await session.obs.write('obs://clijobs/data/a.txt', 'one two three\n');
  await session.obs.copy(join(work, 'train.py'), 'obs://clijobs/code/train.py');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await session?.close();
  await p?.close();
  rmSync(work, { recursive: true, force: true });
});

async function objectText(path: string): Promise<string> {
  let s = '';
  for await (const c of await session.obs.read(path)) s += c;
  return s;
}

describe('modelarts jobs (local mode)', () => {
  it('submit --flavor local --follow: runs here, prints the id then the log, uploads the output', async () => {
    const r = await run([
      'jobs',
      'submit',
      '--flavor',
      'local',
      '--name',
      'cli-local',
      '--code-dir',
      work,
      '--boot-file',
      'train.py',
      '--input',
      'data_url=obs://clijobs/data/',
      '--output',
      'train_url=obs://clijobs/out-local/',
      '--param',
      'epochs=3',
      '--env',
      'GREETING=hi',
      '--follow',
    ]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toContain('task 0 rows=3 epochs=3 env=hi');
    expect(r.err).toContain('status: Completed');
    expect(r.err).toMatch(/\(cli-local-\d{8}-\d{6}\): Completed/);
    expect(await objectText('obs://clijobs/out-local/model.txt')).toBe('rows=3');
  });

  it('a failing local job exits 1 with the exit code and the last stderr line; bad flags are user errors', async () => {
    const r = await run([
      'jobs',
      'submit',
      '--flavor',
      'local',
      '--code-dir',
      work,
      '--boot-file',
      'train.py',
      '--input',
      'data_url=obs://clijobs/data/',
      '--param',
      'fail=4',
      '--param',
      'train_url=/tmp/ma-cli-fail-out',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('worker-0 exited with code 4');
    expect(r.err).toContain('boom 4');

    const noFlavor = await run(['jobs', 'submit', '--code-dir', work, '--boot-file', 'train.py']);
    expect(noFlavor.code).toBe(1);
    expect(noFlavor.err).toContain('--flavor is required');
    const badInput = await run(['jobs', 'submit', '--flavor', 'local', '--code-dir', work, '--boot-file', 'train.py', '--input', 'obs://x/']);
    expect(badInput.code).toBe(1);
    expect(badInput.err).toContain('--input takes name=value');
  });
});

describe('modelarts jobs (ModelArts Local)', () => {
  const remote = ['--code-dir', 'obs://clijobs/code/', '--boot-file', 'train.py', '--input', 'data_url=obs://clijobs/data/', '--flavor', 'modelarts.vm.cpu.2u'];

  it('submit --wait --json, list, get, logs, delete', async () => {
    const s = await run([
      '--json',
      'jobs',
      'submit',
      '--name',
      'cli-remote',
      ...remote,
      '--output',
      'train_url=obs://clijobs/out-remote/',
      '--param',
      'epochs=2',
      '--wait',
    ]);
    expect(s.code, s.err).toBe(0);
    const job = JSON.parse(s.out) as { metadata: { id: string; name: string }; status: { phase: string } };
    expect(job.metadata.name).toBe('cli-remote');
    expect(job.status.phase).toBe('Completed');
    expect(await objectText('obs://clijobs/out-remote/model.txt')).toBe('rows=3');

    const list = await run(['jobs', 'list']);
    expect(list.code).toBe(0);
    expect(list.out.split('\n')[0]).toMatch(/^ID\s+NAME\s+PHASE\s+FLAVOR\s+NODES\s+CREATED\s+DURATION$/);
    expect(list.out).toMatch(new RegExp(`${job.metadata.id}\\s+cli-remote\\s+Completed\\s+modelarts\\.vm\\.cpu\\.2u\\s+1`));
    const listJson = await run(['--json', 'jobs', 'list', '--phase', 'Completed', '--name', 'cli-rem', '--limit', '5']);
    const page = JSON.parse(listJson.out) as { items: Array<{ metadata: { id: string } }>; limit: number };
    expect(page.limit).toBe(5);
    expect(page.items.map((i) => i.metadata.id)).toContain(job.metadata.id);

    const get = await run(['jobs', 'get', job.metadata.id]);
    expect(get.out).toMatch(/phase\s+Completed \(Completed\)/);
    expect(get.out).toMatch(/worker-0\s+exit 0/);

    const logs = await run(['jobs', 'logs', job.metadata.id]);
    expect(logs.out).toContain('task 0 rows=3 epochs=2 env=None');
    const logsJson = await run(['--json', 'jobs', 'logs', job.metadata.id, '--task', 'worker-0']);
    expect(
      logsJson.out
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { line: string }).line),
    ).toContain('task 0 rows=3 epochs=2 env=None');

    const del = await run(['jobs', 'delete', job.metadata.id]);
    expect(del.code).toBe(0);
    expect(del.err).toContain(`deleted job ${job.metadata.id}`);
  });

  it('submit --follow streams a live job; stop --wait terminates another; an unknown job is ModelArts.2775', async () => {
    const f = await run(['jobs', 'submit', ...remote, '--param', 'train_url=/tmp/x', '--param', 'sleep=1', '--follow']);
    expect(f.code, f.err).toBe(0);
    expect(f.out.split('\n').filter((l) => l === 'working').length).toBeGreaterThanOrEqual(3);

    const s = await run(['jobs', 'submit', ...remote, '--output', 'train_url=obs://clijobs/out-stop/', '--param', 'sleep=60']);
    const id = s.out.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // `jobs logs --follow` in the background: it must end by itself once the job is stopped.
    const following = run(['jobs', 'logs', id, '--follow']);
    let working = false;
    for await (const l of new TrainingJob(session, id).logs({ follow: true })) {
      if (l === 'working') {
        working = true;
        break;
      }
    }
    expect(working).toBe(true);
    const stop = await run(['jobs', 'stop', id, '--wait']);
    expect(stop.code, stop.err).toBe(0);
    expect(stop.out.trim()).toBe(`${id} Terminated`);
    const followed = await following;
    expect(followed.code).toBe(0);
    expect(followed.out).toContain('working');

    const missing = await run(['--json', 'jobs', 'get', '00000000-0000-0000-0000-000000000000']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.out)).toMatchObject({ error: { status: 400, error_code: 'ModelArts.2775' } });
  });

  it('flavors and engines', async () => {
    const fl = await run(['jobs', 'flavors', '--type', 'CPU']);
    expect(fl.code).toBe(0);
    expect(fl.out).toMatch(/^FLAVOR\s+TYPE\s+CPUS/);
    expect(fl.out).toMatch(/modelarts\.vm\.cpu\.2u\s+CPU\s+2\s/);
    const flJson = JSON.parse((await run(['--json', 'jobs', 'flavors'])).out) as { total_count: number; flavors: unknown[] };
    expect(flJson.total_count).toBe(flJson.flavors.length);
    expect((await run(['jobs', 'flavors', '--type', 'TPU'])).err).toContain('--type must be one of CPU, GPU, Ascend');
    const en = await run(['jobs', 'engines']);
    expect(en.code).toBe(0);
    expect(en.out).toMatch(/PyTorch\s+PyTorch-1\.4\.0-python3\.6/);
  });
});
