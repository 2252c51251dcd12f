/**
 * The manual's `modelarts.servers.server_def` data classes. Each takes the manual's keyword arguments as one options
 * object and checks them; plain objects of the same shape are accepted wherever a class is. The `…Body` functions
 * turn either into the REST JSON (where the manual's names differ from the API's, the manual's are accepted and the
 * API's are sent).
 */
import {
  LITE_ARCHES,
  LITE_CHARGING_MODES,
  LITE_DISK_TYPES,
  LITE_PERIOD_TYPES,
  LITE_SERVER_TYPES,
  type LiteChargingInfo,
  type LiteDataVolume,
  type LiteRootVolume,
  type LiteServerCreateBody,
  type LiteServerNetwork,
  type LiteServerOsBody,
  type LiteTag,
  type Static,
  Type,
} from '@modelarts-ts/contract';
import { InvalidArgumentError } from '../core/error.js';
import { defineSignature } from '../internal/arguments.js';

const Str = Type.String({ minLength: 1 });
/** A size in GB: a number, or the manual's digits in a string (`size="200"`). */
const Size = Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^[0-9]+$', description: 'digits' })], {
  description: 'an integer (GB) or a string of digits',
});

export const NetworkOptions = Type.Object({
  security_group_id: Str,
  subnet_id: Str,
  vpc_id: Str,
  ipv6_enable: Type.Optional(Type.Boolean()),
  roce_id: Type.Optional(Type.String()),
});
export type NetworkOptions = Static<typeof NetworkOptions>;

export const RootVolumeOptions = Type.Object({
  /** The manual's name of the disk type (`type` in REST). */
  root_type: Type.Optional(Type.Enum(LITE_DISK_TYPES)),
  type: Type.Optional(Type.Enum(LITE_DISK_TYPES)),
  size: Type.Optional(Size),
});
export type RootVolumeOptions = Static<typeof RootVolumeOptions>;

export const DataVolumeOptions = Type.Object({
  /** `data_type` (like RootVolume's `root_type`) or the REST name `type`. */
  data_type: Type.Optional(Type.Enum(LITE_DISK_TYPES)),
  type: Type.Optional(Type.Enum(LITE_DISK_TYPES)),
  size: Size,
  count: Type.Integer({ minimum: 1, maximum: 8 }),
});
export type DataVolumeOptions = Static<typeof DataVolumeOptions>;

export const ChargingInfoOptions = Type.Object({
  charging_mode: Type.Enum(LITE_CHARGING_MODES),
  period_num: Type.Integer({ minimum: 1, maximum: 11 }),
  period_type: Type.Enum(LITE_PERIOD_TYPES),
  is_auto_pay: Type.Optional(Type.Boolean()),
  is_auto_renew: Type.Optional(Type.Boolean()),
});
export type ChargingInfoOptions = Static<typeof ChargingInfoOptions>;

export const ServerOptions = Type.Object({
  name: Str,
  flavor: Type.Optional(Str),
  resource_flavor: Type.Optional(Str),
  image_id: Str,
  key_pair_name: Type.Optional(Str),
  admin_pass: Type.Optional(Str),
  network: NetworkOptions,
  root_volume: Type.Optional(RootVolumeOptions),
  data_volume: Type.Optional(DataVolumeOptions),
  charging_info: Type.Optional(ChargingInfoOptions),
  arch: Type.Optional(Type.Enum(LITE_ARCHES)),
  availability_zone: Type.Optional(Str),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  enterprise_project_id: Type.Optional(Str),
  server_type: Type.Optional(Type.Enum(LITE_SERVER_TYPES)),
  /** The manual's spelling; sent as `user_data`. */
  userdata: Type.Optional(Type.String()),
  user_data: Type.Optional(Type.String()),
  hps_cluster_id: Type.Optional(Str),
});
export type ServerOptions = Static<typeof ServerOptions>;

export const ImageBodyOptions = Type.Object({
  key_pair_name: Type.Optional(Str),
  admin_pass: Type.Optional(Str),
  image_id: Type.Optional(Str),
  user_data: Type.Optional(Type.String()),
});
export type ImageBodyOptions = Static<typeof ImageBodyOptions>;

export const VolumeOptions = Type.Object({ volume_id: Str });
export type VolumeOptions = Static<typeof VolumeOptions>;

export const TagOptions = Type.Object({
  /** The manual's names (`key` and `value` in REST); the REST names are accepted too. */
  hps_key: Type.Optional(Str),
  hps_value: Type.Optional(Type.String()),
  key: Type.Optional(Str),
  value: Type.Optional(Type.String()),
});
export type TagOptions = Static<typeof TagOptions>;

export const BindIPOptions = Type.Object({ public_ip_id: Str });
export type BindIPOptions = Static<typeof BindIPOptions>;

const NETWORK = defineSignature('new Network', [], NetworkOptions);
const ROOT_VOLUME = defineSignature('new RootVolume', [], RootVolumeOptions);
const DATA_VOLUME = defineSignature('new DataVolume', [], DataVolumeOptions);
const CHARGING_INFO = defineSignature('new ChargingInfo', [], ChargingInfoOptions);
const SERVER = defineSignature('new Server', [], ServerOptions);
const IMAGE_BODY = defineSignature('new ImageBody', [], ImageBodyOptions);
const VOLUME = defineSignature('new Volume', [], VolumeOptions);
const TAG = defineSignature('new Tag', [], TagOptions);
const BIND_IP = defineSignature('new BindIP', [], BindIPOptions);

/** Copies the given (defined) fields onto `target`, so that an instance has exactly the fields it was made with. */
function assign<T extends object>(target: T, fields: object): void {
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (target as Record<string, unknown>)[k] = v;
}

/** `Network(security_group_id, subnet_id, vpc_id)`: the server's VPC, subnet and security group. */
export class Network implements NetworkOptions {
  declare security_group_id: string;
  declare subnet_id: string;
  declare vpc_id: string;
  declare ipv6_enable?: boolean;
  declare roce_id?: string;
  constructor(options: NetworkOptions) {
    assign(this, NETWORK.check(options)[0]);
  }
}

/** `RootVolume(root_type, size)`: the system disk (100–1024 GB). */
export class RootVolume implements RootVolumeOptions {
  declare root_type?: RootVolumeOptions['root_type'];
  declare type?: RootVolumeOptions['type'];
  declare size?: number | string;
  constructor(options: RootVolumeOptions = {}) {
    assign(this, ROOT_VOLUME.check(options)[0]);
  }
}

/** `DataVolume(data_type, size, count)`: 1–8 data disks of one type and size (100–32768 GB). */
export class DataVolume implements DataVolumeOptions {
  declare data_type?: DataVolumeOptions['data_type'];
  declare type?: DataVolumeOptions['type'];
  declare size: number | string;
  declare count: number;
  constructor(options: DataVolumeOptions) {
    assign(this, DATA_VOLUME.check(options)[0]);
  }
}

/** `ChargingInfo(charging_mode, period_num, period_type)`: pay-per-use (POST_PAID) or yearly/monthly (PRE_PAID). */
export class ChargingInfo implements ChargingInfoOptions {
  declare charging_mode: ChargingInfoOptions['charging_mode'];
  declare period_num: number;
  declare period_type: ChargingInfoOptions['period_type'];
  declare is_auto_pay?: boolean;
  declare is_auto_renew?: boolean;
  constructor(options: ChargingInfoOptions) {
    assign(this, CHARGING_INFO.check(options)[0]);
  }
}

/** The manual's spelling (`Charginginfo`), the same class. */
export const Charginginfo = ChargingInfo;

/** `Server(name, flavor, image_id, key_pair_name | admin_pass, network, root_volume, data_volume, charging_info, arch, …)`. */
export class Server implements ServerOptions {
  declare name: string;
  declare flavor?: string;
  declare resource_flavor?: string;
  declare image_id: string;
  declare key_pair_name?: string;
  declare admin_pass?: string;
  declare network: NetworkOptions;
  declare root_volume?: RootVolumeOptions;
  declare data_volume?: DataVolumeOptions;
  declare charging_info?: ChargingInfoOptions;
  declare arch?: ServerOptions['arch'];
  declare availability_zone?: string;
  declare count?: number;
  declare enterprise_project_id?: string;
  declare server_type?: ServerOptions['server_type'];
  declare userdata?: string;
  declare user_data?: string;
  declare hps_cluster_id?: string;
  constructor(options: ServerOptions) {
    assign(this, SERVER.check(options)[0]);
  }
}

/** `ImageBody(key_pair_name | admin_pass, image_id, user_data)`: the body of reinstall and change-image calls. */
export class ImageBody implements ImageBodyOptions {
  declare key_pair_name?: string;
  declare admin_pass?: string;
  declare image_id?: string;
  declare user_data?: string;
  constructor(options: ImageBodyOptions) {
    assign(this, IMAGE_BODY.check(options)[0]);
  }
}

/** `Volume(volume_id)`: an EVS disk to attach. */
export class Volume implements VolumeOptions {
  declare volume_id: string;
  constructor(options: VolumeOptions) {
    assign(this, VOLUME.check(options)[0]);
  }
}

/** `Tag(hps_key, hps_value)`: a supernode tag (`{key, value}` in REST). */
export class Tag implements TagOptions {
  declare hps_key?: string;
  declare hps_value?: string;
  declare key?: string;
  declare value?: string;
  constructor(options: TagOptions) {
    assign(this, TAG.check(options)[0]);
  }
}

/** `BindIP(public_ip_id)`: an elastic IP to bind (`ModelArtsClient.liteServers.bindPublicIp`). */
export class BindIP implements BindIPOptions {
  declare public_ip_id: string;
  constructor(options: BindIPOptions) {
    assign(this, BIND_IP.check(options)[0]);
  }
}

// ---- manual form -> REST JSON ----

function gb(size: number | string, what: string): number {
  const n = typeof size === 'number' ? size : Number(size);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`${what} must be a whole number of GB, got ${JSON.stringify(size)}`, { parameter: what });
  return n;
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function oneOf<T>(a: T | undefined, b: T | undefined, names: string, parameter: string): T | undefined {
  if (a !== undefined && b !== undefined && a !== b) throw new InvalidArgumentError(`give ${names}, not both`, { parameter });
  return a ?? b;
}

export function networkBody(n: NetworkOptions): LiteServerNetwork {
  return defined({ vpc_id: n.vpc_id, subnet_id: n.subnet_id, security_group_id: n.security_group_id, ipv6_enable: n.ipv6_enable, roce_id: n.roce_id });
}

export function rootVolumeBody(v: RootVolumeOptions): LiteRootVolume {
  return defined({
    type: oneOf(v.root_type, v.type, 'root_volume.root_type or root_volume.type', 'root_volume.root_type'),
    size: v.size === undefined ? undefined : gb(v.size, 'root_volume.size'),
  });
}

export function dataVolumeBody(v: DataVolumeOptions): LiteDataVolume {
  const type = oneOf(v.data_type, v.type, 'data_volume.data_type or data_volume.type', 'data_volume.data_type');
  if (type === undefined) throw new InvalidArgumentError('data_volume needs its disk type: data_type (or type)', { parameter: 'data_volume.data_type' });
  return { type, size: gb(v.size, 'data_volume.size'), count: v.count };
}

export function chargingInfoBody(c: ChargingInfoOptions): LiteChargingInfo {
  return defined({
    charging_mode: c.charging_mode,
    period_type: c.period_type,
    period_num: c.period_num,
    is_auto_pay: c.is_auto_pay,
    is_auto_renew: c.is_auto_renew,
  });
}

/** The create body of a `Server` (or plain object): nested classes flattened, `userdata` sent as `user_data`. */
export function serverBody(s: ServerOptions): LiteServerCreateBody {
  return defined({
    name: s.name,
    flavor: s.flavor,
    resource_flavor: s.resource_flavor,
    image_id: s.image_id,
    key_pair_name: s.key_pair_name,
    admin_pass: s.admin_pass,
    network: networkBody(s.network),
    root_volume: s.root_volume && rootVolumeBody(s.root_volume),
    data_volume: s.data_volume && dataVolumeBody(s.data_volume),
    charging_info: s.charging_info && chargingInfoBody(s.charging_info),
    arch: s.arch,
    availability_zone: s.availability_zone,
    count: s.count,
    enterprise_project_id: s.enterprise_project_id,
    server_type: s.server_type,
    user_data: oneOf(s.userdata, s.user_data, 'userdata or user_data', 'server.userdata'),
    hps_cluster_id: s.hps_cluster_id,
  });
}

export function imageBody(b: ImageBodyOptions): LiteServerOsBody {
  return defined({ admin_pass: b.admin_pass, key_pair_name: b.key_pair_name, image_id: b.image_id, user_data: b.user_data });
}

export function tagBody(t: TagOptions, i: number): LiteTag {
  const key = oneOf(t.hps_key, t.key, 'hps_key or key', `tags[${i}].hps_key`);
  if (key === undefined) throw new InvalidArgumentError(`tags[${i}] needs hps_key (the tag key)`, { parameter: `tags[${i}].hps_key` });
  return defined({ key, value: oneOf(t.hps_value, t.value, 'hps_value or value', `tags[${i}].hps_value`) });
}
