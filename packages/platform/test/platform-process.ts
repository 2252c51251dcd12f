import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const BIN = new URL('../../cli/dist/bin.js', import.meta.url).pathname;

export interface Child {
  proc: ChildProcess;
  endpoint: string;
  credentials: { access_key: string; secret_key: string };
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
}

/** Runs the CLI to completion: exit code and output. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  proc.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve) => proc.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** ModelArts Local as a child process (`modelarts local start --json`), so a test can SIGKILL it. */
export async function startChild(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const proc = spawn(process.execPath, [BIN, 'local', 'start', '--port', '0', '--data-dir', dataDir, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let err = '';
  proc.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
    process.stderr.write(c);
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
    rl.once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`platform exited with ${code} before printing its endpoint: ${err}`)));
  });
  const { endpoint } = JSON.parse(line) as { endpoint: string };
  const credentials = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')) as { access_key: string; secret_key: string };
  return { proc, endpoint, credentials, stderr: () => err };
}

export async function stopChild(c: Child, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return;
  const exited = new Promise((r) => c.proc.once('exit', r));
  c.proc.kill(signal);
  await exited;
}

/** Resolves once the child's stderr contains `text`. */
export async function waitForStderr(c: Child, text: string): Promise<void> {
  while (!c.stderr().includes(text)) {
    if (c.proc.exitCode !== null) throw new Error(`platform exited before "${text}": ${c.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
