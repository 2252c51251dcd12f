import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestPlatform } from '@modelarts-ts/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, Estimator, ResourceFailedError, Session, TrainingJob } from '../src/index.js';
import { trainingFixture } from './training-helpers.js';

const TRAIN_PY = `
import argparse, os, sys
p = argparse.ArgumentParser()
p.add_argument('--data_url'); p.add_argument('--train_url'); p.add_argument('--fail', type=int, default=0)
a, _ = p.parse_known_args()
names = sorted(os.listdir(a.data_url))
print(f'files={names} interpreter={os.environ.get("MA_SCRIPT_INTERPRETER")}', flush=True)
os.makedirs(a.train_url, exist_ok=True)
open(os.path.join(a.train_url, 'model.txt'), 'w').write(','.join(names))
if a.fail:
    print('partial output written', flush=True)
    print(f'RuntimeError: diverged ({a.fail})', file=sys.stderr, flush=True)
    sys.exit(a.fail)
`;

let p: TestPlatform;
let f: Awaited<ReturnType<typeof trainingFixture>>;
let session: Session;
let code: string;
let data: string;
const bucket = 'train-remote';

beforeAll(async () => {
  f = await trainingFixture({ trainingCpuCapacity: 64 });
  p = f.p;
  session = f.session;
  await session.obs.makeBucket(bucket);
  code = f.tempDir('code');
  writeFileSync(join(code, 'train.py'), TRAIN_PY);
  data = f.tempDir('data');
  mkdirSync(join(data, 'sub'));
  writeFileSync(join(data, 'a.csv'), 'x,y\n1,2\n');
  writeFileSync(join(data, 'sub', 'b.csv'), 'x,y\n3,4\n');
});
afterAll(async () => {
  await f?.close();
});

async function text(path: string): Promise<string> {
  let s = '';
  for await (const c of await session.obs.read(path)) s += c;
  return s;
}

describe('Estimator remote (ModelArts Local)', () => {
  it('uploads a local code_dir to obs_path and local data (is_local_source) to its obs_path, then trains; show_log prints the log', async () => {
    const lines: string[] = [];
    const statuses: string[] = [];
    const job = await new Estimator(session, {
      training_files: { code_dir: code, boot_file: join(code, 'train.py'), obs_path: `obs://${bucket}/code/` },
      outputs: [{ name: 'train_url', obs_path: `obs://${bucket}/out/` }],
      train_instance_type: 'modelarts.vm.cpu.2u',
      script_interpreter: 'python3',
    }).fit({
      inputs: [{ name: 'data_url', local_path: data, obs_path: `/${bucket}/uploaded-data/`, is_local_source: true }],
      job_name: 'remote-upload',
      show_log: true,
      onLog: (l) => lines.push(l),
      onStatus: (s) => statuses.push(s),
    });
    expect(lines).toContain("files=['a.csv', 'sub'] interpreter=python3");
    expect(statuses.at(-1)).toBe('Completed');
    const info = await job.getJobInfo();
    expect(info.algorithm.code_dir).toBe(`obs://${bucket}/code/`);
    expect(info.algorithm.environments).toMatchObject({ MA_SCRIPT_INTERPRETER: 'python3' });
    expect(await text(`obs://${bucket}/out/model.txt`)).toBe('a.csv,sub');
    const keys: string[] = [];
    for await (const o of session.obs.list(`obs://${bucket}/`, { recursive: true })) keys.push(o.key);
    expect(keys).toEqual(expect.arrayContaining(['code/train.py', 'uploaded-data/a.csv', 'uploaded-data/sub/b.csv']));
  });

  it('a failing job: wait() throws ResourceFailedError with exit code 3, the last stderr line and the last log lines; partial output is uploaded', async () => {
    await session.obs.copy(data, `obs://${bucket}/data/`, { keep_last_dir: false });
    const job = await new Estimator(session, {
      training_files: { code_dir: `obs://${bucket}/code/`, boot_file: 'train.py' },
      outputs: [{ name: 'train_url', obs_path: `obs://${bucket}/fail-out/` }],
      parameters: [{ name: 'fail', value: 3 }],
      train_instance_type: 'modelarts.vm.cpu.2u',
    }).fit({ inputs: [{ name: 'data_url', obs_path: `obs://${bucket}/data/` }] });
    const err = await job.wait({ minIntervalMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceFailedError);
    const e = err as ResourceFailedError;
    expect(e.status).toBe('Failed');
    expect(e.reason).toMatch(/worker-0 exited with code 3/);
    expect(e.reason).toContain('RuntimeError: diverged (3)');
    expect(e.reason).toContain('partial output written');
    expect(await text(`obs://${bucket}/fail-out/model.txt`)).toBe('a.csv,sub');
    const lines: string[] = [];
    for await (const l of job.logs()) lines.push(l);
    expect(lines).toContain('partial output written');
    expect(lines.at(-1)).toMatch(/Training job failed|Training end with return code: 3/);
    // The whole log, through the temporary link of logUrl.
    const link = new URL((await session.client.trainingJobs.logUrl(job.job_id)).obs_url);
    const q = Object.fromEntries(link.searchParams);
    const full = await session.client.trainingJobs.logDownload(job.job_id, 'worker-0', { expires: Number(q.expires), signature: q.signature ?? '' });
    expect(full).toContain('RuntimeError: diverged (3)');
    expect(full).toBe((await job.getJobLog()).content);
    const events = await session.client.trainingJobs.events(job.job_id);
    expect(events.events.map((x) => x.message).join('\n')).toContain('Exit code 3');
  });

  it('getJobList pages by page index (for await walks every job) and filters; an unknown job is ModelArts.2775', async () => {
    const names = ['page-a', 'page-b', 'page-c'];
    for (const name of names) {
      await new Estimator(session, {
        training_files: { code_dir: `obs://${bucket}/code/`, boot_file: 'train.py' },
        train_instance_type: 'modelarts.vm.cpu.2u',
      }).fit({
        job_name: name,
        inputs: [{ name: 'data_url', obs_path: `obs://${bucket}/data/` }],
      });
    }
    const filters = [{ key: 'name', operator: 'like', value: ['page-'] }];
    const first = await Estimator.getJobList(session, { limit: 2, filters, order: 'asc' });
    expect(first.items.map((j) => j.metadata.name)).toEqual(['page-a', 'page-b']);
    const all: string[] = [];
    for await (const j of Estimator.getJobList(session, { limit: 2, filters, order: 'asc' })) all.push(j.metadata.name);
    expect(all).toEqual(names);
    const second = await Estimator.getJobList(session, { limit: 2, offset: 1, filters, order: 'asc' });
    expect(second.items.map((j) => j.metadata.name)).toEqual(['page-c']);
    const err = await new TrainingJob(session, 'no-such-job').getJobInfo().catch((x: unknown) => x);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).error_code).toBe('ModelArts.2775');
    // Another project's job is not found either.
    const other = p.addTenant();
    const stranger = new Session({
      access_key: other.access_key,
      secret_key: other.secret_key,
      project_id: other.project_id,
      region_name: other.region_name,
      endpoint: p.endpoint,
    });
    await expect(new TrainingJob(stranger, first.items[0]?.metadata.id ?? '').getJobInfo()).rejects.toMatchObject({ error_code: 'ModelArts.2775' });
    await stranger.close();
  });
});
