import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getOperation, type TrainingJobCreateBody } from '@modelarts-ts/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyAlive, Client, expectCode, type Fixture, jobBody, processesOfJob, trainingFixture } from './helpers.js';

// The platform runs in this process: a secret in its environment must not reach the jobs.
process.env.HUAWEICLOUD_SDK_SK = 'platform-process-secret';

const B = 'training-bkt';

const TRAIN_PY = `
import argparse, json, os, sys, time
p = argparse.ArgumentParser()
p.add_argument('--data_url'); p.add_argument('--train_url'); p.add_argument('--epochs', type=int, default=1)
p.add_argument('--hold', type=float, default=0)
args, _ = p.parse_known_args()
time.sleep(args.hold)  # long enough to be sampled by the metrics
xs, ys = [], []
for line in open(os.path.join(args.data_url, 'points.csv')):
    x, y = line.strip().split(',')
    xs.append(float(x)); ys.append(float(y))
n = len(xs); mx = sum(xs) / n; my = sum(ys) / n
slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
for e in range(args.epochs):
    print('epoch', e, 'slope', round(slope, 3))
with open(os.path.join(args.train_url, 'model.json'), 'w') as f:
    json.dump({'slope': slope, 'intercept': my - slope * mx}, f)
`;

const NODE_MJS = `
import { writeFileSync } from 'node:fs';
const arg = (n) => process.argv.find((a) => a.startsWith('--' + n + '='))?.slice(n.length + 3);
writeFileSync(arg('train_url') + '/result.json', JSON.stringify({ argv: process.argv.slice(2), rank: process.env.RANK }));
console.log('node training done');
`;

const FAIL_PY = `
import argparse, sys
p = argparse.ArgumentParser(); p.add_argument('--train_url'); a, _ = p.parse_known_args()
open(a.train_url + '/partial.txt', 'w').write('written before the failure')
print('Traceback (most recent call last):', file=sys.stderr)
print('ValueError: the learning rate is negative', file=sys.stderr)
sys.exit(3)
`;

const DIST_PY = `
import os, argparse
p = argparse.ArgumentParser(); p.add_argument('--train_url'); a, _ = p.parse_known_args()
e = os.environ
assert e['WORLD_SIZE'] == '2' and e['MA_NUM_HOSTS'] == '2' and e['VC_WORKER_NUM'] == '2'
assert e['RANK'] == e['VC_TASK_INDEX'] and e['MASTER_ADDR'] == e['VC_WORKER_HOSTS'].split(',')[0]
assert e['MA_VJ_NAME'].startswith('ma-job-') and e['MA_TASK_NAME'] == 'worker'
open(os.path.join(a.train_url, 'rank-%s.txt' % e['RANK']), 'w').write(e['MASTER_PORT'])
print('rank', e['RANK'], 'ok')
`;

const SLEEP_PY = `
import os, subprocess, time
child = subprocess.Popen(['sleep', '120'])
print('pids %d %d' % (os.getpid(), child.pid), flush=True)
time.sleep(120)
`;

const ENV_PY = `
import argparse, json, os
p = argparse.ArgumentParser(); p.add_argument('--train_url'); a, _ = p.parse_known_args()
json.dump(dict(os.environ), open(os.path.join(a.train_url, 'env.json'), 'w'))
`;

let f: Fixture;
let c: Client;

beforeAll(async () => {
  f = await trainingFixture();
  c = f.client;
  await c.bucket(B);
  await c.put(B, 'code/train.py', TRAIN_PY);
  await c.put(B, 'data/points.csv', '0,1\n1,3\n2,5\n3,7\n');
  await c.put(B, 'node/main.mjs', NODE_MJS);
  await c.put(B, 'fail/fail.py', FAIL_PY);
  await c.put(B, 'dist/dist.py', DIST_PY);
  await c.put(B, 'sleep/sleep.py', SLEEP_PY);
  await c.put(B, 'env/env.py', ENV_PY);
});
afterAll(async () => {
  delete process.env.HUAWEICLOUD_SDK_SK;
  await f?.close();
});

describe('training jobs on ModelArts Local', () => {
  it('trains a Python stdlib model: the model lands in OBS, with logs, events, metrics and a log link', async () => {
    const res = await c.session.client.requestWithResponse(getOperation('trainingJobs.create'), {
      body: jobBody(
        'py-train',
        {
          code_dir: `obs://${B}/code/`,
          boot_file: 'train.py',
          engine: { engine_name: 'PyTorch', engine_version: 'PyTorch-1.4.0-python3.6' },
          inputs: [{ name: 'data_url', remote: { obs: { obs_url: `obs://${B}/data/` } } }],
          outputs: [{ name: 'train_url', remote: { obs: { obs_url: `/${B}/out/py/` } } }],
          parameters: [
            { name: 'epochs', value: '2' },
            { name: 'hold', value: '1.5' },
          ],
        },
        { spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 }, log_export_path: { obs_url: `obs://${B}/logs/py/` } } },
      ),
    });
    expect(res.response.status).toBe(201);
    const created = res.data;
    expect(created.status).toMatchObject({ phase: 'Creating', secondary_phase: 'Creating', tasks: ['worker-0'], duration: 0, start_time: 0 });
    expect(created.algorithm).toMatchObject({ code_dir: `obs://${B}/code/`, boot_file: `obs://${B}/code/train.py` });
    expect(created.algorithm.inputs?.[0]?.local_dir).toBe('/home/ma-user/modelarts/inputs/data_url_0');
    expect(created.spec.resource).toMatchObject({ flavor_id: 'modelarts.vm.cpu.2u', node_count: 1, flavor_detail: { flavor_type: 'CPU' } });
    const id = created.metadata.id;

    const done = await c.waitPhase(id, ['Completed', 'Failed', 'Abnormal']);
    expect(done.status.phase, await c.log(id)).toBe('Completed');
    expect(done.status).toMatchObject({ secondary_phase: 'Completed', task_statuses: [{ task: 'worker-0', exit_code: 0, message: '' }] });
    expect(done.status.start_time).toBeGreaterThan(0);
    expect(done.status.duration).toBeGreaterThan(0);

    const model = JSON.parse(await c.text(B, 'out/py/model.json')) as { slope: number; intercept: number };
    expect(model.slope).toBeCloseTo(2);
    expect(model.intercept).toBeCloseTo(1);

    const preview = await c.call('trainingJobs.logPreview', { params: { training_job_id: id, task_id: 'worker-0' } });
    expect(preview.content).toContain('epoch 1 slope 2.0');
    expect(preview.content.trimEnd().split('\n').pop()).toBe('[ModelArts Service Log]Training end with return code: 0');
    expect(preview.current_size).toBe(preview.full_size);
    expect(preview.full_size).toBe(Buffer.byteLength(preview.content));
    expect(await c.keys(B, 'logs/py/')).toContain(`logs/py/modelarts-job-${id}-worker-0.log`);

    const events = await c.call('trainingJobs.events', { params: { training_job_id: id }, query: { limit: 100 } });
    const messages = events.events.map((e) => e.message);
    for (const step of [
      /^Training job created\.$/,
      /^The training job is queuing/,
      /^Resources allocated/,
      /^Training code downloaded/,
      /^Training input \(parameter name: data_url\) downloaded/,
      /^\[worker-0\] Training started/,
      /^\[worker-0\] Training finished\. Exit code 0\.$/,
      /^Training output \(parameter name: train_url\) uploaded/,
      /^Training job completed\.$/,
    ]) {
      expect(
        messages.some((m) => step.test(m)),
        `${step} in ${JSON.stringify(messages)}`,
      ).toBe(true);
    }
    expect(events.total).toBe(events.events.length);
    for (const e of events.events) {
      expect(['Info', 'Warning', 'Error']).toContain(e.level);
      expect(Number(e.time)).toBeGreaterThanOrEqual(created.metadata.create_time);
      expect(['Job', 'Task']).toContain(e.source);
    }
    const tasksOnly = await c.call('trainingJobs.events', { params: { training_job_id: id }, query: { source: 'Task', order: 'desc', limit: 1 } });
    expect(tasksOnly.events).toHaveLength(1);
    expect(tasksOnly.events[0]?.message).toMatch(/^\[worker-0\] Training finished/);

    const metrics = await c.call('trainingJobs.metrics', { params: { training_job_id: id, task_id: 'worker-0' } });
    expect(metrics.metrics.map((m) => m.metric)).toEqual(['cpuUsage', 'memUsage']);
    for (const m of metrics.metrics) expect(m.value.length).toBeGreaterThanOrEqual(1);

    const link = await c.call('trainingJobs.logUrl', { params: { training_job_id: id, task_id: 'worker-0' } });
    expect(link.obs_url.startsWith(`${f.p.endpoint}/-/training-logs/${id}/worker-0?expires=`)).toBe(true);
    const got = await fetch(link.obs_url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await got.text()).toBe(preview.content);
    const tampered = await fetch(link.obs_url.replace(/signature=./, (s) => `${s.slice(0, -1)}${s.endsWith('0') ? '1' : '0'}`));
    expect(tampered.status).toBe(401);
    expect(((await tampered.json()) as { error_code: string }).error_code).toBe('APIGW.0301');
    expect(f.p.logs()).not.toContain(new URL(link.obs_url).searchParams.get('signature'));
  });

  it('runs a Node script', async () => {
    const job = await c.create(
      jobBody('node-train', {
        code_dir: `obs://${B}/node/`,
        boot_file: `obs://${B}/node/main.mjs`,
        outputs: [{ name: 'train_url', remote: { obs: { obs_url: `obs://${B}/out/node/` } } }],
        parameters: [{ name: 'lr', value: '0.1' }, { name: 'dist' }],
      }),
    );
    const done = await c.waitPhase(job.metadata.id, ['Completed', 'Failed', 'Abnormal']);
    expect(done.status.phase, await c.log(job.metadata.id)).toBe('Completed');
    const result = JSON.parse(await c.text(B, 'out/node/result.json')) as { argv: string[]; rank: string };
    expect(result.argv.slice(1)).toEqual(['--lr=0.1', '--dist']);
    expect(result.argv[0]).toMatch(/^--train_url=.*\/modelarts\/outputs\/train_url_0$/);
    expect(result.rank).toBe('0');
    expect(await c.log(job.metadata.id)).toContain('node training done');
  });

  it('fails with exit code 3, the last stderr line in the message, and uploads what was written before', async () => {
    const job = await c.create(
      jobBody('fails', {
        code_dir: `obs://${B}/fail/`,
        boot_file: 'fail.py',
        outputs: [{ name: 'train_url', remote: { obs: { obs_url: `obs://${B}/out/fail/` } } }],
      }),
    );
    const done = await c.waitPhase(job.metadata.id, ['Completed', 'Failed', 'Abnormal']);
    expect(done.status.phase).toBe('Failed');
    expect(done.status.secondary_phase).toBe('Failed');
    const status = done.status.task_statuses[0];
    expect(status?.exit_code).toBe(3);
    expect(status?.message).toMatch(/ValueError: the learning rate is negative$/);
    expect(await c.text(B, 'out/fail/partial.txt')).toBe('written before the failure');
    expect(await c.log(job.metadata.id)).toMatch(/\[ModelArts Service Log\]Training end with return code: 3\n$/);
    const events = await c.call('trainingJobs.events', { params: { training_job_id: job.metadata.id }, query: { level: 'Error' } });
    expect(events.events.map((e) => e.message)).toContain('[worker-0] Training finished. Exit code 3.');
  });

  it('runs two workers that see the distributed environment, with one log each', async () => {
    const job = await c.create(
      jobBody(
        'two-workers',
        { code_dir: `obs://${B}/dist/`, boot_file: 'dist.py', outputs: [{ name: 'train_url', remote: { obs: { obs_url: `obs://${B}/out/dist/` } } }] },
        { spec: { resource: { flavor_id: 'modelarts.vm.cpu.8u', node_count: 2 } } },
      ),
    );
    expect(job.status.tasks).toEqual(['worker-0', 'worker-1']);
    const done = await c.waitPhase(job.metadata.id, ['Completed', 'Failed', 'Abnormal']);
    expect(done.status.phase, (await c.log(job.metadata.id)) + (await c.log(job.metadata.id, 'worker-1'))).toBe('Completed');
    expect(done.status.task_statuses.map((t) => [t.task, t.exit_code])).toEqual([
      ['worker-0', 0],
      ['worker-1', 0],
    ]);
    const port0 = await c.text(B, 'out/dist/rank-0.txt');
    expect(await c.text(B, 'out/dist/rank-1.txt')).toBe(port0);
    expect(await c.log(job.metadata.id, 'worker-0')).toContain('rank 0 ok');
    expect(await c.log(job.metadata.id, 'worker-1')).toContain('rank 1 ok');
    await expectCode(c.call('trainingJobs.logPreview', { params: { training_job_id: job.metadata.id, task_id: 'worker-2' } }), 'ModelArts.2788');
  });

  it('terminates a sleeping job within 15 s and leaves no process behind', async () => {
    const job = await c.create(jobBody('sleeper', { code_dir: `obs://${B}/sleep/`, boot_file: 'sleep.py' }));
    const id = job.metadata.id;
    await c.waitLog(id, /pids (\d+) (\d+)/);
    const ticks = processesOfJob(id);
    // The boot process and its child (and the sandbox's own processes when there is one).
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(anyAlive(ticks)).toBe(true);
    const t0 = Date.now();
    const answer = await c.call('trainingJobs.action', { params: { training_job_id: id }, body: { action_type: 'terminate' } });
    expect(answer.status.phase).toBe('Terminating');
    const done = await c.waitPhase(id, ['Terminated', 'Completed', 'Failed', 'Abnormal'], 15_000);
    expect(done.status.phase).toBe('Terminated');
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(anyAlive(ticks)).toBe(false);
    const events = await c.call('trainingJobs.events', { params: { training_job_id: id }, query: { pattern: 'Termination' } });
    expect(events.events.length).toBeGreaterThanOrEqual(1);
    await expectCode(c.call('trainingJobs.action', { params: { training_job_id: id }, body: { action_type: 'terminate' } }), 'ModelArts.2788');
  });

  it('gives the job a clean environment: none of the platform secrets', async () => {
    const job = await c.create(
      jobBody('env-check', {
        code_dir: `obs://${B}/env/`,
        boot_file: 'env.py',
        outputs: [{ name: 'train_url', remote: { obs: { obs_url: `obs://${B}/out/env/` } } }],
        environments: { USER_ENV_VAR: 'customize environment variable' },
      }),
    );
    const done = await c.waitPhase(job.metadata.id, ['Completed', 'Failed', 'Abnormal']);
    expect(done.status.phase).toBe('Completed');
    const raw = await c.text(B, 'out/env/env.json');
    const env = JSON.parse(raw) as Record<string, string>;
    expect(env.USER_ENV_VAR).toBe('customize environment variable');
    expect(env.MA_JOB_DIR).toMatch(/modelarts\/user-job-dir$/);
    expect(env.HUAWEICLOUD_SDK_SK).toBeUndefined();
    for (const secret of ['platform-process-secret', f.p.credentials.secret_key, f.p.credentials.access_key, f.p.credentials.password]) {
      expect(raw).not.toContain(secret);
    }
    expect(Object.keys(env).filter((k) => k.startsWith('MODELARTS_LOCAL') || k.startsWith('HUAWEICLOUD'))).toEqual([]);
  });

  it('runs a custom-image command on the host with /bin/sh and says no container runtime was used', async () => {
    const job = await c.create(
      jobBody('custom-image', {
        code_dir: `obs://${B}/code/`,
        command: 'cd /home/ma-user/modelarts/user-job-dir/code && python3 train.py',
        engine: { image_url: 'sdk-test/pytorch1_4:1.0.1' },
        inputs: [{ name: 'data_url', remote: { obs: { obs_url: `obs://${B}/data/` } } }],
        outputs: [{ name: 'train_url', remote: { obs: { obs_url: `obs://${B}/out/custom/` } } }],
      }),
    );
    const done = await c.waitPhase(job.metadata.id, ['Completed', 'Failed', 'Abnormal']);
    expect(done.status.phase, await c.log(job.metadata.id)).toBe('Completed');
    expect(JSON.parse(await c.text(B, 'out/custom/model.json'))).toHaveProperty('slope');
    const events = await c.call('trainingJobs.events', { params: { training_job_id: job.metadata.id }, query: { level: 'Warning' } });
    expect(events.events.some((e) => /sdk-test\/pytorch1_4:1\.0\.1 was not pulled: no container runtime/.test(e.message))).toBe(true);
  });

  it('ends in Abnormal/CreateFailed when a bucket of the job does not exist', async () => {
    const job = await c.create(jobBody('no-bucket', { code_dir: 'obs://no-such-bucket-x/code/', boot_file: 'train.py' }));
    const done = await c.waitPhase(job.metadata.id, ['Abnormal', 'Running', 'Failed']);
    expect(done.status).toMatchObject({ phase: 'Abnormal', secondary_phase: 'CreateFailed' });
  });

  it('answers bad bodies with the cloud codes', async () => {
    const code = { code_dir: `obs://${B}/code/`, boot_file: 'train.py' };
    await expectCode(c.create({ kind: 'job', metadata: {}, algorithm: code } as unknown as TrainingJobCreateBody), 'ModelArts.2788');
    await expectCode(c.create(jobBody('bad name!', code)), 'ModelArts.2788');
    await expectCode(c.create(jobBody('x1', code, { spec: { resource: { flavor_id: 'modelarts.vm.cpu.999u' } } })), 'ModelArts.2781');
    await expectCode(c.create(jobBody('x2', code, { spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 2 } } })), 'ModelArts.2793');
    await expectCode(c.create(jobBody('x3', { ...code, engine: { engine_name: 'NoSuchEngine' } })), 'ModelArts.2780');
    await expectCode(c.create(jobBody('x4', { ...code, boot_file: '../../etc/passwd' })), 'ModelArts.2758');
    await expectCode(c.create(jobBody('x5', { code_dir: 'not-obs', boot_file: 'a.py' })), 'ModelArts.2757');
    await expectCode(c.create(jobBody('x6', { ...code, engine: { image_url: 'org/img:1' } })), 'ModelArts.2806');
    await expectCode(c.create(jobBody('x7', { id: '0cd1e1e4-0000-0000-0000-000000000000' })), 'ModelArts.2755');
    await expectCode(
      c.create(jobBody('x8', { ...code, inputs: [{ name: 'data_url', remote: { dataset: { id: 'ds1', version_id: 'v1' } } }] })),
      'ModelArts.2783',
    );
    await expectCode(c.create(jobBody('x9', { ...code, inputs: [{ name: 'data_url', remote: { obs: { obs_url: 'obs://B/x' } } }] })), 'ModelArts.2791');
    await expectCode(c.create(jobBody('x10', { ...code, working_dir: '/etc' })), 'ModelArts.2788');
    await c.create(jobBody('dup-name', { code_dir: 'obs://no-such-bucket-x/code/', boot_file: 'a.py' }));
    await expectCode(c.create(jobBody('dup-name', code)), 'ModelArts.2751');
  });

  it('answers unknown jobs and actions with the cloud codes', async () => {
    const missing = { training_job_id: '00000000-0000-0000-0000-000000000000' };
    await expectCode(c.get(missing.training_job_id), 'ModelArts.2775');
    await expectCode(c.call('trainingJobs.delete', { params: missing }), 'ModelArts.2775');
    await expectCode(c.call('trainingJobs.update', { params: missing, body: { description: 'x' } }), 'ModelArts.2775');
    await expectCode(c.call('trainingJobs.logPreview', { params: { ...missing, task_id: 'worker-0' } }), 'ModelArts.2775');
    await expectCode(c.call('trainingJobs.metrics', { params: { ...missing, task_id: 'worker-0' } }), 'ModelArts.2775');
    await expectCode(c.call('trainingJobs.events', { params: missing, query: {} }), 'ModelArts.2775');
    const job = await c.create(jobBody('action-target', { code_dir: 'obs://no-such-bucket-x/code/', boot_file: 'a.py' }));
    await expectCode(c.call('trainingJobs.action', { params: { training_job_id: job.metadata.id }, body: { action_type: 'pause' } }), 'ModelArts.2812');
  });

  it('keeps jobs to their project: another account sees 2775 and cannot read this account’s buckets', async () => {
    const job = await c.create(jobBody('mine-only', { code_dir: 'obs://no-such-bucket-x/code/', boot_file: 'a.py' }));
    const other = new Client(f.p.endpoint, f.p.addTenant());
    try {
      await expectCode(other.get(job.metadata.id), 'ModelArts.2775');
      await expectCode(other.call('trainingJobs.delete', { params: { training_job_id: job.metadata.id } }), 'ModelArts.2775');
      await expectCode(
        other.call('trainingJobs.action', { params: { training_job_id: job.metadata.id }, body: { action_type: 'terminate' } }),
        'ModelArts.2775',
      );
      const list = await other.call('trainingJobs.search', { body: {} });
      expect(list.total).toBe(0);
      const theft = await other.create(jobBody('steal', { code_dir: `obs://${B}/code/`, boot_file: 'train.py' }));
      const done = await other.waitPhase(theft.metadata.id, ['Abnormal', 'Completed', 'Failed']);
      expect(done.status).toMatchObject({ phase: 'Abnormal', secondary_phase: 'CreateFailed' });
    } finally {
      other.close();
    }
  });

  it('changes the description and deletes asynchronously (processes stopped, folder removed)', async () => {
    const job = await c.create(jobBody('to-delete', { code_dir: `obs://${B}/sleep/`, boot_file: 'sleep.py' }));
    const id = job.metadata.id;
    expect(await c.call('trainingJobs.update', { params: { training_job_id: id }, body: { description: 'new words' } })).toBeNull();
    expect((await c.get(id)).metadata.description).toBe('new words');
    await c.waitLog(id, /pids (\d+) (\d+)/);
    const procs = processesOfJob(id);
    expect(procs.length).toBeGreaterThanOrEqual(2);
    const folder = join(f.p.dataDir, 'work', 'jobs', id);
    expect(existsSync(folder)).toBe(true);
    const res = await c.session.client.requestWithResponse(getOperation('trainingJobs.delete'), { params: { training_job_id: id } });
    expect(res.response.status).toBe(202);
    const until = Date.now() + 15_000;
    for (;;) {
      const gone = await c.get(id).then(
        () => false,
        () => true,
      );
      if (gone) break;
      if (Date.now() > until) throw new Error('the job was not deleted');
      await new Promise((r) => setTimeout(r, 100));
    }
    await expectCode(c.get(id), 'ModelArts.2775');
    expect(anyAlive(procs)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });

  it('lists flavors with the cloud ids and shapes, filtered by type', async () => {
    const all = await c.call('trainingJobFlavors.list', { query: {} });
    expect(all.total_count).toBe(all.flavors.length);
    const two = all.flavors.find((x) => x.flavor_id === 'modelarts.vm.cpu.2u');
    expect(two).toMatchObject({ flavor_type: 'CPU', max_num: 1, flavor_info: { cpu: { core_num: 2 }, memory: { size: 8, unit: 'GB' } } });
    expect(all.flavors.find((x) => x.flavor_id === 'modelarts.vm.cpu.8u')).toMatchObject({
      max_num: 16,
      flavor_info: { cpu: { core_num: 8 }, memory: { size: 32 } },
    });
    const cpu = await c.call('trainingJobFlavors.list', { query: { flavor_type: 'CPU' } });
    expect(cpu.flavors.length).toBeGreaterThanOrEqual(2);
    expect(cpu.flavors.every((x) => x.flavor_type === 'CPU')).toBe(true);
    const gpu = await c.call('trainingJobFlavors.list', { query: { flavor_type: 'GPU' } });
    expect(gpu.flavors.every((x) => x.flavor_type === 'GPU')).toBe(true);
    expect(cpu.total_count + gpu.total_count).toBe(all.total_count);
  });

  it('lists the engines with the cloud names and whether they import here', async () => {
    const engines = await c.call('trainingJobEngines.list', {});
    const names = new Set(engines.items.map((e) => e.engine_name));
    for (const n of ['PyTorch', 'TensorFlow', 'MindSpore', 'XGBoost-Sklearn', 'Ascend-Powered-Engine']) expect(names.has(n), n).toBe(true);
    const torch = engines.items.find((e) => e.engine_version === 'PyTorch-1.4.0-python3.6');
    expect(torch?.x_local).toMatchObject({ interpreter: 'python3', module: 'torch' });
    expect(typeof torch?.x_local?.importable).toBe('boolean');
  });
});
