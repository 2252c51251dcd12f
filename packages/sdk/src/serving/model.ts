import { randomBytes, randomUUID } from 'node:crypto';
import {
  MODEL_FAILURE,
  MODEL_SUCCESS,
  type ModelApi,
  type ModelCreateBody,
  type ModelDetail,
  type ModelList,
  type ModelListItem,
  type ModelListQuery,
  type ServiceDeployBody,
  Type,
} from '@modelarts-ts/contract';
import { APIError, InvalidArgumentError } from '../core/error.js';
import type { PagePromise } from '../core/pagination.js';
import { poll } from '../core/waiter.js';
import { defineSignature } from '../internal/arguments.js';
import type { Session } from '../session.js';
import { timeSuffix } from '../training/job-request.js';
import { idParam, SessionParam } from './arg-schemas.js';
import { checkPackages, defined, type ServiceConfigOptions, wireSchedule, wireServiceConfig, wireTransformerConfig } from './configs.js';
import { environmentDependencies } from './environment.js';
import { deployLocalPredictor, type LocalModelSource } from './local-service.js';
import {
  type DeployPredictorOptions,
  DeployPredictorSchema,
  type DeployTransformerOptions,
  DeployTransformerSchema,
  ModelByIdSchema,
  type ModelCreateOptions,
  ModelCreateSchema,
  type ModelListOptions,
  ModelListSchema,
  type ModelOptions,
  type PublishModelOptions,
  PublishModelSchema,
  type TfInferEnvironOptions,
  TfInferEnvironSchema,
} from './model-options.js';
import { defaultBucket, localModelDir, obsFolderUrl } from './model-package.js';
import { Predictor } from './predictor.js';
import { configureTfDevice, type TfInferEnviron } from './tf-environ.js';

const Cascade = Type.Object({ cascade: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const SIG = {
  byId: defineSignature('new Model', [SessionParam], ModelByIdSchema),
  create: defineSignature('new Model', [SessionParam], ModelCreateSchema),
  publishModel: defineSignature('model.publishModel', [], PublishModelSchema),
  ready: defineSignature('model.ready', []),
  getModelId: defineSignature('model.getModelId', []),
  getModelInfo: defineSignature('model.getModelInfo', []),
  deleteModel: defineSignature('model.deleteModel', [], Cascade),
  deleteModelById: defineSignature('Model.deleteModelById', [SessionParam, idParam('model_id')], Cascade),
  deployPredictor: defineSignature('model.deployPredictor', [], DeployPredictorSchema),
  deployTransformer: defineSignature('model.deployTransformer', [], DeployTransformerSchema),
  getModelList: defineSignature('Model.getModelList', [SessionParam], ModelListSchema),
  getModelObjectList: defineSignature('Model.getModelObjectList', [SessionParam], ModelListSchema),
  configureTfInferEnviron: defineSignature('Model.configureTfInferEnviron', [], TfInferEnvironSchema),
  waitUntilPublished: defineSignature('model.waitUntilPublished', [['timeoutMs', Type.Optional(Type.Integer({ minimum: 0 }))]]),
};

/** `get_model_object_list` answers at most this many models, as the manual says. */
const MAX_MODEL_OBJECTS = 150;

/**
 * The manual's `Model` (chapter 9).
 *
 * - `new Model(session, { model_id })`: an existing model (Table 9-8).
 * - `new Model(session, { model_version, source_location, model_type, … })`: imports a model (Table 9-9): a local
 *   `source_location` (`source_location_type: 'LOCAL_SOURCE'`) is uploaded to OBS first; the import then waits until
 *   the model is `published` (ResourceFailedError with the reason if it fails). `await model.ready()`, or any method,
 *   waits for it; `await Model.create(session, …)` does both at once.
 * - `publish: false` with a local source: a local model (9.1), served here by `deployPredictor` with
 *   `specification: 'local'`, registered later with `publishModel()`.
 */
export class Model {
  private id: string | undefined;
  private readonly createOptions: ModelCreateOptions | undefined;
  private readonly pending: Promise<void>;
  /** A local model's folder (the one holding config.json). */
  private localDir: string | undefined;

  readonly session: Session;

  constructor(session: Session, options: ModelOptions) {
    const byId = typeof options === 'object' && options !== null && 'model_id' in options;
    (byId ? SIG.byId : SIG.create).check(session, options);
    this.session = session;
    if ('model_id' in options) {
      this.id = options.model_id;
      this.createOptions = undefined;
      this.pending = Promise.resolve();
      return;
    }
    const o = options;
    const deps = o.dependencies ?? [];
    const bad = checkPackages(deps);
    if (bad) throw new InvalidArgumentError(`dependencies: ${bad}.`);
    environmentDependencies(o.environment); // refuses pip requirements config.json cannot express, now
    if (o.publish === false && o.source_location_type !== 'LOCAL_SOURCE') {
      throw new InvalidArgumentError("publish: false creates a local model: set source_location_type: 'LOCAL_SOURCE' and a local source_location.");
    }
    this.createOptions = { ...o };
    this.pending = o.publish === false ? this.describeLocal() : this.importModel();
    // Failures surface from ready() and every method; they must not be reported as unhandled before that.
    this.pending.catch(() => {});
  }

  /** Imports a model and waits until it is published (the manual's `Model(session, …)` returns a usable model). */
  static async create(session: Session, options: ModelOptions): Promise<Model> {
    return new Model(session, options).ready();
  }

  /** The model id (undefined while an import is still being submitted). */
  get model_id(): string | undefined {
    return this.id;
  }

  /** True for a local model (`publish: false`) not published yet. */
  get isLocal(): boolean {
    return this.createOptions?.publish === false;
  }

  /** Waits until the model exists: its import submitted and published (or, for a local model, its package found). */
  async ready(...none: []): Promise<this> {
    SIG.ready.check(...none);
    await this.pending;
    return this;
  }

  /** The manual's `get_model_id()`. */
  async getModelId(...none: []): Promise<string> {
    SIG.getModelId.check(...none);
    await this.pending;
    return this.id as string;
  }

  private async describeLocal(): Promise<void> {
    const o = this.createOptions as ModelCreateOptions;
    this.localDir = await localModelDir(o.source_location);
    this.id = `local-${randomUUID()}`;
  }

  private async importModel(obs_location?: string): Promise<void> {
    const o = this.createOptions as ModelCreateOptions;
    let source = o.source_location;
    if (o.source_location_type === 'LOCAL_SOURCE') source = await this.upload(o.source_location, obs_location);
    const { model_id } = await this.session.client.models.create(this.createBody(source));
    this.id = model_id;
    if (o.wait !== false) await this.waitUntilPublished(o.timeoutMs);
  }

  /** Uploads a local package to `<obs>/model/` (`obs_location` or a timestamped folder of the default bucket); answers `<obs>`. */
  private async upload(source_location: string, obs_location: string | undefined): Promise<string> {
    const dir = this.localDir ?? (await localModelDir(source_location));
    let target: string;
    if (obs_location) target = obsFolderUrl(obs_location);
    else {
      const bucket = await defaultBucket(this.session);
      await this.session.obs.makeBucket(bucket);
      const d = new Date();
      const p = (n: number) => String(n).padStart(2, '0');
      target = `obs://${bucket}/model-${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}/`;
    }
    await this.session.obs.copy(dir, `${target}model/`, { keep_last_dir: false, checkpoint: false });
    return target;
  }

  private createBody(source_location: string): ModelCreateBody {
    const o = this.createOptions as ModelCreateOptions;
    const deps = o.dependencies ?? environmentDependencies(o.environment);
    let apis: ModelApi[] | undefined;
    if (typeof o.apis === 'string') {
      try {
        apis = JSON.parse(o.apis) as ModelApi[];
      } catch (e) {
        throw new InvalidArgumentError(`apis is not JSON text: ${(e as Error).message}`);
      }
    } else apis = o.apis as ModelApi[] | undefined;
    return defined({
      model_name: o.model_name ?? `model-${timeSuffix()}-${randomBytes(2).toString('hex')}`,
      model_version: o.model_version,
      source_location,
      model_type: o.model_type,
      runtime: o.runtime,
      description: o.description,
      execution_code: o.execution_code,
      source_job_id: o.source_job_id,
      source_job_version: o.source_job_version,
      source_type: o.source_type,
      model_algorithm: o.model_algorithm,
      input_params: o.input_params,
      output_params: o.output_params,
      dependencies: deps.length ? deps : undefined,
      apis,
      install_type: o.install_type,
      model_metrics: o.model_metrics,
      workspace_id: o.workspace_id,
    });
  }

  /** Waits until the model is `published`; ResourceFailedError with the platform's reason when it fails. */
  async waitUntilPublished(timeoutMs?: number): Promise<ModelDetail> {
    SIG.waitUntilPublished.check(timeoutMs);
    const id = this.requireRemoteId();
    return poll<ModelDetail>({
      retrieve: (signal) => this.session.client.models.get(id, signal ? { signal } : undefined),
      statusOf: (m) => m.model_status,
      success: MODEL_SUCCESS,
      failure: MODEL_FAILURE,
      failureReason: (m) => failureText(m),
      describe: `model ${id}`,
      minIntervalMs: 200,
      maxIntervalMs: 3000,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
  }

  /**
   * The manual's `publish_model(obs_location=None)`: uploads a local model to `obs_location` (or a folder of the
   * default bucket named `model-MMDD-HHMMSS`), imports it and waits until it is published. Answers the new model id.
   */
  async publishModel(options: PublishModelOptions = {}): Promise<string> {
    const [o] = SIG.publishModel.check(options);
    await this.pending;
    if (!this.isLocal) throw new InvalidArgumentError(`Model ${this.id} is already published: publishModel() is for local models (publish: false).`);
    const c = this.createOptions as { -readonly [K in keyof ModelCreateOptions]: ModelCreateOptions[K] };
    const localId = this.id;
    Object.assign(c, { publish: true, wait: o.wait ?? c.wait, timeoutMs: o.timeoutMs ?? c.timeoutMs });
    this.id = undefined;
    try {
      await this.importModel(o.obs_location);
    } catch (e) {
      // Nothing was created: the model stays local, as it was.
      if (this.id === undefined) {
        c.publish = false;
        this.id = localId;
      }
      throw e;
    }
    return this.id as unknown as string;
  }

  /** The manual's `get_model_info()` (Table 9-20). */
  async getModelInfo(...none: []): Promise<ModelDetail> {
    SIG.getModelInfo.check(...none);
    await this.pending;
    return this.session.client.models.get(this.requireRemoteId());
  }

  /**
   * The manual's `delete_model()`. A model a service still uses is not deleted: APIError `ModelArts.3009`.
   * `cascade` also deletes the model's other versions.
   */
  async deleteModel(options: { cascade?: boolean } = {}): Promise<void> {
    const [o] = SIG.deleteModel.check(options);
    await this.pending;
    const id = this.requireRemoteId();
    const r = await this.session.client.models.delete(id, o.cascade ? { cascade: true } : {});
    const failed = r.delete_failed_list?.[0];
    if (failed) {
      throw APIError.from({
        status: 500,
        error_code: failed.error_code,
        error_msg: failed.error_msg,
        request: `DELETE /v1/{project_id}/models/${failed.model_id}`,
      });
    }
  }

  /**
   * The manual's `deploy_predictor(…)` (Table 10-5): a real-time service of the configs' models, waited for until it
   * runs (`wait: false` to return at once). Configs with `specification: 'local'` serve the model on this machine
   * instead (10.2: weight 100, one instance, no platform).
   */
  async deployPredictor(options: DeployPredictorOptions): Promise<Predictor> {
    const [o] = SIG.deployPredictor.check(options);
    await this.pending;
    const local = o.configs.filter((c) => c.specification === 'local');
    if (local.length) {
      if (local.length !== o.configs.length || local.length > 1) {
        throw new InvalidArgumentError("A local predictor serves one model: give exactly one config, with specification: 'local'.");
      }
      return deployLocalPredictor(this.session, await this.localSource(local[0] as ServiceConfigOptions), local[0] as ServiceConfigOptions, o);
    }
    if (this.isLocal && o.configs.some((c) => c.model_id === this.id)) {
      throw new InvalidArgumentError(`Model ${this.id} is a local model: serve it with specification 'local', or publishModel() it first.`);
    }
    const body: ServiceDeployBody = defined({
      ...deployCommon(o),
      infer_type: o.infer_type ?? 'real-time',
      config: o.configs.map(wireServiceConfig),
      schedule: o.schedule?.map(wireSchedule),
    });
    return this.deploy(body, o);
  }

  /** The manual's `deploy_transformer(…)`: a batch service over `src_path` (Table 10-7), waited for until it runs or has finished. */
  async deployTransformer(options: DeployTransformerOptions): Promise<Predictor> {
    const [o] = SIG.deployTransformer.check(options);
    await this.pending;
    const body: ServiceDeployBody = defined({ ...deployCommon(o), infer_type: o.infer_type ?? 'batch', config: o.configs.map(wireTransformerConfig) });
    return this.deploy(body, o);
  }

  private async deploy(body: ServiceDeployBody, o: { wait?: boolean | undefined; timeoutMs?: number | undefined }): Promise<Predictor> {
    const { service_id } = await this.session.client.services.deploy(body);
    const predictor = new Predictor(this.session, service_id);
    if (o.wait !== false) await predictor.waitUntilRunning(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {});
    return predictor;
  }

  /** The package a local service runs: this local model's folder, or a published model downloaded from OBS. */
  private async localSource(c: ServiceConfigOptions): Promise<LocalModelSource> {
    if (Number(c.weight) !== 100 || c.instance_count !== 1) {
      throw new InvalidArgumentError(
        `A local predictor runs one instance with all the traffic: set weight 100 and instance_count 1 (got ${c.weight} and ${c.instance_count}).`,
      );
    }
    if (this.isLocal && c.model_id === this.id) {
      const o = this.createOptions as ModelCreateOptions;
      const dependencies = o.dependencies ?? environmentDependencies(o.environment);
      return { model_id: c.model_id, dir: this.localDir, name: o.model_name ?? 'local-model', version: o.model_version, type: o.model_type, dependencies };
    }
    const m = await this.session.client.models.get(c.model_id);
    return {
      model_id: m.model_id,
      name: m.model_name,
      version: m.model_version,
      type: m.model_type,
      source_location: m.source_location,
      dependencies: m.dependencies,
    };
  }

  private requireRemoteId(): string {
    if (!this.id) throw new InvalidArgumentError('This Model has no id yet.');
    if (this.isLocal) throw new InvalidArgumentError(`Model ${this.id} is a local model (publish: false): publish it with publishModel() first.`);
    return this.id;
  }

  /** The manual's `Model.get_model_list(session, …)` (Table 9-14): `await` for the raw page, `for await` for every model. */
  static getModelList(session: Session, options: ModelListOptions = {}): PagePromise<ModelList, ModelListItem, ModelListQuery> {
    const [, o] = SIG.getModelList.check(session, options);
    return session.client.models.list({ ...o });
  }

  /** The manual's `Model.get_model_object_list(session, …)` (Table 9-17): a Model per listed model, at most 150. */
  static async getModelObjectList(session: Session, options: ModelListOptions = {}): Promise<Model[]> {
    const [, o] = SIG.getModelObjectList.check(session, options);
    const out: Model[] = [];
    for await (const m of session.client.models.list({ ...o })) {
      out.push(new Model(session, { model_id: m.model_id }));
      if (out.length >= MAX_MODEL_OBJECTS) break;
    }
    return out;
  }

  /** The manual's `Model.delete_model(…)` by id (a static twin of `deleteModel`). */
  static async deleteModelById(session: Session, model_id: string, options: { cascade?: boolean } = {}): Promise<void> {
    const [, , o] = SIG.deleteModelById.check(session, model_id, options);
    return new Model(session, { model_id }).deleteModel(o);
  }

  /**
   * The manual's `Model.configure_tf_infer_environ(device_type)`: chooses the device local TensorFlow services use
   * (CPU hides the GPUs from them) and reports where `tensorflow_model_server` is. Nothing is downloaded.
   */
  static async configureTfInferEnviron(options: TfInferEnvironOptions): Promise<TfInferEnviron> {
    const [o] = SIG.configureTfInferEnviron.check(options);
    return configureTfDevice(o.device_type);
  }
}

function deployCommon(o: DeployPredictorOptions | DeployTransformerOptions) {
  const name = o.service_name ?? `service-${timeSuffix()}-${randomBytes(2).toString('hex')}`;
  const orUndefined = (v: string | null | undefined) => v ?? undefined;
  return {
    service_name: name,
    description: o.description,
    vpc_id: orUndefined(o.vpc_id),
    subnet_network_id: orUndefined(o.subnet_network_id),
    security_group_id: orUndefined(o.security_group_id),
    cluster_id: orUndefined(o.cluster_id),
    pool_name: orUndefined(o.pool_name),
  };
}

/** Why a model failed, from its detail. */
function failureText(m: ModelDetail): string | undefined {
  const r = m as Record<string, unknown>;
  for (const k of ['error_msg', 'failed_reason', 'status_desc']) if (typeof r[k] === 'string' && r[k]) return r[k] as string;
  return undefined;
}
