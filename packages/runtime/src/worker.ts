import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProgramCommand } from './command.js';
import type { LogSink } from './log-sink.js';
import { processStartTicks, signalTree } from './proc.js';
import { LineTail } from './worker-log.js';

export interface WorkerSpec {
  task: string;
  command: ProgramCommand;
  cwd: string;
  env: Record<string, string>;
  log: LogSink;
}

/** Exit code as a shell reports it: a signal N counts as 128 + N (SIGKILL: 137). */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const n = signal ? constants.signals[signal] : undefined;
  return n === undefined ? 1 : 128 + n;
}

/**
 * One worker process in its own process group (detached), its output going to its log. When its main process
 * ends, whatever it left behind in its group is killed, as a container's end would.
 */
export class Worker {
  readonly task: string;
  readonly pid: number | undefined;
  readonly startTicks: number | undefined;
  readonly stderr = new LineTail(20);
  /** The exit code, once the process ended and its output was written. */
  readonly exited: Promise<number>;
  private exitCode: number | undefined;

  constructor(spec: WorkerSpec) {
    this.task = spec.task;
    const child = spawn(spec.command.file, spec.command.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.pid = child.pid;
    this.startTicks = child.pid === undefined ? undefined : processStartTicks(child.pid);
    child.stdout.on('data', (c: Buffer) => spec.log.write(c));
    child.stderr.on('data', (c: Buffer) => {
      spec.log.write(c);
      this.stderr.push(c);
    });
    this.exited = new Promise<number>((resolve) => {
      let settled = false;
      const finish = (code: number) => {
        if (settled) return;
        settled = true;
        this.exitCode = code;
        resolve(code);
      };
      child.on('error', (e: NodeJS.ErrnoException) => {
        // Spawn failures (ENOENT, EACCES) never produce an exit event.
        if (child.pid !== undefined) return;
        const msg = `cannot start ${spec.command.file}: ${e.code ?? e.message}`;
        spec.log.service(msg);
        this.stderr.push(`${msg}\n`);
        finish(e.code === 'ENOENT' ? 127 : 126);
      });
      child.on('exit', (code, signal) => {
        const exitCode = exitCodeOf(code, signal);
        if (child.pid !== undefined) signalTree(child.pid, 'SIGKILL');
        // Wait for the pipes to drain, but not for ever (a grandchild may have escaped the group holding them).
        const drained = new Promise<void>((r) => child.once('close', () => r()));
        void Promise.race([drained, sleep(2000)]).then(() => finish(exitCode));
      });
    });
  }

  get running(): boolean {
    return this.exitCode === undefined && this.pid !== undefined;
  }

  /** SIGTERM to the group, then SIGKILL after `graceMs`; resolves with the exit code. */
  async stop(graceMs: number): Promise<number> {
    if (!this.running || this.pid === undefined) return this.exited;
    signalTree(this.pid, 'SIGTERM');
    const ac = new AbortController();
    const timer = sleep(graceMs, 'timeout' as const, { signal: ac.signal }).catch(() => 'cancelled' as const);
    const first = await Promise.race([this.exited.then(() => 'exited' as const), timer]);
    ac.abort();
    if (first === 'timeout' && this.running) signalTree(this.pid, 'SIGKILL');
    return this.exited;
  }
}
