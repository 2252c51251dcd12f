import { type Static, Type } from 'typebox';
import { defineOperation } from '../common/operation.js';
import { OffsetPageQuery, SortOrder } from '../common/page.js';
import { ProjectParams } from './authorizations.js';

/** Services, v1 API: real-time and batch deployments of models, their monitor, update logs and events; and inference. */

export const SERVICE_STATUSES = ['running', 'deploying', 'concerning', 'failed', 'stopped', 'finished', 'stopping', 'deleting', 'pending', 'waiting'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
/** Statuses a deployment settles in (what a poller waits for): running, a finished batch, stopped, or failed. */
export const SERVICE_TERMINAL: readonly ServiceStatus[] = ['running', 'finished', 'stopped', 'failed'];
export const SERVICE_SUCCESS: readonly ServiceStatus[] = ['running', 'finished', 'stopped'];
export const SERVICE_FAILURE: readonly ServiceStatus[] = ['failed'];
/** Statuses in which a real-time service answers inference requests. */
export const SERVICE_SERVING: readonly ServiceStatus[] = ['running', 'concerning'];
/** Statuses of a batch service that end it. */
export const BATCH_TERMINAL: readonly ServiceStatus[] = ['finished', 'failed', 'stopped'];

/** Per-config status in the detail: all instances up, some up, none up. */
export const CONFIG_STATUSES = ['ready', 'concerning', 'notReady'] as const;
export type ConfigStatus = (typeof CONFIG_STATUSES)[number];

export const INFER_TYPES = ['real-time', 'batch', 'edge'] as const;
export type InferType = (typeof INFER_TYPES)[number];

/** Letters, digits, `-`, `_`, 1–64 characters. */
export const SERVICE_NAME_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
/** Service descriptions: at most 100 characters, none of `! < > = & " '`. */
export const SERVICE_DESCRIPTION_PATTERN = '^[^!<>=&"\']{0,100}$';

/** Auto-stop: the REST field is `type` (the Python SDK's `op_type`). */
export const ServiceSchedule = Type.Object({
  type: Type.Literal('stop'),
  time_unit: Type.Union([Type.Literal('DAYS'), Type.Literal('HOURS'), Type.Literal('MINUTES')]),
  duration: Type.Integer({ minimum: 1 }),
});
export type ServiceSchedule = Static<typeof ServiceSchedule>;

export const CustomSpec = Type.Object({
  cpu: Type.Number({ minimum: 0.01 }),
  memory: Type.Integer({ minimum: 1 }),
  gpu_p4: Type.Optional(Type.Number()),
  ascend_a310: Type.Optional(Type.Integer()),
});
export type CustomSpec = Static<typeof CustomSpec>;

/** One model of a service; real-time, batch and edge fields together (each applies where its type does). */
export const ServiceConfig = Type.Object({
  model_id: Type.String({ minLength: 1 }),
  specification: Type.String({ minLength: 1 }),
  instance_count: Type.Optional(Type.Integer({ minimum: 1, maximum: 128 })),
  /** Traffic percentage (real-time); the cloud's examples send it as a string. */
  weight: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.String({ pattern: '^[0-9]{1,3}$' })])),
  custom_spec: Type.Optional(CustomSpec),
  envs: Type.Optional(Type.Record(Type.String(), Type.String())),
  cluster_id: Type.Optional(Type.String()),
  pool_name: Type.Optional(Type.String()),
  src_path: Type.Optional(Type.String()),
  dest_path: Type.Optional(Type.String()),
  req_uri: Type.Optional(Type.String()),
  mapping_type: Type.Optional(Type.Union([Type.Literal('file'), Type.Literal('csv')])),
  mapping_rule: Type.Optional(Type.Unknown()),
  src_type: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('ManifestFile')])),
  nodes: Type.Optional(Type.Array(Type.String())),
  deploy_timeout_in_seconds: Type.Optional(Type.Integer({ minimum: 1 })),
  additional_properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  affinity: Type.Optional(Type.Unknown()),
});
export type ServiceConfig = Static<typeof ServiceConfig>;

export const ServiceDeployBody = Type.Object({
  service_name: Type.String({ pattern: SERVICE_NAME_PATTERN }),
  description: Type.Optional(Type.String({ pattern: SERVICE_DESCRIPTION_PATTERN })),
  infer_type: Type.Enum(INFER_TYPES),
  workspace_id: Type.Optional(Type.String()),
  config: Type.Array(ServiceConfig, { minItems: 1 }),
  schedule: Type.Optional(Type.Array(ServiceSchedule, { maxItems: 1 })),
  vpc_id: Type.Optional(Type.String()),
  subnet_network_id: Type.Optional(Type.String()),
  security_group_id: Type.Optional(Type.String()),
  cluster_id: Type.Optional(Type.String()),
  pool_name: Type.Optional(Type.String()),
  additional_properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  load_balancer_policy: Type.Optional(Type.Union([Type.Literal('ROUND_ROBIN'), Type.Literal('LEAST_CONNECTIONS'), Type.Literal('SOURCE_IP')])),
  service_secrets: Type.Optional(Type.Array(Type.Object({ secretId: Type.String(), mouthPath: Type.String() }))),
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
});
export type ServiceDeployBody = Static<typeof ServiceDeployBody>;

export const ServiceDeployed = Type.Object({ service_id: Type.String(), resource_ids: Type.Array(Type.String()) });
export type ServiceDeployed = Static<typeof ServiceDeployed>;

/** A config as the detail shows it, with the per-model `status` and, for batch, its progress fields. */
export const ServiceQueryConfig = Type.Object({
  model_id: Type.String(),
  model_name: Type.String(),
  model_version: Type.String(),
  source_type: Type.Optional(Type.String()),
  specification: Type.String(),
  custom_spec: Type.Optional(CustomSpec),
  weight: Type.Optional(Type.Integer()),
  instance_count: Type.Integer(),
  envs: Type.Optional(Type.Record(Type.String(), Type.String())),
  scaling: Type.Boolean(),
  support_debug: Type.Boolean(),
  cluster_id: Type.Optional(Type.String()),
  pool_name: Type.Optional(Type.String()),
  additional_properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  affinity: Type.Optional(Type.Unknown()),
  status: Type.Enum(CONFIG_STATUSES),
  src_path: Type.Optional(Type.String()),
  dest_path: Type.Optional(Type.String()),
  req_uri: Type.Optional(Type.String()),
  mapping_type: Type.Optional(Type.String()),
  mapping_rule: Type.Optional(Type.Unknown()),
  src_type: Type.Optional(Type.String()),
  start_time: Type.Optional(Type.Integer()),
  finished_time: Type.Optional(Type.Integer()),
});
export type ServiceQueryConfig = Static<typeof ServiceQueryConfig>;

/** Fields the list items and the detail share. */
const ServiceCommon = {
  service_id: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  tenant: Type.String(),
  project: Type.String(),
  owner: Type.String(),
  infer_type: Type.Enum(INFER_TYPES),
  workspace_id: Type.String(),
  status: Type.Enum(SERVICE_STATUSES),
  /** 0–100 while deploying. */
  progress: Type.Integer(),
  error_msg: Type.Optional(Type.String()),
  invocation_times: Type.Integer(),
  failed_times: Type.Integer(),
  is_shared: Type.Boolean(),
  shared_count: Type.Integer(),
  is_free: Type.Boolean(),
  publish_at: Type.Integer(),
  update_time: Type.Integer(),
  transition_at: Type.Integer(),
  operation_time: Type.Integer(),
  /** Set while an auto-stop schedule is pending (ms). */
  due_time: Type.Optional(Type.Integer()),
  schedule: Type.Optional(Type.Array(ServiceSchedule)),
  start_time: Type.Optional(Type.Integer()),
  finished_time: Type.Optional(Type.Integer()),
  additional_properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
};

export const ServiceListItem = Type.Object({ ...ServiceCommon, is_opened_sample_collection: Type.String() });
export type ServiceListItem = Static<typeof ServiceListItem>;

export const ServiceDetail = Type.Object({
  ...ServiceCommon,
  /** Real-time services once deployed: `{endpoint}/v1/infers/{service_id}`. */
  access_address: Type.Optional(Type.String()),
  bind_access_address: Type.Optional(Type.String()),
  debug_url: Type.Optional(Type.String()),
  cluster_id: Type.Optional(Type.String()),
  pool_name: Type.Optional(Type.String()),
  vpc_id: Type.Optional(Type.String()),
  subnet_network_id: Type.Optional(Type.String()),
  security_group_id: Type.Optional(Type.String()),
  load_balancer_policy: Type.Optional(Type.String()),
  priority: Type.Optional(Type.Integer()),
  config: Type.Array(ServiceQueryConfig),
});
export type ServiceDetail = Static<typeof ServiceDetail>;

export const SERVICE_SORT_FIELDS = ['publish_at', 'service_name', 'transition_at'] as const;

export const ServiceListQuery = Type.Object({
  service_id: Type.Optional(Type.String()),
  /** Fuzzy. */
  service_name: Type.Optional(Type.String()),
  model_id: Type.Optional(Type.String()),
  workspace_id: Type.Optional(Type.String()),
  infer_type: Type.Optional(Type.Enum(INFER_TYPES)),
  status: Type.Optional(Type.Enum(SERVICE_STATUSES)),
  /** A page index (pages of `limit` records), starting at 0. */
  ...OffsetPageQuery,
  sort_by: Type.Optional(Type.Enum(SERVICE_SORT_FIELDS)),
  order: Type.Optional(SortOrder),
  tags: Type.Optional(Type.String()),
});
export type ServiceListQuery = Static<typeof ServiceListQuery>;

export const ServiceList = Type.Object({ total_count: Type.Integer(), count: Type.Integer(), services: Type.Array(ServiceListItem) });
export type ServiceList = Static<typeof ServiceList>;

/** All optional; if both `status` and `config` are sent only `status` is applied. */
export const ServiceUpdateBody = Type.Object({
  description: Type.Optional(Type.String({ pattern: SERVICE_DESCRIPTION_PATTERN })),
  status: Type.Optional(Type.Union([Type.Literal('running'), Type.Literal('stopped')])),
  config: Type.Optional(Type.Array(ServiceConfig, { minItems: 1 })),
  schedule: Type.Optional(Type.Array(ServiceSchedule, { maxItems: 1 })),
  additional_properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  load_balancer_policy: Type.Optional(Type.Union([Type.Literal('ROUND_ROBIN'), Type.Literal('LEAST_CONNECTIONS'), Type.Literal('SOURCE_IP')])),
  service_secrets: Type.Optional(Type.Array(Type.Object({ secretId: Type.String(), mouthPath: Type.String() }))),
  priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
});
export type ServiceUpdateBody = Static<typeof ServiceUpdateBody>;

export const ServiceParams = Type.Object({
  project_id: ProjectParams.properties.project_id,
  service_id: Type.String({ minLength: 1, maxLength: 64 }),
});
/** DELETE takes one id or several, comma-separated. */
export const ServiceIdsParams = Type.Object({
  project_id: ProjectParams.properties.project_id,
  service_id: Type.String({ minLength: 1, maxLength: 4096, pattern: '^[^,]+(,[^,]+)*$' }),
});

export const ServiceModelMonitor = Type.Object({
  model_id: Type.String(),
  model_name: Type.String(),
  model_version: Type.String(),
  invocation_times: Type.Integer(),
  failed_times: Type.Integer(),
  model_running_instance_count: Type.Integer(),
  model_instance_count: Type.Integer(),
  /** Cores in use (summed over the instances' process trees) and cores available. */
  cpu_core_usage: Type.Number(),
  cpu_core_total: Type.Number(),
  /** MB. */
  cpu_memory_usage: Type.Integer(),
  cpu_memory_total: Type.Integer(),
  gpu_usage: Type.Number(),
  gpu_total: Type.Number(),
  gpu_memory_usage: Type.Number(),
  gpu_memory_total: Type.Number(),
  npu_usage: Type.Number(),
  npu_total: Type.Number(),
  npu_memory_usage: Type.Number(),
  npu_memory_total: Type.Number(),
});
export type ServiceModelMonitor = Static<typeof ServiceModelMonitor>;

export const ServiceMonitor = Type.Object({
  service_name: Type.String(),
  service_id: Type.String(),
  service_running_instance_count: Type.Integer(),
  service_instance_count: Type.Integer(),
  req_count_per_min: Type.Integer(),
  monitors: Type.Array(ServiceModelMonitor),
});
export type ServiceMonitor = Static<typeof ServiceMonitor>;

export const ServiceLogConfig = Type.Object({
  model_id: Type.String(),
  model_name: Type.String(),
  model_version: Type.String(),
  weight: Type.Optional(Type.Integer()),
  specification: Type.String(),
  custom_spec: Type.Optional(CustomSpec),
  envs: Type.Optional(Type.Record(Type.String(), Type.String())),
  cluster_id: Type.Optional(Type.String()),
  instance_count: Type.Integer(),
  additional_properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/** One update of the service (deploy, config change, start, stop) and its result. */
export const ServiceUpdateLog = Type.Object({
  update_time: Type.Integer(),
  result: Type.Union([Type.Literal('SUCCESS'), Type.Literal('FAIL'), Type.Literal('RUNNING')]),
  config: Type.Array(ServiceLogConfig),
  cluster_id: Type.Optional(Type.String()),
  extend_config: Type.Optional(Type.Array(Type.String())),
});
export type ServiceUpdateLog = Static<typeof ServiceUpdateLog>;

export const ServiceLogs = Type.Object({ service_name: Type.String(), service_id: Type.String(), logs: Type.Array(ServiceUpdateLog) });
export type ServiceLogs = Static<typeof ServiceLogs>;

export const ServiceEvent = Type.Object({
  event_type: Type.Union([Type.Literal('normal'), Type.Literal('abnormal')]),
  event_info: Type.String(),
  occur_time: Type.Integer(),
});
export type ServiceEvent = Static<typeof ServiceEvent>;

export const ServiceEventsQuery = Type.Object({
  event_type: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('abnormal')])),
  /** Substring of the event text. */
  event_info: Type.Optional(Type.String()),
  start_time: Type.Optional(Type.Integer({ minimum: 0 })),
  end_time: Type.Optional(Type.Integer({ minimum: 0 })),
  ...OffsetPageQuery,
  sort_by: Type.Optional(Type.Literal('occur_time')),
  order: Type.Optional(SortOrder),
});
export type ServiceEventsQuery = Static<typeof ServiceEventsQuery>;

export const ServiceEvents = Type.Object({
  service_id: Type.String(),
  service_name: Type.String(),
  total_count: Type.Integer(),
  count: Type.Integer(),
  events: Type.Array(ServiceEvent),
});
export type ServiceEvents = Static<typeof ServiceEvents>;

export const ServiceSpecification = Type.Object({
  specification: Type.String(),
  billing_spec: Type.String(),
  category: Type.String(),
  spec_status: Type.String(),
  is_open: Type.Boolean(),
  source_type: Type.String(),
  is_free: Type.Boolean(),
  over_quota: Type.Boolean(),
  extend_params: Type.Integer(),
  display_en: Type.String(),
  display_cn: Type.String(),
  cpu_info: Type.Object({ arch: Type.String(), cpu: Type.Number() }),
  memory_info: Type.Object({ unit: Type.String(), memory: Type.Integer() }),
  gpu_info: Type.Optional(Type.Object({ brand: Type.String(), version: Type.String(), unit: Type.String(), memory: Type.Integer(), gpu: Type.Number() })),
  npu_info: Type.Optional(Type.Object({ brand: Type.String(), version: Type.String(), unit: Type.String(), memory: Type.Integer(), npu: Type.Integer() })),
});
export type ServiceSpecification = Static<typeof ServiceSpecification>;

export const ServiceSpecificationsQuery = Type.Object({
  is_personal_cluster: Type.Optional(Type.Boolean()),
  infer_type: Type.Optional(Type.Enum(INFER_TYPES)),
  ...OffsetPageQuery,
});
export type ServiceSpecificationsQuery = Static<typeof ServiceSpecificationsQuery>;

export const ServiceSpecificationList = Type.Object({
  total_count: Type.Integer(),
  count: Type.Integer(),
  specifications: Type.Array(ServiceSpecification),
});
export type ServiceSpecificationList = Static<typeof ServiceSpecificationList>;

/** Inference: everything after the service id is the model's API path (`''` or `/` for the default API). */
export const InferParams = Type.Object({ service_id: Type.String({ minLength: 1, maxLength: 64 }) });

/** The cloud's gateway limits for one inference request. */
export const INFERENCE_BODY_LIMIT_BYTES = 12 * 1024 * 1024;
export const INFERENCE_TIMEOUT_MS = 40_000;

export const serviceOperations = [
  defineOperation({
    id: 'services.deploy',
    service: 'modelarts',
    method: 'POST',
    path: '/v1/{project_id}/services',
    summary: 'Deploy models as a real-time or batch service; deployment continues asynchronously (deploying -> running).',
    auth: 'required',
    params: ProjectParams,
    body: ServiceDeployBody,
    responses: { 200: ServiceDeployed },
  }),
  defineOperation({
    id: 'services.list',
    service: 'modelarts',
    method: 'GET',
    path: '/v1/{project_id}/services',
    summary: 'List services: filters, sort_by/order, offset (page index) and limit.',
    auth: 'required',
    params: ProjectParams,
    query: ServiceListQuery,
    responses: { 200: ServiceList },
  }),
  defineOperation({
    id: 'services.specifications',
    service: 'modelarts',
    method: 'GET',
    path: '/v1/{project_id}/services/specifications',
    summary: 'Deployment flavors (config[].specification).',
    auth: 'required',
    params: ProjectParams,
    query: ServiceSpecificationsQuery,
    responses: { 200: ServiceSpecificationList },
  }),
  defineOperation({
    id: 'services.get',
    service: 'modelarts',
    method: 'GET',
    path: '/v1/{project_id}/services/{service_id}',
    summary: 'Details of a service: per-config status, access_address, counters.',
    auth: 'required',
    params: ServiceParams,
    responses: { 200: ServiceDetail },
  }),
  defineOperation({
    id: 'services.update',
    service: 'modelarts',
    method: 'PUT',
    path: '/v1/{project_id}/services/{service_id}',
    summary: 'Change description, status (running | stopped), config (rolling update) or schedule; status wins over config.',
    auth: 'required',
    params: ServiceParams,
    body: ServiceUpdateBody,
    responses: { 200: Type.Object({}) },
  }),
  defineOperation({
    id: 'services.delete',
    service: 'modelarts',
    method: 'DELETE',
    path: '/v1/{project_id}/services/{service_id}',
    summary: 'Delete services (one id or several, comma-separated): deleting, then gone (ModelArts.3502).',
    auth: 'required',
    params: ServiceIdsParams,
    responses: { 200: Type.Object({}) },
  }),
  defineOperation({
    id: 'services.monitor',
    service: 'modelarts',
    method: 'GET',
    path: '/v1/{project_id}/services/{service_id}/monitor',
    summary: 'Instances, invocations and CPU/memory of each model of a service.',
    auth: 'required',
    params: ServiceParams,
    query: Type.Object({ node_id: Type.Optional(Type.String()) }),
    responses: { 200: ServiceMonitor },
  }),
  defineOperation({
    id: 'services.logs',
    service: 'modelarts',
    method: 'GET',
    path: '/v1/{project_id}/services/{service_id}/logs',
    summary: 'Update history of a service (each deployment, config change, start and stop with its result).',
    auth: 'required',
    params: ServiceParams,
    query: Type.Object({ update_time: Type.Optional(Type.Integer({ minimum: 0 })) }),
    responses: { 200: ServiceLogs },
  }),
  defineOperation({
    id: 'services.events',
    service: 'modelarts',
    method: 'GET',
    path: '/v1/{project_id}/services/{service_id}/events',
    summary: 'Events of a service (deployment steps, instance failures and restarts).',
    auth: 'required',
    params: ServiceParams,
    query: ServiceEventsQuery,
    responses: { 200: ServiceEvents },
  }),
  defineOperation({
    id: 'services.infer',
    service: 'inference',
    method: 'ANY',
    path: '/v1/infers/{service_id}/{path*}',
    summary:
      'Call a real-time service: the body goes to a model instance unchanged. Limits: 12 MB (413 ModelArts.4104), 40 s (ModelArts.4205); not running: ModelArts.4203.',
    auth: 'required',
    rawBody: true,
    params: InferParams,
    responses: { 200: Type.Unknown({ description: 'Whatever the model answers.' }) },
  }),
] as const;
