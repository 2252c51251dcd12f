import type { Readable } from 'node:stream';
import type { HyperParameter, InputChannel, OutputChannel, RunEvent, RunPhase, RunResult, TaskMetrics, WorkerProcess } from '@modelarts-ts/runtime';

/**
 * What to run for one training job, independent of where it runs (processes on this machine now, Kubernetes Jobs
 * later). Paths are OBS URLs or container paths; the executor decides where the job folder lives.
 */
export interface ExecutionSpec {
  jobId: string;
  /** The account whose buckets the job may read and write. */
  owner: { domainId: string; projectId: string };
  codeUrl?: string | undefined;
  /** Relative to the code folder. */
  bootFile?: string | undefined;
  /** Custom-image start command. */
  command?: string | undefined;
  image?: string | undefined;
  inputs: InputChannel[];
  outputs: OutputChannel[];
  parameters: HyperParameter[];
  environments: Record<string, string>;
  nodeCount: number;
  gpus: number;
  /** Python for `.py` boot files and pip (the engine's, or the platform default). */
  python: string;
  workingDir?: string | undefined;
  localCodeDir?: string | undefined;
  logUrl?: string | undefined;
  /** The flavor's shape per node: what 100 % means in the metrics. */
  cores: number;
  memoryBytes: number;
}

/** What an executor reports while a job runs. Calls come from the executor's own callbacks, never re-entrantly. */
export interface ExecutionHooks {
  onEvent(e: RunEvent): void;
  /** The workers were spawned (pids and start times, to recognise them after a restart). */
  onWorkers(workers: WorkerProcess[]): void;
  /** The job ended (not called when the executor itself is closed: the platform is going away). */
  onExit(result: RunResult, metrics: Record<string, TaskMetrics>): void;
}

export interface ExecutionStatus {
  phase: RunPhase;
  workers: WorkerProcess[];
}

/** A task's log, wherever it is kept. */
export interface LogAccess {
  /** Current size in bytes (0 when the log does not exist yet). */
  size(): Promise<number>;
  /** Bytes [start, end). */
  read(start: number, end: number): Promise<Buffer>;
  /** The whole log; undefined when it does not exist. */
  open(): Promise<Readable | undefined>;
}

/** Runs training jobs. One implementation runs child processes through `@modelarts-ts/runtime`. */
export interface Executor {
  /** Starts the job; throws synchronously for a spec it cannot run (the job then never started). */
  start(spec: ExecutionSpec, hooks: ExecutionHooks): void;
  /** Terminates a running job (SIGTERM, then SIGKILL after the grace period); resolves once it ended. `upload: false` skips the final uploads. */
  stop(jobId: string, options?: { upload?: boolean }): Promise<void>;
  status(jobId: string): ExecutionStatus | undefined;
  logs(jobId: string, task: string): LogAccess;
  /** Live per-minute metrics of a running job's task. */
  metrics(jobId: string, task: string): TaskMetrics | undefined;
  /** After a restart: stops whatever is left of the given processes of an earlier platform run; returns how many were still alive. */
  reclaim(jobId: string, workers: readonly WorkerProcess[]): Promise<number>;
  /** Removes everything the job left on this machine (its folder). */
  remove(jobId: string): Promise<void>;
  /** Stops every job without reporting them (the platform is shutting down; the reconciler sorts them out on next start). */
  close(): Promise<void>;
}
