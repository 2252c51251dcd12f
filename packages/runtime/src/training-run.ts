import { existsSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, totalmem } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { bootCommand, type ChannelArg, type HyperParameter, type ProgramCommand, shellCommand, trainingArgs } from './command.js';
import { type ChannelEnv, cleanBaseEnv, workerEnv } from './environment.js';
import { type FollowOptions, followLog } from './follow-log.js';
import { CONTAINER_HOME, type JobLayout, jobLayout, mapContainerPath, mapContainerPathsInCommand, taskNames } from './layout.js';
import { FanOutLog } from './log-sink.js';
import { downloadManifestInput } from './manifest-input.js';
import { type TaskMetrics, TreeSampler, UsageSeries } from './metrics.js';
import { asDirectoryUrl, lastSegment, parseObsUrl } from './obs-url.js';
import { OutputSync, type SyncTarget } from './output-sync.js';
import { findRequirementFile, pipInstallCommand } from './requirements.js';
import { resolveInside } from './safe-path.js';
import { describeIsolation, type Isolation, sandboxCommand } from './sandbox.js';
import type { StoragePort } from './storage-port.js';
import { extractZip } from './unzip.js';
import { Worker } from './worker.js';
import { WorkerLog } from './worker-log.js';

export interface InputChannel {
  /** Channel name: given to the boot file as `--<name>=<dir>` (or as a variable, with access `env`). Unnamed channels are only fetched. */
  name?: string | undefined;
  /** Downloaded before the boot file starts; without it, `localDir` already holds the data. */
  obsUrl?: string | undefined;
  /** Where the data lands (default `modelarts/inputs/<name>_0` in the job folder). */
  localDir?: string | undefined;
  accessMethod?: 'parameter' | 'env' | undefined;
  /** Unpack a downloaded `.zip` into the channel folder, then remove it (the manual's local mode). */
  unzip?: boolean | undefined;
  /** `obsUrl` is a dataset manifest: it lands in the folder with every file its samples and label files point to. */
  manifest?: boolean | undefined;
}

export interface OutputChannel {
  name?: string | undefined;
  /** Uploaded every `outputIntervalMs` while the job runs and once more at its end, whatever the outcome. */
  obsUrl?: string | undefined;
  /** Where the boot file writes (default `modelarts/outputs/<name>_0` in the job folder). */
  localDir?: string | undefined;
  accessMethod?: 'parameter' | 'env' | undefined;
}

/** The code folder: downloaded from OBS into `MA_JOB_DIR/<last segment>`, or an existing local folder run in place. */
export type CodeSource = { obsUrl: string; localDir?: undefined } | { localDir: string; obsUrl?: undefined };

export interface TrainingRunSpec {
  /** Names the logs (`modelarts-job-<id>-worker-N.log`) and `MA_VJ_NAME`. */
  jobId: string;
  /** The job folder; it stands for the container's `/home/ma-user`. */
  root: string;
  /** Needed whenever something is fetched from or sent to OBS. */
  storage?: StoragePort | undefined;
  code?: CodeSource | undefined;
  /** Boot file, relative to the code folder. */
  bootFile?: string | undefined;
  /** Custom-image start command: run with `/bin/sh -c` on this host (there is no container runtime). */
  command?: string | undefined;
  /** The custom image named by the job, only to say in the events that it was not used. */
  image?: string | undefined;
  inputs?: readonly InputChannel[] | undefined;
  outputs?: readonly OutputChannel[] | undefined;
  parameters?: readonly HyperParameter[] | undefined;
  /** The user's variables; `MA_SCRIPT_INTERPRETER` among them chooses the interpreter, as in the cloud. */
  environments?: Readonly<Record<string, string>> | undefined;
  /** Workers (default 1), each one process group with `VC_TASK_INDEX`/`RANK` set. */
  nodeCount?: number | undefined;
  gpus?: number | undefined;
  /** Runs the boot file whatever its extension (`script_interpreter`, or an engine's interpreter). */
  interpreter?: string | undefined;
  /** Python for `.py` boot files and pip (default `python3`). */
  python?: string | undefined;
  /** Node for `.js`/`.mjs` boot files (default: this Node). */
  node?: string | undefined;
  /** Working directory: a container path under `/home/ma-user`, or relative to the code folder (default: the code folder). */
  workingDir?: string | undefined;
  /** Container path the code folder is downloaded under (default `MA_JOB_DIR`). */
  localCodeDir?: string | undefined;
  /** Where the logs are copied at the end. */
  logUrl?: string | undefined;
  /**
   * Accept absolute host paths for `code.localDir`, channel `localDir`s and `workingDir` (the SDK's local
   * mode). Without it (the platform) every user path stays inside the job folder.
   */
  hostPaths?: boolean | undefined;
  /** Install the code folder's requirement file (default true). */
  installRequirements?: boolean | undefined;
  /** Output upload period (default 30 s). */
  outputIntervalMs?: number | undefined;
  /** Time between SIGTERM and SIGKILL when stopping (default 10 s). */
  terminateGraceMs?: number | undefined;
  /** Metrics sampling period (default 5 s). */
  metricsIntervalMs?: number | undefined;
  /** What 100 % CPU and memory mean for the metrics (default: this machine). */
  cpuCores?: number | undefined;
  memoryBytes?: number | undefined;
  /** Where the allow-listed toolchain variables come from (default `process.env`); nothing else of it is passed on. */
  parentEnv?: Readonly<Record<string, string | undefined>> | undefined;
  onEvent?: ((e: RunEvent) => void) | undefined;
  /**
   * The platform's isolation for user code: the workers run in a sandbox when it is one (never showing
   * `hidden`), and the events say which isolation they got. Unset (the SDK's local mode): plain processes.
   */
  isolation?: { isolation: Isolation; hidden: readonly string[] } | undefined;
  /** Called once the workers are spawned, with what identifies their processes (to find them after a restart). */
  onWorkers?: ((workers: WorkerProcess[]) => void) | undefined;
}

export type EventLevel = 'Info' | 'Warning' | 'Error';

export interface RunEvent {
  time: number;
  level: EventLevel;
  /** `Job` for job-wide steps, `Task` for one worker's. */
  source: 'Job' | 'Task';
  task?: string;
  message: string;
}

export interface WorkerProcess {
  task: string;
  pid: number;
  /** `/proc` start time (clock ticks after boot): tells the process apart from a later one with the same pid. */
  startTicks?: number;
}

export type RunPhase = 'preparing' | 'running' | 'finishing' | 'completed' | 'failed' | 'terminated';

export interface TaskResult {
  task: string;
  /** The boot process's exit code (signals as 128 + N); -1 when it never ran. */
  exitCode: number;
  /** Empty on success; otherwise what went wrong and the last lines of stderr. */
  message: string;
}

export interface RunResult {
  outcome: 'completed' | 'failed' | 'terminated';
  tasks: TaskResult[];
  /** Why the job failed (empty when it completed). */
  message: string;
  endedAt: number;
}

export interface StopOptions {
  /** Upload outputs and logs before finishing (default true; false when the job is being deleted). */
  upload?: boolean;
}

export interface TrainingRun {
  readonly jobId: string;
  /** `worker-0`, `worker-1`, ... */
  readonly tasks: readonly string[];
  readonly layout: JobLayout;
  readonly done: Promise<RunResult>;
  phase(): RunPhase;
  workers(): WorkerProcess[];
  logFile(task: string): string;
  /** The task's log line by line, following it until the run ends (or `signal` aborts). */
  followLog(task: string, options?: Omit<FollowOptions, 'done'>): AsyncGenerator<string, void, undefined>;
  metrics(task: string): TaskMetrics;
  events(): RunEvent[];
  /** Terminates: SIGTERM to every worker group, SIGKILL after the grace period. Resolves when the run has ended. */
  stop(options?: StopOptions): Promise<RunResult>;
}

/** A spec the runner refuses before doing anything (unsafe path, missing boot file setting, bad counts). */
export class RunSpecError extends Error {
  override name = 'RunSpecError';
}

/** Starts a training job: prepares its folder, runs its workers, uploads its outputs and logs. Never rejects: see `done`. */
export function startTraining(spec: TrainingRunSpec): TrainingRun {
  return new Run(spec);
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

class SetupError extends Error {
  constructor(
    message: string,
    readonly exitCode = -1,
  ) {
    super(message);
  }
}

class Run implements TrainingRun {
  readonly jobId: string;
  readonly tasks: readonly string[];
  readonly layout: JobLayout;
  readonly done: Promise<RunResult>;
  private state: RunPhase = 'preparing';
  private readonly logs: Map<string, WorkerLog>;
  private readonly allLogs: FanOutLog;
  private readonly log: RunEvent[] = [];
  private readonly series = new Map<string, UsageSeries>();
  private running: Worker[] = [];
  private setupProcess: Worker | undefined;
  private readonly abort = new AbortController();
  private stopRequested = false;
  private uploadAtEnd = true;
  private readonly grace: number;
  /** Outputs prepared so far, so that a failed preparation still uploads what exists. */
  private outputsSoFar: Channel[] = [];

  constructor(private readonly spec: TrainingRunSpec) {
    const nodeCount = spec.nodeCount ?? 1;
    if (!Number.isInteger(nodeCount) || nodeCount < 1) throw new RunSpecError(`nodeCount must be a positive integer, not ${nodeCount}`);
    if (!spec.command && !spec.bootFile) throw new RunSpecError('either a boot file or a command is required');
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(spec.jobId)) throw new RunSpecError(`job id "${spec.jobId}" has characters not allowed in a file name`);
    this.jobId = spec.jobId;
    this.tasks = taskNames(nodeCount);
    this.layout = jobLayout(resolve(spec.root), spec.jobId);
    this.grace = spec.terminateGraceMs ?? 10_000;
    this.checkPaths();
    this.logs = new Map(this.tasks.map((t) => [t, new WorkerLog(this.layout.logFile(t))]));
    this.allLogs = new FanOutLog([...this.logs.values()]);
    this.done = this.main().catch((e: unknown) => this.finishWith('failed', [], `internal error: ${(e as Error).message}`));
  }

  phase(): RunPhase {
    return this.state;
  }

  workers(): WorkerProcess[] {
    return this.running.flatMap((w) =>
      w.pid === undefined ? [] : [{ task: w.task, pid: w.pid, ...(w.startTicks !== undefined ? { startTicks: w.startTicks } : {}) }],
    );
  }

  logFile(task: string): string {
    return this.layout.logFile(task);
  }

  followLog(task: string, options: Omit<FollowOptions, 'done'> = {}): AsyncGenerator<string, void, undefined> {
    let ended = false;
    void this.done.then(() => {
      ended = true;
    });
    return followLog(this.logFile(task), { ...options, done: () => ended });
  }

  metrics(task: string): TaskMetrics {
    return this.series.get(task)?.perMinute() ?? { cpuUsage: [], memUsage: [] };
  }

  events(): RunEvent[] {
    return [...this.log];
  }

  async stop(options: StopOptions = {}): Promise<RunResult> {
    if (!this.stopRequested && !['completed', 'failed', 'terminated'].includes(this.state)) {
      this.stopRequested = true;
      if (options.upload === false) this.uploadAtEnd = false;
      this.event('Info', 'Termination requested: stopping the workers (SIGTERM, then SIGKILL after the grace period).');
      this.abort.abort();
      void this.setupProcess?.stop(this.grace);
      await Promise.all(this.running.map((w) => w.stop(this.grace)));
    }
    return this.done;
  }

  // ---- the run ----

  private event(level: EventLevel, message: string, task?: string): void {
    const e: RunEvent = { time: Date.now(), level, source: task ? 'Task' : 'Job', ...(task ? { task } : {}), message: task ? `[${task}] ${message}` : message };
    this.log.push(e);
    if (task) this.logs.get(task)?.service(message);
    else this.allLogs.service(message);
    try {
      this.spec.onEvent?.(e);
    } catch {
      // a listener's failure is not the job's
    }
  }

  /** Maps a user path: container paths into the job folder; host paths only in local mode. */
  private userPath(p: string, relativeTo: string, what: string): string {
    if (this.spec.hostPaths && isAbsolute(p) && !p.startsWith(`${CONTAINER_HOME}/`) && p !== CONTAINER_HOME) return resolve(p);
    return mapContainerPath(this.layout, p, relativeTo, what);
  }

  /** Checks every user path before anything runs, so a bad one refuses the spec instead of failing midway. */
  private checkPaths(): void {
    try {
      if (this.spec.bootFile) resolveInside('/x', this.spec.bootFile, 'boot file');
      if (this.spec.localCodeDir) this.userPath(this.spec.localCodeDir, this.layout.jobDir, 'local code dir');
      if (this.spec.workingDir) this.userPath(this.spec.workingDir, this.layout.jobDir, 'working dir');
      const names = new Set<string>();
      for (const c of [...(this.spec.inputs ?? []), ...(this.spec.outputs ?? [])]) {
        if (c.name !== undefined) {
          if (!/^[A-Za-z0-9_-]{1,64}$/.test(c.name)) throw new RunSpecError(`channel name "${c.name}" must be 1-64 letters, digits, "_" or "-"`);
          if (names.has(c.name)) throw new RunSpecError(`channel name "${c.name}" is used twice`);
          names.add(c.name);
        } else if (c.localDir === undefined) throw new RunSpecError('a channel without a name needs a localDir');
        if (c.localDir !== undefined) this.userPath(c.localDir, this.layout.mount, 'channel local dir');
        if (c.obsUrl !== undefined) parseObsUrl(c.obsUrl);
      }
      if (this.spec.code?.obsUrl) parseObsUrl(this.spec.code.obsUrl);
      if (this.spec.logUrl) parseObsUrl(this.spec.logUrl);
    } catch (e) {
      if (e instanceof RunSpecError) throw e;
      throw new RunSpecError((e as Error).message);
    }
  }

  private storage(): StoragePort {
    if (!this.spec.storage) throw new SetupError('this job reads or writes OBS but the runner was given no storage');
    return this.spec.storage;
  }

  private async main(): Promise<RunResult> {
    const l = this.layout;
    for (const d of [l.home, l.mount, l.jobDir, l.logDir]) await mkdir(d, { recursive: true });
    this.event('Info', `Job folder ${l.home} prepared for ${this.tasks.length} worker(s).`);
    if (this.spec.command) {
      const image = this.spec.image ? `Custom image ${this.spec.image} was not pulled` : 'No image was pulled';
      this.event(
        'Warning',
        `${image}: no container runtime is used here. The command runs on this host with /bin/sh -c; paths under ${CONTAINER_HOME} point into the job folder.`,
      );
    }
    let prepared: Prepared;
    try {
      prepared = await this.prepare();
    } catch (e) {
      if (this.stopRequested) return this.finish('terminated', [], 'terminated before the training started', this.outputsSoFar);
      const err = e instanceof SetupError ? e : new SetupError((e as Error).message);
      this.event('Error', err.message);
      return this.finish(
        'failed',
        this.tasks.map((task) => ({ task, exitCode: err.exitCode, message: err.message })),
        err.message,
        this.outputsSoFar,
      );
    }
    if (this.stopRequested) return this.finish('terminated', [], 'terminated before the training started', prepared.outputs);
    return this.execute(prepared);
  }

  private async prepare(): Promise<Prepared> {
    const s = this.spec;
    const signal = this.abort.signal;
    // Code
    let codeDir = this.layout.jobDir;
    if (s.code?.obsUrl) {
      const parent = s.localCodeDir ? this.userPath(s.localCodeDir, this.layout.jobDir, 'local code dir') : this.layout.jobDir;
      codeDir = join(parent, lastSegment(s.code.obsUrl));
      const t0 = Date.now();
      this.event('Info', `Downloading the training code from ${s.code.obsUrl}.`);
      const r = await this.storage()
        .download(asDirectoryUrl(s.code.obsUrl), codeDir, signal)
        .catch((e: Error) => {
          throw new SetupError(`Failed to download the training code from ${s.code?.obsUrl}: ${e.message}`);
        });
      this.event('Info', `Training code downloaded: ${r.files.length} file(s) in ${seconds(t0)}.`);
    } else if (s.code?.localDir) {
      codeDir = resolve(s.code.localDir);
      if (!existsSync(codeDir)) throw new SetupError(`The code directory ${codeDir} does not exist`);
    }
    let bootPath: string | undefined;
    if (s.bootFile) {
      bootPath = resolveInside(codeDir, s.bootFile, 'boot file');
      if (!existsSync(bootPath) || !statSync(bootPath).isFile()) throw new SetupError(`The boot file ${s.bootFile} does not exist in the code directory`);
    }
    // Inputs
    const inputs: Channel[] = [];
    for (const c of s.inputs ?? []) {
      const dir = c.localDir !== undefined ? this.userPath(c.localDir, this.layout.mount, 'input local dir') : this.layout.inputDir(c.name as string);
      await mkdir(dir, { recursive: true });
      if (c.obsUrl) {
        const t0 = Date.now();
        const label = c.name ? `parameter name: ${c.name}` : `folder: ${dir}`;
        this.event('Info', `Downloading the training input (${label}) from ${c.obsUrl}.`);
        const storage = this.storage();
        const r = await (c.manifest ? downloadManifestInput(storage, c.obsUrl, dir, signal) : storage.download(c.obsUrl, dir, signal)).catch((e: Error) => {
          throw new SetupError(`Failed to download the training input (${label}) from ${c.obsUrl}: ${e.message}`);
        });
        let count = r.files.length;
        const archive = r.files[0];
        if (c.unzip && r.kind === 'file' && archive?.toLowerCase().endsWith('.zip')) {
          const files = await extractZip(archive, dir).catch((e: Error) => {
            throw new SetupError(`Failed to unpack ${basename(archive)}: ${e.message}`);
          });
          await rm(archive, { force: true });
          count = files.length;
        }
        this.event('Info', `Training input (${label}) downloaded: ${count} file(s) in ${seconds(t0)}.`);
      }
      inputs.push({ name: c.name ?? basename(dir), named: c.name !== undefined, localDir: dir, obsUrl: c.obsUrl, accessMethod: c.accessMethod });
    }
    // Outputs
    const outputs: Channel[] = [];
    for (const c of s.outputs ?? []) {
      const dir = c.localDir !== undefined ? this.userPath(c.localDir, this.layout.mount, 'output local dir') : this.layout.outputDir(c.name as string);
      await mkdir(dir, { recursive: true });
      outputs.push({ name: c.name ?? basename(dir), named: c.name !== undefined, localDir: dir, obsUrl: c.obsUrl, accessMethod: c.accessMethod });
      this.outputsSoFar = outputs;
    }
    // Requirements
    const python = this.python(bootPath);
    const requirements = s.installRequirements === false ? undefined : findRequirementFile(codeDir);
    if (requirements) await this.pipInstall(python, requirements, codeDir);
    const workingDir = s.workingDir ? this.userPath(s.workingDir, codeDir, 'working dir') : codeDir;
    await mkdir(workingDir, { recursive: true });
    return { codeDir, bootPath, inputs, outputs, workingDir };
  }

  private python(bootPath: string | undefined): string {
    const chosen = this.spec.interpreter || this.spec.environments?.MA_SCRIPT_INTERPRETER;
    return chosen && bootPath?.endsWith('.py') ? chosen : this.spec.python || 'python3';
  }

  private async pipInstall(python: string, file: string, codeDir: string): Promise<void> {
    const name = basename(file);
    const target = this.layout.pipPackages;
    await mkdir(target, { recursive: true });
    const t0 = Date.now();
    this.event('Info', `Installing the packages listed in ${name} into ${target}.`);
    const cmd = pipInstallCommand(python, file, target);
    this.setupProcess = new Worker({
      task: 'pip',
      command: cmd,
      cwd: codeDir,
      env: { ...cleanBaseEnv(this.spec.parentEnv ?? process.env), ...(this.spec.environments ?? {}), PYTHONUNBUFFERED: '1' },
      log: this.allLogs,
    });
    const code = await this.setupProcess.exited;
    this.setupProcess = undefined;
    if (this.stopRequested) throw new SetupError('terminated during pip install');
    if (code !== 0) throw new SetupError(`pip install -r ${name} failed with exit code ${code}; see the job log for pip's output`, code);
    this.event('Info', `Packages of ${name} installed in ${seconds(t0)}.`);
  }

  private async execute(p: Prepared): Promise<RunResult> {
    const s = this.spec;
    this.state = 'running';
    const asArg = (c: Channel) => c.named && c.accessMethod !== 'env';
    const args = trainingArgs(p.inputs.filter(asArg).map(channelArg), p.outputs.filter(asArg).map(channelArg), s.parameters ?? []);
    const masterPort = await freePort();
    // A stop that arrived while the port was being picked found no workers to stop: start none.
    if (this.stopRequested) return this.finish('terminated', [], 'terminated before the training started', p.outputs);
    const interpreter = s.interpreter || s.environments?.MA_SCRIPT_INTERPRETER || undefined;
    const command: ProgramCommand = s.command
      ? shellCommand(mapContainerPathsInCommand(this.layout, s.command), args)
      : bootCommand(p.bootPath as string, args, { override: interpreter, python: s.python, node: s.node });
    const network = this.tasks.length > 1 ? 'host' : 'loopback';
    const iso = s.isolation;
    if (iso) this.event(iso.isolation.sandbox ? 'Info' : 'Warning', describeIsolation(iso.isolation, network));
    const programs = [s.python || 'python3', s.node || process.execPath, ...(interpreter ? [interpreter.trim().split(/\s+/)[0] as string] : [])];
    const isolated = (env: Record<string, string>): ProgramCommand =>
      iso?.isolation.sandbox
        ? sandboxCommand(iso.isolation.bwrap, command, {
            writable: [this.layout.home],
            programs,
            hidden: iso.hidden,
            network,
            cwd: p.workingDir,
            path: env.PATH,
          })
        : command;
    const cores = s.cpuCores ?? availableParallelism();
    const memoryBytes = s.memoryBytes ?? totalmem();
    const samplers: Array<{ task: string; sampler: TreeSampler }> = [];
    this.running = this.tasks.map((task, i) => {
      const env = workerEnv({
        layout: this.layout,
        jobId: this.jobId,
        taskIndex: i,
        nodeCount: this.tasks.length,
        gpus: s.gpus ?? 0,
        codeDir: p.codeDir,
        inputs: p.inputs.filter((c) => c.named),
        outputs: p.outputs.filter((c) => c.named),
        masterPort,
        environments: s.environments ?? {},
        parent: s.parentEnv ?? process.env,
      });
      const log = this.logs.get(task) as WorkerLog;
      const w = new Worker({ task, command: isolated(env), cwd: p.workingDir, env, log });
      this.event('Info', w.pid === undefined ? `Failed to start the training process.` : `Training started (pid ${w.pid}).`, task);
      if (w.pid !== undefined) {
        const sampler = new TreeSampler(w.pid, { cores, memoryBytes });
        sampler.sample();
        samplers.push({ task, sampler });
        this.series.set(task, new UsageSeries(Date.now()));
      }
      return w;
    });
    try {
      s.onWorkers?.(this.workers());
    } catch {
      // a listener's failure is not the job's
    }
    const sync = this.outputSync(p.outputs);
    const sampleAll = () => {
      for (const { task, sampler } of samplers) {
        const sample = sampler.sample();
        if (sample) this.series.get(task)?.add(sample);
      }
    };
    // Two early samples so that short jobs have metrics too, then the regular period.
    const timers = [setTimeout(sampleAll, 250), setTimeout(sampleAll, 1000), setInterval(sampleAll, s.metricsIntervalMs ?? 5000)];
    if (sync) {
      timers.push(
        setInterval(() => {
          sync.sync(this.abort.signal).catch((e: Error) => {
            if (!this.abort.signal.aborted) this.event('Warning', `Periodic output upload failed: ${e.message}`);
          });
        }, s.outputIntervalMs ?? 30_000),
      );
    }
    let firstFailure: Worker | undefined;
    const results = await Promise.all(
      this.running.map(async (w) => {
        const code = await w.exited;
        this.event(code === 0 ? 'Info' : 'Error', `Training finished. Exit code ${code}.`, w.task);
        if (code !== 0 && !this.stopRequested && !firstFailure) {
          firstFailure = w;
          const others = this.running.filter((o) => o !== w && o.running);
          if (others.length) this.event('Warning', `${w.task} failed: stopping the other workers.`);
          await Promise.all(others.map((o) => o.stop(this.grace)));
        }
        return { w, code };
      }),
    );
    for (const t of timers) clearInterval(t);
    const tasks: TaskResult[] = results.map(({ w, code }) => ({
      task: w.task,
      exitCode: code,
      message: taskMessage(code, w.stderr.last(10), this.stopRequested),
    }));
    if (this.stopRequested) return this.finish('terminated', tasks, 'terminated by request', p.outputs, sync);
    const failed = firstFailure ? tasks.find((t) => t.task === firstFailure?.task) : tasks.find((t) => t.exitCode !== 0);
    return this.finish(failed ? 'failed' : 'completed', tasks, failed ? `${failed.task}: ${failed.message}` : '', p.outputs, sync);
  }

  private outputSync(outputs: readonly ChannelEnv[]): OutputSync | undefined {
    const targets: SyncTarget[] = outputs.flatMap((o) => (o.obsUrl ? [{ name: o.name, localDir: o.localDir, obsUrl: o.obsUrl }] : []));
    if (!targets.length) return undefined;
    return new OutputSync(this.storage(), targets);
  }

  /** Final output upload, the closing log lines, the log copy: done for every outcome. */
  private async finish(
    outcome: RunResult['outcome'],
    tasks: TaskResult[],
    message: string,
    outputs: readonly ChannelEnv[],
    existing?: OutputSync,
  ): Promise<RunResult> {
    this.state = 'finishing';
    let finalOutcome = outcome;
    let finalMessage = message;
    if (this.uploadAtEnd) {
      try {
        const sync = existing ?? this.outputSync(outputs);
        if (sync) {
          for (const t of sync.targets) this.event('Info', `Training output (parameter name: ${t.name}) uploading to ${t.obsUrl}.`);
          const reports = await sync.sync();
          for (const r of reports) this.event('Info', `Training output (parameter name: ${r.name}) uploaded: ${r.uploaded} changed file(s).`);
        }
      } catch (e) {
        this.event('Error', `Uploading the training output failed: ${(e as Error).message}`);
        if (finalOutcome === 'completed') {
          finalOutcome = 'failed';
          finalMessage = `uploading the training output failed: ${(e as Error).message}`;
        }
      }
    }
    const byTask = new Map(tasks.map((t) => [t.task, t]));
    for (const [task, log] of this.logs) log.service(`Training end with return code: ${byTask.get(task)?.exitCode ?? -1}`);
    return this.finishWith(finalOutcome, tasks, finalMessage);
  }

  private async finishWith(outcome: RunResult['outcome'], tasks: TaskResult[], message: string): Promise<RunResult> {
    await Promise.all([...this.logs.values()].map((l) => l.close()));
    const s = this.spec;
    if (s.logUrl && s.storage && this.uploadAtEnd) {
      try {
        const n = await s.storage.uploadDir(this.layout.logDir, s.logUrl);
        this.event('Info', `Logs copied to ${s.logUrl} (${n} file(s)).`);
      } catch (e) {
        this.event('Warning', `Copying the logs to ${s.logUrl} failed: ${(e as Error).message}`);
      }
    }
    const verdict = { completed: 'Training job completed.', failed: `Training job failed: ${message}`, terminated: 'Training job terminated.' }[outcome];
    this.event(outcome === 'failed' ? 'Error' : 'Info', verdict);
    this.state = outcome;
    return { outcome, tasks, message, endedAt: Date.now() };
  }
}

/** A prepared channel; unnamed ones (local mode) are fetched or uploaded but never passed to the boot file. */
interface Channel extends ChannelEnv {
  named: boolean;
}

interface Prepared {
  codeDir: string;
  bootPath: string | undefined;
  inputs: Channel[];
  outputs: Channel[];
  workingDir: string;
}

function channelArg(c: ChannelEnv): ChannelArg {
  return { name: c.name, path: c.localDir };
}

function taskMessage(code: number, stderr: string[], stopped: boolean): string {
  if (code === 0) return '';
  const head = stopped ? `Terminated (exit code ${code}).` : `Exit code ${code}.`;
  return stderr.length ? `${head} Last stderr lines:\n${stderr.join('\n')}` : head;
}

/** A free TCP port on loopback for MASTER_PORT (a race with other programs is possible but harmless here). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}
