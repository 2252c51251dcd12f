import { type Static, type TSchema, Type } from 'typebox';
import { defineOperation } from '../common/operation.js';
import { ProjectParams } from './authorizations.js';

/**
 * Lite Servers (DevServer API, `/v1/{project_id}/dev-servers…`): dedicated servers and supernodes (hyperinstances).
 * Wire names are the cloud's; docs/lite-server.md describes the lifecycle ModelArts Local emulates.
 */

// ---- statuses and the state machine ----

export const LITE_SERVER_STATUSES = [
  'CREATING',
  'CREATE_FAILED',
  'RUNNING',
  'STOPPING',
  'STOPPED',
  'STOP_FAILED',
  'STARTING',
  'START_FAILED',
  'REBOOTING',
  'REBOOT_FAILED',
  'CHANGINGOS',
  'CHANGINGOS_FAILED',
  'REINSTALLINGOS',
  'REINSTALLINGOS_FAILED',
  'DELETING',
  'DELETE_FAILED',
  'DELETED',
  'ERROR',
] as const;
export type LiteServerStatus = (typeof LITE_SERVER_STATUSES)[number];

/** Statuses a server passes through while an operation runs. */
export const LITE_SERVER_TRANSIENT: readonly LiteServerStatus[] = ['CREATING', 'STOPPING', 'STARTING', 'REBOOTING', 'CHANGINGOS', 'REINSTALLINGOS', 'DELETING'];
/** Statuses that mean the last operation failed: a poller waiting for anything else stops there. */
export const LITE_SERVER_FAILURE: readonly LiteServerStatus[] = [
  'CREATE_FAILED',
  'STOP_FAILED',
  'START_FAILED',
  'REBOOT_FAILED',
  'CHANGINGOS_FAILED',
  'REINSTALLINGOS_FAILED',
  'DELETE_FAILED',
  'ERROR',
];

export const LITE_SERVER_OPERATIONS = ['create', 'start', 'stop', 'reboot', 'reinstallos', 'changeos', 'delete'] as const;
export type LiteServerOperation = (typeof LITE_SERVER_OPERATIONS)[number];

export interface LiteServerTransition {
  /** Statuses the operation is accepted in (empty for create: the server is new). */
  from: readonly LiteServerStatus[];
  /** Status returned at once. */
  via: LiteServerStatus;
  /** Status reached when the operation succeeds. */
  to: LiteServerStatus;
  /** Status reached when it fails. */
  failed: LiteServerStatus;
}

/**
 * The server lifecycle. An operation is retried from its own failure status; the OS operations are also accepted
 * after either OS operation failed; delete is refused while another operation runs.
 */
export const LITE_SERVER_TRANSITIONS: Readonly<Record<LiteServerOperation, LiteServerTransition>> = {
  create: { from: [], via: 'CREATING', to: 'RUNNING', failed: 'CREATE_FAILED' },
  start: { from: ['STOPPED', 'START_FAILED'], via: 'STARTING', to: 'RUNNING', failed: 'START_FAILED' },
  stop: { from: ['RUNNING', 'STOP_FAILED'], via: 'STOPPING', to: 'STOPPED', failed: 'STOP_FAILED' },
  reboot: { from: ['RUNNING', 'REBOOT_FAILED'], via: 'REBOOTING', to: 'RUNNING', failed: 'REBOOT_FAILED' },
  reinstallos: { from: ['STOPPED', 'REINSTALLINGOS_FAILED', 'CHANGINGOS_FAILED'], via: 'REINSTALLINGOS', to: 'RUNNING', failed: 'REINSTALLINGOS_FAILED' },
  changeos: { from: ['STOPPED', 'REINSTALLINGOS_FAILED', 'CHANGINGOS_FAILED'], via: 'CHANGINGOS', to: 'RUNNING', failed: 'CHANGINGOS_FAILED' },
  delete: {
    from: [
      'RUNNING',
      'STOPPED',
      'CREATE_FAILED',
      'STOP_FAILED',
      'START_FAILED',
      'REBOOT_FAILED',
      'CHANGINGOS_FAILED',
      'REINSTALLINGOS_FAILED',
      'DELETE_FAILED',
      'ERROR',
    ],
    via: 'DELETING',
    to: 'DELETED',
    failed: 'DELETE_FAILED',
  },
};

/** A prepaid (yearly/monthly) server can be deleted through this API only in these statuses; otherwise it is unsubscribed in billing. */
export const LITE_SERVER_PREPAID_DELETABLE: readonly LiteServerStatus[] = ['CREATE_FAILED', 'ERROR'];

export const HYPERINSTANCE_STATUSES = ['PROVISIONING', 'ACTIVE', 'ERROR', 'REIMAGING', 'TERMINATING', 'TERMINATED'] as const;
export type HyperinstanceStatus = (typeof HYPERINSTANCE_STATUSES)[number];
export const HYPERINSTANCE_TRANSIENT: readonly HyperinstanceStatus[] = ['PROVISIONING', 'REIMAGING', 'TERMINATING'];

export const LITE_OPERATION_STATUSES = ['pending', 'running', 'success', 'failed'] as const;
export type LiteOperationStatus = (typeof LITE_OPERATION_STATUSES)[number];
export const LITE_OPERATION_TYPES = ['node_attach_volume', 'node_detach_volume'] as const;

// ---- shared field rules ----

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';
const NAME = '^[-_.a-zA-Z0-9]{1,64}$';
const TOKEN = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: `^[-_.a-zA-Z0-9]{1,${max}}$` });

export const LITE_ARCHES = ['X86', 'ARM'] as const;
export const LITE_SERVER_TYPES = ['BMS', 'ECS', 'HPS'] as const;
export const LITE_CHARGING_MODES = ['COMMON', 'POST_PAID', 'PRE_PAID'] as const;
export const LITE_PERIOD_TYPES = ['ABSOLUTE', 'DAY', 'HOUR', 'MONTH', 'WEEK', 'YEAR'] as const;
export const LITE_DISK_TYPES = ['ESSD', 'GPSSD', 'SAS', 'SATA', 'SSD'] as const;
/** Decoded user data may hold at most 32 KB. */
export const LITE_USER_DATA_MAX_BYTES = 32 * 1024;
/** Data disks per create request. */
export const LITE_DATA_VOLUME_MAX_COUNT = 8;

export const LiteUuid = Type.String({ pattern: UUID });
export const LiteServerName = Type.String({ pattern: NAME });

/**
 * Login password rules: 8–26 characters, three of upper case, lower case, digits and specials
 * (`! @ $ % ^ - _ = + [ { } ] : , . / ?`), not containing `root`, `administrator` or their reversals.
 */
export const LITE_PASSWORD_SPECIALS = '!@$%^-_=+[{}]:,./?';
export const LITE_PASSWORD_FORBIDDEN = ['root', 'administrator', 'toor', 'rotartsinimda'] as const;

/** Why a login password is refused, or undefined when it is acceptable. */
export function litePasswordProblem(p: string): string | undefined {
  if (p.length < 8 || p.length > 26) return 'admin_pass must have 8 to 26 characters';
  const specials = [...p].filter((c) => !/[A-Za-z0-9]/.test(c));
  const bad = specials.find((c) => !LITE_PASSWORD_SPECIALS.includes(c));
  if (bad !== undefined) return `admin_pass may not contain ${JSON.stringify(bad)} (allowed specials: ${LITE_PASSWORD_SPECIALS})`;
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/].filter((r) => r.test(p)).length + (specials.length > 0 ? 1 : 0);
  if (classes < 3) return 'admin_pass must contain at least three of: upper case letters, lower case letters, digits, special characters';
  const lower = p.toLowerCase();
  const word = LITE_PASSWORD_FORBIDDEN.find((w) => lower.includes(w));
  if (word) return `admin_pass must not contain "${word}"`;
  return undefined;
}

// ---- request bodies ----

export const LiteServerNetwork = Type.Object({
  vpc_id: Type.String({ minLength: 1, maxLength: 64 }),
  subnet_id: Type.String({ minLength: 1, maxLength: 64 }),
  security_group_id: Type.String({ minLength: 1, maxLength: 64 }),
  ipv6_enable: Type.Optional(Type.Boolean()),
  roce_id: Type.Optional(Type.String({ maxLength: 64 })),
  hyper_cluster: Type.Optional(Type.Object({ id: Type.String(), hyper_cluster_subnet_id: Type.Optional(Type.String()) })),
  allowed_address_pairs: Type.Optional(Type.Array(Type.Object({ ip_address: Type.String(), mac_address: Type.Optional(Type.String()) }))),
});
export type LiteServerNetwork = Static<typeof LiteServerNetwork>;

export const LiteChargingInfo = Type.Object({
  charging_mode: Type.Enum(LITE_CHARGING_MODES),
  period_type: Type.Enum(LITE_PERIOD_TYPES),
  period_num: Type.Integer({ minimum: 1, maximum: 11 }),
  is_auto_pay: Type.Optional(Type.Boolean()),
  is_auto_renew: Type.Optional(Type.Boolean()),
});
export type LiteChargingInfo = Static<typeof LiteChargingInfo>;

export const LiteRootVolume = Type.Object({
  type: Type.Optional(Type.Enum(LITE_DISK_TYPES)),
  size: Type.Optional(Type.Integer({ minimum: 100, maximum: 1024 })),
});
export type LiteRootVolume = Static<typeof LiteRootVolume>;

export const LiteDataVolume = Type.Object({
  type: Type.Enum(LITE_DISK_TYPES),
  size: Type.Integer({ minimum: 100, maximum: 32768 }),
  count: Type.Integer({ minimum: 1, maximum: LITE_DATA_VOLUME_MAX_COUNT }),
});
export type LiteDataVolume = Static<typeof LiteDataVolume>;

const UserData = Type.String({ maxLength: 64 * 1024, description: 'base64; at most 32 KB once decoded' });

export const LiteServerCreateBody = Type.Object({
  name: LiteServerName,
  image_id: Type.String({ minLength: 1, maxLength: 64 }),
  network: LiteServerNetwork,
  flavor: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  resource_flavor: Type.Optional(TOKEN(256)),
  admin_pass: Type.Optional(Type.String()),
  key_pair_name: Type.Optional(TOKEN(64)),
  arch: Type.Optional(Type.Enum(LITE_ARCHES)),
  availability_zone: Type.Optional(TOKEN(256)),
  charging_info: Type.Optional(LiteChargingInfo),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  enterprise_project_id: Type.Optional(TOKEN(36)),
  root_volume: Type.Optional(LiteRootVolume),
  data_volume: Type.Optional(LiteDataVolume),
  server_type: Type.Optional(Type.Enum(LITE_SERVER_TYPES)),
  user_data: Type.Optional(UserData),
  /** The manual's and Terraform's spelling of user_data; both are accepted. */
  userdata: Type.Optional(UserData),
  hps_cluster_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type LiteServerCreateBody = Static<typeof LiteServerCreateBody>;

export const LiteServerStartBody = Type.Object({
  arch: Type.Optional(Type.Enum(LITE_ARCHES)),
  charging_mode: Type.Optional(Type.Enum(LITE_CHARGING_MODES)),
  server_type: Type.Optional(Type.Enum(LITE_SERVER_TYPES)),
});
export type LiteServerStartBody = Static<typeof LiteServerStartBody>;

/** reinstallos / changeos (servers and supernodes) and the batch action's extend_param. */
export const LiteServerOsBody = Type.Object({
  admin_pass: Type.Optional(Type.String()),
  key_pair_name: Type.Optional(TOKEN(64)),
  image_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  user_data: Type.Optional(UserData),
});
export type LiteServerOsBody = Static<typeof LiteServerOsBody>;

export const LiteServerRenameBody = Type.Object({ name: LiteServerName });

export const LITE_BATCH_ACTIONS = ['START', 'STOP', 'REBOOT', 'CHANGEOS', 'REINSTALLOS', 'DELETE'] as const;
export type LiteBatchAction = (typeof LITE_BATCH_ACTIONS)[number];
export const LiteServerBatchBody = Type.Object({
  type: Type.Enum(LITE_BATCH_ACTIONS),
  servers: Type.Array(Type.Object({ id: LiteUuid }), { minItems: 1, maxItems: 100 }),
  extend_param: Type.Optional(LiteServerOsBody),
});
export type LiteServerBatchBody = Static<typeof LiteServerBatchBody>;

export const LiteVolumeBody = Type.Object({ volume_id: LiteUuid });

export const LiteTag = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 128, pattern: '^(?!_sys_)[\\p{L}\\p{N}_.:=+\\-@](?:[\\p{L}\\p{N} _.:=+\\-@]*[\\p{L}\\p{N}_.:=+\\-@])?$' }),
  value: Type.Optional(Type.String({ maxLength: 255, pattern: '^(?:[\\p{L}\\p{N} _.:=+\\-@/]*)$' })),
});
export type LiteTag = Static<typeof LiteTag>;
export const LiteTagBody = Type.Object({ tags: Type.Array(LiteTag, { minItems: 1, maxItems: 20 }) });
export type LiteTagBody = Static<typeof LiteTagBody>;
export const LiteTagList = Type.Object({ tags: Type.Array(LiteTag) });
export type LiteTagList = Static<typeof LiteTagList>;

export const LitePublicIpBody = Type.Object({ public_ip_id: LiteUuid });

// ---- query parameters ----

const SortDir = Type.Optional(Type.Enum(['ASC', 'DESC'] as const));
/** One key, or several separated by commas. */
const SortKey = Type.Optional(Type.String({ pattern: '^(createTime|updateTime)(,(createTime|updateTime))*$' }));

export const LiteServerListQuery = Type.Object({
  owner: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,64}$' })),
  sort_dir: SortDir,
  sort_key: SortKey,
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1024 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
});
export type LiteServerListQuery = Static<typeof LiteServerListQuery>;

export const LiteHyperinstanceListQuery = Type.Object({
  /** In the manual's signature; accepted and, as for servers, only narrowing to the caller. */
  owner: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,64}$' })),
  sort_dir: SortDir,
  sort_key: SortKey,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
});
export type LiteHyperinstanceListQuery = Static<typeof LiteHyperinstanceListQuery>;

/** Page size when `limit` is not given. */
export const LITE_DEFAULT_LIMIT = 10;

// ---- responses ----

export const LiteCloudServer = Type.Object({
  id: Type.String(),
  type: Type.String(),
  hps_id: Type.Optional(Type.String()),
  hps_ecs_id: Type.Optional(Type.String()),
});

export const LiteEndpoints = Type.Object({
  dev_service: Type.String(),
  extensions: Type.Optional(Type.Record(Type.String(), Type.String())),
  ssh_keys: Type.Optional(Type.Array(Type.String())),
  allowed_access_ips: Type.Optional(Type.Array(Type.String())),
});

export const LiteEndpointsRes = Type.Object({
  dev_service: Type.String(),
  service: Type.String(),
  uri: Type.String(),
  key_pair_names: Type.Optional(Type.Array(Type.String())),
  ssh_keys: Type.Optional(Type.Array(Type.String())),
  allowed_access_ips: Type.Optional(Type.Array(Type.String())),
});

export const LiteServerImage = Type.Object({
  image_id: Type.String(),
  name: Type.String(),
  arch: Type.String(),
  server_type: Type.String(),
  status: Type.Optional(Type.String()),
});
export type LiteServerImage = Static<typeof LiteServerImage>;

export const LiteServerVolume = Type.Object({
  size: Type.Integer(),
  type: Type.Enum(['ROOT', 'DATA'] as const),
  evs_type: Type.String(),
  evs_id: Type.String(),
});
export type LiteServerVolume = Static<typeof LiteServerVolume>;

export const LiteServer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  status: Type.Enum(LITE_SERVER_STATUSES),
  flavor: Type.String(),
  charging_mode: Type.String(),
  create_at: Type.Integer({ description: 'epoch milliseconds' }),
  update_at: Type.Integer({ description: 'epoch milliseconds' }),
  key_pair_name: Type.Optional(Type.String()),
  order_id: Type.Optional(Type.String()),
  vpc_id: Type.String(),
  subnet_id: Type.String(),
  category: Type.String(),
  cloud_server: LiteCloudServer,
  endpoints_response: Type.Array(LiteEndpoints),
  endpoints: Type.Array(LiteEndpointsRes),
  image: LiteServerImage,
  server_image_response: LiteServerImage,
  server_hps: Type.Optional(Type.Object({ id: Type.String(), name: Type.String() })),
  volumes: Type.Array(LiteServerVolume),
});
export type LiteServer = Static<typeof LiteServer>;

const page = <T extends TSchema>(item: T) =>
  Type.Object({
    current: Type.Integer(),
    data: Type.Array(item),
    pages: Type.Integer(),
    size: Type.Integer(),
    total: Type.Integer(),
  });

export const LiteServerPage = page(LiteServer);
export type LiteServerPage = Static<typeof LiteServerPage>;

export const LiteHyperinstance = Type.Object({
  id: Type.String(),
  hps_id: Type.String(),
  hps_cluster_id: Type.String(),
  name: Type.String(),
  order_id: Type.Optional(Type.String()),
  status: Type.Enum(HYPERINSTANCE_STATUSES),
  create_at: Type.Integer(),
  update_at: Type.Integer(),
  servers: Type.Array(LiteServer),
});
export type LiteHyperinstance = Static<typeof LiteHyperinstance>;

export const LiteHyperinstancePage = page(LiteHyperinstance);
export type LiteHyperinstancePage = Static<typeof LiteHyperinstancePage>;

export const LiteOperation = Type.Object({
  operation_id: Type.String(),
  operation_status: Type.Enum(LITE_OPERATION_STATUSES),
  operation_type: Type.String(),
  operation_error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});
export type LiteOperation = Static<typeof LiteOperation>;

export const LitePublicIps = Type.Object({ public_ips: Type.Array(Type.Object({ id: Type.String(), address: Type.String() })) });
export type LitePublicIps = Static<typeof LitePublicIps>;

export const LiteFlavor = Type.Object({
  flavor: Type.String(),
  arch: Type.String(),
  server_type: Type.String(),
  cpu: Type.Integer(),
  memory_gb: Type.Integer(),
  accelerator: Type.Optional(Type.String()),
  /** Nodes of a supernode flavor (server_type HPS). */
  hps_nodes: Type.Optional(Type.Integer()),
  /** Whether disks can be attached (A3 / Snt9b23 servers only). */
  attach_volume: Type.Boolean(),
});
export type LiteFlavor = Static<typeof LiteFlavor>;
export const LiteFlavorList = Type.Object({ total: Type.Integer(), flavors: Type.Array(LiteFlavor) });
export type LiteFlavorList = Static<typeof LiteFlavorList>;
export const LiteImageList = Type.Object({ total: Type.Integer(), images: Type.Array(LiteServerImage) });
export type LiteImageList = Static<typeof LiteImageList>;

// ---- operations ----

const ServerParams = Type.Object({ project_id: ProjectParams.properties.project_id, id: LiteUuid });
/** Show and delete accept any id of 1–64 characters (an unknown one is ModelArts.6404). */
const LooseServerParams = Type.Object({ project_id: ProjectParams.properties.project_id, id: Type.String({ minLength: 1, maxLength: 64 }) });
const IdParams = Type.Object({ project_id: ProjectParams.properties.project_id, id: Type.String({ minLength: 1, maxLength: 64 }) });
const OperationParams = Type.Object({
  project_id: ProjectParams.properties.project_id,
  id: Type.String({ minLength: 1, maxLength: 64 }),
  operation_id: Type.String({ minLength: 1, maxLength: 64 }),
});

const INVALID = 'ModelArts.0107' as const;
const common = { service: 'modelarts', auth: 'required', validationErrorCode: INVALID } as const;
const BASE = '/v1/{project_id}/dev-servers';

export const liteServerOperations = [
  defineOperation({
    ...common,
    id: 'liteServers.list',
    method: 'GET',
    path: BASE,
    summary: 'Lite Servers of the caller (a page; DELETED servers are not listed).',
    params: ProjectParams,
    query: LiteServerListQuery,
    responses: { 200: LiteServerPage },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.create',
    method: 'POST',
    path: BASE,
    summary: 'Create a Lite Server (status CREATING, then RUNNING).',
    params: ProjectParams,
    body: LiteServerCreateBody,
    responses: { 200: LiteServer },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.listAll',
    method: 'GET',
    path: `${BASE}/all`,
    summary: 'Every Lite Server of the project (tenant-wide).',
    params: ProjectParams,
    responses: { 200: LiteServerPage },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.sync',
    method: 'PUT',
    path: `${BASE}/sync`,
    summary: 'Refresh the statuses of the servers and return them as a page (no server id: all of them).',
    params: ProjectParams,
    query: LiteServerListQuery,
    responses: { 200: LiteServerPage },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.batchAction',
    method: 'POST',
    path: `${BASE}/action`,
    summary: 'One action on several servers: all are checked before any changes.',
    params: ProjectParams,
    body: LiteServerBatchBody,
    responses: { 200: LiteServerPage },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.flavors',
    method: 'GET',
    path: `${BASE}/flavors`,
    summary: 'Flavors a Lite Server can be created with.',
    params: ProjectParams,
    responses: { 200: LiteFlavorList },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.images',
    method: 'GET',
    path: `${BASE}/images`,
    summary: 'Images a Lite Server can be created or re-imaged with.',
    params: ProjectParams,
    responses: { 200: LiteImageList },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.image',
    method: 'GET',
    path: `${BASE}/images/{id}`,
    summary: 'One image.',
    params: IdParams,
    responses: { 200: LiteServerImage },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.get',
    method: 'GET',
    path: `${BASE}/{id}`,
    summary: 'Details of a Lite Server; an unknown or deleted one is HTTP 400 ModelArts.6404.',
    params: LooseServerParams,
    responses: { 200: LiteServer },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.rename',
    method: 'PUT',
    path: `${BASE}/{id}`,
    summary: 'Rename a Lite Server.',
    params: ServerParams,
    body: LiteServerRenameBody,
    responses: { 200: LiteServer },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.delete',
    method: 'DELETE',
    path: `${BASE}/{id}`,
    summary: 'Delete a pay-per-use Lite Server (DELETING, then gone).',
    params: LooseServerParams,
    responses: { 200: LiteServer },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.start',
    method: 'PUT',
    path: `${BASE}/{id}/start`,
    summary: 'Start a stopped server (STARTING, then RUNNING). Needs a JSON body, `{}` at least, as the cloud does.',
    params: ServerParams,
    body: LiteServerStartBody,
    responses: { 200: LiteServer },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.stop',
    method: 'PUT',
    path: `${BASE}/{id}/stop`,
    summary: 'Stop a running server (STOPPING, then STOPPED).',
    params: ServerParams,
    responses: { 200: LiteServer },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.reboot',
    method: 'PUT',
    path: `${BASE}/{id}/reboot`,
    summary: 'Reboot a running server (REBOOTING, then RUNNING).',
    params: ServerParams,
    responses: { 200: LiteServer },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.reinstallOs',
    method: 'POST',
    path: `${BASE}/{id}/reinstallos`,
    summary: 'Reinstall the OS of a stopped server (REINSTALLINGOS, then RUNNING).',
    params: ServerParams,
    body: LiteServerOsBody,
    responses: { 200: LiteServer },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.changeOs',
    method: 'POST',
    path: `${BASE}/{id}/changeos`,
    summary: 'Change the image of a stopped server (CHANGINGOS, then RUNNING).',
    params: ServerParams,
    body: LiteServerOsBody,
    responses: { 200: LiteServer },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.attachVolume',
    method: 'POST',
    path: `${BASE}/{id}/attachvolume`,
    summary: 'Attach an EVS disk (A3 servers): an asynchronous operation.',
    params: ServerParams,
    body: LiteVolumeBody,
    responses: { 200: LiteOperation },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.detachVolume',
    method: 'DELETE',
    path: `${BASE}/{id}/detachvolume/{volume_id}`,
    summary: 'Detach a disk: an asynchronous operation.',
    params: Type.Object({ project_id: ProjectParams.properties.project_id, id: LiteUuid, volume_id: LiteUuid }),
    responses: { 200: LiteOperation },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.operation',
    method: 'GET',
    path: `${BASE}/{id}/operation/{operation_id}`,
    summary: 'Progress of an asynchronous operation on a server.',
    params: OperationParams,
    responses: { 200: LiteOperation },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.bindPublicIp',
    method: 'POST',
    path: `${BASE}/{id}/publicips`,
    summary: 'Bind an elastic IP to a server.',
    params: ServerParams,
    body: LitePublicIpBody,
    responses: { 200: LitePublicIps },
  }),
  defineOperation({
    ...common,
    id: 'liteServers.publicIps',
    method: 'GET',
    path: `${BASE}/{id}/publicips`,
    summary: 'Elastic IPs bound to a server.',
    params: ServerParams,
    responses: { 200: LitePublicIps },
  }),
  defineOperation({
    ...common,
    id: 'liteHyperinstances.list',
    method: 'GET',
    path: `${BASE}/hyperinstance`,
    summary: 'Supernodes of the caller (a page).',
    params: ProjectParams,
    query: LiteHyperinstanceListQuery,
    responses: { 200: LiteHyperinstancePage },
  }),
  defineOperation({
    ...common,
    id: 'liteHyperinstances.listAll',
    method: 'GET',
    path: `${BASE}/hyperinstance/all`,
    summary: 'Every supernode of the project (tenant-wide).',
    params: ProjectParams,
    responses: { 200: LiteHyperinstancePage },
  }),
  defineOperation({
    ...common,
    id: 'liteHyperinstances.get',
    method: 'GET',
    path: `${BASE}/hyperinstance/{id}`,
    summary: 'Details of a supernode.',
    params: IdParams,
    responses: { 200: LiteHyperinstance },
  }),
  defineOperation({
    ...common,
    id: 'liteHyperinstances.delete',
    method: 'DELETE',
    path: `${BASE}/hyperinstance/{id}`,
    summary: 'Delete a pay-per-use supernode whose nodes run, or one in ERROR.',
    params: IdParams,
    responses: { 200: LiteHyperinstance },
  }),
  defineOperation({
    ...common,
    id: 'liteHyperinstances.start',
    method: 'PUT',
    path: `${BASE}/hyperinstance/{id}/start`,
    summary: 'Power on a stopped supernode.',
    params: IdParams,
    responses: { 200: LiteHyperinstance },
  }),
  defineOperation({
    ...common,
    id: 'liteHyperinstances.stop',
    method: 'PUT',
    path: `${BASE}/hyperinstance/{id}/stop`,
    summary: 'Power off a running (or stop-failed) supernode.',
    params: IdParams,
    responses: { 200: LiteHyperinstance },
  }),
  defineOperation({
    ...common,
    id: 'liteHyperinstances.changeOs',
    method: 'POST',
    path: `${BASE}/hyperinstance/{id}/changeos`,
    summary: 'Change the image of a stopped supernode (key pair only).',
    params: IdParams,
    body: LiteServerOsBody,
    responses: { 200: LiteHyperinstance },
  }),
  defineOperation({
    ...common,
    id: 'liteHyperinstances.tags',
    method: 'GET',
    path: `${BASE}/hyperinstance/{id}/tags`,
    summary: 'Tags of a supernode.',
    params: IdParams,
    responses: { 200: LiteTagList },
  }),
  defineOperation({
    ...common,
    id: 'liteHyperinstances.createTags',
    method: 'POST',
    path: `${BASE}/hyperinstance/{id}/tags/create`,
    summary: 'Add tags to a supernode (an existing key is an error).',
    params: IdParams,
    body: LiteTagBody,
    responses: { 200: LiteTagList },
  }),
  defineOperation({
    ...common,
    id: 'liteHyperinstances.deleteTags',
    method: 'POST',
    path: `${BASE}/hyperinstance/{id}/tags/delete`,
    summary: 'Remove tags from a supernode (a missing key is an error).',
    params: IdParams,
    body: LiteTagBody,
    responses: { 200: LiteTagList },
  }),
  defineOperation({
    ...common,
    id: 'liteHyperinstances.operation',
    method: 'GET',
    path: `${BASE}/hyperinstance/{id}/operation/{operation_id}`,
    summary: 'Progress of an asynchronous operation on a supernode.',
    params: OperationParams,
    responses: { 200: LiteOperation },
  }),
] as const;
