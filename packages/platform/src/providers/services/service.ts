import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type {
  ServiceConfig,
  ServiceDeployBody,
  ServiceDeployed,
  ServiceDetail,
  ServiceEvents,
  ServiceEventsQuery,
  ServiceList,
  ServiceListItem,
  ServiceListQuery,
  ServiceLogs,
  ServiceMonitor,
  ServiceQueryConfig,
  ServiceSchedule,
  ServiceSpecificationList,
  ServiceSpecificationsQuery,
  ServiceUpdateBody,
  ServiceUpdateLog,
} from '@modelarts-ts/contract';
import {
  describeModelServerIsolation,
  type Isolation,
  installModelDependencies,
  listProcesses,
  type ModelServer,
  modelPythonPath,
  startModelServer,
} from '@modelarts-ts/runtime';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../../auth/caller.js';
import type { PlatformConfig } from '../../config.js';
import { PlatformError } from '../../errors.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { modelDir } from '../models/service.js';
import type { ModelRow, ModelStore } from '../models/store.js';
import { InterpreterResolver } from '../training/interpreters.js';
import { executeBatch } from './batch.js';
import { CallCounters, MinuteRate } from './counters.js';
import { type PoolConfigSpec, ServicePool } from './pool.js';
import { checkServiceQuotas } from './quotas.js';
import { proxy } from './router.js';
import { findFlavor, specificationIds, specifications } from './specifications.js';
import type { ServiceDefinition, ServiceEventRow, ServiceRow, ServiceStore } from './store.js';
import { serviceWorkDir } from './work-dir.js';

export interface ServiceManagerDeps {
  config: PlatformConfig;
  store: ServiceStore;
  models: ModelStore;
  modelsRoot: string;
  objects: () => ObjectStore;
  log: FastifyBaseLogger;
  /** Model servers run in a sandbox when it is one (see the runtime's sandbox); unset: plain processes. */
  isolation?: Isolation | undefined;
}

const normal = (event_info: string): ServiceEventRow => ({ event_type: 'normal', event_info, occur_time: Date.now() });
const abnormal = (event_info: string): ServiceEventRow => ({ event_type: 'abnormal', event_info, occur_time: Date.now() });
const UNIT_MS = { MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 } as const;
const FLUSH_MS = 1000;
const SAMPLE_MS = 5000;

interface Live {
  projectId: string;
  pool: ServicePool;
  /** Calls per minute. */
  calls: MinuteRate;
}

/**
 * Services on this machine. Desired state lives in SQLite (`desired`), processes follow it: a real-time service
 * runs `instance_count` model servers per config behind the router; a batch service runs its servers until every
 * input is answered. Operations on one service run one after another; a restart brings back what should run.
 */
export class ServiceManager {
  private closed = false;
  private readonly live = new Map<string, Live>();
  /** The operation chain of each service (deploy, update, stop, start, delete never overlap). */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly counters: CallCounters;
  private readonly dueTimers = new Map<string, NodeJS.Timeout>();
  private readonly deps = new Map<string, Promise<void>>();
  private readonly interpreters = new InterpreterResolver();
  private readonly batchAborts = new Map<string, AbortController>();
  private readonly flushTimer: NodeJS.Timeout;
  private readonly sampleTimer: NodeJS.Timeout;
  readonly ready: Promise<void>;

  constructor(private readonly d: ServiceManagerDeps) {
    this.counters = new CallCounters(d.store);
    this.interpreters.resolve(d.config.trainingPython);
    this.flushTimer = setInterval(() => this.flush(), FLUSH_MS).unref();
    this.sampleTimer = setInterval(() => {
      if (this.live.size === 0) return;
      const all = listProcesses();
      for (const l of this.live.values()) l.pool.sample(all);
    }, SAMPLE_MS).unref();
    this.ready = this.reconcile().catch((e: Error) => d.log.error({ err: e }, 'services: reconciliation failed'));
  }

  // ---- API ----

  deploy(projectId: string, caller: Caller, body: ServiceDeployBody): ServiceDeployed {
    if (body.infer_type === 'edge') throw new PlatformError('ModelArts.3589', 'Edge services need IEF edge nodes, which ModelArts Local does not have');
    const configs = this.checkConfigs(projectId, body.infer_type, body.config);
    if (body.schedule?.length && body.infer_type !== 'real-time') throw new PlatformError('ModelArts.0101', 'schedule applies to real-time services only');
    this.checkQuotas(projectId, { adding: true, configs });
    const id = randomUUID();
    const now = Date.now();
    const definition: ServiceDefinition = {
      config: configs,
      schedule: body.schedule,
      additional_properties: body.additional_properties,
      load_balancer_policy: body.load_balancer_policy,
      priority: body.priority,
      cluster_id: body.cluster_id,
      pool_name: body.pool_name,
      vpc_id: body.vpc_id,
      subnet_network_id: body.subnet_network_id,
      security_group_id: body.security_group_id,
    };
    this.d.store.insert(
      {
        id,
        project_id: projectId,
        domain_id: caller.domain_id,
        owner: caller.user_id,
        name: body.service_name,
        description: body.description ?? '',
        infer_type: body.infer_type,
        workspace_id: body.workspace_id ?? '0',
        status: 'deploying',
        desired: 'running',
        progress: 0,
        error_msg: '',
        publish_at: now,
        update_time: now,
        transition_at: now,
        operation_time: now,
        due_time: 0,
        start_time: 0,
        finished_time: 0,
        definition,
      },
      configs.map((c) => c.model_id),
      normal(`Start to deploy service ${body.service_name}.`),
    );
    const seq = this.d.store.addUpdate(id, this.logConfig(configs));
    this.enqueue(id, () => (body.infer_type === 'batch' ? this.runBatch(id, seq) : this.bringUp(id, seq)));
    return { service_id: id, resource_ids: [`INF-${id}@local`] };
  }

  list(projectId: string, q: ServiceListQuery): ServiceList {
    const r = this.d.store.list(projectId, {
      serviceId: q.service_id,
      name: q.service_name,
      modelId: q.model_id,
      workspaceId: q.workspace_id,
      inferType: q.infer_type,
      status: q.status,
      sortBy: q.sort_by ?? 'publish_at',
      order: q.order ?? 'desc',
      limit: q.limit ?? 1000,
      offset: q.offset ?? 0,
    });
    return { total_count: r.total, count: r.rows.length, services: r.rows.map((row) => ({ ...this.common(row), is_opened_sample_collection: 'false' })) };
  }

  get(projectId: string, id: string, origin: string): ServiceDetail {
    const row = this.row(projectId, id);
    const live = this.live.get(id);
    const d = row.definition;
    const config: ServiceQueryConfig[] = d.config.map((c, i) => {
      const m = this.d.models.byId(c.model_id);
      const pc = live?.pool.configs[i];
      const out: ServiceQueryConfig = {
        model_id: c.model_id,
        model_name: m?.name ?? '',
        model_version: m?.version ?? '',
        specification: c.specification,
        instance_count: c.instance_count ?? 1,
        scaling: false,
        support_debug: false,
        status: pc ? (live as Live).pool.configStatus(pc) : 'notReady',
      };
      if (row.infer_type === 'real-time') out.weight = Number(c.weight ?? 100);
      for (const k of [
        'custom_spec',
        'envs',
        'cluster_id',
        'pool_name',
        'additional_properties',
        'src_path',
        'dest_path',
        'req_uri',
        'mapping_type',
        'mapping_rule',
        'src_type',
      ] as const) {
        if (c[k] !== undefined) (out as Record<string, unknown>)[k] = c[k];
      }
      if (row.infer_type === 'batch') {
        if (row.start_time) out.start_time = row.start_time;
        if (row.finished_time) out.finished_time = row.finished_time;
      }
      return out;
    });
    const detail: ServiceDetail = { ...this.common(row), config };
    if (row.infer_type === 'real-time') detail.access_address = `${origin}/v1/infers/${row.id}`;
    for (const k of ['cluster_id', 'pool_name', 'vpc_id', 'subnet_network_id', 'security_group_id', 'load_balancer_policy', 'priority'] as const) {
      if (d[k] !== undefined) (detail as Record<string, unknown>)[k] = d[k];
    }
    return detail;
  }

  update(projectId: string, id: string, body: ServiceUpdateBody): Record<string, never> {
    const row = this.row(projectId, id);
    if (row.desired === 'deleted') throw new PlatformError('ModelArts.3519', 'The service is being deleted');
    const definition: ServiceDefinition = { ...row.definition };
    if (body.schedule !== undefined) {
      if (row.infer_type !== 'real-time') throw new PlatformError('ModelArts.0101', 'schedule applies to real-time services only');
      definition.schedule = body.schedule;
    }
    if (body.additional_properties !== undefined) definition.additional_properties = body.additional_properties;
    if (body.load_balancer_policy !== undefined) definition.load_balancer_policy = body.load_balancer_policy;
    if (body.priority !== undefined) definition.priority = body.priority;
    // Status wins over config when both are sent.
    let newConfigs: ServiceConfig[] | undefined;
    if (body.status === undefined && body.config !== undefined) {
      if (row.infer_type !== 'real-time') throw new PlatformError('ModelArts.3519', 'Only a real-time service can change its config');
      newConfigs = this.checkConfigs(projectId, row.infer_type, body.config);
      if (row.desired === 'running') this.checkQuotas(projectId, { id, configs: newConfigs });
    }
    if (body.status === 'running' && row.desired !== 'running') this.checkQuotas(projectId, { id, configs: row.definition.config });
    this.d.store.update(id, { ...(body.description !== undefined ? { description: body.description } : {}), definition });
    if (body.schedule !== undefined && this.live.has(id)) this.armSchedule(id, Date.now());
    if (body.status === 'stopped') {
      this.d.store.transition(id, {
        status: row.status === 'deploying' || row.status === 'running' || row.status === 'concerning' ? 'stopping' : row.status,
        desired: 'stopped',
      });
      this.enqueue(id, () => this.stop(id, 'The service was stopped.'));
    } else if (body.status === 'running') {
      if (row.infer_type === 'batch' && row.status !== 'stopped') throw new PlatformError('ModelArts.3519', `The batch service is ${row.status}`);
      this.d.store.transition(id, { desired: 'running', status: row.status === 'stopped' || row.status === 'failed' ? 'deploying' : row.status });
      const seq = this.d.store.addUpdate(id, this.logConfig(row.definition.config));
      this.enqueue(id, () => (row.infer_type === 'batch' ? this.runBatch(id, seq) : this.bringUp(id, seq)));
    } else if (newConfigs) {
      const configs = newConfigs;
      const seq = this.d.store.addUpdate(id, this.logConfig(configs));
      this.enqueue(id, () => this.rollingUpdate(id, configs, seq));
    }
    return {};
  }

  delete(projectId: string, ids: string): Record<string, never> {
    const rows = ids.split(',').map((id) => this.row(projectId, id.trim()));
    for (const row of rows) {
      this.d.store.transition(row.id, { status: 'deleting', desired: 'deleted', due_time: 0 }, normal('Deleting the service.'));
      this.batchAborts.get(row.id)?.abort();
      this.enqueue(row.id, () => this.finishDelete(row.id));
    }
    return {};
  }

  monitor(projectId: string, id: string): ServiceMonitor {
    const row = this.row(projectId, id);
    const live = this.live.get(id);
    live?.pool.sample();
    const counts = this.counters.models(id);
    const monitors = row.definition.config.map((c, i) => {
      const m = this.d.models.byId(c.model_id);
      const pc = live?.pool.configs[i];
      const flavor = findFlavor(c.specification) ?? { cpu: c.custom_spec?.cpu ?? 1, memoryMiB: c.custom_spec?.memory ?? 1024 };
      const count = c.instance_count ?? 1;
      const mc = counts.get(c.model_id) ?? { inv: 0, fail: 0 };
      const used = pc?.instances.reduce((s, inst) => ({ cores: s.cores + inst.usage.cores, mem: s.mem + inst.usage.memoryMiB }), { cores: 0, mem: 0 }) ?? {
        cores: 0,
        mem: 0,
      };
      return {
        model_id: c.model_id,
        model_name: m?.name ?? '',
        model_version: m?.version ?? '',
        invocation_times: mc.inv,
        failed_times: mc.fail,
        model_running_instance_count: pc ? pc.instances.filter((x) => x.healthy).length : 0,
        model_instance_count: count,
        cpu_core_usage: Math.round(used.cores * 1000) / 1000,
        cpu_core_total: flavor.cpu * count,
        cpu_memory_usage: Math.round(used.mem),
        cpu_memory_total: flavor.memoryMiB * count,
        gpu_usage: 0,
        gpu_total: 0,
        gpu_memory_usage: 0,
        gpu_memory_total: 0,
        npu_usage: 0,
        npu_total: 0,
        npu_memory_usage: 0,
        npu_memory_total: 0,
      };
    });
    return {
      service_name: row.name,
      service_id: row.id,
      service_running_instance_count: live?.pool.runningCount() ?? 0,
      service_instance_count: row.definition.config.reduce((s, c) => s + (c.instance_count ?? 1), 0),
      req_count_per_min: live ? live.calls.total() : 0,
      monitors,
    };
  }

  logs(projectId: string, id: string, updateTime?: number): ServiceLogs {
    const row = this.row(projectId, id);
    const logs = this.d.store.updates(id).filter((l) => updateTime === undefined || l.update_time === updateTime);
    return { service_name: row.name, service_id: row.id, logs };
  }

  events(projectId: string, id: string, q: ServiceEventsQuery): ServiceEvents {
    const row = this.row(projectId, id);
    let events = this.d.store.events(id);
    if (q.event_type) events = events.filter((e) => e.event_type === q.event_type);
    if (q.event_info) events = events.filter((e) => e.event_info.toLowerCase().includes((q.event_info as string).toLowerCase()));
    if (q.start_time !== undefined) events = events.filter((e) => e.occur_time >= (q.start_time as number));
    if (q.end_time !== undefined) events = events.filter((e) => e.occur_time <= (q.end_time as number));
    if ((q.order ?? 'desc') === 'desc') events = events.reverse();
    const limit = q.limit ?? 1000;
    const page = events.slice((q.offset ?? 0) * limit, (q.offset ?? 0) * limit + limit);
    return { service_id: row.id, service_name: row.name, total_count: events.length, count: page.length, events: page };
  }

  specifications(q: ServiceSpecificationsQuery): ServiceSpecificationList {
    const all = q.is_personal_cluster ? [] : specifications();
    const limit = q.limit ?? 1000;
    const page = all.slice((q.offset ?? 0) * limit, (q.offset ?? 0) * limit + limit);
    return { total_count: all.length, count: page.length, specifications: page };
  }

  /** The router: authenticated caller, weight-picked config, round-robin instance, kept-alive proxy, counters. */
  async infer(caller: Caller, serviceId: string, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const live = this.live.get(serviceId);
    if (!live || !caller.project_ids.has(live.projectId)) {
      const row = this.d.store.byId(serviceId);
      if (!row || !caller.project_ids.has(row.project_id)) throw new PlatformError('ModelArts.3502', `The service ${serviceId} does not exist`);
      throw new PlatformError('ModelArts.4203', `The service ${row.name} is ${row.status}: it answers requests only while running`);
    }
    live.calls.add();
    return proxy(live.pool, request, reply, {
      timeoutMs: this.d.config.inferenceTimeoutSeconds * 1000,
      count: (modelId, ok) => this.counters.count(serviceId, modelId, ok),
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.flushTimer);
    clearInterval(this.sampleTimer);
    for (const t of this.dueTimers.values()) clearTimeout(t);
    for (const a of this.batchAborts.values()) a.abort();
    await this.ready;
    await Promise.allSettled([...this.chains.values()]);
    await Promise.allSettled([...this.live.values()].map((l) => l.pool.stop(0)));
    this.live.clear();
    this.flush();
  }

  // ---- validation ----

  private checkQuotas(projectId: string, change: Parameters<typeof checkServiceQuotas>[2]): void {
    const c = this.d.config;
    checkServiceQuotas(
      { services: c.serviceQuota, running: c.runningServiceQuota, instances: c.serviceInstanceQuota },
      this.d.store.ofProject(projectId),
      change,
    );
  }

  private checkConfigs(projectId: string, inferType: string, configs: readonly ServiceConfig[]): ServiceConfig[] {
    if (inferType === 'batch' && configs.length !== 1) throw new PlatformError('ModelArts.0101', 'A batch service deploys exactly one model');
    const seen = new Set<string>();
    const out: ServiceConfig[] = [];
    for (const [i, c] of configs.entries()) {
      const m = this.d.models.byId(c.model_id);
      if (!m || m.project_id !== projectId) throw new PlatformError('ModelArts.3507', `config[${i}]: the model ${c.model_id} does not exist`);
      if (m.status === 'publishing') throw new PlatformError('ModelArts.3515', `config[${i}]: the model ${m.name} ${m.version} is still publishing`);
      if (m.status !== 'published') throw new PlatformError('ModelArts.3515', `config[${i}]: the model ${m.name} ${m.version} is ${m.status}, not published`);
      const install = m.definition.install_type.map((t) => (t === 'realtime' ? 'real-time' : t));
      if (!install.includes(inferType))
        throw new PlatformError(
          'ModelArts.3589',
          `config[${i}]: the model ${m.name} ${m.version} cannot be deployed as ${inferType} (install_type ${install.join(', ')})`,
        );
      if (m.model_type === 'Image') {
        throw new PlatformError(
          'ModelArts.3589',
          `config[${i}]: the model ${m.name} ${m.version} is a custom image, and ModelArts Local has no container runtime to run it`,
        );
      }
      if (seen.has(m.id)) throw new PlatformError('ModelArts.3516', `config[${i}]: the model ${m.name} ${m.version} appears twice`);
      seen.add(m.id);
      if (c.specification !== 'custom' && !specificationIds().includes(c.specification)) {
        throw new PlatformError(
          'ModelArts.0101',
          `config[${i}]: unknown specification ${c.specification} (one of ${specificationIds().join(', ')}, or custom)`,
        );
      }
      if (c.specification === 'custom' && !c.custom_spec) throw new PlatformError('ModelArts.0101', `config[${i}]: specification custom needs custom_spec`);
      if (inferType === 'batch') {
        for (const k of ['src_path', 'dest_path', 'req_uri', 'mapping_type'] as const)
          if (!c[k]) throw new PlatformError('ModelArts.0101', `config[0].${k} is required for a batch service`);
        const apis = Array.isArray(m.definition.config.apis) ? (m.definition.config.apis as Array<Record<string, unknown>>) : [];
        if (!apis.some((a) => a.request !== undefined) && !m.definition.input_params?.length) {
          throw new PlatformError(
            'ModelArts.3514',
            `The model ${m.name} ${m.version} declares no API input (config.json apis[].request): a batch service cannot build requests for it`,
          );
        }
      }
      out.push({
        ...c,
        instance_count: c.instance_count ?? 1,
        ...(inferType === 'real-time' ? { weight: Number(c.weight ?? (configs.length === 1 ? 100 : 0)) } : {}),
      });
    }
    if (inferType === 'real-time') {
      const sum = out.reduce((s, c) => s + Number(c.weight), 0);
      if (sum !== 100) throw new PlatformError('ModelArts.0101', `The weights of the configs must add up to 100, not ${sum}`);
    }
    return out;
  }

  // ---- lifecycle ----

  private row(projectId: string, id: string): ServiceRow {
    const row = this.d.store.get(projectId, id);
    if (!row) throw new PlatformError('ModelArts.3502', `The service ${id} does not exist`);
    return row;
  }

  private enqueue(id: string, step: () => Promise<void>): void {
    const prev = this.chains.get(id) ?? Promise.resolve();
    const next = prev
      .then(() => (this.closed ? undefined : step()))
      .catch((e: Error) => this.d.log.error({ err: e, service_id: id }, 'services: a background step failed'));
    this.chains.set(id, next);
    void next.then(() => {
      if (this.chains.get(id) === next) this.chains.delete(id);
    });
  }

  private event(id: string, e: ServiceEventRow): void {
    try {
      this.d.store.addEvent(id, e);
    } catch {
      // the service is gone
    }
  }

  private logConfig(configs: readonly ServiceConfig[]): ServiceUpdateLog['config'] {
    return configs.map((c) => {
      const m = this.d.models.byId(c.model_id);
      return {
        model_id: c.model_id,
        model_name: m?.name ?? '',
        model_version: m?.version ?? '',
        ...(c.weight !== undefined ? { weight: Number(c.weight) } : {}),
        specification: c.specification,
        ...(c.custom_spec ? { custom_spec: c.custom_spec } : {}),
        ...(c.envs ? { envs: c.envs } : {}),
        instance_count: c.instance_count ?? 1,
      };
    });
  }

  private python(model: ModelRow): string {
    const c = this.d.config;
    return this.interpreters.resolve(c.trainingEngineInterpreters[model.model_type] ?? c.trainingPython);
  }

  /**
   * Installs a model's pip dependencies once (into the model's own folder); a failure carries pip's message. Services of
   * one model deploying at once share one install (a promise per model id): two would race on the folder's final swap.
   */
  private ensureDependencies(id: string, model: ModelRow): Promise<void> {
    const deps = model.definition.dependencies;
    if (!deps.some((d) => d.packages?.length)) return Promise.resolve();
    const dir = modelDir(this.d.modelsRoot, model.id);
    const marker = join(dir, '..', '.dependencies-installed');
    if (existsSync(marker)) return Promise.resolve();
    let p = this.deps.get(model.id);
    if (!p) {
      const lines: string[] = [];
      this.event(id, normal(`Installing the dependencies of model ${model.name} ${model.version} with pip.`));
      p = installModelDependencies(dir, deps, { python: this.python(model), onLog: (l) => lines.push(l) })
        .then(() => writeFileSync(marker, `${new Date().toISOString()}\n`))
        .catch((e: Error) => {
          throw new Error(
            `Installing the dependencies of model ${model.name} ${model.version} failed: ${e.message}${lines.length ? `\n${lines.slice(-20).join('\n')}` : ''}`,
          );
        })
        .finally(() => this.deps.delete(model.id));
      this.deps.set(model.id, p);
    }
    return p;
  }

  private async startPool(id: string, configs: readonly ServiceConfig[], tag: string): Promise<ServicePool> {
    const row = this.d.store.byId(id);
    if (!row) throw new Error('the service is gone');
    const work = serviceWorkDir(this.d.config.dataDir, id);
    mkdirSync(work, { recursive: true, mode: 0o700 });
    const models = configs.map((c) => {
      const m = this.d.models.byId(c.model_id);
      if (!m) throw new Error(`the model ${c.model_id} no longer exists`);
      return m;
    });
    this.event(id, normal('Preparing the environment.'));
    for (const m of models) await this.ensureDependencies(id, m);
    this.event(id, normal('Prepare success.'));
    const specs: PoolConfigSpec[] = configs.map((c, i) => {
      const m = models[i] as ModelRow;
      const flavor = findFlavor(c.specification) ?? { cpu: c.custom_spec?.cpu ?? 1, memoryMiB: c.custom_spec?.memory ?? 1024 };
      return {
        modelId: m.id,
        label: `${m.name} ${m.version}`,
        weight: Number(c.weight ?? 100),
        instanceCount: c.instance_count ?? 1,
        cores: flavor.cpu,
        memoryMiB: flavor.memoryMiB,
      };
    });
    const total = specs.reduce((s, c) => s + c.instanceCount, 0);
    this.event(id, normal(`Schedule resource success: ${total} instance(s) on this machine.`));
    const iso = this.d.isolation;
    if (iso) this.event(id, (iso.sandbox ? normal : abnormal)(describeModelServerIsolation(iso)));
    const pool = new ServicePool(specs, {
      start: (spec, index): Promise<ModelServer> => {
        const ci = specs.indexOf(spec);
        const m = models[ci] as ModelRow;
        const c = configs[ci] as ServiceConfig;
        const dir = modelDir(this.d.modelsRoot, m.id);
        this.event(id, normal(`Starting model ${spec.label} (instance ${index + 1}/${spec.instanceCount}).`));
        return startModelServer({
          modelDir: dir,
          python: this.python(m),
          env: { ...(c.envs ?? {}) },
          logFile: join(work, `${tag}-${ci}-${index}.log`),
          startTimeoutMs: this.d.config.servingStartTimeoutSeconds * 1000,
          pythonPath: modelPythonPath(dir),
          modelName: m.name,
          modelType: m.model_type,
          // The published model's folder (`model/` and its installed packages) read-only; the rest of the data dir hidden.
          sandbox: iso?.sandbox ? { bwrap: iso.bwrap, writable: [work], readOnly: [dirname(dir)], hidden: [this.d.config.dataDir] } : undefined,
        });
      },
      event: (type, info) => this.event(id, { event_type: type, event_info: info, occur_time: Date.now() }),
      healthChanged: () => this.refreshHealth(id),
    });
    await pool.start();
    return pool;
  }

  /** running <-> concerning as instances go down and come back. */
  private refreshHealth(id: string): void {
    const live = this.live.get(id);
    if (!live) return;
    const healthy = live.pool.allHealthy();
    this.d.store.transition(id, { status: healthy ? 'running' : 'concerning' }, undefined, healthy ? ['concerning'] : ['running']);
  }

  /** deploying -> running (or failed): start the servers, then route to them. */
  private async bringUp(id: string, seq: number): Promise<void> {
    const row = this.d.store.byId(id);
    if (row?.desired !== 'running' || this.live.has(id)) {
      if (row) this.d.store.finishUpdate(id, seq, row.desired === 'running' ? 'SUCCESS' : 'FAIL');
      return;
    }
    this.d.store.transition(id, { status: 'deploying', progress: 10, error_msg: '' });
    let pool: ServicePool;
    try {
      pool = await this.startPool(id, row.definition.config, `v${seq}`);
    } catch (e) {
      const msg = (e as Error).message;
      this.d.store.transition(id, { status: 'failed', progress: 0, error_msg: msg }, abnormal(`Deploying the service failed: ${msg}`));
      this.d.store.finishUpdate(id, seq, 'FAIL');
      return;
    }
    if (this.closed || this.d.store.byId(id)?.desired !== 'running') {
      await pool.stop(0);
      this.d.store.finishUpdate(id, seq, 'FAIL');
      return;
    }
    this.live.set(id, { projectId: row.project_id, pool, calls: new MinuteRate() });
    const now = Date.now();
    this.d.store.transition(
      id,
      { status: pool.allHealthy() ? 'running' : 'concerning', progress: 100, error_msg: '' },
      normal(`Service ${row.name} is running.`),
    );
    this.d.store.finishUpdate(id, seq, 'SUCCESS');
    this.armSchedule(id, now);
  }

  /** New servers first; traffic moves to them once all are healthy; the old ones finish what they hold, then stop. */
  private async rollingUpdate(id: string, configs: ServiceConfig[], seq: number): Promise<void> {
    const row = this.d.store.byId(id);
    if (row?.desired !== 'running') {
      // A stopped service takes the new config for its next start.
      if (row) {
        this.d.store.update(id, { definition: { ...row.definition, config: configs }, modelIds: configs.map((c) => c.model_id) });
        this.d.store.finishUpdate(id, seq, 'SUCCESS');
      }
      return;
    }
    const before = row.status;
    this.d.store.transition(id, { status: 'deploying', progress: 10 }, normal('Start to update the service configuration.'));
    let pool: ServicePool;
    try {
      pool = await this.startPool(id, configs, `v${seq}`);
    } catch (e) {
      const msg = (e as Error).message;
      this.d.store.transition(
        id,
        { status: this.live.has(id) ? before : 'failed', progress: 100 },
        abnormal(`Updating the service failed; the previous configuration keeps serving: ${msg}`),
      );
      this.d.store.finishUpdate(id, seq, 'FAIL');
      return;
    }
    const old = this.live.get(id);
    this.d.store.update(id, { definition: { ...row.definition, config: configs }, modelIds: configs.map((c) => c.model_id) });
    this.live.set(id, { projectId: row.project_id, pool, calls: old?.calls ?? new MinuteRate() });
    this.d.store.transition(
      id,
      { status: pool.allHealthy() ? 'running' : 'concerning', progress: 100 },
      normal(`Service ${row.name} is running with the new configuration.`),
    );
    this.d.store.finishUpdate(id, seq, 'SUCCESS');
    if (old) await old.pool.stop(this.d.config.inferenceTimeoutSeconds * 1000);
  }

  private async stop(id: string, why: string): Promise<void> {
    const row = this.d.store.byId(id);
    if (row?.desired !== 'stopped') return;
    this.clearSchedule(id);
    this.batchAborts.get(id)?.abort();
    const live = this.live.get(id);
    this.live.delete(id);
    if (live) await live.pool.stop(this.d.config.inferenceTimeoutSeconds * 1000);
    this.d.store.transition(id, { status: 'stopped', due_time: 0, progress: 0 }, normal(why));
    const seq = this.d.store.addUpdate(id, this.logConfig(row.definition.config));
    this.d.store.finishUpdate(id, seq, 'SUCCESS');
  }

  private async finishDelete(id: string): Promise<void> {
    this.clearSchedule(id);
    const live = this.live.get(id);
    this.live.delete(id);
    if (live) await live.pool.stop(0);
    this.counters.forget(id);
    rmSync(serviceWorkDir(this.d.config.dataDir, id), { recursive: true, force: true });
    this.d.store.remove(id);
  }

  // ---- auto-stop ----

  /** Sets `due_time` from the schedule (measured from `from`) and arms the timer; no schedule clears it. */
  private armSchedule(id: string, from: number): void {
    const row = this.d.store.byId(id);
    const s: ServiceSchedule | undefined = row?.definition.schedule?.find((x) => x.type === 'stop');
    this.clearSchedule(id);
    if (!row || !s) {
      if (row?.due_time) this.d.store.transition(id, { status: row.status, due_time: 0 });
      return;
    }
    const due = from + s.duration * UNIT_MS[s.time_unit];
    this.d.store.transition(id, { status: row.status, due_time: due });
    this.timerFor(id, due);
  }

  private timerFor(id: string, due: number): void {
    // setTimeout holds at most ~24.8 days; longer waits re-arm.
    const wait = Math.min(Math.max(0, due - Date.now()), 2 ** 31 - 1);
    const t = setTimeout(() => {
      this.dueTimers.delete(id);
      const row = this.d.store.byId(id);
      if (row?.desired !== 'running' || row.due_time !== due) return;
      if (Date.now() < due) return this.timerFor(id, due);
      this.d.store.transition(id, { status: 'stopping', desired: 'stopped' }, normal('The scheduled stop time has come: stopping the service.'));
      this.enqueue(id, () => this.stop(id, 'The service was stopped by its schedule.'));
    }, wait);
    t.unref();
    this.dueTimers.set(id, t);
  }

  private clearSchedule(id: string): void {
    const t = this.dueTimers.get(id);
    if (t) clearTimeout(t);
    this.dueTimers.delete(id);
  }

  // ---- batch ----

  /** deploying -> running -> finished | failed: download src_path, one request per file or CSV row, upload the results to dest_path. */
  private async runBatch(id: string, seq: number): Promise<void> {
    const row = this.d.store.byId(id);
    if (row?.desired !== 'running') return;
    const config = row.definition.config[0] as ServiceConfig;
    const abort = new AbortController();
    this.batchAborts.set(id, abort);
    let pool: ServicePool | undefined;
    try {
      pool = await this.startPool(id, row.definition.config, `v${seq}`);
      this.d.store.transition(
        id,
        { status: 'running', progress: 100, start_time: Date.now(), finished_time: 0, error_msg: '' },
        normal(`Service ${row.name} is running.`),
      );
      this.d.store.finishUpdate(id, seq, 'SUCCESS');
      await executeBatch({
        serviceId: id,
        domainId: row.domain_id,
        config,
        modelConfig: this.d.models.byId(config.model_id)?.definition.config,
        workDir: serviceWorkDir(this.d.config.dataDir, id),
        pool,
        objects: this.d.objects(),
        timeoutMs: this.d.config.inferenceTimeoutSeconds * 1000,
        signal: abort.signal,
        count: (modelId, ok) => this.counters.count(id, modelId, ok),
        event: (info) => this.event(id, normal(info)),
      });
      await pool.stop(0);
      pool = undefined;
      this.d.store.transition(id, { status: 'finished', finished_time: Date.now() }, normal(`Service ${row.name} finished.`), ['running']);
    } catch (e) {
      if (pool) await pool.stop(0);
      const now = this.d.store.byId(id);
      if (now?.desired !== 'running') return;
      const msg = (e as Error).message;
      this.d.store.transition(id, { status: 'failed', error_msg: msg, finished_time: Date.now() }, abnormal(`The batch service failed: ${msg}`));
      this.d.store.finishUpdate(id, seq, 'FAIL');
    } finally {
      this.batchAborts.delete(id);
    }
  }

  private flush(): void {
    try {
      this.counters.flush();
    } catch (e) {
      this.d.log.warn({ err: e }, 'services: could not store call counters');
    }
  }

  private common(row: ServiceRow): Omit<ServiceListItem, 'is_opened_sample_collection'> {
    const p = this.counters.unflushed(row.id);
    const out: Omit<ServiceListItem, 'is_opened_sample_collection'> = {
      service_id: row.id,
      service_name: row.name,
      description: row.description,
      tenant: row.domain_id,
      project: row.project_id,
      owner: row.owner,
      infer_type: row.infer_type,
      workspace_id: row.workspace_id,
      status: row.status,
      progress: row.progress,
      invocation_times: row.invocation_times + (p?.inv ?? 0),
      failed_times: row.failed_times + (p?.fail ?? 0),
      is_shared: false,
      shared_count: 0,
      is_free: false,
      publish_at: row.publish_at,
      update_time: row.update_time,
      transition_at: row.transition_at,
      operation_time: row.operation_time,
    };
    if (row.error_msg) out.error_msg = row.error_msg;
    if (row.due_time) out.due_time = row.due_time;
    if (row.definition.schedule?.length) out.schedule = row.definition.schedule;
    if (row.infer_type === 'batch') {
      if (row.start_time) out.start_time = row.start_time;
      if (row.finished_time) out.finished_time = row.finished_time;
    }
    if (row.definition.additional_properties) out.additional_properties = row.definition.additional_properties;
    return out;
  }

  // ---- restart ----

  /**
   * After a platform restart: deletions finish, stops complete, services that should serve are deployed again
   * (their auto-stop time kept: one already past stops them), and batch runs cut short fail.
   */
  private async reconcile(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    for (const row of this.d.store.all()) {
      this.d.store.failOpenUpdates(row.id);
      if (row.desired === 'deleted') {
        this.enqueue(row.id, () => this.finishDelete(row.id));
      } else if (row.desired === 'stopped') {
        if (row.status !== 'stopped') this.d.store.transition(row.id, { status: 'stopped', due_time: 0 }, normal('The service was stopped.'));
      } else if (row.infer_type === 'batch') {
        if (row.status === 'deploying' || row.status === 'running') {
          this.d.store.transition(
            row.id,
            { status: 'failed', error_msg: 'ModelArts Local stopped while the batch service ran', finished_time: Date.now() },
            abnormal('ModelArts Local stopped while the batch service ran.'),
          );
        }
      } else if (row.status !== 'failed') {
        if (row.due_time && row.due_time <= Date.now()) {
          this.d.store.transition(row.id, { status: 'stopped', desired: 'stopped', due_time: 0 }, normal('The service was stopped by its schedule.'));
          continue;
        }
        this.d.store.transition(row.id, { status: 'deploying' }, normal('ModelArts Local restarted: deploying the service again.'));
        const seq = this.d.store.addUpdate(row.id, this.logConfig(row.definition.config));
        const due = row.due_time;
        this.enqueue(row.id, async () => {
          await this.bringUp(row.id, seq);
          // Keep the original auto-stop instant rather than counting the schedule again from now.
          if (due && this.live.has(row.id)) {
            this.clearSchedule(row.id);
            const r = this.d.store.byId(row.id);
            if (r) this.d.store.transition(row.id, { status: r.status, due_time: due });
            this.timerFor(row.id, due);
          }
        });
      }
    }
  }
}
