import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type {
  TrainingFlavor as TrainingFlavorInfo,
  TrainingFlavorList,
  TrainingJob as TrainingJobInfo,
  TrainingJobSearchBody,
  TrainingJobSearchResult,
  TrainingLogPreview,
  TrainingMetrics,
} from '@modelarts-ts/contract';
import { InvalidArgumentError } from '../core/error.js';
import type { PagePromise } from '../core/pagination.js';
import type { Session } from '../session.js';
import { type InputDataOptions, isObsUrl, obsFolder, type TrainingFilesOptions } from './data.js';
import { buildCreateBody, type EstimatorOptions, type JobInputs, obsCode, timeSuffix } from './job-request.js';
import { fitLocal } from './local-mode.js';
import { pickWaitOptions, TrainingJob, type WaitOptions } from './training-job.js';

export type { EstimatorOptions };

/** Table 8-4, plus where the logs go and how to wait. */
export interface FitOptions extends JobInputs, Omit<WaitOptions, 'onStatus'> {
  /** Wait until the job ends (remote default false; local mode default true, as the manual's local runs are). */
  wait?: boolean | undefined;
  /** Default: `job-<time suffix>-<4 hex>`. Local mode appends the manual's time suffix `-YYYYMMDD-HHMMSS`. */
  job_name?: string | undefined;
  /** Print the job's log while it runs (remote default false; local mode default true). Implies waiting. */
  show_log?: boolean | undefined;
  /** Where shown log lines go (default: this process's stdout). */
  onLog?: ((line: string) => void) | undefined;
  /** Called with each new phase while waiting. */
  onStatus?: ((phase: string) => void) | undefined;
}

/** `get_job_list` arguments (Table 8-8). `offset` is a page index, as the REST API takes it. */
export type JobListOptions = TrainingJobSearchBody;

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
  async getJobInfo(): Promise<TrainingJobInfo> {
    return this.requireJob().getJobInfo();
  }

  /** The manual's `update_job_configs(description=…)`. */
  async updateJobConfigs(o: { description: string }): Promise<void> {
    return this.requireJob().updateJobConfigs(o);
  }

  /** The manual's `delete_job()`. */
  async deleteJob(): Promise<void> {
    return this.requireJob().deleteJob();
  }

  /** The manual's `control_job()` (terminate). */
  async controlJob(): Promise<TrainingJobInfo> {
    return this.requireJob().controlJob();
  }

  /** The manual's `get_job_log(task_id='worker-0')`. */
  async getJobLog(o: { task_id?: string } = {}): Promise<TrainingLogPreview> {
    return this.requireJob().getJobLog(o);
  }

  /** The manual's `get_job_metrics(task_id='worker-0')`. */
  async getJobMetrics(o: { task_id?: string } = {}): Promise<TrainingMetrics> {
    return this.requireJob().getJobMetrics(o);
  }

  /** The manual's `Estimator.get_job_list(session, offset, limit, sort_by, order, group_by, filters)`: `await` for the raw page, `for await` for every job. */
  static getJobList(session: Session, o: JobListOptions = {}): PagePromise<TrainingJobSearchResult, TrainingJobInfo, TrainingJobSearchBody> {
    return session.client.trainingJobs.search(o);
  }

  /** The manual's `Estimator.delete_job_by_id(session, job_id)`. */
  static deleteJobById(session: Session, job_id: string): Promise<void> {
    return session.client.trainingJobs.delete(job_id);
  }

  /** The manual's `Estimator.control_job_by_id(session, job_id)`: terminates; returns the job (phase `Terminating`). */
  static controlJobById(session: Session, job_id: string): Promise<TrainingJobInfo> {
    return session.client.trainingJobs.terminate(job_id);
  }

  /** The manual's `Estimator.get_train_instance_types(session)`: the list of resource flavors. */
  static async getTrainInstanceTypes(session: Session): Promise<TrainingFlavorInfo[]> {
    return (await session.client.trainingJobs.flavors()).flavors;
  }

  /** The manual's `Estimator.get_spec_list(session)`: `{total_count, flavors: [{flavor_id, max_num, …}]}`. */
  static getSpecList(session: Session): Promise<TrainingFlavorList> {
    return session.client.trainingJobs.flavors();
  }

  /** The manual's `Estimator.get_framework_list(session)`: `[{framework_type, framework_version}]` (Table 8-192). */
  static async getFrameworkList(session: Session): Promise<FrameworkInfo[]> {
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
