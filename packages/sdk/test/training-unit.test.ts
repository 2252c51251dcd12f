import { describe, expect, it } from 'vitest';
import { BadRequestError, Estimator, InputData, InvalidArgumentError, OutputData, ResourceFailedError, TrainingJob, WaitTimeoutError } from '../src/index.js';
import { buildCreateBody, obsCode, SCRIPT_INTERPRETER_ENV, timeSuffix } from '../src/training/job-request.js';
import { followLog, type LogWindow } from '../src/training/log-stream.js';
import { fakeSession, jobInfo } from './training-helpers.js';

describe('buildCreateBody (Estimator and fit arguments → v2 create body)', () => {
  it('maps every Estimator and fit argument onto the v2 create body', () => {
    const body = buildCreateBody(
      {
        training_files: { code_dir: 'obs://b/code/', boot_file: 'train.py' },
        outputs: [{ obs_path: 'obs://b/out/', name: 'output_dir' }],
        parameters: [
          { name: 'mod', value: 'gpu' },
          { name: 'epoc_num', value: 2 },
          { name: 'dist' },
          { name: 'on', value: true },
          { name: 'off', value: false },
        ],
        framework_type: 'PyTorch',
        framework_version: 'PyTorch-1.4.0-python3.6',
        train_instance_type: 'modelarts.vm.cpu.8u',
        train_instance_count: 2,
        log_url: 'obs://b/log/',
        env_variables: { USER_ENV_VAR: 'x' },
        working_dir: '/home/ma-user/modelarts/user-job-dir',
        local_code_dir: '/home/ma-user/modelarts/user-job-dir',
        job_description: 'desc',
        volumes: [{ nfs: { local_path: '/xx', read_only: false, nfs_server_path: '1.2.3.4:/' } }],
        pool_id: 'pool-1',
        script_interpreter: '/opt/py/bin/python',
      },
      { inputs: [{ obs_path: 'obs://b/in/', name: 'data_url' }] },
      'job_name_1',
      obsCode('obs://b/code/', 'train.py'),
    );
    expect(body).toEqual({
      kind: 'job',
      metadata: { name: 'job_name_1', description: 'desc' },
      algorithm: {
        code_dir: 'obs://b/code/',
        boot_file: 'obs://b/code/train.py',
        engine: { engine_name: 'PyTorch', engine_version: 'PyTorch-1.4.0-python3.6' },
        parameters: [{ name: 'mod', value: 'gpu' }, { name: 'epoc_num', value: '2' }, { name: 'dist' }, { name: 'on' }],
        inputs: [{ name: 'data_url', remote: { obs: { obs_url: 'obs://b/in/' } } }],
        outputs: [{ name: 'output_dir', remote: { obs: { obs_url: 'obs://b/out/' } } }],
        local_code_dir: '/home/ma-user/modelarts/user-job-dir',
        working_dir: '/home/ma-user/modelarts/user-job-dir',
        environments: { USER_ENV_VAR: 'x', [SCRIPT_INTERPRETER_ENV]: '/opt/py/bin/python' },
      },
      spec: {
        resource: { flavor_id: 'modelarts.vm.cpu.8u', node_count: 2, pool_id: 'pool-1' },
        volumes: [{ nfs: { local_path: '/xx', read_only: false, nfs_server_path: '1.2.3.4:/' } }],
        log_export_path: { obs_url: 'obs://b/log/' },
      },
    });
  });

  it('custom image: engine.image_url + command; dataset inputs; validation errors', () => {
    const body = buildCreateBody(
      { user_image_url: 'sdk-test/pytorch1_4:1.0.1', user_command: 'python /home/ma-user/x.py', train_instance_type: 'modelarts.vm.cpu.2u' },
      { dataset_id: 'd1', dataset_version_id: 'v1' },
      'j2',
      undefined,
    );
    expect(body.algorithm).toEqual({
      command: 'python /home/ma-user/x.py',
      engine: { image_url: 'sdk-test/pytorch1_4:1.0.1' },
      inputs: [{ name: 'data_url', remote: { dataset: { id: 'd1', version_id: 'v1' } } }],
    });
    expect(body.spec?.resource).toEqual({ flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 });
    const code = obsCode('obs://b/c', './t.py');
    expect(code).toEqual({ code_dir: 'obs://b/c/', boot_file: 'obs://b/c/t.py' });
    expect(obsCode('obs://b/c/', 'obs://b/c/sub/t.py').boot_file).toBe('obs://b/c/sub/t.py');
    const base = { train_instance_type: 'x' };
    expect(() => buildCreateBody({}, {}, 'j', code)).toThrow(/train_instance_type/);
    expect(() => buildCreateBody(base, {}, 'j', undefined)).toThrow(InvalidArgumentError);
    expect(() => buildCreateBody({ ...base, user_image_url: 'i' }, {}, 'j', undefined)).toThrow(/go together/);
    expect(() => buildCreateBody({ ...base, train_instance_count: 0 }, {}, 'j', code)).toThrow(/train_instance_count/);
    expect(() => buildCreateBody(base, { inputs: [{ obs_path: 'obs://b/i/' }, { obs_path: 'obs://b/j/' }] }, 'j', code)).toThrow(
      /inputs\[1\]: two inputs are named "data_url" \(an unnamed channel is named "data_url"\)/,
    );
    expect(() => buildCreateBody(base, { inputs: [{ obs_path: 'obs://b/i/', name: 'a' }], dataset_id: 'd', dataset_version_id: 'v' }, 'j', code)).toThrow(
      /either inputs or dataset_id/,
    );
    expect(() => buildCreateBody(base, { dataset_id: 'd' }, 'j', code)).toThrow(/go together/);
    expect(() =>
      buildCreateBody(
        {
          ...base,
          outputs: [
            { obs_path: 'obs://b/o/', name: 'o' },
            { obs_path: 'obs://b/p/', name: 'o' },
          ],
        },
        {},
        'j',
        code,
      ),
    ).toThrow(/outputs\[1\]: two outputs are named "o"/);
  });

  it('step 10 of 8.1.2.1: unnamed channels are data_url / train_url, local_path is not sent, a same-named parameter yields', () => {
    const warnings: string[] = [];
    const body = buildCreateBody(
      {
        train_instance_type: 'modelarts.vm.cpu.8u',
        outputs: [new OutputData({ local_path: '/home/ma-user/work/out/', obs_path: 'obs://b/out/' })],
        parameters: [
          { name: 'data_url', value: '/home/ma-user/work/data/' },
          { name: 'output_dir', value: '/home/ma-user/work/out/' },
          { name: 'epoch_num', value: 2 },
        ],
      },
      { inputs: [new InputData({ obs_path: 'obs://b/data/', local_path: '/home/ma-user/work/data/' })] },
      'j',
      obsCode('obs://b/code/', 'train.py'),
      (m) => warnings.push(m),
    );
    expect(body.algorithm?.inputs).toEqual([{ name: 'data_url', remote: { obs: { obs_url: 'obs://b/data/' } } }]);
    expect(body.algorithm?.outputs).toEqual([{ name: 'train_url', remote: { obs: { obs_url: 'obs://b/out/' } } }]);
    expect(body.algorithm?.parameters).toEqual([
      { name: 'output_dir', value: '/home/ma-user/work/out/' },
      { name: 'epoch_num', value: '2' },
    ]);
    expect(JSON.stringify(body)).not.toContain('/home/ma-user/work/data/');
    expect(warnings).toEqual([expect.stringContaining('The parameter "data_url" has the name of a channel')]);
  });

  it('time suffix is the manual’s %Y%m%d-%H%M%S', () => {
    expect(timeSuffix(new Date(2024, 0, 2, 3, 4, 5))).toBe('20240102-030405');
  });
});

/** A log that grows as `chunks` are appended, shown through a window of `window` bytes. */
function growingLog(chunks: string[], window = 1 << 20, endAfter = chunks.length) {
  let log = '';
  let step = 0;
  return {
    read: async (): Promise<LogWindow> => {
      const next = chunks[step];
      if (next !== undefined) log += next;
      step++;
      const b = Buffer.from(log);
      return { content: b.subarray(Math.max(0, b.length - window)).toString('utf8'), full_size: b.length };
    },
    ended: async () => step >= endAfter - 1,
  };
}

describe('followLog', () => {
  it('yields each line once across reads, holds a partial line back, ends at a terminal status', async () => {
    const src = growingLog(['a\nb', 'c\n', '', 'd\r\ne', '\nlast without newline']);
    const lines: string[] = [];
    for await (const l of followLog(src, { follow: true, minIntervalMs: 1, maxIntervalMs: 2 })) lines.push(l);
    expect(lines).toEqual(['a', 'bc', 'd', 'e', 'last without newline']);
  });

  it('without follow reads once', async () => {
    const src = growingLog(['x\ny\n', 'never\n']);
    const lines: string[] = [];
    for await (const l of followLog(src)) lines.push(l);
    expect(lines).toEqual(['x', 'y']);
  });

  it('says how many bytes it missed when more than a window arrived between reads, and keeps UTF-8 whole', async () => {
    const src = growingLog(['0123456789\n', 'é€\n', `${'z'.repeat(30)}\ntail\n`], 10);
    const lines: string[] = [];
    for await (const l of followLog(src, { follow: true, minIntervalMs: 1 })) lines.push(l);
    // The fragment before the first newline of a window is part of what was missed.
    expect(lines).toEqual(['[… 11 bytes of log skipped …]', 'é€', '[… 31 bytes of log skipped …]', 'tail']);
  });
});

describe('client.trainingJobs (fake transport)', () => {
  it('sends each operation to its path and pages the search by record offset', async () => {
    const jobs = Array.from({ length: 5 }, (_, i) => jobInfo(`j${i}`, 'Completed'));
    const { session, calls } = fakeSession((c) => {
      if (c.path === '/training-job-searches') {
        const b = c.body as { offset?: number; limit: number };
        const offset = b.offset ?? 0;
        const items = jobs.slice(offset, offset + b.limit);
        return {
          body: {
            total: 5,
            count: items.length,
            limit: b.limit,
            offset,
            sort_by: 'create_time',
            order: 'desc',
            group_by: '',
            workspace_id: '0',
            ai_project: 'default-ai-project',
            items,
          },
        };
      }
      if (c.method === 'GET' && c.path === '/training-jobs/j1') return { body: jobs[1] };
      if (c.method === 'PUT') return { body: null };
      if (c.method === 'DELETE') return { status: 202 };
      if (c.path.endsWith('/actions')) return { status: 202, body: jobInfo('j1', 'Terminating') };
      if (c.path.endsWith('/logs/preview')) return { body: { content: 'hi\n', current_size: 3, full_size: 3 } };
      if (c.path.endsWith('/logs/url')) return { body: { obs_url: 'http://x/log' } };
      if (c.path.startsWith('/training-jobs/j1/metrics/')) return { body: { metrics: [{ metric: 'cpuUsage', value: [1, 2] }] } };
      if (c.path.endsWith('/events')) return { body: { total: 0, limit: 50, offset: 0, order: 'asc', start_time: '', end_time: '', events: [] } };
      if (c.path === '/training-job-flavors') return { body: { total_count: 0, flavors: [] } };
      if (c.path === '/training-job-engines')
        return {
          body: {
            total: 1,
            items: [
              {
                engine_id: 'e',
                engine_name: 'PyTorch',
                engine_version: 'PyTorch-1.8',
                v1_compatible: false,
                run_user: '1000',
                image_info: { cpu_image_url: '', gpu_image_url: '', image_version: '' },
                x_local: { interpreter: 'python3', module: 'torch', importable: false },
              },
            ],
          },
        };
      return undefined;
    });
    const t = session.client.trainingJobs;
    const all = [];
    for await (const j of t.search({ limit: 2 })) all.push(j.metadata.id);
    expect(all).toEqual(['j0', 'j1', 'j2', 'j3', 'j4']);
    expect(calls.filter((c) => c.path === '/training-job-searches').map((c) => (c.body as { offset?: number }).offset)).toEqual([undefined, 2, 4]);
    expect((await t.search({ limit: 2, offset: 2 })).items.map((j) => j.metadata.id)).toEqual(['j2', 'j3']);

    calls.length = 0;
    expect((await t.get('j1')).metadata.id).toBe('j1');
    await t.update('j1', { description: 'd' });
    await t.delete('j1');
    expect((await t.terminate('j1')).status.phase).toBe('Terminating');
    expect(await t.logPreview('j1', 'worker-1')).toEqual({ content: 'hi\n', current_size: 3, full_size: 3 });
    expect((await t.logUrl('j1')).obs_url).toBe('http://x/log');
    expect((await t.metrics('j1')).metrics[0]?.metric).toBe('cpuUsage');
    await t.events('j1', { limit: 10, level: 'Error' });
    await t.flavors({ flavor_type: 'CPU' });
    expect(await Estimator.getFrameworkList(session)).toEqual([{ framework_type: 'PyTorch', framework_version: 'PyTorch-1.8', importable: false }]);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /training-jobs/j1',
      'PUT /training-jobs/j1',
      'DELETE /training-jobs/j1',
      'POST /training-jobs/j1/actions',
      'GET /training-jobs/j1/tasks/worker-1/logs/preview',
      'GET /training-jobs/j1/tasks/worker-0/logs/url',
      'GET /training-jobs/j1/metrics/worker-0',
      'GET /training-jobs/j1/events',
      'GET /training-job-flavors',
      'GET /training-job-engines',
    ]);
    expect(calls[1]?.body).toEqual({ description: 'd' });
    expect(calls[3]?.body).toEqual({ action_type: 'terminate' });
    expect(calls[7]?.query).toEqual({ limit: '10', level: 'Error' });
    expect(calls[8]?.query).toEqual({ flavor_type: 'CPU' });
  });

  it('an unknown job surfaces as BadRequestError ModelArts.2775', async () => {
    const { session } = fakeSession(() => ({ status: 400, body: { error_code: 'ModelArts.2775', error_msg: 'Training job not found' } }));
    const err = await new Estimator(session, { job_id: 'nope' }).getJobInfo().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).error_code).toBe('ModelArts.2775');
  });
});

describe('TrainingJob.wait / logs (fake transport)', () => {
  it('Failed: ResourceFailedError with the exit code, message and the last log lines', async () => {
    let polls = 0;
    const { session } = fakeSession((c) => {
      if (c.path === '/training-jobs/j9') {
        polls++;
        return polls < 3
          ? { body: jobInfo('j9', 'Running') }
          : { body: jobInfo('j9', 'Failed', { task_statuses: [{ task: 'worker-0', exit_code: 3, message: 'ValueError: bad' }] }) };
      }
      if (c.path.endsWith('/logs/preview')) {
        const content = `${Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n')}\n`;
        return { body: { content, current_size: content.length, full_size: content.length } };
      }
      return undefined;
    });
    const statuses: string[] = [];
    const err = await new TrainingJob(session, 'j9').wait({ minIntervalMs: 1, maxIntervalMs: 2, onStatus: (s) => statuses.push(s) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceFailedError);
    const e = err as ResourceFailedError;
    expect(e.status).toBe('Failed');
    expect(e.reason).toContain('worker-0 exited with code 3: ValueError: bad');
    expect(e.reason).toContain('line 19');
    expect(e.reason).toContain('line 10');
    expect(e.reason).not.toContain('line 9\n');
    expect(statuses).toEqual(['Running', 'Failed']);
  });

  it('Completed resolves; a timeout throws WaitTimeoutError; logs() follows until the end; a 2776 "not ready" log is empty', async () => {
    let gets = 0;
    const { session } = fakeSession((c) => {
      if (c.path === '/training-jobs/ok') return { body: jobInfo('ok', 'Completed') };
      if (c.path === '/training-jobs/slow') return { body: jobInfo('slow', 'Pending') };
      if (c.path === '/training-jobs/live') {
        gets++;
        return { body: jobInfo('live', gets < 4 ? 'Running' : 'Completed') };
      }
      if (c.path === '/training-jobs/live/tasks/worker-0/logs/preview') {
        if (gets < 2) return { status: 400, body: { error_code: 'ModelArts.2776', error_msg: 'not ready' } };
        const content = gets < 4 ? 'one\n' : 'one\ntwo\n';
        return { body: { content, current_size: content.length, full_size: content.length } };
      }
      return undefined;
    });
    expect((await new TrainingJob(session, 'ok').wait()).status.phase).toBe('Completed');
    await expect(new TrainingJob(session, 'slow').wait({ timeoutMs: 30, minIntervalMs: 5 })).rejects.toBeInstanceOf(WaitTimeoutError);
    const lines: string[] = [];
    for await (const l of new TrainingJob(session, 'live').logs({ follow: true })) lines.push(l);
    expect(lines).toEqual(['one', 'two']);
  });
});

describe('Estimator.fit remote (fake transport)', () => {
  it('posts the create body, prints the followed log with show_log, and throws ResourceFailedError when the job fails', async () => {
    let gets = 0;
    const { session, calls } = fakeSession((c) => {
      if (c.method === 'POST' && c.path === '/training-jobs') return { status: 201, body: jobInfo('new1', 'Creating') };
      if (c.path === '/training-jobs/new1') {
        gets++;
        return {
          body:
            gets < 3 ? jobInfo('new1', 'Running') : jobInfo('new1', 'Failed', { task_statuses: [{ task: 'worker-0', exit_code: 2, message: 'bad input' }] }),
        };
      }
      if (c.path === '/training-jobs/new1/tasks/worker-0/logs/preview') {
        const content = gets < 2 ? 'epoch 1\n' : 'epoch 1\nTraceback: oops\n';
        return { body: { content, current_size: content.length, full_size: content.length } };
      }
      return undefined;
    });
    const lines: string[] = [];
    const err = await new Estimator(session, {
      training_files: { code_dir: 'obs://b/code', boot_file: 'train.py' },
      train_instance_type: 'modelarts.vm.cpu.2u',
      parameters: [{ name: 'lr', value: 0.1 }],
    })
      .fit({ inputs: [{ name: 'data_url', obs_path: 'obs://b/data/' }], job_name: 'j-1', show_log: true, onLog: (l) => lines.push(l), minIntervalMs: 1 })
      .catch((e: unknown) => e);
    expect(lines).toEqual(['epoch 1', 'Traceback: oops']);
    expect(err).toBeInstanceOf(ResourceFailedError);
    expect((err as ResourceFailedError).reason).toContain('worker-0 exited with code 2: bad input');
    const create = calls.find((c) => c.method === 'POST' && c.path === '/training-jobs');
    expect(create?.body).toEqual({
      kind: 'job',
      metadata: { name: 'j-1' },
      algorithm: {
        code_dir: 'obs://b/code/',
        boot_file: 'obs://b/code/train.py',
        parameters: [{ name: 'lr', value: '0.1' }],
        inputs: [{ name: 'data_url', remote: { obs: { obs_url: 'obs://b/data/' } } }],
      },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    });
  });

  it('returns at once without wait; a default name; a local code_dir needs obs_path; job methods need a job', async () => {
    const { session, calls } = fakeSession((c) => (c.method === 'POST' ? { status: 201, body: jobInfo('n2', 'Creating') } : undefined));
    const estimator = new Estimator(session, { training_files: { code_dir: 'obs://b/c/', boot_file: 't.py' }, train_instance_type: 'f' });
    await expect(estimator.getJobInfo()).rejects.toThrow(/no job/);
    const job = await estimator.fit();
    expect(job.job_id).toBe('n2');
    expect(estimator.job_id).toBe('n2');
    expect(calls).toHaveLength(1);
    expect((calls[0]?.body as { metadata: { name: string } } | undefined)?.metadata.name).toMatch(/^job-\d{8}-\d{6}-[0-9a-f]{4}$/);
    const local = new Estimator(session, { training_files: { code_dir: process.cwd(), boot_file: 't.py' }, train_instance_type: 'f' });
    await expect(local.fit()).rejects.toThrow(/training_files\.obs_path/);
    await expect(
      new Estimator(session, { training_files: { code_dir: process.cwd(), boot_file: 't.py' }, train_instance_type: 'local' }).fit({
        dataset_id: 'd',
        dataset_version_id: 'v',
      }),
    ).rejects.toThrow(/Local mode/);
  });
});
