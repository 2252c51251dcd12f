import { randomUUID } from 'node:crypto';
import { open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { DEFAULT_TRAINING_ANNOTATIONS, type TrainingJob as TrainingJobInfo, type TrainingLogPreview, type TrainingMetrics } from '@modelarts-ts/contract';
import {
  type CodeSource,
  followLog as followLogFile,
  type InputChannel,
  type OutputChannel,
  type RunResult,
  RunSpecError,
  startTraining,
  type TrainingRun,
} from '@modelarts-ts/runtime';
import { InvalidArgumentError } from '../core/error.js';
import type { Session } from '../session.js';
import { type InputDataOptions, isObsUrl, obsFolder, type TrainingFilesOptions, wireParameters } from './data.js';
import type { FitOptions } from './estimator.js';
import { type EstimatorOptions, timeSuffix } from './job-request.js';
import { ObsStorage } from './obs-storage.js';
import { type JobBackend, pickWaitOptions, TrainingJob } from './training-job.js';

/** The log preview's window, as the API's: the newest 5 MB. */
const PREVIEW_BYTES = 5 * 1024 * 1024;
/** How often a followed local log file is checked: a stat is cheap, and fit() returns only once the log has ended. */
const FOLLOW_POLL_MS = 50;

/**
 * The manual's local mode (`train_instance_type: 'local'`, 8.1.2): runs the job on this machine through the runtime,
 * in a job folder under the temp dir. Inputs are downloaded to their `local_path` (archives unpacked), the boot file
 * runs with `script_interpreter` (default python3; node for `.js`/`.mjs`), outputs go to their `obs_path` and the
 * logs to `log_url`. `train_instance_count: 2` starts two workers here with the distributed environment.
 * By default it waits and prints the log, as the manual's local runs do.
 */
export async function fitLocal(session: Session, e: Readonly<EstimatorOptions>, o: FitOptions): Promise<TrainingJob> {
  if (o.dataset_id !== undefined || o.dataset_version_id !== undefined) {
    throw new InvalidArgumentError('Local mode reads OBS paths or local folders: pass inputs, not dataset_id/dataset_version_id.');
  }
  if (!e.training_files && !e.user_command) throw new InvalidArgumentError('training_files (code_dir + boot_file) or user_command is required.');
  const name = `${o.job_name ?? 'job'}-${timeSuffix()}`;
  const jobId = randomUUID();
  const root = join(tmpdir(), 'modelarts-local-jobs', jobId);
  const storage = new ObsStorage(session.obs);
  const inputs = await Promise.all((o.inputs ?? []).map((d, i) => localInput(session, d, i)));
  const outputs: OutputChannel[] = (e.outputs ?? []).map((d) => ({ name: d.name, obsUrl: d.obs_path, localDir: d.local_path }));
  let run: TrainingRun;
  try {
    run = startTraining({
      jobId,
      root,
      storage,
      hostPaths: true,
      ...(e.training_files ? code(e.training_files) : {}),
      command: e.user_command,
      image: e.user_image_url,
      inputs,
      outputs,
      parameters: e.parameters ?? [],
      environments: { ...e.env_variables },
      nodeCount: e.train_instance_count ?? 1,
      interpreter: e.script_interpreter,
      workingDir: e.working_dir,
      localCodeDir: e.local_code_dir,
      logUrl: e.log_url,
    });
  } catch (err) {
    if (err instanceof RunSpecError) throw new InvalidArgumentError(err.message, { cause: err });
    throw err;
  }
  const job = new TrainingJob(session, jobId, new LocalJobBackend(run, name, e, Date.now()));
  const show = o.show_log ?? true;
  if (show) {
    const print = o.onLog ?? ((l: string) => process.stdout.write(`${l}\n`));
    const prefix = run.tasks.length > 1;
    await Promise.all(
      run.tasks.map(async (t) => {
        for await (const line of run.followLog(t, { pollMs: FOLLOW_POLL_MS, ...(o.signal ? { signal: o.signal } : {}) }))
          print(prefix ? `[${t}] ${line}` : line);
      }),
    );
  }
  if (o.wait ?? true) {
    await job.wait(pickWaitOptions(o));
  }
  return job;
}

/** The code folder as the runtime takes it: a local folder runs in place, an OBS one is downloaded. */
function code(t: TrainingFilesOptions): { code: CodeSource; bootFile: string } {
  if (isObsUrl(t.code_dir)) {
    const dir = obsFolder(t.code_dir);
    const boot = isObsUrl(t.boot_file) ? obsFolder(t.boot_file).slice(0, -1) : t.boot_file;
    return { code: { obsUrl: dir }, bootFile: boot.startsWith(dir) ? boot.slice(dir.length) : boot };
  }
  const dir = resolve(t.code_dir);
  return { code: { localDir: dir }, bootFile: isAbsolute(t.boot_file) ? relative(dir, t.boot_file) : t.boot_file };
}

/** An input channel: OBS data is fetched into `local_path` (a `.zip` unpacked); local data (`is_local_source`) is used in place and, with an `obs_path`, uploaded there once for later remote runs. */
async function localInput(session: Session, d: InputDataOptions, i: number): Promise<InputChannel> {
  if (d.is_local_source) {
    if (!d.local_path) throw new InvalidArgumentError(`inputs[${i}] is a local source: local_path is required.`);
    if (d.obs_path) await session.obs.copy(d.local_path, obsFolder(d.obs_path), { keep_last_dir: false, checkpoint: false });
    return { name: d.name, localDir: d.local_path };
  }
  if (!d.obs_path) throw new InvalidArgumentError(`inputs[${i}] has no obs_path: give the OBS data, or set is_local_source with local_path.`);
  return { name: d.name, obsUrl: d.obs_path, localDir: d.local_path, unzip: true };
}

/** A local job seen through the same interface as a remote one; its answers have the shapes of the REST API's. */
class LocalJobBackend implements JobBackend {
  readonly pollMs = { min: 50, max: 250 };
  private description: string;
  private result: RunResult | undefined;
  private terminating = false;
  private deleted = false;

  constructor(
    private readonly run: TrainingRun,
    private readonly name: string,
    private readonly e: Readonly<EstimatorOptions>,
    private readonly createdAt: number,
  ) {
    this.description = e.job_description ?? '';
    void run.done.then((r) => {
      this.result = r;
    });
  }

  localFiles(): { root: string; logs: Record<string, string> } {
    return { root: this.run.layout.home, logs: Object.fromEntries(this.run.tasks.map((t) => [t, this.run.logFile(t)])) };
  }

  async info(): Promise<TrainingJobInfo> {
    this.assertExists();
    const r = this.result;
    const phase = r
      ? ({ completed: 'Completed', failed: 'Failed', terminated: 'Terminated' } as const)[r.outcome]
      : this.terminating
        ? 'Terminating'
        : 'Running';
    const end = r?.endedAt ?? Date.now();
    const e = this.e;
    return {
      kind: 'job',
      metadata: {
        id: this.run.jobId,
        name: this.name,
        description: this.description,
        workspace_id: '0',
        create_time: this.createdAt,
        user_name: '',
        annotations: { ...DEFAULT_TRAINING_ANNOTATIONS },
      },
      status: {
        phase,
        secondary_phase: phase,
        duration: end - this.createdAt,
        start_time: this.createdAt,
        node_count_metrics: null,
        tasks: [...this.run.tasks],
        task_statuses: (r?.tasks ?? []).map((t) => ({ task: t.task, exit_code: t.exitCode, message: t.message })),
      },
      algorithm: {
        ...(e.training_files ? { code_dir: e.training_files.code_dir, boot_file: e.training_files.boot_file } : {}),
        ...(e.user_command ? { command: e.user_command } : {}),
        ...(e.framework_type || e.framework_version ? { engine: { engine_name: e.framework_type ?? '', engine_version: e.framework_version ?? '' } } : {}),
        parameters: wireParameters(e.parameters ?? []),
        outputs: (e.outputs ?? []).map((out) => ({
          name: out.name ?? '',
          ...(out.local_path ? { local_dir: out.local_path } : {}),
          remote: { obs: { obs_url: out.obs_path } },
        })),
        environments: { ...e.env_variables },
      },
      spec: {
        resource: { flavor_id: 'local', node_count: this.run.tasks.length },
        ...(e.log_url ? { log_export_path: { obs_url: e.log_url } } : {}),
      },
    };
  }

  async update(description: string): Promise<void> {
    this.assertExists();
    this.description = description;
  }

  /** Stops the workers without uploading, then removes the job folder. */
  async delete(): Promise<void> {
    this.assertExists();
    this.deleted = true;
    await this.run.stop({ upload: false });
    await rm(this.run.layout.home, { recursive: true, force: true });
  }

  async terminate(): Promise<TrainingJobInfo> {
    this.assertExists();
    if (!this.result) {
      this.terminating = true;
      void this.run.stop();
    }
    return this.info();
  }

  async logPreview(task_id: string): Promise<TrainingLogPreview> {
    this.assertTask(task_id);
    const file = this.run.logFile(task_id);
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    const length = Math.min(size, PREVIEW_BYTES);
    if (length === 0) return { content: '', current_size: 0, full_size: size };
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, size - length);
      return { content: buf.subarray(0, bytesRead).toString('utf8'), current_size: bytesRead, full_size: size };
    } finally {
      await fh.close();
    }
  }

  async metrics(task_id: string): Promise<TrainingMetrics> {
    this.assertTask(task_id);
    const m = this.run.metrics(task_id);
    return {
      metrics: [
        { metric: 'cpuUsage', value: m.cpuUsage },
        { metric: 'memUsage', value: m.memUsage },
      ],
    };
  }

  followLog(task_id: string, o: { follow: boolean; signal?: AbortSignal | undefined }): AsyncGenerator<string> {
    this.assertTask(task_id);
    const opts = { pollMs: FOLLOW_POLL_MS, ...(o.signal ? { signal: o.signal } : {}) };
    return o.follow ? this.run.followLog(task_id, opts) : followLogFile(this.run.logFile(task_id), opts);
  }

  private assertExists(): void {
    if (this.deleted) throw new InvalidArgumentError(`Local training job ${this.run.jobId} was deleted.`);
  }

  private assertTask(task_id: string): void {
    this.assertExists();
    if (!this.run.tasks.includes(task_id)) throw new InvalidArgumentError(`No task ${task_id} in this job (tasks: ${this.run.tasks.join(', ')}).`);
  }
}
