import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import {
  type Static,
  type TrainingFlavor as TrainingFlavorInfo,
  type TrainingFlavorList,
  type TrainingJob as TrainingJobInfo,
  type TrainingJobSearchBody,
  TrainingJobSearchBody as TrainingJobSearchBodySchema,
  type TrainingJobSearchResult,
  type TrainingLogPreview,
  type TrainingMetrics,
  Type,
} from '@modelarts-ts/contract';
import { InvalidArgumentError } from '../core/error.js';
import type { PagePromise } from '../core/pagination.js';
import { callback, defineSignature } from '../internal/arguments.js';
import { SessionArg } from '../internal/session-arg.js';
import type { Session } from '../session.js';
import { type InputDataOptions, isObsUrl, obsFolder, type TrainingFilesOptions } from './data.js';
import { buildCreateBody, EstimatorOptions, JobInputs, obsCode, timeSuffix } from './job-request.js';
import { fitLocal } from './local-mode.js';
import { jobMethodSignatures, pickWaitOptions, TrainingJob, WaitOptions } from './training-job.js';

export type { EstimatorOptions };

/** Table 8-4, plus where the logs go and how to wait. */
export const FitOptions = Type.Object({
  ...JobInputs.properties,
  /** Wait until the job ends (remote default false; local mode default true, as the manual's local runs are). */
  wait: Type.Optional(Type.Boolean()),
  /** Default: `job-<time suffix>-<4 hex>`. Local mode appends the manual's time suffix `-YYYYMMDD-HHMMSS`. */
  job_name: Type.Optional(Type.String({ minLength: 1 })),
  /** Print the job's log while it runs (remote default false; local mode default true). Implies waiting. */
  show_log: Type.Optional(Type.Boolean()),
  /** Where shown log lines go (default: this process's stdout). */
  onLog: Type.Optional(callback<(line: string) => void>('(line: string) => void')),
  /** Called with each new phase while waiting. */
  onStatus: Type.Optional(callback<(phase: string) => void>('(phase: string) => void')),
  timeoutMs: WaitOptions.properties.timeoutMs,
  signal: WaitOptions.properties.signal,
  minIntervalMs: WaitOptions.properties.minIntervalMs,
  maxIntervalMs: WaitOptions.properties.maxIntervalMs,
});
export type FitOptions = Static<typeof FitOptions>;

/** `get_job_list` arguments (Table 8-8). */
export type JobListOptions = TrainingJobSearchBody;

const SESSION = ['session', SessionArg] as const;
const JOB_ID = ['job_id', Type.String({ minLength: 1 })] as const;
const SIG = {
  ...jobMethodSignatures('estimator'),
  new: defineSignature('new Estimator', [SESSION], EstimatorOptions),
  fit: defineSignature('estimator.fit', [], FitOptions),
  getJobList: defineSignature('Estimator.getJobList', [SESSION], TrainingJobSearchBodySchema),
  deleteJobById: defineSignature('Estimator.deleteJobById', [SESSION, JOB_ID]),
  controlJobById: defineSignature('Estimator.controlJobById', [SESSION, JOB_ID]),
  getTrainInstanceTypes: defineSignature('Estimator.getTrainInstanceTypes', [SESSION]),
  getSpecList: defineSignature('Estimator.getSpecList', [SESSION]),
  getFrameworkList: defineSignature('Estimator.getFrameworkList', [SESSION]),
};

export interface FrameworkInfo {
  framework_type: string;
  framework_version: string;
  /** ModelArts Local only: whether the framework imports in the local interpreter. */
  importable?: boolean;
}

/**
 * The manual's `Estimator` (`modelarts.estimatorV2`): describes a training job, submits it with `fit()`, and manages
 * jobs by id. `train_instance_type: 'local'` runs the job on this machine instead (the manual's debugging mode).
 */
export class Estimator {
  readonly options: Readonly<EstimatorOptions>;
  private job: TrainingJob | undefined;

  constructor(
    readonly session: Session,
    options: EstimatorOptions = {},
  ) {
    SIG.new.check(session, options);
    this.options = { ...options };
    if (options.job_id) this.job = new TrainingJob(session, options.job_id);
  }

  /** The id of the job this estimator manages: `job_id` given, or the job of the last `fit()`. */
  get job_id(): string | undefined {
    return this.job?.job_id;
  }

  /**
   * Submits the job (Table 8-4): uploads a local `code_dir` to `training_files.obs_path` and local inputs
   * (`is_local_source`) to their `obs_path` first. With `wait` or `show_log` it returns once the job ended and throws
   * ResourceFailedError if it did not complete.
   */
  async fit(o: FitOptions = {}): Promise<TrainingJob> {
    SIG.fit.check(o);
    const job = this.options.train_instance_type === 'local' ? await fitLocal(this.session, this.options, o) : await this.fitRemote(o);
    this.job = job;
    return job;
  }

  private async fitRemote(o: FitOptions): Promise<TrainingJob> {
    const e = this.options;
    const name = o.job_name ?? `job-${timeSuffix()}-${randomBytes(2).toString('hex')}`;
    // Refuse a bad request before uploading anything (the uploads only change where code and data come from).
    const placeholder = e.training_files ? { code_dir: 'obs://bucket/code/', boot_file: 'obs://bucket/code/boot' } : undefined;
    buildCreateBody(e, { ...o, inputs: o.inputs?.map((d) => ({ ...d, obs_path: d.obs_path ?? 'obs://bucket/data/' })) }, name, placeholder);
    const code = e.training_files ? await this.remoteCode(e.training_files) : undefined;
    const inputs = o.inputs ? await Promise.all(o.inputs.map((d, i) => this.remoteInput(d, i))) : undefined;
    const body = buildCreateBody(e, { ...o, inputs }, name, code);
    const created = await this.session.client.trainingJobs.create(body);
    const job = new TrainingJob(this.session, created.metadata.id);
    if (o.show_log) {
      const print = o.onLog ?? ((l: string) => process.stdout.write(`${l}\n`));
      for await (const line of job.logs({ follow: true, ...(o.signal ? { signal: o.signal } : {}) })) print(line);
    }
    if (o.wait || o.show_log) await job.wait(pickWaitOptions(o));
    return job;
  }

  /** The OBS code folder: as given, or a local folder uploaded to `obs_path` first (the manual's local-to-remote step). */
  private async remoteCode(t: TrainingFilesOptions): Promise<{ code_dir: string; boot_file: string }> {
    if (isObsUrl(t.code_dir) || !(await isLocalDir(t.code_dir))) return obsCode(t.code_dir, t.boot_file);
    if (!t.obs_path) {
      throw new InvalidArgumentError(
        `training_files.code_dir "${t.code_dir}" is a local folder: give training_files.obs_path, the OBS folder it is uploaded to for a remote job.`,
      );
    }
    const dst = obsFolder(t.obs_path);
    await this.session.obs.copy(t.code_dir, dst, { keep_last_dir: false });
    const dir = resolve(t.code_dir);
    return obsCode(dst, isAbsolute(t.boot_file) && t.boot_file.startsWith(dir + sep) ? relative(dir, t.boot_file) : t.boot_file);
  }

  /** An input as OBS path: local data (`is_local_source`) is uploaded to its `obs_path` first. */
  private async remoteInput(d: InputDataOptions, i: number): Promise<InputDataOptions> {
    if (!d.is_local_source) return d;
    if (!d.local_path || !d.obs_path) {
      throw new InvalidArgumentError(`inputs[${i}] is a local source: a remote job needs both local_path and obs_path (where the data is uploaded).`);
    }
    const dst = obsFolder(d.obs_path);
    await this.session.obs.copy(d.local_path, dst, { keep_last_dir: false });
    return { name: d.name, obs_path: dst };
  }

  // Instance methods are async so that a missing job rejects like any other failure.
  private requireJob(): TrainingJob {
    if (!this.job) throw new InvalidArgumentError('This Estimator has no job: create it with { job_id } or call fit() first.');
    return this.job;
  }

  /** The manual's `get_job_info()`. */
  async getJobInfo(...none: []): Promise<TrainingJobInfo> {
    SIG.getJobInfo.check(...none);
    return this.requireJob().getJobInfo();
  }

  /** The manual's `update_job_configs(description=…)`. */
  async updateJobConfigs(o: { description: string }): Promise<void> {
    SIG.updateJobConfigs.check(o);
    return this.requireJob().updateJobConfigs(o);
  }

  /** The manual's `delete_job()`. */
  async deleteJob(...none: []): Promise<void> {
    SIG.deleteJob.check(...none);
    return this.requireJob().deleteJob();
  }

  /** The manual's `control_job()` (terminate). */
  async controlJob(...none: []): Promise<TrainingJobInfo> {
    SIG.controlJob.check(...none);
    return this.requireJob().controlJob();
  }

  /** The manual's `get_job_log(task_id='worker-0')`. */
  async getJobLog(o: { task_id?: string } = {}): Promise<TrainingLogPreview> {
    SIG.getJobLog.check(o);
    return this.requireJob().getJobLog(o);
  }

  /** The manual's `get_job_metrics(task_id='worker-0')`. */
  async getJobMetrics(o: { task_id?: string } = {}): Promise<TrainingMetrics> {
    SIG.getJobMetrics.check(o);
    return this.requireJob().getJobMetrics(o);
  }

  /** The manual's `Estimator.get_job_list(session, offset, limit, sort_by, order, group_by, filters)`: `await` for the raw page, `for await` for every job. */
  static getJobList(session: Session, o: JobListOptions = {}): PagePromise<TrainingJobSearchResult, TrainingJobInfo, TrainingJobSearchBody> {
    SIG.getJobList.check(session, o);
    return session.client.trainingJobs.search(o);
  }

  /** The manual's `Estimator.delete_job_by_id(session, job_id)`. */
  static async deleteJobById(session: Session, job_id: string): Promise<void> {
    SIG.deleteJobById.check(session, job_id);
    return session.client.trainingJobs.delete(job_id);
  }

  /** The manual's `Estimator.control_job_by_id(session, job_id)`: terminates; returns the job (phase `Terminating`). */
  static async controlJobById(session: Session, job_id: string): Promise<TrainingJobInfo> {
    SIG.controlJobById.check(session, job_id);
    return session.client.trainingJobs.terminate(job_id);
  }

  /** The manual's `Estimator.get_train_instance_types(session)`: the list of resource flavors. */
  static async getTrainInstanceTypes(session: Session): Promise<TrainingFlavorInfo[]> {
    SIG.getTrainInstanceTypes.check(session);
    return (await session.client.trainingJobs.flavors()).flavors;
  }

  /** The manual's `Estimator.get_spec_list(session)`: `{total_count, flavors: [{flavor_id, max_num, …}]}`. */
  static async getSpecList(session: Session): Promise<TrainingFlavorList> {
    SIG.getSpecList.check(session);
    return session.client.trainingJobs.flavors();
  }

  /** The manual's `Estimator.get_framework_list(session)`: `[{framework_type, framework_version}]` (Table 8-192). */
  static async getFrameworkList(session: Session): Promise<FrameworkInfo[]> {
    SIG.getFrameworkList.check(session);
    const engines = await session.client.trainingJobs.engines();
    return engines.items.map((e) => ({
      framework_type: e.engine_name,
      framework_version: e.engine_version,
      ...(e.x_local ? { importable: e.x_local.importable } : {}),
    }));
  }
}

async function isLocalDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
