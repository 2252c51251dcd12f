// Training start/stop latency: fit() → the script's first printed line, and the process's exit → `Completed`, on
// ModelArts Local (a separate process, as users run it) and in the SDK's local mode, against a bare `python3 -c`
// spawn measured in the same run. Each time is read from the clock the script itself prints (same machine), so
// log polling does not blur the figures; `Completed` is watched by polling the job every few milliseconds.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Estimator } from '@modelarts-ts/sdk';
import { sessionFor, startPlatformProcess, stopPlatformProcess } from '../lib.mjs';

// Prints the wall clock (epoch ms) first thing and last thing; the process exits right after the last line.
const SCRIPT = "import time\nprint(f'first {time.time()*1000:.3f}', flush=True)\nprint(f'last {time.time()*1000:.3f}', flush=True)\n";
const TARGET_MS = 300;

const now = () => performance.timeOrigin + performance.now();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (xs) =>
  `median ${median(xs).toFixed(1).padStart(7)} ms   min ${Math.min(...xs)
    .toFixed(1)
    .padStart(7)} ms   max ${Math.max(...xs)
    .toFixed(1)
    .padStart(7)} ms`;

function parseArgs(args) {
  const o = { runs: 7, flavor: 'modelarts.vm.cpu.2u', python: process.env.PYTHON ?? 'python3' };
  for (const a of args) {
    const [k, v] = a.replace(/^--/, '').split('=');
    if (k === 'runs') o.runs = Number(v);
    if (k === 'flavor') o.flavor = v;
    if (k === 'python') o.python = v;
  }
  // The interpreter itself, not a launcher in front of it (a pyenv shim costs over a second per start): the baseline
  // and the jobs then run the same binary, and the difference is the platform's.
  o.python = execFileSync(o.python, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  return o;
}

function stamp(text, tag) {
  const m = new RegExp(`^${tag} (\\d+\\.\\d+)$`, 'm').exec(text);
  if (!m) throw new Error(`no "${tag}" line in the log:\n${text}`);
  return Number(m[1]);
}

/** The baseline: spawn → the first line's own timestamp, for `python3 -c` with the same script. */
async function bareSpawn(python) {
  const t0 = now();
  const child = spawn(python, ['-c', SCRIPT], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  const exited = await new Promise((r) => child.once('close', () => r(now())));
  const last = stamp(out, 'last');
  return { firstLine: stamp(out, 'first') - t0, exitSeen: exited - last };
}

/** One remote job: fit() → first line (script clock), exit (script clock) → `Completed` seen by a tight poll. */
async function remoteJob(session, o, i) {
  const estimator = new Estimator(session, {
    training_files: { code_dir: 'obs://bench-training/code/', boot_file: 'bench.py' },
    train_instance_type: o.flavor,
    train_instance_count: 1,
    script_interpreter: o.python,
  });
  const t0 = now();
  const job = await estimator.fit({ job_name: `bench-${Date.now().toString(36)}-${i}` });
  let completedAt;
  for (;;) {
    const info = await session.client.trainingJobs.get(job.job_id);
    if (info.status.phase === 'Completed') {
      completedAt = now();
      break;
    }
    if (['Failed', 'Abnormal', 'Terminated'].includes(info.status.phase))
      throw new Error(`bench job ended ${info.status.phase}: ${(await job.getJobLog()).content}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  const log = (await job.getJobLog()).content;
  await Estimator.deleteJobById(session, job.job_id);
  return { firstLine: stamp(log, 'first') - t0, completed: completedAt - stamp(log, 'last') };
}

/** One local-mode job (no REST call: the runtime in this process). */
async function localJob(session, o, code, i) {
  const estimator = new Estimator(session, {
    training_files: { code_dir: code, boot_file: 'bench.py' },
    train_instance_type: 'local',
    train_instance_count: 1,
    script_interpreter: o.python,
  });
  const t0 = now();
  let first;
  const job = await estimator.fit({
    job_name: `bench-local-${i}`,
    onLog: (l) => {
      if (first === undefined && l.startsWith('first ')) first = Number(l.slice(6));
    },
    onStatus: () => undefined,
    minIntervalMs: 2,
    maxIntervalMs: 2,
  });
  const completedAt = now();
  const log = (await job.getJobLog()).content;
  await job.deleteJob();
  return { firstLine: (first ?? stamp(log, 'first')) - t0, completed: completedAt - stamp(log, 'last') };
}

export async function run(args) {
  const o = parseArgs(args);
  const root = mkdtempSync(join(process.env.BENCH_TMP ?? tmpdir(), 'bench-training-'));
  const code = join(root, 'code');
  mkdirSync(code);
  writeFileSync(join(code, 'bench.py'), SCRIPT);
  const { child, endpoint } = await startPlatformProcess(join(root, 'data'));
  try {
    const creds = JSON.parse(readFileSync(join(root, 'data', 'credentials.json'), 'utf8'));
    const session = sessionFor(creds, endpoint);
    await session.obs.makeBucket('bench-training');
    await session.obs.copy(join(code, 'bench.py'), 'obs://bench-training/code/bench.py');
    console.log(
      `ModelArts Local ${endpoint}; ${o.runs} runs each (after one warm-up); flavor ${o.flavor}; ${o.python}; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );

    const bare = [];
    const remote = [];
    const local = [];
    await bareSpawn(o.python);
    await remoteJob(session, o, 'warmup');
    await localJob(session, o, code, 'warmup');
    // Interleaved, so that a slow moment of the machine hits every kind alike.
    for (let i = 0; i < o.runs; i++) {
      bare.push(await bareSpawn(o.python));
      remote.push(await remoteJob(session, o, i));
      local.push(await localJob(session, o, code, i));
    }
    const baseFirst = median(bare.map((r) => r.firstLine));
    const rows = [
      ['bare python3 -c: spawn → first line', bare.map((r) => r.firstLine)],
      ['bare python3 -c: exit → seen by parent', bare.map((r) => r.exitSeen)],
      ['ModelArts Local: fit() → first line', remote.map((r) => r.firstLine)],
      ['ModelArts Local: exit → Completed', remote.map((r) => r.completed)],
      ['local mode: fit() → first line', local.map((r) => r.firstLine)],
      ['local mode: exit → Completed', local.map((r) => r.completed)],
    ];
    const w = Math.max(...rows.map(([n]) => n.length));
    for (const [name, xs] of rows) console.log(`${name.padEnd(w)}  ${fmt(xs)}`);
    const overheadRemote = median(remote.map((r) => r.firstLine)) - baseFirst;
    const overheadLocal = median(local.map((r) => r.firstLine)) - baseFirst;
    console.log('');
    console.log(
      `start overhead over a bare spawn (medians): ModelArts Local ${overheadRemote.toFixed(1)} ms (${(median(remote.map((r) => r.firstLine)) / baseFirst).toFixed(1)}x), local mode ${overheadLocal.toFixed(1)} ms (${(median(local.map((r) => r.firstLine)) / baseFirst).toFixed(1)}x)`,
    );
    console.log(
      `target: under ${TARGET_MS} ms for a job with no inputs: ModelArts Local ${overheadRemote < TARGET_MS ? 'met' : 'missed'}, local mode ${overheadLocal < TARGET_MS ? 'met' : 'missed'}`,
    );
    await session.close();
  } finally {
    await stopPlatformProcess(child);
    rmSync(root, { recursive: true, force: true });
  }
}
