import { createReadStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  isProcessAlive,
  jobLayout,
  signalTree,
  startTraining,
  type TaskMetrics,
  type TrainingRun,
  type TrainingRunSpec,
  treeAlive,
  type WorkerProcess,
} from '@modelarts-ts/runtime';
import type { ObjectStore } from '../storage/object-store.js';
import type { ExecutionHooks, ExecutionSpec, ExecutionStatus, Executor, LogAccess } from './executor.js';
import { ObjectStorePort } from './object-store-port.js';

export interface ProcessExecutorOptions {
  /** `<dataDir>/work/jobs`: one folder per job. */
  jobsDir: string;
  /** How user code is isolated (see the runtime's sandbox). */
  isolation?: TrainingRunSpec['isolation'];
  /** Resolved when a job starts: the object store may be created after the executor. */
  objects: () => ObjectStore;
  outputIntervalMs: number;
  terminateGraceMs: number;
  metricsIntervalMs: number;
}

interface Active {
  run: TrainingRun;
  hooks: ExecutionHooks;
}

/** Runs each job as child processes on this machine, through the runtime's training runner. */
export class ProcessExecutor implements Executor {
  private readonly active = new Map<string, Active>();
  private closing = false;

  constructor(private readonly options: ProcessExecutorOptions) {}

  private root(jobId: string): string {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(jobId)) throw new Error(`invalid job id ${jobId}`);
    return join(this.options.jobsDir, jobId);
  }

  start(spec: ExecutionSpec, hooks: ExecutionHooks): void {
    if (this.closing) throw new Error('the executor is shutting down');
    if (this.active.has(spec.jobId)) throw new Error(`job ${spec.jobId} is already running`);
    const run = startTraining({
      jobId: spec.jobId,
      root: this.root(spec.jobId),
      storage: new ObjectStorePort(this.options.objects(), spec.owner.domainId),
      ...(spec.codeUrl ? { code: { obsUrl: spec.codeUrl } } : {}),
      bootFile: spec.bootFile,
      command: spec.command,
      image: spec.image,
      inputs: spec.inputs,
      outputs: spec.outputs,
      parameters: spec.parameters,
      environments: spec.environments,
      nodeCount: spec.nodeCount,
      gpus: spec.gpus,
      python: spec.python,
      workingDir: spec.workingDir,
      localCodeDir: spec.localCodeDir,
      logUrl: spec.logUrl,
      outputIntervalMs: this.options.outputIntervalMs,
      terminateGraceMs: this.options.terminateGraceMs,
      metricsIntervalMs: this.options.metricsIntervalMs,
      isolation: this.options.isolation,
      cpuCores: spec.cores,
      memoryBytes: spec.memoryBytes,
      onEvent: (e) => {
        if (!this.closing) hooks.onEvent(e);
      },
      onWorkers: (w) => {
        if (!this.closing) hooks.onWorkers(w);
      },
    });
    this.active.set(spec.jobId, { run, hooks });
    void run.done.then((result) => {
      this.active.delete(spec.jobId);
      if (this.closing) return;
      hooks.onExit(result, Object.fromEntries(run.tasks.map((t) => [t, run.metrics(t)])));
    });
  }

  async stop(jobId: string, options: { upload?: boolean } = {}): Promise<void> {
    await this.active.get(jobId)?.run.stop(options);
  }

  status(jobId: string): ExecutionStatus | undefined {
    const a = this.active.get(jobId);
    return a && { phase: a.run.phase(), workers: a.run.workers() };
  }

  logs(jobId: string, task: string): LogAccess {
    const file = jobLayout(this.root(jobId), jobId).logFile(task);
    return {
      size: async () => (await stat(file).catch(() => undefined))?.size ?? 0,
      read: async (start, end) => {
        const fh = await open(file, 'r');
        try {
          const buf = Buffer.alloc(Math.max(0, end - start));
          const { bytesRead } = await fh.read(buf, 0, buf.length, start);
          return buf.subarray(0, bytesRead);
        } finally {
          await fh.close();
        }
      },
      open: async (): Promise<Readable | undefined> => ((await stat(file).catch(() => undefined)) ? createReadStream(file) : undefined),
    };
  }

  metrics(jobId: string, task: string): TaskMetrics | undefined {
    return this.active.get(jobId)?.run.metrics(task);
  }

  async reclaim(_jobId: string, workers: readonly WorkerProcess[]): Promise<number> {
    // Only processes that are provably ours (same pid and start time) are touched: a pid may have been reused.
    const alive = workers.filter((w) => isProcessAlive(w.pid, w.startTicks));
    for (const w of alive) signalTree(w.pid, 'SIGTERM');
    const deadline = Date.now() + this.options.terminateGraceMs;
    while (alive.some((w) => treeAlive(w.pid)) && Date.now() < deadline) await sleep(100);
    for (const w of alive) signalTree(w.pid, 'SIGKILL');
    return alive.length;
  }

  async remove(jobId: string): Promise<void> {
    await rm(this.root(jobId), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.active.values()].map((a) => a.run.stop({ upload: false })));
  }
}
