// Helpers shared by the benchmarks.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Session } from '@modelarts-ts/sdk';

/**
 * Starts ModelArts Local as its own process (as users run it, so its RSS is its own) on `dataDir` and port 0;
 * `extraArgs` go to `modelarts local start`, `nodeArgs` to node (e.g. `--cpu-prof`). Resolves with the child and its endpoint.
 */
export async function startPlatformProcess(dataDir, extraArgs = [], env = process.env, nodeArgs = []) {
  const child = spawn(
    process.execPath,
    [...nodeArgs, 'packages/cli/dist/bin.js', '--json', 'local', 'start', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'inherit'], env },
  );
  const line = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (c) => {
      buf += c;
      if (buf.includes('\n')) resolve(buf.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`platform exited with ${code}`)));
  });
  return { child, endpoint: JSON.parse(line).endpoint };
}

/** Stops a platform started by startPlatformProcess and waits for it to exit. */
export async function stopPlatformProcess(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/**
 * CPU seconds of a process from `/proc/<pid>/stat` (the kernel counts in 1/100 s): its own user and system time, and
 * `children_*` for the children it has waited for (how the CPU of a finished `curl` or `dd` is read).
 */
export function procCpu(pid = process.pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const tick = (i) => Number(f[i]) / 100;
  return { user: tick(11), system: tick(12), children_user: tick(13), children_system: tick(14) };
}

/** The 1, 5 and 15 minute load averages, as `uptime` prints them. */
export function loadAverage() {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** An AK/SK session on `endpoint` for the identity of a platform's credentials.json (`creds`, as parsed). */
export function sessionFor(creds, endpoint) {
  return new Session({
    access_key: creds.access_key,
    secret_key: creds.secret_key,
    project_id: creds.project_id,
    region_name: creds.region_name,
    endpoint,
  });
}
