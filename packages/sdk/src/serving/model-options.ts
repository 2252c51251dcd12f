import { InstallType, type Static, Type } from '@modelarts-ts/contract';
import { DependenciesSchema, ParamsSchema, ScheduleSchema, ServiceConfigSchema, TransformerConfigSchema } from './configs.js';
import { EnvironmentSchema } from './environment.js';

/** How long and how a call waits (ours: the manual's calls block until the resource is ready). */
const WaitFields = {
  /** Wait until the model is published / the service runs (default true). */
  wait: Type.Optional(Type.Boolean()),
  /** Give up waiting after this long (WaitTimeoutError). */
  timeoutMs: Type.Optional(Type.Integer({ minimum: 0 })),
};

/** Table 9-1 / Table 9-9: the parameters of `Model(session, …)` that create (or, with `publish: false`, describe) a model. */
export const ModelCreateSchema = Type.Object(
  {
    model_name: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' })),
    /** `N.N.N`, each part 0–99 without a leading zero (`01.01.01` is refused). */
    model_version: Type.String({ pattern: '^(?:0|[1-9]\\d?)\\.(?:0|[1-9]\\d?)\\.(?:0|[1-9]\\d?)$' }),
    publish: Type.Optional(Type.Boolean()),
    source_location_type: Type.Optional(Type.Union([Type.Literal('OBS_SOURCE'), Type.Literal('LOCAL_SOURCE')])),
    source_location: Type.String({ minLength: 1 }),
    environment: Type.Optional(EnvironmentSchema),
    source_job_id: Type.Optional(Type.String()),
    source_job_version: Type.Optional(Type.String()),
    source_type: Type.Optional(Type.Literal('auto')),
    model_type: Type.Union([
      Type.Literal('TensorFlow'),
      Type.Literal('MXNet'),
      Type.Literal('Caffe'),
      Type.Literal('Spark_MLlib'),
      Type.Literal('Scikit_Learn'),
      Type.Literal('XGBoost'),
      Type.Literal('Image'),
      Type.Literal('PyTorch'),
      Type.Literal('Template'),
      Type.Literal('MindSpore'),
      Type.Literal('Custom'),
    ]),
    model_algorithm: Type.Optional(Type.String()),
    description: Type.Optional(Type.String({ maxLength: 100 })),
    execution_code: Type.Optional(Type.String()),
    runtime: Type.Optional(Type.String()),
    input_params: Type.Optional(Type.Array(ParamsSchema)),
    output_params: Type.Optional(Type.Array(ParamsSchema)),
    dependencies: Type.Optional(Type.Array(DependenciesSchema)),
    /** The manual types it as a string: JSON text, or the array itself. */
    apis: Type.Optional(Type.Union([Type.String(), Type.Array(Type.Unknown())])),
    // REST fields the manual does not list, for completeness.
    install_type: Type.Optional(Type.Array(InstallType)),
    model_metrics: Type.Optional(Type.String()),
    workspace_id: Type.Optional(Type.String()),
    ...WaitFields,
  },
  { additionalProperties: false },
);
export type ModelCreateOptions = Static<typeof ModelCreateSchema>;

/** Table 9-8: an existing model. */
export const ModelByIdSchema = Type.Object({ model_id: Type.String({ minLength: 1 }) }, { additionalProperties: false });
export type ModelByIdOptions = Static<typeof ModelByIdSchema>;

export const ModelOptionsSchema = Type.Union([ModelByIdSchema, ModelCreateSchema]);
export type ModelOptions = ModelByIdOptions | ModelCreateOptions;

/** Table 9-14. */
export const ModelListSchema = Type.Object(
  {
    model_name: Type.Optional(Type.String()),
    model_version: Type.Optional(Type.String()),
    model_status: Type.Optional(
      Type.Union([Type.Literal('publishing'), Type.Literal('published'), Type.Literal('failed'), Type.Literal('building'), Type.Literal('building_failed')]),
    ),
    description: Type.Optional(Type.String()),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1 })),
    sort_by: Type.Optional(Type.Union([Type.Literal('create_at'), Type.Literal('model_version'), Type.Literal('model_size')])),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    workspace_id: Type.Optional(Type.String()),
    model_type: Type.Optional(Type.String()),
    exact_match: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ModelListOptions = Static<typeof ModelListSchema>;

/** The network and pool fields of Table 10-5. */
const DeployCommon = {
  service_name: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' })),
  description: Type.Optional(Type.String({ maxLength: 100 })),
  vpc_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  subnet_network_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  security_group_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  cluster_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  pool_name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  ...WaitFields,
};

/** Table 10-5 with predictor configs (Table 10-6; Table 10-1/10-2 for `specification: 'local'`). */
export const DeployPredictorSchema = Type.Object(
  {
    ...DeployCommon,
    infer_type: Type.Optional(Type.Literal('real-time')),
    configs: Type.Array(ServiceConfigSchema, { minItems: 1 }),
    schedule: Type.Optional(Type.Array(ScheduleSchema)),
    /** Local services only: the Python interpreter of the model server (default `MODELARTS_PYTHON` or python3). */
    python: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type DeployPredictorOptions = Static<typeof DeployPredictorSchema>;

/** Table 10-5 with transformer configs (Table 10-7). */
export const DeployTransformerSchema = Type.Object(
  {
    ...DeployCommon,
    infer_type: Type.Optional(Type.Literal('batch')),
    configs: Type.Array(TransformerConfigSchema, { minItems: 1, maxItems: 1 }),
  },
  { additionalProperties: false },
);
export type DeployTransformerOptions = Static<typeof DeployTransformerSchema>;

/** `publish_model(obs_location=None)`. */
export const PublishModelSchema = Type.Object({ obs_location: Type.Optional(Type.String({ minLength: 1 })), ...WaitFields }, { additionalProperties: false });
export type PublishModelOptions = Static<typeof PublishModelSchema>;

/** `configure_tf_infer_environ(device_type)`. */
export const TfInferEnvironSchema = Type.Object({ device_type: Type.Union([Type.Literal('CPU'), Type.Literal('GPU')]) }, { additionalProperties: false });
export type TfInferEnvironOptions = Static<typeof TfInferEnvironSchema>;
