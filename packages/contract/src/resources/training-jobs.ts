import { type Static, Type } from 'typebox';
import { defineOperation } from '../common/operation.js';
import { SortOrder } from '../common/page.js';
import { ProjectParams } from './authorizations.js';

/** Training jobs, ModelArts v2 API (`/v2/{project_id}/training-jobs…`), with the cloud's field names and codes. */

export const TRAINING_PHASES = ['Creating', 'Pending', 'Running', 'Completed', 'Failed', 'Terminating', 'Terminated', 'Abnormal'] as const;
export type TrainingPhase = (typeof TRAINING_PHASES)[number];
export const TRAINING_SECONDARY_PHASES = [
  'Creating',
  'Queuing',
  'Running',
  'Failed',
  'Completed',
  'Terminating',
  'Terminated',
  'CreateFailed',
  'TerminatedFailed',
  'Unknown',
  'Lost',
] as const;
export type TrainingSecondaryPhase = (typeof TRAINING_SECONDARY_PHASES)[number];
/** Phases a job never leaves. */
export const TRAINING_TERMINAL: readonly TrainingPhase[] = ['Completed', 'Failed', 'Terminated', 'Abnormal'];
export const TRAINING_SUCCESS: readonly TrainingPhase[] = ['Completed'];
export const TRAINING_FAILURE: readonly TrainingPhase[] = ['Failed', 'Abnormal', 'Terminated'];
/** Phases in which `terminate` is allowed. */
export const TRAINING_TERMINABLE: readonly TrainingPhase[] = ['Creating', 'Pending', 'Running'];

const JOB_NAME = '^[A-Za-z0-9_-]{1,64}$';

export const TrainingParameter = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  value: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  constraint: Type.Optional(
    Type.Object({
      type: Type.Optional(Type.String()),
      editable: Type.Optional(Type.Boolean()),
      required: Type.Optional(Type.Boolean()),
      sensitive: Type.Optional(Type.Boolean()),
      valid_type: Type.Optional(Type.String()),
      valid_range: Type.Optional(Type.Array(Type.String())),
    }),
  ),
  i18n_description: Type.Optional(Type.Object({ language: Type.String(), description: Type.String() })),
});
export type TrainingParameter = Static<typeof TrainingParameter>;

const ObsRemote = Type.Object({ obs_url: Type.String({ minLength: 1 }) });
const DatasetRemote = Type.Object({ id: Type.String({ minLength: 1 }), version_id: Type.Optional(Type.String()), obs_url: Type.Optional(Type.String()) });

export const TrainingInput = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  description: Type.Optional(Type.String()),
  local_dir: Type.Optional(Type.String()),
  access_method: Type.Optional(Type.Union([Type.Literal('parameter'), Type.Literal('env')])),
  remote: Type.Object({ obs: Type.Optional(ObsRemote), dataset: Type.Optional(DatasetRemote) }),
});
export type TrainingInput = Static<typeof TrainingInput>;

export const TrainingOutput = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  description: Type.Optional(Type.String()),
  local_dir: Type.Optional(Type.String()),
  access_method: Type.Optional(Type.Union([Type.Literal('parameter'), Type.Literal('env')])),
  remote: Type.Object({ obs: ObsRemote }),
  mode: Type.Optional(Type.String()),
  period: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
});
export type TrainingOutput = Static<typeof TrainingOutput>;

export const TrainingEngine = Type.Object({
  engine_id: Type.Optional(Type.String()),
  engine_name: Type.Optional(Type.String()),
  engine_version: Type.Optional(Type.String()),
  image_url: Type.Optional(Type.String()),
  install_sys_packages: Type.Optional(Type.Boolean()),
});
export type TrainingEngine = Static<typeof TrainingEngine>;

export const TrainingAlgorithm = Type.Object({
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  subscription_id: Type.Optional(Type.String()),
  item_version_id: Type.Optional(Type.String()),
  code_dir: Type.Optional(Type.String()),
  boot_file: Type.Optional(Type.String()),
  command: Type.Optional(Type.String()),
  parameters: Type.Optional(Type.Array(TrainingParameter)),
  inputs: Type.Optional(Type.Array(TrainingInput)),
  outputs: Type.Optional(Type.Array(TrainingOutput)),
  engine: Type.Optional(TrainingEngine),
  local_code_dir: Type.Optional(Type.String()),
  working_dir: Type.Optional(Type.String()),
  environments: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.String({ maxLength: 4096 }))),
});
export type TrainingAlgorithm = Static<typeof TrainingAlgorithm>;

export const FlavorInfo = Type.Object({
  max_num: Type.Integer(),
  cpu: Type.Object({ arch: Type.String(), core_num: Type.Integer() }),
  gpu: Type.Optional(Type.Object({ unit_num: Type.Integer(), product_name: Type.String(), memory: Type.String() })),
  npu: Type.Optional(Type.Object({ unit_num: Type.String(), product_name: Type.String(), memory: Type.String() })),
  memory: Type.Object({ size: Type.Integer(), unit: Type.String() }),
  disk: Type.Object({ size: Type.Integer(), unit: Type.String() }),
});

export const FlavorDetail = Type.Object({
  flavor_type: Type.String(),
  billing: Type.Object({ code: Type.String(), unit_num: Type.Integer() }),
  flavor_info: FlavorInfo,
});

const Volume = Type.Object({
  nfs: Type.Optional(Type.Object({ nfs_server_path: Type.String(), local_path: Type.String(), read_only: Type.Optional(Type.Boolean()) })),
  pfs: Type.Optional(Type.Object({ pfs_path: Type.String(), local_path: Type.String() })),
  obs: Type.Optional(Type.Object({ obs_path: Type.String(), local_path: Type.String() })),
});

export const TrainingSpec = Type.Object({
  resource: Type.Object({
    flavor_id: Type.Optional(Type.String()),
    node_count: Type.Optional(Type.Integer({ minimum: 1 })),
    pool_id: Type.Optional(Type.String()),
    policy: Type.Optional(Type.String()),
    flavor_name: Type.Optional(Type.String()),
    flavor_detail: Type.Optional(FlavorDetail),
  }),
  volumes: Type.Optional(Type.Array(Volume)),
  log_export_path: Type.Optional(Type.Object({ obs_url: Type.Optional(Type.String()), host_path: Type.Optional(Type.String()) })),
  auto_stop: Type.Optional(Type.Object({ time_unit: Type.Literal('HOURS'), duration: Type.Integer({ minimum: 1 }) })),
  schedule_policy: Type.Optional(Type.Object({ priority: Type.Optional(Type.Integer()), preemptible: Type.Optional(Type.Boolean()) })),
});
export type TrainingSpec = Static<typeof TrainingSpec>;

/** What the cloud answers as a job's `annotations` when it set none (manual Tables 8-12, 8-67). */
export const DEFAULT_TRAINING_ANNOTATIONS: Readonly<Record<string, string>> = { job_template: 'Template DL' };

export const TrainingMetadataInput = Type.Object({
  name: Type.String({ pattern: JOB_NAME }),
  workspace_id: Type.Optional(Type.String()),
  description: Type.Optional(Type.String({ maxLength: 256 })),
  annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
});

export const TrainingJobCreateBody = Type.Object({
  kind: Type.Optional(Type.String()),
  metadata: TrainingMetadataInput,
  algorithm: Type.Optional(TrainingAlgorithm),
  spec: Type.Optional(TrainingSpec),
  endpoints: Type.Optional(Type.Object({ ssh: Type.Optional(Type.Object({ key_pair_names: Type.Array(Type.String()) })) })),
});
export type TrainingJobCreateBody = Static<typeof TrainingJobCreateBody>;

export const TaskStatus = Type.Object({ task: Type.String(), exit_code: Type.Integer(), message: Type.String() });
export type TaskStatus = Static<typeof TaskStatus>;

export const TrainingJob = Type.Object({
  kind: Type.String(),
  metadata: Type.Object({
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    workspace_id: Type.String(),
    create_time: Type.Integer(),
    user_name: Type.String(),
    annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
  status: Type.Object({
    phase: Type.Enum(TRAINING_PHASES),
    secondary_phase: Type.Enum(TRAINING_SECONDARY_PHASES),
    duration: Type.Integer(),
    start_time: Type.Integer(),
    node_count_metrics: Type.Union([Type.Array(Type.Array(Type.Number())), Type.Null()]),
    tasks: Type.Array(Type.String()),
    task_statuses: Type.Array(TaskStatus),
  }),
  algorithm: TrainingAlgorithm,
  spec: TrainingSpec,
});
export type TrainingJob = Static<typeof TrainingJob>;

export const TrainingJobSearchFilter = Type.Object({
  key: Type.String(),
  operator: Type.String(),
  value: Type.Array(Type.String()),
});

export const TrainingJobSearchBody = Type.Object({
  /** Records to skip, as the manual's `get_job_list` counts it (ModelArts Local follows the manual; see docs/api-map.md). */
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  sort_by: Type.Optional(Type.String()),
  order: Type.Optional(SortOrder),
  group_by: Type.Optional(Type.String()),
  workspace_id: Type.Optional(Type.String()),
  filters: Type.Optional(Type.Array(TrainingJobSearchFilter)),
});
export type TrainingJobSearchBody = Static<typeof TrainingJobSearchBody>;

export const TrainingJobSearchResult = Type.Object({
  total: Type.Integer(),
  count: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  sort_by: Type.String(),
  order: Type.String(),
  group_by: Type.String(),
  workspace_id: Type.String(),
  ai_project: Type.String(),
  items: Type.Array(TrainingJob),
});
export type TrainingJobSearchResult = Static<typeof TrainingJobSearchResult>;

export const TrainingJobParams = Type.Object({
  project_id: ProjectParams.properties.project_id,
  training_job_id: Type.String({ minLength: 1, maxLength: 64 }),
});
export const TrainingTaskParams = Type.Object({
  project_id: ProjectParams.properties.project_id,
  training_job_id: Type.String({ minLength: 1, maxLength: 64 }),
  task_id: Type.String({ minLength: 1, maxLength: 64 }),
});

export const TrainingTaskLinkParams = Type.Object({
  training_job_id: Type.String({ minLength: 1, maxLength: 64 }),
  task_id: Type.String({ minLength: 1, maxLength: 64 }),
});
/** The signed query of a log link: expiry (epoch seconds) and an HMAC over job, task and expiry. */
export const TrainingLogLinkQuery = Type.Object({
  expires: Type.Integer({ minimum: 0 }),
  signature: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  /** `application/octet-stream` asks for a download (attachment) instead of a preview. */
  'Content-Type': Type.Optional(Type.String()),
});

export const TrainingLogPreview = Type.Object({ content: Type.String(), current_size: Type.Integer(), full_size: Type.Integer() });
export type TrainingLogPreview = Static<typeof TrainingLogPreview>;

export const TrainingMetrics = Type.Object({ metrics: Type.Array(Type.Object({ metric: Type.String(), value: Type.Array(Type.Number()) })) });
export type TrainingMetrics = Static<typeof TrainingMetrics>;

export const TrainingEvent = Type.Object({ message: Type.String(), level: Type.String(), time: Type.String(), source: Type.String() });
export type TrainingEvent = Static<typeof TrainingEvent>;

export const TrainingEventsQuery = Type.Object({
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  order: Type.Optional(SortOrder),
  start_time: Type.Optional(Type.Integer()),
  end_time: Type.Optional(Type.Integer()),
  level: Type.Optional(Type.Union([Type.Literal('Info'), Type.Literal('Error'), Type.Literal('Warning')])),
  pattern: Type.Optional(Type.String({ maxLength: 256 })),
  source: Type.Optional(Type.String()),
});
export type TrainingEventsQuery = Static<typeof TrainingEventsQuery>;

export const TrainingEvents = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  order: Type.String(),
  start_time: Type.String(),
  end_time: Type.String(),
  events: Type.Array(TrainingEvent),
});
export type TrainingEvents = Static<typeof TrainingEvents>;

export const TrainingFlavor = Type.Object({
  flavor_id: Type.String(),
  flavor_name: Type.String(),
  flavor_type: Type.String(),
  max_num: Type.Integer(),
  billing: Type.Object({ code: Type.String(), unit_num: Type.Integer() }),
  flavor_info: FlavorInfo,
  attributes: Type.Optional(Type.Record(Type.String(), Type.String())),
});
export type TrainingFlavor = Static<typeof TrainingFlavor>;

export const TrainingFlavorList = Type.Object({ total_count: Type.Integer(), flavors: Type.Array(TrainingFlavor) });
export type TrainingFlavorList = Static<typeof TrainingFlavorList>;

export const TrainingEngineInfo = Type.Object({
  engine_id: Type.String(),
  engine_name: Type.String(),
  engine_version: Type.String(),
  v1_compatible: Type.Boolean(),
  run_user: Type.String(),
  image_info: Type.Object({ cpu_image_url: Type.String(), gpu_image_url: Type.String(), image_version: Type.String() }),
  /** ModelArts Local only: how the engine runs here and whether its framework imports in the local Python. */
  x_local: Type.Optional(Type.Object({ interpreter: Type.String(), module: Type.String(), importable: Type.Boolean() })),
});
export type TrainingEngineInfo = Static<typeof TrainingEngineInfo>;

export const TrainingEngineList = Type.Object({ total: Type.Integer(), items: Type.Array(TrainingEngineInfo) });
export type TrainingEngineList = Static<typeof TrainingEngineList>;

const TRAINING_INVALID = 'ModelArts.2788' as const;

export const trainingOperations = [
  defineOperation({
    id: 'trainingJobs.create',
    service: 'modelarts',
    method: 'POST',
    path: '/v2/{project_id}/training-jobs',
    summary: 'Create a training job.',
    auth: 'required',
    validationErrorCode: TRAINING_INVALID,
    params: ProjectParams,
    body: TrainingJobCreateBody,
    responses: { 201: TrainingJob },
  }),
  defineOperation({
    id: 'trainingJobs.search',
    service: 'modelarts',
    method: 'POST',
    path: '/v2/{project_id}/training-job-searches',
    summary: 'List training jobs: offset is a page index, limit 1–50, filters on name/phase/create_time/kind.',
    auth: 'required',
    // A search sent as POST: it reads only.
    idempotent: true,
    validationErrorCode: TRAINING_INVALID,
    params: ProjectParams,
    body: TrainingJobSearchBody,
    responses: { 200: TrainingJobSearchResult },
  }),
  defineOperation({
    id: 'trainingJobs.get',
    service: 'modelarts',
    method: 'GET',
    path: '/v2/{project_id}/training-jobs/{training_job_id}',
    summary: 'Details of a training job.',
    auth: 'required',
    validationErrorCode: TRAINING_INVALID,
    params: TrainingJobParams,
    responses: { 200: TrainingJob },
  }),
  defineOperation({
    id: 'trainingJobs.update',
    service: 'modelarts',
    method: 'PUT',
    path: '/v2/{project_id}/training-jobs/{training_job_id}',
    summary: 'Change the description of a training job (the only mutable field).',
    auth: 'required',
    validationErrorCode: TRAINING_INVALID,
    params: TrainingJobParams,
    body: Type.Object({ description: Type.String({ maxLength: 256 }) }),
    responses: { 200: Type.Null() },
  }),
  defineOperation({
    id: 'trainingJobs.delete',
    service: 'modelarts',
    method: 'DELETE',
    path: '/v2/{project_id}/training-jobs/{training_job_id}',
    summary: 'Delete a training job (asynchronous: its processes are stopped and its files removed).',
    auth: 'required',
    validationErrorCode: TRAINING_INVALID,
    params: TrainingJobParams,
    responses: { 202: Type.Null() },
  }),
  defineOperation({
    id: 'trainingJobs.action',
    service: 'modelarts',
    method: 'POST',
    path: '/v2/{project_id}/training-jobs/{training_job_id}/actions',
    summary: 'Act on a training job; the only action is {"action_type":"terminate"} (others: ModelArts.2812).',
    auth: 'required',
    validationErrorCode: TRAINING_INVALID,
    params: TrainingJobParams,
    body: Type.Object({ action_type: Type.String() }),
    responses: { 202: TrainingJob },
  }),
  defineOperation({
    id: 'trainingJobs.logPreview',
    service: 'modelarts',
    method: 'GET',
    path: '/v2/{project_id}/training-jobs/{training_job_id}/tasks/{task_id}/logs/preview',
    summary: 'The newest 5 MB of a task’s log.',
    auth: 'required',
    validationErrorCode: TRAINING_INVALID,
    params: TrainingTaskParams,
    responses: { 200: TrainingLogPreview },
  }),
  defineOperation({
    id: 'trainingJobs.logUrl',
    service: 'modelarts',
    method: 'GET',
    path: '/v2/{project_id}/training-jobs/{training_job_id}/tasks/{task_id}/logs/url',
    summary: 'A temporary link (about 5 minutes) to download a task’s whole log.',
    auth: 'required',
    validationErrorCode: TRAINING_INVALID,
    params: TrainingTaskParams,
    responses: { 200: Type.Object({ obs_url: Type.String() }) },
  }),
  defineOperation({
    id: 'trainingJobs.logDownload',
    service: 'local',
    method: 'GET',
    path: '/-/training-logs/{training_job_id}/{task_id}',
    summary: 'ModelArts Local: the whole log of a task, as text. The link comes signed and expiring from trainingJobs.logUrl; no other credentials.',
    auth: 'none',
    params: TrainingTaskLinkParams,
    query: TrainingLogLinkQuery,
    responses: { 200: Type.Unknown({ description: 'The log (text/plain).' }) },
  }),
  defineOperation({
    id: 'trainingJobs.metrics',
    service: 'modelarts',
    method: 'GET',
    path: '/v2/{project_id}/training-jobs/{training_job_id}/metrics/{task_id}',
    summary: 'Per-minute averages of a task’s resource usage (cpuUsage, memUsage, …).',
    auth: 'required',
    validationErrorCode: TRAINING_INVALID,
    params: TrainingTaskParams,
    responses: { 200: TrainingMetrics },
  }),
  defineOperation({
    id: 'trainingJobs.events',
    service: 'modelarts',
    method: 'GET',
    path: '/v2/{project_id}/training-jobs/{training_job_id}/events',
    summary: 'Events of a training job (every step the platform took).',
    auth: 'required',
    validationErrorCode: TRAINING_INVALID,
    params: TrainingJobParams,
    query: TrainingEventsQuery,
    responses: { 200: TrainingEvents },
  }),
  defineOperation({
    id: 'trainingJobFlavors.list',
    service: 'modelarts',
    method: 'GET',
    path: '/v2/{project_id}/training-job-flavors',
    summary: 'Public resource flavors for training (filter flavor_type CPU, GPU or Ascend).',
    auth: 'required',
    validationErrorCode: TRAINING_INVALID,
    params: ProjectParams,
    query: Type.Object({ flavor_type: Type.Optional(Type.Union([Type.Literal('CPU'), Type.Literal('GPU'), Type.Literal('Ascend')])) }),
    responses: { 200: TrainingFlavorList },
  }),
  defineOperation({
    id: 'trainingJobEngines.list',
    service: 'modelarts',
    method: 'GET',
    path: '/v2/{project_id}/training-job-engines',
    summary: 'Preset training engines (frameworks and versions).',
    auth: 'required',
    validationErrorCode: TRAINING_INVALID,
    params: ProjectParams,
    responses: { 200: TrainingEngineList },
  }),
] as const;
