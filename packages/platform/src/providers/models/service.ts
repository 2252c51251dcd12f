import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type EngineRuntimeList,
  MODEL_TYPES,
  type ModelCreateBody,
  type ModelCreated,
  type ModelDeleteResult,
  type ModelDetail,
  type ModelList,
  type ModelListItem,
  type ModelListQuery,
} from '@modelarts-ts/contract';
import { formatObsUrl, inspectModelPackage } from '@modelarts-ts/runtime';
import type { FastifyBaseLogger } from 'fastify';
import type { Caller } from '../../auth/caller.js';
import { PlatformError } from '../../errors.js';
import { ObjectStorePort } from '../../executors/object-store-port.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { checkDependencies, checkPackage, configApis, parseConfig } from './package.js';
import { engineRuntimes } from './runtimes.js';
import type { ModelDefinition, ModelRow, ModelStore } from './store.js';

export interface ModelServiceDeps {
  store: ModelStore;
  objects: () => ObjectStore;
  /** Where published packages are kept: `<root>/<model_id>/model/…`. */
  root: string;
  /** Models a project may have (the cloud's quota; above it ModelArts.3578). */
  quota: number;
  log: FastifyBaseLogger;
}

const versionRank = (v: string) => v.split('.').reduce((n, p) => n * 100 + Number(p), 0);

/** The folder of a published model's `model/` directory (what the model server loads). */
export function modelDir(root: string, id: string): string {
  return join(root, id, 'model');
}

/**
 * Model import: the package is checked in OBS while the request waits (layout and config.json answer the
 * cloud's codes), then copied into platform storage in the background (publishing -> published | failed),
 * so later OBS changes never alter a published model.
 */
export class ModelService {
  private closed = false;
  private readonly publishing = new Set<Promise<void>>();

  constructor(private readonly d: ModelServiceDeps) {
    // Model snapshots are the user's data: private, like the rest of the data dir.
    mkdirSync(d.root, { recursive: true, mode: 0o700 });
    // Imports cut short by a restart start over from OBS.
    for (const m of d.store.inStatus('publishing')) this.track(this.publish(m.id));
  }

  async create(projectId: string, caller: Caller, body: ModelCreateBody): Promise<ModelCreated> {
    if (!(MODEL_TYPES as readonly string[]).includes(body.model_type)) {
      throw new PlatformError('ModelArts.0101', `model_type "${body.model_type}" is not one of ${MODEL_TYPES.join(', ')}`);
    }
    if (body.model_type === 'Template') throw new PlatformError('ModelArts.3028', 'Model templates are not available on ModelArts Local');
    if (!body.source_location) throw new PlatformError('ModelArts.3017', 'source_location is required');
    const held = this.d.store.count(projectId);
    if (held >= this.d.quota)
      throw new PlatformError('ModelArts.3578', `The model quota is exhausted: this project has ${held} of ${this.d.quota} models; delete one first`);
    if (body.dependencies) checkDependencies(body.dependencies);
    if (body.model_metrics !== undefined) parseJson(body.model_metrics, 'model_metrics');
    const defaults = { model_type: body.model_type, model_algorithm: body.model_algorithm };
    const initial = body.initial_config === undefined ? undefined : parseConfig(body.initial_config, 'ModelArts.3016', 'initial_config', defaults);
    const pkg = await checkPackage(this.d.objects(), caller.domain_id, body.source_location, body.model_type, initial === undefined ? defaults : undefined);
    const config: Record<string, unknown> = { ...(initial ?? pkg.config) };
    // The request's fields override config.json (the cloud fills the same-named fields both ways).
    config.model_type = body.model_type;
    if (body.runtime !== undefined) config.runtime = body.runtime;
    if (body.model_algorithm !== undefined) config.model_algorithm = body.model_algorithm;
    if (body.dependencies !== undefined) config.dependencies = body.dependencies;
    const apis = configApis(body, config);
    if (apis.length) config.apis = apis;
    const definition: ModelDefinition = {
      source_location: body.source_location,
      model_dir_url: formatObsUrl({ bucket: pkg.location.bucket, key: pkg.location.modelPrefix }),
      runtime: typeof config.runtime === 'string' ? config.runtime : undefined,
      execution_code: body.execution_code,
      source_job_id: body.source_job_id,
      source_job_version: body.source_job_version,
      source_type: body.source_type,
      model_algorithm: typeof config.model_algorithm === 'string' ? config.model_algorithm : undefined,
      model_metrics: body.model_metrics ?? (config.metrics !== undefined ? JSON.stringify(config.metrics) : undefined),
      install_type: body.install_type ?? ['real-time', 'batch'],
      dependencies: (config.dependencies as ModelDefinition['dependencies'] | undefined) ?? [],
      input_params: body.input_params,
      output_params: body.output_params,
      apis_create: body.apis,
      config,
      health: config.health as ModelDefinition['health'],
      model_docs: body.model_docs,
      cmd: body.cmd,
      source_copy: body.source_copy,
    };
    const id = randomUUID();
    this.d.store.insert({
      id,
      project_id: projectId,
      domain_id: caller.domain_id,
      owner: caller.user_id,
      name: body.model_name,
      version: body.model_version,
      version_rank: versionRank(body.model_version),
      model_type: body.model_type,
      status: 'publishing',
      description: body.description ?? '',
      create_at: Date.now(),
      workspace_id: body.workspace_id ?? '0',
      definition,
    });
    this.track(this.publish(id));
    return { model_id: id };
  }

  list(projectId: string, q: ModelListQuery): ModelList {
    if (q.model_type !== undefined && q.not_model_type !== undefined) {
      throw new PlatformError('ModelArts.0101', 'model_type and not_model_type cannot be used together');
    }
    const r = this.d.store.list(projectId, {
      name: q.model_name,
      exactName: q.exact_match,
      version: q.model_version,
      status: q.model_status,
      type: q.model_type,
      notType: q.not_model_type,
      description: q.description,
      workspaceId: q.workspace_id,
      sortBy: q.sort_by ?? 'create_at',
      order: q.order ?? 'desc',
      limit: q.limit ?? 1000,
      offset: q.offset ?? 0,
    });
    return { total_count: r.total, count: r.rows.length, models: r.rows.map(listItem) };
  }

  get(projectId: string, id: string): ModelDetail {
    return detail(this.row(projectId, id));
  }

  /** The row of a model of the project (for the services provider). */
  row(projectId: string, id: string): ModelRow {
    const row = this.d.store.get(projectId, id);
    if (!row) throw new PlatformError('ModelArts.3001', `The model ${id} does not exist`);
    return row;
  }

  delete(projectId: string, id: string, cascade: boolean): ModelDeleteResult {
    const row = this.row(projectId, id);
    const targets = cascade ? this.d.store.versions(projectId, row.name).slice(0, 20) : [row];
    const result: ModelDeleteResult = { delete_success_list: [], delete_failed_list: [] };
    for (const m of targets) {
      if (this.d.store.deleteUnused(m.id) === 'in-use') {
        const services = this.d.store.usedBy(m.id);
        result.delete_failed_list.push({
          model_id: m.id,
          error_code: 'ModelArts.3009',
          error_msg: `The model is used by service ${services.join(', ')}: delete the service first`,
        });
        continue;
      }
      rmSync(join(this.d.root, m.id), { recursive: true, force: true });
      result.delete_success_list.push(m.id);
    }
    return result;
  }

  runtimes(offset = 0, limit = 1000): EngineRuntimeList {
    const all = engineRuntimes();
    const page = all.slice(offset * limit, offset * limit + limit);
    return { count: page.length, total_count: all.length, engine_runtimes: page };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.publishing]);
  }

  private track(p: Promise<void>): void {
    this.publishing.add(p);
    void p.finally(() => this.publishing.delete(p));
  }

  /** Copies the package into `<root>/<id>/` (temp folder, then rename), inspects it, and publishes or fails. */
  private async publish(id: string): Promise<void> {
    await new Promise((r) => setImmediate(r));
    const row = this.d.store.byId(id);
    if (row?.status !== 'publishing' || this.closed) return;
    const tmp = join(this.d.root, `.tmp-${id}`);
    const final = join(this.d.root, id);
    try {
      rmSync(tmp, { recursive: true, force: true });
      const port = new ObjectStorePort(this.d.objects(), row.domain_id);
      await port.download(row.definition.model_dir_url, join(tmp, 'model'));
      if (this.closed) return;
      // The effective config.json (initial_config and the request's fields applied) is what the server reads.
      writeFileSync(join(tmp, 'model', 'config.json'), `${JSON.stringify(row.definition.config, null, 2)}\n`);
      const found = await inspectModelPackage(tmp, { model_type: row.model_type });
      if (found.errors.length) throw new Error(found.errors.map((e) => `${e.code}: ${e.message}`).join('; '));
      const size = found.sizeBytes;
      rmSync(final, { recursive: true, force: true });
      renameSync(tmp, final);
      this.d.store.finish(id, { status: 'published', size });
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      if (this.closed) return;
      this.d.log.info({ model_id: id, err: e }, 'models: publishing failed');
      this.d.store.finish(id, { status: 'failed', error: `Publishing failed: ${(e as Error).message}` });
    }
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PlatformError('ModelArts.0101', `${what} must be JSON text`);
  }
}

function listItem(m: ModelRow): ModelListItem {
  return {
    model_id: m.id,
    model_name: m.name,
    model_version: m.version,
    model_type: m.model_type,
    model_status: m.status,
    description: m.description,
    model_size: m.size,
    create_at: m.create_at,
    tenant: m.domain_id,
    project: m.project_id,
    owner: m.owner,
    workspace_id: m.workspace_id,
    model_source: 'custom',
    ...(m.definition.source_type ? { source_type: m.definition.source_type } : {}),
    install_type: m.definition.install_type,
    tunable: false,
    market_flag: false,
    publishable_flag: true,
    ...(m.definition.source_copy !== undefined ? { source_copy: m.definition.source_copy } : {}),
    specification: {},
  };
}

function detail(m: ModelRow): ModelDetail {
  const d = m.definition;
  const out: ModelDetail = {
    ...listItem(m),
    source_location: d.source_location,
    dependencies: d.dependencies,
    apis: JSON.stringify(d.config.apis ?? []),
    config: JSON.stringify(d.config),
    model_labels: [],
  };
  const optional = {
    source_job_id: d.source_job_id,
    source_job_version: d.source_job_version,
    execution_code: d.execution_code,
    runtime: d.runtime,
    model_algorithm: d.model_algorithm,
    model_metrics: d.model_metrics,
    input_params: d.input_params,
    output_params: d.output_params,
    health: d.health,
    model_docs: d.model_docs,
    cmd: d.cmd,
    error_msg: m.error_msg || undefined,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
