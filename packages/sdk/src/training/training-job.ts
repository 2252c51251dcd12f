import {
  type Static,
  TRAINING_FAILURE,
  TRAINING_SUCCESS,
  TRAINING_TERMINAL,
  type TrainingJob as TrainingJobInfo,
  type TrainingLogPreview,
  type TrainingMetrics,
  Type,
} from '@modelarts-ts/contract';
import { APIError } from '../core/error.js';
import { poll } from '../core/waiter.js';
import { callback, defineSignature } from '../internal/arguments.js';
import { AbortSignalArg } from '../internal/common-args.js';
import { SessionArg } from '../internal/session-arg.js';
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
}

export const WaitOptions = Type.Object({
  /** Give up after this long (WaitTimeoutError). Default: no limit. */
  timeoutMs: Type.Optional(Type.Number({ minimum: 0 })),
  signal: Type.Optional(AbortSignalArg),
  /** Called with each new phase. */
  onStatus: Type.Optional(callback<(phase: string, job: TrainingJobInfo) => void>('(phase: string, job) => void')),
  minIntervalMs: Type.Optional(Type.Number({ minimum: 0 })),
  maxIntervalMs: Type.Optional(Type.Number({ minimum: 0 })),
});
export type WaitOptions = Static<typeof WaitOptions>;

export const JobLogsOptions = Type.Object({
  /** Keep reading until the job ends (default false: the log as it is now). */
  follow: Type.Optional(Type.Boolean()),
  /** Which worker's log (default `worker-0`). */
  task_id: Type.Optional(Type.String({ minLength: 1 })),
  signal: Type.Optional(AbortSignalArg),
});
export type JobLogsOptions = Static<typeof JobLogsOptions>;

/** `{ task_id }` of `getJobLog` and `getJobMetrics` (default `worker-0`). */
export const TaskOptions = Type.Object({ task_id: Type.Optional(Type.String({ minLength: 1 })) });
/** `{ description }` of `updateJobConfigs`. */
export const UpdateJobOptions = Type.Object({ description: Type.String({ maxLength: 256 }) });

/** The instance methods of a job, shared by TrainingJob and Estimator (`name` is `job` or `estimator`). */
export function jobMethodSignatures(name: string) {
  return {
    getJobInfo: defineSignature(`${name}.getJobInfo`, []),
    updateJobConfigs: defineSignature(`${name}.updateJobConfigs`, [], UpdateJobOptions),
    deleteJob: defineSignature(`${name}.deleteJob`, []),
    controlJob: defineSignature(`${name}.controlJob`, []),
    getJobLog: defineSignature(`${name}.getJobLog`, [], TaskOptions),
    getJobMetrics: defineSignature(`${name}.getJobMetrics`, [], TaskOptions),
  };
}

const SIG = {
  ...jobMethodSignatures('job'),
  new: defineSignature('new TrainingJob', [
    ['session', SessionArg],
    ['job_id', Type.String({ minLength: 1 })],
  ]),
  wait: defineSignature('job.wait', [], WaitOptions),
  logs: defineSignature('job.logs', [], JobLogsOptions),
};

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
    if (!backend) SIG.new.check(session, job_id);
    this.backend = backend ?? new RemoteJobBackend(session, job_id);
  }

  /** The manual's `get_job_info()`: the job's details (Table 8-66). */
  async getJobInfo(...none: []): Promise<TrainingJobInfo> {
    SIG.getJobInfo.check(...none);
    return this.backend.info();
  }

  /** The manual's `update_job_configs(description=…)`: nothing is returned. */
  async updateJobConfigs(o: { description: string }): Promise<void> {
    const [{ description }] = SIG.updateJobConfigs.check(o);
    return this.backend.update(description);
  }

  /** The manual's `delete_job()`: nothing is returned (the deletion completes asynchronously). */
  async deleteJob(...none: []): Promise<void> {
    SIG.deleteJob.check(...none);
    return this.backend.delete();
  }

  /** The manual's `control_job()`: terminates the job; returns the job (phase `Terminating`). */
  async controlJob(...none: []): Promise<TrainingJobInfo> {
    SIG.controlJob.check(...none);
    return this.backend.terminate();
  }

  /** The manual's `get_job_log(task_id='worker-0')`: `{content, current_size, full_size}`. */
  async getJobLog(o: { task_id?: string } = {}): Promise<TrainingLogPreview> {
    const [{ task_id }] = SIG.getJobLog.check(o);
    return this.backend.logPreview(task_id ?? 'worker-0');
  }

  /** The manual's `get_job_metrics(task_id='worker-0')`: `{metrics: [{metric, value[]}]}`. */
  async getJobMetrics(o: { task_id?: string } = {}): Promise<TrainingMetrics> {
    const [{ task_id }] = SIG.getJobMetrics.check(o);
    return this.backend.metrics(task_id ?? 'worker-0');
  }

  /**
   * Waits until the job ends. Resolves with the job at `Completed`; throws ResourceFailedError at `Failed`, `Abnormal`
   * or `Terminated`, with the tasks' exit codes and the last log lines as the reason.
   */
  async wait(o: WaitOptions = {}): Promise<TrainingJobInfo> {
    SIG.wait.check(o);
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
    SIG.logs.check(o);
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
