import { type Static, Type } from 'typebox';
import { defineOperation } from '../common/operation.js';
import { OffsetPageQuery, SortOrder } from '../common/page.js';
import { ProjectParams } from './authorizations.js';
import { ModelDependency, ModelHealth } from './model-config.js';

/** Models (AI applications), v1 API: import a model package from OBS, list, detail, delete, engines and runtimes. */

export const MODEL_STATUSES = ['publishing', 'published', 'failed', 'building', 'building_failed'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];
/** Statuses a model never leaves on its own. */
export const MODEL_TERMINAL: readonly ModelStatus[] = ['published', 'failed', 'building_failed'];
export const MODEL_SUCCESS: readonly ModelStatus[] = ['published'];
export const MODEL_FAILURE: readonly ModelStatus[] = ['failed', 'building_failed'];

/** Engines `ai-engine-runtimes` lists. */
export const AI_ENGINES = ['TensorFlow', 'PyTorch', 'MindSpore', 'XGBoost', 'Scikit_Learn', 'Spark_MLlib'] as const;

/** Letters, digits, `-`, `_`, 1–64 characters. */
export const MODEL_NAME_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
/** `N.N.N`, each part 1–2 digits without a leading zero (`0.0.1` and `1.10.0` pass, `01.0.0` does not). */
export const MODEL_VERSION_PATTERN = '^(0|[1-9][0-9]?)\\.(0|[1-9][0-9]?)\\.(0|[1-9][0-9]?)$';
/** Model descriptions: at most 100 characters, none of `& ! ' " < > =`. */
export const MODEL_DESCRIPTION_PATTERN = '^[^&!\'"<>=]{0,100}$';

/** `install_type` values: create uses `real-time`, some responses `realtime`; both are accepted. */
export const InstallType = Type.Union([Type.Literal('real-time'), Type.Literal('realtime'), Type.Literal('batch'), Type.Literal('edge')]);

export const ModelParam = Type.Object({
  url: Type.Optional(Type.String()),
  method: Type.Optional(Type.String()),
  protocol: Type.Optional(Type.String()),
  param_name: Type.String({ maxLength: 64 }),
  param_type: Type.String(),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  param_desc: Type.Optional(Type.String({ maxLength: 100 })),
});
export type ModelParam = Static<typeof ModelParam>;

/** An API as the create body declares it (`input_params`/`output_params` JSON schemas). */
export const ModelCreateApi = Type.Object({
  protocol: Type.Optional(Type.String()),
  method: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  input_params: Type.Optional(Type.Unknown()),
  output_params: Type.Optional(Type.Unknown()),
});
export type ModelCreateApi = Static<typeof ModelCreateApi>;

export const ModelDoc = Type.Object({ doc_name: Type.String({ maxLength: 48 }), doc_url: Type.String() });

export const ModelCreateBody = Type.Object({
  model_name: Type.String({ pattern: MODEL_NAME_PATTERN }),
  model_version: Type.String({ pattern: MODEL_VERSION_PATTERN }),
  /** The package folder: `obs://bucket/path/`, `/bucket/path/` or `https://bucket.obs.{region}.myhuaweicloud.com/path/`. */
  source_location: Type.Optional(Type.String({ minLength: 1 })),
  model_type: Type.String({ minLength: 1 }),
  runtime: Type.Optional(Type.String()),
  description: Type.Optional(Type.String({ pattern: MODEL_DESCRIPTION_PATTERN })),
  execution_code: Type.Optional(Type.String()),
  source_job_id: Type.Optional(Type.String()),
  source_job_version: Type.Optional(Type.String()),
  source_type: Type.Optional(Type.String()),
  model_algorithm: Type.Optional(Type.String({ maxLength: 36 })),
  /** JSON text `{"f1":…, "recall":…, "precision":…, "accuracy":…}`. */
  model_metrics: Type.Optional(Type.String()),
  apis: Type.Optional(Type.Array(ModelCreateApi)),
  input_params: Type.Optional(Type.Array(ModelParam)),
  output_params: Type.Optional(Type.Array(ModelParam)),
  dependencies: Type.Optional(Type.Array(ModelDependency)),
  /** config.json as text; wins over the package's config.json. */
  initial_config: Type.Optional(Type.String()),
  install_type: Type.Optional(Type.Array(InstallType)),
  workspace_id: Type.Optional(Type.String()),
  model_docs: Type.Optional(Type.Array(ModelDoc, { maxItems: 3 })),
  template: Type.Optional(Type.Unknown()),
  source_copy: Type.Optional(Type.String()),
  cmd: Type.Optional(Type.String()),
  deployment_constraints: Type.Optional(Type.Unknown()),
});
export type ModelCreateBody = Static<typeof ModelCreateBody>;

export const ModelCreated = Type.Object({ model_id: Type.String() });
export type ModelCreated = Static<typeof ModelCreated>;

export const ModelSpecification = Type.Object({
  min_cpu: Type.Optional(Type.String()),
  min_gpu: Type.Optional(Type.String()),
  min_memory: Type.Optional(Type.String()),
  min_ascend: Type.Optional(Type.String()),
});

export const ModelListItem = Type.Object({
  model_id: Type.String(),
  model_name: Type.String(),
  model_version: Type.String(),
  model_type: Type.String(),
  model_status: Type.Enum(MODEL_STATUSES),
  description: Type.String(),
  /** Bytes of the snapshotted package. */
  model_size: Type.Integer(),
  create_at: Type.Integer(),
  tenant: Type.String(),
  project: Type.String(),
  owner: Type.String(),
  workspace_id: Type.String(),
  model_source: Type.String(),
  source_type: Type.Optional(Type.String()),
  install_type: Type.Array(Type.String()),
  tunable: Type.Boolean(),
  market_flag: Type.Boolean(),
  publishable_flag: Type.Boolean(),
  subscription_id: Type.Optional(Type.String()),
  extra: Type.Optional(Type.String()),
  source_copy: Type.Optional(Type.String()),
  specification: ModelSpecification,
});
export type ModelListItem = Static<typeof ModelListItem>;

export const ModelDetail = Type.Object({
  ...ModelListItem.properties,
  source_location: Type.String(),
  source_job_id: Type.Optional(Type.String()),
  source_job_version: Type.Optional(Type.String()),
  execution_code: Type.Optional(Type.String()),
  runtime: Type.Optional(Type.String()),
  model_algorithm: Type.Optional(Type.String()),
  /** JSON text. */
  model_metrics: Type.Optional(Type.String()),
  dependencies: Type.Array(ModelDependency),
  input_params: Type.Optional(Type.Array(ModelParam)),
  output_params: Type.Optional(Type.Array(ModelParam)),
  /** JSON text of the APIs (`request`/`response` form of config.json). */
  apis: Type.String(),
  /** JSON text of the effective config.json. */
  config: Type.String(),
  health: Type.Optional(ModelHealth),
  image_address: Type.Optional(Type.String()),
  schema_doc: Type.Optional(Type.String()),
  model_docs: Type.Optional(Type.Array(ModelDoc)),
  model_labels: Type.Optional(Type.Array(Type.String())),
  labels_map: Type.Optional(Type.Object({ labels: Type.Array(Type.String()) })),
  cmd: Type.Optional(Type.String()),
  /** Why publishing failed (`model_status` `failed`). */
  error_msg: Type.Optional(Type.String()),
});
export type ModelDetail = Static<typeof ModelDetail>;

export const MODEL_SORT_FIELDS = ['create_at', 'model_version', 'model_size'] as const;

export const ModelListQuery = Type.Object({
  /** Fuzzy unless `exact_match=true`. */
  model_name: Type.Optional(Type.String()),
  exact_match: Type.Optional(Type.Boolean()),
  model_version: Type.Optional(Type.String()),
  model_status: Type.Optional(Type.Enum(MODEL_STATUSES)),
  model_type: Type.Optional(Type.String()),
  not_model_type: Type.Optional(Type.String()),
  /** Fuzzy. */
  description: Type.Optional(Type.String()),
  /** A page index (pages of `limit` records), starting at 0. */
  ...OffsetPageQuery,
  sort_by: Type.Optional(Type.Enum(MODEL_SORT_FIELDS)),
  order: Type.Optional(SortOrder),
  workspace_id: Type.Optional(Type.String()),
});
export type ModelListQuery = Static<typeof ModelListQuery>;

export const ModelList = Type.Object({ total_count: Type.Integer(), count: Type.Integer(), models: Type.Array(ModelListItem) });
export type ModelList = Static<typeof ModelList>;

export const ModelParams = Type.Object({
  project_id: ProjectParams.properties.project_id,
  model_id: Type.String({ minLength: 1, maxLength: 64 }),
});

export const ModelDeleteResult = Type.Object({
  delete_success_list: Type.Array(Type.String()),
  delete_failed_list: Type.Array(Type.Object({ model_id: Type.String(), error_code: Type.String(), error_msg: Type.String() })),
});
export type ModelDeleteResult = Static<typeof ModelDeleteResult>;

export const EngineRuntime = Type.Object({
  ai_engine: Type.String(),
  runtimes: Type.Array(Type.String()),
  request_mode: Type.Array(Type.String()),
  accelerators: Type.Array(
    Type.Object({
      type: Type.String(),
      name: Type.Optional(Type.String()),
      cuda_version: Type.Optional(Type.String()),
      driver_version_section: Type.Optional(Type.String()),
    }),
  ),
  arch: Type.Array(Type.String()),
  status_list: Type.Array(Type.String()),
  image_source: Type.Array(Type.String()),
});
export type EngineRuntime = Static<typeof EngineRuntime>;

export const EngineRuntimeList = Type.Object({ count: Type.Integer(), total_count: Type.Integer(), engine_runtimes: Type.Array(EngineRuntime) });
export type EngineRuntimeList = Static<typeof EngineRuntimeList>;

export const modelOperations = [
  defineOperation({
    id: 'models.create',
    service: 'modelarts',
    method: 'POST',
    path: '/v1/{project_id}/models',
    summary: 'Import a model package from OBS; publishing continues asynchronously (publishing -> published | failed).',
    auth: 'required',
    params: ProjectParams,
    body: ModelCreateBody,
    responses: { 200: ModelCreated },
  }),
  defineOperation({
    id: 'models.list',
    service: 'modelarts',
    method: 'GET',
    path: '/v1/{project_id}/models',
    summary: 'List models: filters, sort_by/order, offset (page index) and limit; total_count counts every match.',
    auth: 'required',
    params: ProjectParams,
    query: ModelListQuery,
    responses: { 200: ModelList },
  }),
  defineOperation({
    id: 'models.runtimes',
    service: 'modelarts',
    method: 'GET',
    path: '/v1/{project_id}/models/ai-engine-runtimes',
    summary: 'AI engines and the runtimes a model may name.',
    auth: 'required',
    params: ProjectParams,
    query: Type.Object({ ...OffsetPageQuery }),
    responses: { 200: EngineRuntimeList },
  }),
  defineOperation({
    id: 'models.get',
    service: 'modelarts',
    method: 'GET',
    path: '/v1/{project_id}/models/{model_id}',
    summary: 'Details of a model (apis and config as JSON text).',
    auth: 'required',
    params: ModelParams,
    responses: { 200: ModelDetail },
  }),
  defineOperation({
    id: 'models.delete',
    service: 'modelarts',
    method: 'DELETE',
    path: '/v1/{project_id}/models/{model_id}',
    summary: 'Delete a model (cascade=true: every version of its name); a model used by a service fails with ModelArts.3009.',
    auth: 'required',
    params: ModelParams,
    query: Type.Object({ cascade: Type.Optional(Type.Boolean()) }),
    responses: { 200: ModelDeleteResult },
  }),
] as const;
