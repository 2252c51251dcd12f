import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryStorage } from '../src/directory-storage.js';
import { isProcessAlive } from '../src/proc.js';
import { RunSpecError, startTraining, type TrainingRunSpec } from '../src/training-run.js';

let dir: string;
let obs: DirectoryStorage;
let n = 0;

/** Writes files under the fake OBS root: `put('bkt/code/train.py', text)`. */
function put(path: string, content: string | Buffer): void {
  const full = join(dir, 'obs', path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
}

function spec(extra: Partial<TrainingRunSpec>): TrainingRunSpec {
  n += 1;
  return { jobId: `job${n}`, root: join(dir, 'jobs', `job${n}`), storage: obs, metricsIntervalMs: 100, terminateGraceMs: 2000, ...extra };
}

const TRAIN_PY = `
import argparse, json, os, sys
p = argparse.ArgumentParser()
p.add_argument('--data_url'); p.add_argument('--train_url'); p.add_argument('--epochs', type=int, default=1)
p.add_argument('--dist', action='store_true')
args, _ = p.parse_known_args()
xs, ys = [], []
for line in open(os.path.join(args.data_url, 'points.csv')):
    x, y = line.strip().split(',')
    xs.append(float(x)); ys.append(float(y))
n = len(xs); mx = sum(xs) / n; my = sum(ys) / n
slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
for e in range(args.epochs):
    print('epoch', e, 'slope', round(slope, 3))
print('a note on stderr', file=sys.stderr)
with open(os.path.join(args.train_url, 'model.json'), 'w') as f:
    json.dump({'slope': slope, 'intercept': my - slope * mx, 'dist': args.dist, 'argv': sys.argv[1:]}, f)
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runtime-run-'));
  obs = new DirectoryStorage(join(dir, 'obs'));
  put('bkt/code/train.py', TRAIN_PY);
  put('bkt/data/points.csv', '0,1\n1,3\n2,5\n3,7\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a training run', () => {
  it('downloads code and data, runs a Python script with channels then parameters, uploads the model and the logs', async () => {
    const events: string[] = [];
    const run = startTraining(
      spec({
        code: { obsUrl: 'obs://bkt/code/' },
        bootFile: 'train.py',
        inputs: [{ name: 'data_url', obsUrl: 'obs://bkt/data/' }],
        outputs: [{ name: 'train_url', obsUrl: 'obs://bkt/out1/' }],
        parameters: [{ name: 'epochs', value: '2' }, { name: 'dist' }],
        logUrl: 'obs://bkt/logs1/',
        onEvent: (e) => events.push(e.message),
      }),
    );
    const lines: string[] = [];
    for await (const l of run.followLog('worker-0', { pollMs: 50 })) lines.push(l);
    const r = await run.done;
    expect(r).toMatchObject({ outcome: 'completed', message: '', tasks: [{ task: 'worker-0', exitCode: 0, message: '' }] });
    const model = JSON.parse(readFileSync(obs.pathOf('obs://bkt/out1/model.json'), 'utf8')) as {
      slope: number;
      intercept: number;
      dist: boolean;
      argv: string[];
    };
    expect(model.slope).toBeCloseTo(2);
    expect(model.intercept).toBeCloseTo(1);
    expect(model.dist).toBe(true);
    const l = run.layout;
    expect(model.argv).toEqual([`--data_url=${l.inputDir('data_url')}`, `--train_url=${l.outputDir('train_url')}`, '--epochs=2', '--dist']);
    expect(existsSync(join(l.jobDir, 'code', 'train.py'))).toBe(true);
    expect(lines).toContain('epoch 1 slope 2.0');
    expect(lines).toContain('a note on stderr');
    expect(lines[lines.length - 1]).toBe('[ModelArts Service Log]Training end with return code: 0');
    const copied = readFileSync(obs.pathOf(`obs://bkt/logs1/modelarts-job-${run.jobId}-worker-0.log`), 'utf8');
    expect(copied).toContain('[ModelArts Service Log]Training end with return code: 0');
    expect(events.some((e) => e.startsWith('Training code downloaded'))).toBe(true);
    expect(events.some((e) => e.startsWith('Training input (parameter name: data_url) downloaded'))).toBe(true);
    expect(events).toContain('[worker-0] Training finished. Exit code 0.');
    expect(events.some((e) => e.startsWith('Training output (parameter name: train_url) uploaded'))).toBe(true);
    expect(events[events.length - 1]).toBe('Training job completed.');
    expect(run.phase()).toBe('completed');
  });

  it('runs a Node script, honours working_dir and env channels, unpacks a zip input', async () => {
    put(
      'bkt/njs/main.mjs',
      `
import { writeFileSync, readdirSync } from 'node:fs';
const arg = (n) => process.argv.find((a) => a.startsWith('--' + n + '='))?.split('=')[1];
writeFileSync(process.env.out + '/result.json', JSON.stringify({ cwd: process.cwd(), files: readdirSync(arg('data')).sort(), argv: process.argv.slice(2) }));
console.log('node done');
`,
    );
    execFileSync('python3', [
      '-c',
      `import zipfile,sys\nwith zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED) as z:\n  z.writestr('a.txt','A')\n  z.writestr('d/b.txt','B')`,
      join(dir, 'obs/bkt/data.zip'),
    ]);
    const run = startTraining(
      spec({
        code: { obsUrl: 'obs://bkt/njs' },
        bootFile: 'main.mjs',
        inputs: [{ name: 'data', obsUrl: 'obs://bkt/data.zip', unzip: true }],
        outputs: [{ name: 'out', obsUrl: 'obs://bkt/out2/', accessMethod: 'env' }],
        workingDir: '/home/ma-user/modelarts',
      }),
    );
    const r = await run.done;
    expect(r.outcome).toBe('completed');
    const result = JSON.parse(readFileSync(obs.pathOf('obs://bkt/out2/result.json'), 'utf8')) as { cwd: string; files: string[]; argv: string[] };
    expect(result.cwd).toBe(run.layout.mount);
    expect(result.files).toEqual(['a.txt', 'd']);
    expect(result.argv).toEqual([`--data=${run.layout.inputDir('data')}`]);
  });

  it('fails with the exit code and the last stderr line, still uploading what was written', async () => {
    put(
      'bkt/fail/fail.py',
      `
import argparse, sys
p = argparse.ArgumentParser(); p.add_argument('--train_url'); a, _ = p.parse_known_args()
open(a.train_url + '/partial.txt', 'w').write('half done')
print('about to fail')
print('Traceback: something', file=sys.stderr)
print('ValueError: the data is wrong', file=sys.stderr)
sys.exit(3)
`,
    );
    const run = startTraining(spec({ code: { obsUrl: 'obs://bkt/fail/' }, bootFile: 'fail.py', outputs: [{ name: 'train_url', obsUrl: 'obs://bkt/out3/' }] }));
    const r = await run.done;
    expect(r.outcome).toBe('failed');
    expect(r.tasks[0]?.exitCode).toBe(3);
    expect(r.tasks[0]?.message).toMatch(/ValueError: the data is wrong$/);
    expect(r.message).toMatch(/^worker-0: Exit code 3/);
    expect(readFileSync(obs.pathOf('obs://bkt/out3/partial.txt'), 'utf8')).toBe('half done');
    expect(readFileSync(run.logFile('worker-0'), 'utf8')).toMatch(/\[ModelArts Service Log\]Training end with return code: 3\n$/);
  });

  it('runs two workers with the distributed environment, one log each', async () => {
    put(
      'bkt/dist/dist.py',
      `
import os, sys, argparse
p = argparse.ArgumentParser(); p.add_argument('--train_url'); a, _ = p.parse_known_args()
e = os.environ
assert e['WORLD_SIZE'] == '2' and e['MA_NUM_HOSTS'] == '2' and e['VC_WORKER_NUM'] == '2', 'world'
assert e['RANK'] == e['VC_TASK_INDEX'], 'rank'
assert e['VC_WORKER_HOSTS'].split(',')[0] == e['MASTER_ADDR'], 'master'
assert int(e['MASTER_PORT']) > 0
assert e['MA_CURRENT_INSTANCE_NAME'].endswith('worker-' + e['RANK'])
open(os.path.join(a.train_url, 'rank-%s.txt' % e['RANK']), 'w').write(str(os.getpgid(0) == os.getpid()))
print('rank', e['RANK'], 'ok')
`,
    );
    let seen: number[] = [];
    const run = startTraining(
      spec({
        code: { obsUrl: 'obs://bkt/dist/' },
        bootFile: 'dist.py',
        nodeCount: 2,
        outputs: [{ name: 'train_url', obsUrl: 'obs://bkt/out4/' }],
        onWorkers: (w) => {
          seen = w.map((x) => x.pid);
        },
      }),
    );
    const r = await run.done;
    expect(r.outcome, r.message).toBe('completed');
    expect(run.tasks).toEqual(['worker-0', 'worker-1']);
    expect(seen).toHaveLength(2);
    for (const rank of [0, 1]) {
      // Each worker leads its own process group.
      expect(readFileSync(obs.pathOf(`obs://bkt/out4/rank-${rank}.txt`), 'utf8')).toBe('True');
      expect(readFileSync(run.logFile(`worker-${rank}`), 'utf8')).toContain(`rank ${rank} ok`);
    }
  });

  it('stops the other workers when one fails', async () => {
    put(
      'bkt/half/half.py',
      `
import os, sys, time
if os.environ['RANK'] == '1':
    sys.exit(5)
time.sleep(60)
`,
    );
    const t0 = Date.now();
    const r = await startTraining(spec({ code: { obsUrl: 'obs://bkt/half/' }, bootFile: 'half.py', nodeCount: 2 })).done;
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/^worker-1: Exit code 5/);
    expect(r.tasks.find((t) => t.task === 'worker-0')?.exitCode).toBe(143);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('terminates: SIGTERM to the groups, SIGKILL after the grace period, every process gone', async () => {
    put(
      'bkt/sleep/sleep.py',
      `
import signal, subprocess, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
subprocess.Popen(['sleep', '60'])
print('sleeping', flush=True)
time.sleep(60)
`,
    );
    const run = startTraining(spec({ code: { obsUrl: 'obs://bkt/sleep/' }, bootFile: 'sleep.py', terminateGraceMs: 1000 }));
    for await (const l of run.followLog('worker-0', { pollMs: 50 })) if (l === 'sleeping') break;
    const { listProcesses, processTree } = await import('../src/proc.js');
    const pid = run.workers()[0]?.pid as number;
    const tree = processTree(pid, listProcesses());
    expect(tree.length).toBeGreaterThanOrEqual(2);
    const t0 = Date.now();
    const r = await run.stop();
    expect(r.outcome).toBe('terminated');
    expect(r.tasks[0]?.exitCode).toBe(137);
    expect(Date.now() - t0).toBeLessThan(10_000);
    for (const p of tree) expect(isProcessAlive(p.pid, p.startTicks)).toBe(false);
    expect(run.phase()).toBe('terminated');
  });

  it('never passes the parent environment secrets to the worker', async () => {
    process.env.HUAWEICLOUD_SDK_SK = 'parent-secret-sk';
    put(
      'bkt/env/env.py',
      `
import json, os, argparse
p = argparse.ArgumentParser(); p.add_argument('--train_url'); a, _ = p.parse_known_args()
json.dump(dict(os.environ), open(os.path.join(a.train_url, 'env.json'), 'w'))
`,
    );
    try {
      const r = await startTraining(
        spec({
          code: { obsUrl: 'obs://bkt/env/' },
          bootFile: 'env.py',
          outputs: [{ name: 'train_url', obsUrl: 'obs://bkt/out5/' }],
          environments: { USER_ENV_VAR: 'mine' },
          parentEnv: { ...process.env, MODELARTS_TOKEN: 'tok-123' },
        }),
      ).done;
      expect(r.outcome, r.message).toBe('completed');
      const env = JSON.parse(readFileSync(obs.pathOf('obs://bkt/out5/env.json'), 'utf8')) as Record<string, string>;
      expect(env.USER_ENV_VAR).toBe('mine');
      expect(env.MA_VJ_NAME).toMatch(/^ma-job-job/);
      expect(env.HUAWEICLOUD_SDK_SK).toBeUndefined();
      expect(env.MODELARTS_TOKEN).toBeUndefined();
      expect(JSON.stringify(env)).not.toMatch(/parent-secret-sk|tok-123/);
    } finally {
      delete process.env.HUAWEICLOUD_SDK_SK;
    }
  });

  it('installs the requirements with pip --target into the job folder and imports them', async () => {
    const wheel = 'hello_pkg-0.1-py3-none-any.whl';
    const build = `
import sys, zipfile, base64, hashlib
files = {'hello_pkg/__init__.py': 'GREETING = "hi from the wheel"\\n',
         'hello_pkg-0.1.dist-info/METADATA': 'Metadata-Version: 2.1\\nName: hello-pkg\\nVersion: 0.1\\n',
         'hello_pkg-0.1.dist-info/WHEEL': 'Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n'}
record = []
for n, c in files.items():
    d = base64.urlsafe_b64encode(hashlib.sha256(c.encode()).digest()).rstrip(b'=').decode()
    record.append('%s,sha256=%s,%d' % (n, d, len(c)))
record.append('hello_pkg-0.1.dist-info/RECORD,,')
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    for n, c in files.items(): z.writestr(n, c)
    z.writestr('hello_pkg-0.1.dist-info/RECORD', '\\n'.join(record) + '\\n')
`;
    mkdirSync(join(dir, 'obs/bkt/pipok'), { recursive: true });
    execFileSync('python3', ['-c', build, join(dir, 'obs/bkt/pipok', wheel)]);
    put('bkt/pipok/pip-requirements.txt', `--no-index\n./${wheel}\n`);
    put('bkt/pipok/use.py', 'import hello_pkg\nprint(hello_pkg.GREETING)\n');
    const run = startTraining(spec({ code: { obsUrl: 'obs://bkt/pipok/' }, bootFile: 'use.py' }));
    const r = await run.done;
    expect(r.outcome, r.message).toBe('completed');
    const log = readFileSync(run.logFile('worker-0'), 'utf8');
    expect(log).toContain('Successfully installed hello-pkg-0.1');
    expect(log).toContain('hi from the wheel');
    expect(existsSync(join(run.layout.pipPackages, 'hello_pkg'))).toBe(true);
  });

  it('fails the job with a clear message when pip fails, without running the boot file', async () => {
    put('bkt/pipbad/requirements.txt', '--no-index\nno-such-package-for-modelarts==9.9\n');
    put('bkt/pipbad/use.py', 'print("should not run")\n');
    const run = startTraining(spec({ code: { obsUrl: 'obs://bkt/pipbad/' }, bootFile: 'use.py' }));
    const r = await run.done;
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/^pip install -r requirements.txt failed with exit code 1/);
    const log = readFileSync(run.logFile('worker-0'), 'utf8');
    expect(log).toContain('No matching distribution found for no-such-package-for-modelarts');
    expect(log).not.toContain('should not run');
  });

  it('runs a custom-image command with /bin/sh on the host and says no container runtime was used', async () => {
    put('bkt/sh/run.sh', '#!/bin/sh\necho "args: $*" > "$MA_MOUNT_PATH/outputs/o_0/args.txt"\n');
    chmodSync(join(dir, 'obs/bkt/sh/run.sh'), 0o755);
    const events: string[] = [];
    const run = startTraining(
      spec({
        code: { obsUrl: 'obs://bkt/sh/' },
        command: 'cd /home/ma-user/modelarts/user-job-dir/sh && sh ./run.sh',
        image: 'org/image:1.0',
        outputs: [{ name: 'o', obsUrl: 'obs://bkt/out6/' }],
        parameters: [{ name: 'lr', value: '0.1 0.2' }],
        onEvent: (e) => events.push(e.message),
      }),
    );
    const r = await run.done;
    expect(r.outcome, r.message).toBe('completed');
    expect(readFileSync(obs.pathOf('obs://bkt/out6/args.txt'), 'utf8')).toBe(`args: --o=${run.layout.outputDir('o')} --lr=0.1 0.2\n`);
    expect(events.some((e) => /org\/image:1.0 was not pulled: no container runtime/.test(e))).toBe(true);
  });

  it('collects per-minute CPU and memory metrics for a busy worker', async () => {
    put('bkt/busy/busy.py', 'import time\nt = time.time()\nwhile time.time() - t < 1.5:\n    pass\n');
    const run = startTraining(spec({ code: { obsUrl: 'obs://bkt/busy/' }, bootFile: 'busy.py', cpuCores: 1 }));
    await run.done;
    const m = run.metrics('worker-0');
    expect(m.cpuUsage).toHaveLength(1);
    expect(m.cpuUsage[0]).toBeGreaterThan(20);
    expect(m.memUsage[0]).toBeGreaterThan(0);
  });

  it('refuses unsafe paths before doing anything', () => {
    expect(() => startTraining(spec({ code: { obsUrl: 'obs://bkt/code/' }, bootFile: '../../etc/passwd' }))).toThrow(RunSpecError);
    expect(() => startTraining(spec({ code: { obsUrl: 'obs://bkt/code/' }, bootFile: 'train.py', workingDir: '/etc' }))).toThrow(RunSpecError);
    expect(() =>
      startTraining(spec({ code: { obsUrl: 'obs://bkt/code/' }, bootFile: 'train.py', inputs: [{ name: '../x', obsUrl: 'obs://bkt/data/' }] })),
    ).toThrow(RunSpecError);
    expect(() => startTraining(spec({ code: { obsUrl: 'obs://bkt/code/' }, bootFile: 'train.py', outputs: [{ name: 'o', localDir: '/tmp/x' }] }))).toThrow(
      RunSpecError,
    );
  });

  it('fails clearly when the boot file or the code is missing', async () => {
    const r1 = await startTraining(spec({ code: { obsUrl: 'obs://bkt/code/' }, bootFile: 'nope.py' })).done;
    expect(r1).toMatchObject({ outcome: 'failed', message: 'The boot file nope.py does not exist in the code directory' });
    const r2 = await startTraining(spec({ code: { obsUrl: 'obs://bkt/missing/' }, bootFile: 'x.py' })).done;
    expect(r2.message).toMatch(/^Failed to download the training code from obs:\/\/bkt\/missing\//);
    expect(readdirSync(join(dir, 'jobs')).length).toBeGreaterThan(0);
  });
});
