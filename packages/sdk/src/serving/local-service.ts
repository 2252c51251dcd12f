import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type {
  ConfigStatus,
  ModelDependency,
  ServiceDetail,
  ServiceEvent,
  ServiceEvents,
  ServiceEventsQuery,
  ServiceLogs,
  ServiceMonitor,
  ServiceQueryConfig,
  ServiceStatus,
  ServiceUpdateBody,
} from '@modelarts-ts/contract';
import { installModelDependencies, type ModelServer, modelPythonPath, startModelServer, TreeSampler } from '@modelarts-ts/runtime';
import { APIError } from '../core/error.js';
import { sleep } from '../internal/sleep.js';
import type { RequestOptions } from '../internal/transport.js';
import type { Session } from '../session.js';
import { type ServiceConfigOptions, wireServiceConfig } from './configs.js';
import type { DeployPredictorOptions } from './model-options.js';
import { downloadModelDir, readModelConfig } from './model-package.js';
import { fileFieldsOfApis } from './predict-body.js';
import { forgetLocalService, Predictor, registerLocalService, type ServiceBackend } from './predictor.js';
import { tfDeviceEnv } from './tf-environ.js';

/** The model a local service runs: a local folder, or a published model's OBS package. */
export interface LocalModelSource {
  model_id: string;
  name: string;
  version: string;
  type: string;
  dir?: string | undefined;
  source_location?: string | undefined;
  /** pip packages to install first; default: the package's config.json `dependencies`. */
  dependencies?: ModelDependency[] | undefined;
}

/** Lines of the model server's output kept in a crash reason. */
const TAIL_LINES = 20;

/**
 * A service on this machine (`specification: 'local'`, manual 10.2): one model-server process of `packages/runtime`
 * on a loopback port, no platform involved. Its answers have the REST shapes, so Predictor treats it as any service.
 */
export class LocalServiceBackend implements ServiceBackend {
  readonly pollMs = { min: 50, max: 250 };
  private status: ServiceStatus = 'deploying';
  private error_msg: string | undefined;
  private server: ModelServer | undefined;
  private modelDir: string | undefined;
  private readonly history: ServiceLogs['logs'] = [];
  private readonly eventList: ServiceEvent[] = [];
  private invocations = 0;
  private failures = 0;
  private sampler: TreeSampler | undefined;
  private readonly publishAt = Date.now();
  private updatedAt = this.publishAt;
  private deleted = false;
  private depsInstalled = false;

  constructor(
    private readonly session: Session,
    readonly service_id: string,
    private readonly service_name: string,
    private description: string,
    private readonly source: LocalModelSource,
    private config: ServiceConfigOptions,
    private readonly python: string,
  ) {}

  /** Fetches the package if needed and starts the model server; failures end in status `failed` with the reason. */
  async start(): Promise<void> {
    this.status = 'deploying';
    this.event('normal', `start to deploy service ${this.service_name} on this machine`);
    const update: ServiceLogs['logs'][number] = { update_time: Date.now(), result: 'RUNNING', config: [this.configWire('notReady')] };
    this.history.push(update);
    try {
      if (!this.modelDir) {
        this.modelDir = this.source.dir ?? (await downloadModelDir(this.session, this.source.source_location ?? ''));
        this.event('normal', `model package ready in ${this.modelDir}`);
      }
      const home = join(tmpdir(), 'modelarts-local-services', this.service_id);
      await mkdir(home, { recursive: true });
      // Installed into the service's folder, not into the user's package.
      const pipTarget = join(home, 'pip-packages');
      await this.installDependencies(pipTarget);
      this.event('normal', `starting model server (${this.python})`);
      const server = await startModelServer({
        modelDir: this.modelDir,
        python: this.python,
        port: 0,
        env: { ...tfDeviceEnv(), ...this.config.envs },
        logFile: join(home, 'model-server.log'),
        modelName: this.source.name,
        modelType: this.source.type,
        pythonPath: modelPythonPath(this.modelDir, pipTarget),
      });
      this.server = server;
      this.sampler = new TreeSampler(server.pid, { cores: cpus().length, memoryBytes: totalmem() });
      void server.exited.then(({ code, signal }) => {
        if (this.server !== server || this.status !== 'running') return;
        this.server = undefined;
        const tail = server.logTail(TAIL_LINES);
        this.fail(`model server exited unexpectedly (${signal ?? `code ${code}`})${tail.length ? `\nlast model server output:\n${tail.join('\n')}` : ''}`);
      });
      this.status = 'running';
      this.error_msg = undefined;
      update.result = 'SUCCESS';
      update.config = [this.configWire('ready')];
      this.event('normal', `service is running at ${server.url}`);
    } catch (e) {
      update.result = 'FAIL';
      this.fail((e as Error).message);
    }
  }

  /** pip-installs the model's dependencies once; a failure carries pip's last lines. */
  private async installDependencies(target: string): Promise<void> {
    if (this.depsInstalled) return;
    const deps = this.source.dependencies?.length
      ? this.source.dependencies
      : ((await readModelConfig(this.modelDir as string)).dependencies as ModelDependency[] | undefined);
    if (!deps?.some((d) => d.packages?.length)) return;
    this.event('normal', 'installing the model dependencies with pip');
    const lines: string[] = [];
    try {
      await installModelDependencies(this.modelDir as string, deps, { python: this.python, target, onLog: (l) => lines.push(l) });
    } catch (e) {
      throw new Error(`Installing the model dependencies failed: ${(e as Error).message}${lines.length ? `\n${lines.slice(-TAIL_LINES).join('\n')}` : ''}`);
    }
    this.depsInstalled = true;
  }

  private fail(reason: string): void {
    this.status = 'failed';
    this.error_msg = reason;
    this.event('abnormal', reason.split('\n')[0] as string);
  }

  private event(event_type: 'normal' | 'abnormal', event_info: string): void {
    this.updatedAt = Date.now();
    this.eventList.push({ event_type, event_info, occur_time: Date.now() });
  }

  private configWire(status: ConfigStatus): ServiceQueryConfig {
    const c = wireServiceConfig(this.config);
    return {
      ...c,
      weight: Number(c.weight),
      instance_count: this.config.instance_count,
      model_name: this.source.name,
      model_version: this.source.version,
      scaling: false,
      support_debug: false,
      status,
    };
  }

  async info(): Promise<ServiceDetail> {
    this.assertExists();
    return {
      service_id: this.service_id,
      service_name: this.service_name,
      description: this.description,
      infer_type: 'real-time',
      status: this.status,
      ...(this.error_msg ? { error_msg: this.error_msg } : {}),
      ...(this.server ? { access_address: this.server.url } : {}),
      invocation_times: this.invocations,
      failed_times: this.failures,
      publish_at: this.publishAt,
      update_time: this.updatedAt,
      transition_at: this.updatedAt,
      operation_time: this.updatedAt,
      tenant: '',
      project: '',
      owner: '',
      workspace_id: '0',
      is_free: true,
      is_shared: false,
      shared_count: 0,
      progress: this.status === 'deploying' ? 50 : 100,
      config: [this.configWire(this.status === 'running' ? 'ready' : 'notReady')],
    };
  }

  /** Status `stopped` stops the server, `running` starts it again; new configs restart it with their `envs`. */
  async update(body: ServiceUpdateBody): Promise<void> {
    this.assertExists();
    if (body.description !== undefined) this.description = body.description;
    if (body.status === 'stopped') {
      await this.stopServer();
      this.status = 'stopped';
      this.event('normal', 'service stopped');
    } else if (body.status === 'running') {
      if (this.status !== 'running') await this.start();
    } else if (body.config) {
      const c = body.config[0] as Partial<ServiceConfigOptions> | undefined;
      this.config = { ...this.config, ...(c?.envs ? { envs: c.envs } : {}) };
      await this.stopServer();
      await this.start();
    }
  }

  private async stopServer(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    this.sampler = undefined;
    await s?.stop();
  }

  async delete(): Promise<void> {
    this.assertExists();
    this.deleted = true;
    forgetLocalService(this.service_id);
    await this.stopServer();
  }

  async monitor(): Promise<ServiceMonitor> {
    this.assertExists();
    let sample = this.sampler?.sample();
    if (this.sampler && !sample) {
      // The first sample only starts the interval.
      await sleep(100);
      sample = this.sampler.sample();
    }
    const cores = cpus().length;
    const memMb = Math.round(totalmem() / 1024 / 1024);
    return {
      service_id: this.service_id,
      service_name: this.service_name,
      service_running_instance_count: this.server ? 1 : 0,
      service_instance_count: 1,
      req_count_per_min: 0,
      monitors: [
        {
          model_id: this.source.model_id,
          model_name: this.source.name,
          model_version: this.source.version,
          invocation_times: this.invocations,
          failed_times: this.failures,
          model_running_instance_count: this.server ? 1 : 0,
          model_instance_count: 1,
          cpu_core_usage: sample ? Math.round(((sample.cpuUsage * cores) / 100) * 100) / 100 : 0,
          cpu_core_total: cores,
          cpu_memory_usage: sample ? Math.round((sample.memUsage * memMb) / 100) : 0,
          cpu_memory_total: memMb,
          gpu_usage: 0,
          gpu_total: 0,
          gpu_memory_usage: 0,
          gpu_memory_total: 0,
          npu_usage: 0,
          npu_total: 0,
          npu_memory_usage: 0,
          npu_memory_total: 0,
        },
      ],
    };
  }

  async logs(): Promise<ServiceLogs> {
    this.assertExists();
    return { service_id: this.service_id, service_name: this.service_name, logs: this.history.map((l) => ({ ...l })) };
  }

  async events(query: ServiceEventsQuery): Promise<ServiceEvents> {
    this.assertExists();
    let list = this.eventList.filter(
      (e) =>
        (!query.event_type || e.event_type === query.event_type) &&
        (query.start_time === undefined || e.occur_time >= query.start_time) &&
        (query.end_time === undefined || e.occur_time <= query.end_time),
    );
    if ((query.order ?? 'desc') === 'desc') list = [...list].reverse();
    const limit = query.limit ?? 1000;
    const page = list.slice((query.offset ?? 0) * limit, (query.offset ?? 0) * limit + limit);
    return { service_id: this.service_id, service_name: this.service_name, total_count: list.length, count: page.length, events: page };
  }

  async invoke(req: { path: string; body: Uint8Array; contentType: string }, options?: RequestOptions): Promise<unknown> {
    this.assertExists();
    const server = this.server;
    if (!server || this.status !== 'running') {
      // The codes the inference router answers for a service that is not running.
      throw APIError.from({
        status: 400,
        error_code: 'ModelArts.4203',
        error_msg: `Local service ${this.service_id} is ${this.status}: start it (updateServiceConfig({ status: 'running' })) before predicting.`,
      });
    }
    this.invocations++;
    try {
      const url = new URL(server.url.replace(/\/+$/, '') + (req.path.startsWith('/') ? req.path : `/${req.path}`));
      const r = await this.session.client.requestRaw(
        { method: 'POST', url, body: req.body, contentType: req.contentType, label: 'local.infer', auth: false },
        { maxRetries: 0, ...options },
      );
      return r.data;
    } catch (e) {
      this.failures++;
      throw e;
    }
  }

  async fileFields(path: string): Promise<string[]> {
    if (!this.modelDir) return [];
    return fileFieldsOfApis((await readModelConfig(this.modelDir)).apis, path);
  }

  private assertExists(): void {
    if (this.deleted) throw APIError.from({ status: 404, error_code: 'ModelArts.3502', error_msg: `Local service ${this.service_id} was deleted.` });
  }
}

/** `deployPredictor` with `specification: 'local'`: starts the model server here and answers its Predictor. */
export async function deployLocalPredictor(
  session: Session,
  source: LocalModelSource,
  config: ServiceConfigOptions,
  o: DeployPredictorOptions,
): Promise<Predictor> {
  const python = o.python ?? process.env.MODELARTS_PYTHON ?? 'python3';
  const id = `local-${randomUUID()}`;
  const backend = new LocalServiceBackend(session, id, o.service_name ?? `local-${source.name}`, o.description ?? '', source, config, python);
  registerLocalService(id, backend);
  const predictor = new Predictor(session, id, backend);
  const started = backend.start();
  if (o.wait !== false) {
    await started;
    await predictor.waitUntilRunning(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {});
  }
  return predictor;
}
