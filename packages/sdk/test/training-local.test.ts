import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Estimator, InputData, OutputData, ResourceFailedError, TrainingFiles } from '../src/index.js';
import { obsFixture } from './obs-helpers.js';

/** A stdlib training script: reads CSV rows of --data_url, writes model.json and a per-rank file to --output_dir. */
const TRAIN_PY = `
import argparse, json, os, sys, time
p = argparse.ArgumentParser()
p.add_argument('--data_url'); p.add_argument('--output_dir'); p.add_argument('--epochs', type=int, default=1)
p.add_argument('--dist', action='store_true'); p.add_argument('--fail', type=int, default=0); p.add_argument('--sleep', type=float, default=0)
a, _ = p.parse_known_args()
rank = int(os.environ['RANK']); world = int(os.environ['WORLD_SIZE'])
rows = []
for root, _, names in os.walk(a.data_url):
    for n in sorted(names):
        rows += open(os.path.join(root, n)).read().split()
print(f'rank {rank}/{world} rows={len(rows)} dist={a.dist} epochs={a.epochs} hosts={os.environ["VC_WORKER_HOSTS"]}', flush=True)
os.makedirs(a.output_dir, exist_ok=True)
json.dump({'rank': rank, 'world': world, 'rows': len(rows), 'task_index': os.environ['VC_TASK_INDEX'], 'num_hosts': os.environ['MA_NUM_HOSTS'],
           'master': os.environ['MASTER_ADDR'] + ':' + os.environ['MASTER_PORT']}, open(os.path.join(a.output_dir, f'rank-{rank}.json'), 'w'))
end = time.time() + a.sleep
while time.time() < end:
    print('sleeping', flush=True); time.sleep(0.2)
if a.fail:
    print('about to fail', flush=True)
    print(f'ValueError: failing with {a.fail}', file=sys.stderr, flush=True)
    sys.exit(a.fail)
print('done', flush=True)
`;

const TRAIN_MJS = `
import { mkdirSync, writeFileSync } from 'node:fs';
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.slice(2).split('=')));
console.log('node worker', process.env.VC_TASK_INDEX, 'lr', args.lr);
mkdirSync(args.output_dir, { recursive: true });
writeFileSync(args.output_dir + '/model.json', JSON.stringify({ runtime: 'node', lr: Number(args.lr) }));
`;

let f: Awaited<ReturnType<typeof obsFixture>>;
let codeDir: string;
const bucket = 'train-local';

beforeAll(async () => {
  f = await obsFixture();
  await f.session.obs.makeBucket(bucket);
  codeDir = f.tempDir('code');
  writeFileSync(join(codeDir, 'train.py'), TRAIN_PY);
  writeFileSync(join(codeDir, 'train.mjs'), TRAIN_MJS);
  // Format 1 of the manual: the data as a .zip in OBS; Format 2: a folder.
  const data = f.tempDir('data');
  mkdirSync(join(data, 'dataset', 'part'), { recursive: true });
  writeFileSync(join(data, 'dataset', 'a.txt'), 'r1 r2 r3\n');
  writeFileSync(join(data, 'dataset', 'part', 'b.txt'), 'r4\n');
  execFileSync('python3', ['-m', 'zipfile', '-c', join(data, 'dataset.zip'), 'a.txt', 'part'], { cwd: join(data, 'dataset') });
  await f.session.obs.copy(join(data, 'dataset.zip'), `obs://${bucket}/data-zip/dataset.zip`);
  await f.session.obs.copy(join(data, 'dataset'), `obs://${bucket}/data-dir/`, { keep_last_dir: false });
});
afterAll(async () => {
  await f?.close();
});

async function objects(prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of f.session.obs.list(prefix, { recursive: true })) out.push(o.key);
  return out.sort();
}

async function readObject(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await f.session.obs.read(path)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('Estimator local mode (manual 8.1.2)', () => {
  it('single node: downloads and unzips the OBS input, streams the log, uploads outputs and the log, adds the time suffix', async () => {
    const work = f.tempDir('work');
    const dataLocal = join(work, 'dataset/');
    const outLocal = join(work, 'output/');
    const lines: string[] = [];
    const estimator = new Estimator(f.session, {
      training_files: new TrainingFiles({ code_dir: codeDir, boot_file: 'train.py' }),
      outputs: [new OutputData({ local_path: outLocal, obs_path: `obs://${bucket}/single/output/` })],
      parameters: [
        { name: 'data_url', value: dataLocal },
        { name: 'output_dir', value: outLocal },
        { name: 'epochs', value: 2 },
      ],
      framework_type: 'PyTorch',
      train_instance_type: 'local',
      train_instance_count: 1,
      log_url: `obs://${bucket}/single/log/`,
      job_description: 'local debug',
    });
    const job = await estimator.fit({
      inputs: [new InputData({ obs_path: `obs://${bucket}/data-zip/dataset.zip`, local_path: dataLocal, is_local_source: false })],
      job_name: 'cifar10-dis',
      onLog: (l) => lines.push(l),
    });
    expect(lines).toContain('rank 0/1 rows=4 dist=False epochs=2 hosts=127.0.0.1');
    expect(lines).toContain('done');
    // The archive was unpacked into local_path and removed.
    expect(readdirSync(dataLocal).sort()).toEqual(['a.txt', 'part']);
    const info = await job.getJobInfo();
    expect(info.status.phase).toBe('Completed');
    expect(info.metadata.name).toMatch(/^cifar10-dis-\d{8}-\d{6}$/);
    expect(info.metadata.description).toBe('local debug');
    expect(info.metadata.annotations).toEqual({ job_template: 'Template DL' });
    expect(info.status.task_statuses).toEqual([{ task: 'worker-0', exit_code: 0, message: '' }]);
    expect(estimator.job_id).toBe(job.job_id);
    expect(JSON.parse(readFileSync(join(outLocal, 'rank-0.json'), 'utf8'))).toMatchObject({ rank: 0, world: 1, rows: 4, task_index: '0', num_hosts: '1' });
    expect(await objects(`obs://${bucket}/single/output/`)).toEqual(['single/output/rank-0.json']);
    expect(JSON.parse(await readObject(`obs://${bucket}/single/output/rank-0.json`))).toMatchObject({ rows: 4 });
    expect(await objects(`obs://${bucket}/single/log/`)).toEqual([`single/log/modelarts-job-${job.job_id}-worker-0.log`]);
    const log = await estimator.getJobLog();
    expect(log.content).toContain('rank 0/1 rows=4');
    expect(log.content).toContain('Training end with return code: 0');
    expect(log.full_size).toBe(Buffer.byteLength(log.content));
    expect((await job.getJobMetrics()).metrics.map((m) => m.metric)).toEqual(['cpuUsage', 'memUsage']);
    const again: string[] = [];
    for await (const l of job.logs()) again.push(l);
    expect(again).toContain('done');
    await job.updateJobConfigs({ description: 'changed' });
    expect((await job.getJobInfo()).metadata.description).toBe('changed');
  });

  it('two workers: each gets the distributed environment, both logs exist, both outputs are uploaded', async () => {
    const work = f.tempDir('work2');
    const outLocal = join(work, 'output/');
    const lines: string[] = [];
    const job = await new Estimator(f.session, {
      training_files: { code_dir: codeDir, boot_file: 'train.py' },
      outputs: [{ local_path: outLocal, obs_path: `obs://${bucket}/dist/output/` }],
      parameters: [{ name: 'data_url', value: join(work, 'data/') }, { name: 'output_dir', value: outLocal }, { name: 'dist' }],
      train_instance_type: 'local',
      train_instance_count: 2,
    }).fit({ inputs: [{ obs_path: `obs://${bucket}/data-dir/`, local_path: join(work, 'data/') }], onLog: (l) => lines.push(l) });
    expect(lines).toContain('[worker-0] rank 0/2 rows=4 dist=True epochs=1 hosts=127.0.0.1,127.0.0.1');
    expect(lines).toContain('[worker-1] rank 1/2 rows=4 dist=True epochs=1 hosts=127.0.0.1,127.0.0.1');
    const info = await job.getJobInfo();
    expect(info.status.tasks).toEqual(['worker-0', 'worker-1']);
    expect(info.status.task_statuses.map((t) => t.exit_code)).toEqual([0, 0]);
    expect(await objects(`obs://${bucket}/dist/output/`)).toEqual(['dist/output/rank-0.json', 'dist/output/rank-1.json']);
    const r0 = JSON.parse(readFileSync(join(outLocal, 'rank-0.json'), 'utf8'));
    const r1 = JSON.parse(readFileSync(join(outLocal, 'rank-1.json'), 'utf8'));
    expect([r0.task_index, r1.task_index, r0.num_hosts, r1.world]).toEqual(['0', '1', '2', 2]);
    expect(r0.master).toBe(r1.master);
    expect((await job.getJobLog({ task_id: 'worker-1' })).content).toContain('rank 1/2');
  });

  it('a failing script: ResourceFailedError with exit code 3 and its last stderr line; outputs written before still uploaded', async () => {
    const work = f.tempDir('work3');
    const outLocal = join(work, 'output/');
    const err = await new Estimator(f.session, {
      training_files: { code_dir: codeDir, boot_file: 'train.py' },
      outputs: [{ local_path: outLocal, obs_path: `obs://${bucket}/fail/output/` }],
      parameters: [
        { name: 'data_url', value: work },
        { name: 'output_dir', value: outLocal },
        { name: 'fail', value: 3 },
      ],
      train_instance_type: 'local',
    })
      .fit({ onLog: () => undefined })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceFailedError);
    const e = err as ResourceFailedError;
    expect(e.status).toBe('Failed');
    expect(e.reason).toContain('worker-0 exited with code 3');
    expect(e.reason).toContain('ValueError: failing with 3');
    expect(e.reason).toContain('about to fail');
    expect(await objects(`obs://${bucket}/fail/output/`)).toEqual(['fail/output/rank-0.json']);
  });

  it('an input that is not in OBS fails the job before the script runs, saying which input', async () => {
    const lines: string[] = [];
    const err = await new Estimator(f.session, {
      training_files: { code_dir: codeDir, boot_file: 'train.py' },
      train_instance_type: 'local',
    })
      .fit({ inputs: [{ name: 'data_url', obs_path: `obs://${bucket}/nothing-here/` }], onLog: (l) => lines.push(l) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceFailedError);
    expect((err as ResourceFailedError).reason).toMatch(
      /^worker-0 did not run: Failed to download the training input \(parameter name: data_url\) from obs:\/\/train-local\/nothing-here\/: .*Nothing exists at/,
    );
    expect(lines.some((l) => l.startsWith('rank '))).toBe(false);
  });

  it('controlJob terminates a running local job; a .mjs boot file runs with node; is_local_source data is uploaded to obs_path', async () => {
    const work = f.tempDir('work4');
    const job = await new Estimator(f.session, {
      training_files: { code_dir: codeDir, boot_file: 'train.py' },
      parameters: [
        { name: 'data_url', value: work },
        { name: 'output_dir', value: join(work, 'out') },
        { name: 'sleep', value: 60 },
      ],
      train_instance_type: 'local',
    }).fit({ wait: false, show_log: false });
    for await (const l of job.logs({ follow: true })) if (l === 'sleeping') break;
    const t0 = Date.now();
    expect((await job.controlJob()).status.phase).toBe('Terminating');
    const err = await job.wait().catch((e: unknown) => e);
    expect((err as ResourceFailedError).status).toBe('Terminated');
    expect(Date.now() - t0).toBeLessThan(15_000);
    await job.deleteJob();
    await expect(job.getJobInfo()).rejects.toThrow(/deleted/);

    const local = join(work, 'mine');
    mkdirSync(local);
    writeFileSync(join(local, 'rows.txt'), 'x y\n');
    const out = join(work, 'node-out');
    const nodeJob = await new Estimator(f.session, {
      training_files: { code_dir: codeDir, boot_file: 'train.mjs' },
      parameters: [
        { name: 'lr', value: 0.5 },
        { name: 'output_dir', value: out },
      ],
      train_instance_type: 'local',
    }).fit({ inputs: [{ local_path: local, obs_path: `obs://${bucket}/uploaded/`, is_local_source: true }], show_log: false });
    expect((await nodeJob.getJobInfo()).status.phase).toBe('Completed');
    expect(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'))).toEqual({ runtime: 'node', lr: 0.5 });
    expect((await nodeJob.getJobLog()).content).toContain('node worker 0 lr 0.5');
    expect(await objects(`obs://${bucket}/uploaded/`)).toEqual(['uploaded/rows.txt']);
    expect(existsSync(local)).toBe(true);
  });
});
