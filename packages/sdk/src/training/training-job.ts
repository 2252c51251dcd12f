import {
  TRAINING_FAILURE,
  TRAINING_SUCCESS,
  TRAINING_TERMINAL,
  type TrainingJob as TrainingJobInfo,
  type TrainingLogPreview,
  type TrainingMetrics,
} from '@modelarts-ts/contract';
import { APIError } from '../core/error.js';
import { poll } from '../core/waiter.js';
import type { Session } from '../session.js';
import { followLog, lastLines } from './log-stream.js';

export type { TrainingJobInfo };

/** Where a job lives: ModelArts (REST) or this machine (local mode). TrainingJob talks to either the same way. */
export interface JobBackend {
  info(signal?: AbortSignal): Promise<TrainingJobInfo>;
  update(description: string): Promise<void>;
  delete(): Promise<void>;
  terminate(): Promise<TrainingJobInfo>;
  /** `{content, current_size, full_size}`; an empty log while there is none yet. */
  logPreview(task_id: string, signal?: AbortSignal): Promise<TrainingLogPreview>;
  metrics(task_id: string): Promise<TrainingMetrics>;
  /** A task's log line by line, when the backend can do better than polling the preview (a local file). */
  followLog?(task_id: string, o: { follow: boolean; signal?: AbortSignal | undefined }): AsyncGenerator<string>;
  /** Poll intervals that suit the backend (a local job can be asked often). */
  readonly pollMs: { min: number; max: number };
  /** A local-mode job's folder on this machine and each task's log file (no platform knows them). */
  localFiles?(): { root: string; logs: Record<string, string> };
}

export interface WaitOptions {
  /** Give up after this long (WaitTimeoutError). Default: no limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with each new phase. */
  onStatus?: (phase: string, job: TrainingJobInfo) => void;
  minIntervalMs?: number;
  maxIntervalMs?: number;
}

export interface JobLogsOptions {
  /** Keep reading until the job ends (default false: the log as it is now). */
  follow?: boolean;
  /** Which worker's log (default `worker-0`). */
  task_id?: string;
  signal?: AbortSignal;
}

/** The wait settings among a larger options object (fit's). */
export function pickWaitOptions(o: {
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  minIntervalMs?: number | undefined;
  maxIntervalMs?: number | undefined;
  onStatus?: ((phase: string) => void) | undefined;
}): WaitOptions {
  const onStatus = o.onStatus;
  return {
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.minIntervalMs !== undefined ? { minIntervalMs: o.minIntervalMs } : {}),
    ...(o.maxIntervalMs !== undefined ? { maxIntervalMs: o.maxIntervalMs } : {}),
    ...(onStatus ? { onStatus: (phase: string) => onStatus(phase) } : {}),
  };
}

const NOT_READY = new Set(['ModelArts.2776', 'ModelArts.2777']);
const REASON_LINES = 10;

/** A job on ModelArts, through the REST API. */
export class RemoteJobBackend implements JobBackend {
  readonly pollMs = { min: 500, max: 5000 };

  constructor(
    private readonly session: Session,
    private readonly job_id: string,
  ) {}

  info(signal?: AbortSignal): Promise<TrainingJobInfo> {
    return this.session.client.trainingJobs.get(this.job_id, signal ? { signal } : undefined);
  }

  update(description: string): Promise<void> {
    return this.session.client.trainingJobs.update(this.job_id, { description });
  }

  delete(): Promise<void> {
    return this.session.client.trainingJobs.delete(this.job_id);
  }

  terminate(): Promise<TrainingJobInfo> {
    return this.session.client.trainingJobs.terminate(this.job_id);
  }

  async logPreview(task_id: string, signal?: AbortSignal): Promise<TrainingLogPreview> {
    try {
      // A 204 "not ready yet" has no body.
      const r = await this.session.client.trainingJobs.logPreview(this.job_id, task_id, signal ? { signal } : undefined);
      return r ?? { content: '', current_size: 0, full_size: 0 };
    } catch (e) {
      if (e instanceof APIError && NOT_READY.has(e.error_code ?? '')) return { content: '', current_size: 0, full_size: 0 };
      throw e;
    }
  }

  async metrics(task_id: string): Promise<TrainingMetrics> {
    try {
      return (await this.session.client.trainingJobs.metrics(this.job_id, task_id)) ?? { metrics: [] };
    } catch (e) {
      if (e instanceof APIError && NOT_READY.has(e.error_code ?? '')) return { metrics: [] };
      throw e;
    }
  }
}

/**
 * A training job (the manual's `job_instance`, Table 8-6): what `estimator.fit()` returns. Answers are the raw JSON of
 * the API, as the manual prints them.
 */
export class TrainingJob {
  readonly backend: JobBackend;

  constructor(
    readonly session: Session,
    readonly job_id: string,
    backend?: JobBackend,
  ) {
    this.backend = backend ?? new RemoteJobBackend(session, job_id);
  }

  /** The manual's `get_job_info()`: the job's details (Table 8-66). */
  getJobInfo(): Promise<TrainingJobInfo> {
    return this.backend.info();
  }

  /** The manual's `update_job_configs(description=…)`: nothing is returned. */
  updateJobConfigs(o: { description: string }): Promise<void> {
    return this.backend.update(o.description);
  }

  /** The manual's `delete_job()`: nothing is returned (the deletion completes asynchronously). */
  deleteJob(): Promise<void> {
    return this.backend.delete();
  }

  /** The manual's `control_job()`: terminates the job; returns the job (phase `Terminating`). */
  controlJob(): Promise<TrainingJobInfo> {
    return this.backend.terminate();
  }

  /** The manual's `get_job_log(task_id='worker-0')`: `{content, current_size, full_size}`. */
  getJobLog(o: { task_id?: string } = {}): Promise<TrainingLogPreview> {
    return this.backend.logPreview(o.task_id ?? 'worker-0');
  }

  /** The manual's `get_job_metrics(task_id='worker-0')`: `{metrics: [{metric, value[]}]}`. */
  getJobMetrics(o: { task_id?: string } = {}): Promise<TrainingMetrics> {
    return this.backend.metrics(o.task_id ?? 'worker-0');
  }

  /**
   * Waits until the job ends. Resolves with the job at `Completed`; throws ResourceFailedError at `Failed`, `Abnormal`
   * or `Terminated`, with the tasks' exit codes and the last log lines as the reason.
   */
  wait(o: WaitOptions = {}): Promise<TrainingJobInfo> {
    return poll<TrainingJobInfo>({
      retrieve: (signal) => this.backend.info(signal),
      statusOf: (j) => j.status.phase,
      success: TRAINING_SUCCESS,
      failure: TRAINING_FAILURE,
      failureReason: (j) => this.failureReason(j),
      describe: `training job ${this.job_id}`,
      minIntervalMs: o.minIntervalMs ?? this.backend.pollMs.min,
      maxIntervalMs: o.maxIntervalMs ?? this.backend.pollMs.max,
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onStatus ? { onStatus: o.onStatus } : {}),
    });
  }

  /**
   * The lines of a task's log. With `follow`, the iteration goes on while the job runs and ends once it reaches a
   * terminal status and its last lines are out; breaking out of the loop stops the reads.
   */
  logs(o: JobLogsOptions = {}): AsyncGenerator<string> {
    const task = o.task_id ?? 'worker-0';
    if (this.backend.followLog) return this.backend.followLog(task, { follow: Boolean(o.follow), signal: o.signal });
    return followLog(
      {
        read: async (signal) => this.backend.logPreview(task, signal),
        ended: async (signal) => TRAINING_TERMINAL.includes((await this.backend.info(signal)).status.phase),
      },
      {
        ...(o.follow !== undefined ? { follow: o.follow } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
        minIntervalMs: Math.min(this.backend.pollMs.min, 200),
        maxIntervalMs: this.backend.pollMs.max,
      },
    );
  }

  /** Why a job failed: each failed task's exit code and message, then the last lines of its log. */
  private async failureReason(job: TrainingJobInfo): Promise<string> {
    const failed = job.status.task_statuses.filter((t) => t.exit_code !== 0);
    // Exit code -1: the task never ran (its preparation failed).
    const parts = failed.map((t) => `${t.task} ${t.exit_code === -1 ? 'did not run' : `exited with code ${t.exit_code}`}${t.message ? `: ${t.message}` : ''}`);
    const task = failed[0]?.task ?? job.status.tasks[0] ?? 'worker-0';
    try {
      const log = await this.backend.logPreview(task);
      const tail = lastLines(log.content, REASON_LINES);
      if (tail.length) parts.push(`last log lines of ${task}:\n${tail.join('\n')}`);
    } catch {
      // The reason is best effort: the status alone still explains the failure.
    }
    if (parts.length === 0) parts.push(`secondary phase ${job.status.secondary_phase}`);
    return parts.join('\n');
  }
}
