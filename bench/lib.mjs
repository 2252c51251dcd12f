// Helpers shared by the benchmarks.
import { spawn } from 'node:child_process';

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
