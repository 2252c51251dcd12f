import {
  BindIP,
  ChargingInfo,
  Charginginfo,
  DataVolume,
  ImageBody,
  Network,
  RootVolume,
  Server,
  ServerManagement,
  type Session,
  Tag,
  Volume,
} from '../src/index.js';

/** Rows of the argument-check table (test/arguments.test.ts) for chapter 11: ServerManagement and server_def. */
type Call = (s: Session) => unknown;
interface Row {
  name: string;
  typo?: [Call, string];
  missing?: [Call, string];
  wrongType?: [Call, string];
}

const any = (v: unknown) => v as never;
/** ServerManagement with its functions callable with anything. */
const SM = ServerManagement as unknown as Record<string, (...args: unknown[]) => unknown>;
const network = { security_group_id: 'sg', subnet_id: 'sn', vpc_id: 'vpc' };
const server = { name: 's', flavor: 's7.small.1', image_id: 'i', key_pair_name: 'k', network };

/** The functions that take (session, server_id) or (session, hps_cluster_id) only. */
const byId: Array<[string, string]> = [
  ['getServerInfo', 'server_id'],
  ['delete', 'server_id'],
  ['stop', 'server_id'],
  ['restart', 'server_id'],
  ['getHpsTags', 'hps_cluster_id'],
  ['getHpsInfo', 'hps_cluster_id'],
  ['deleteHps', 'hps_cluster_id'],
  ['startHps', 'hps_cluster_id'],
  ['stopHps', 'hps_cluster_id'],
];

export const serverManagementRows: Row[] = [
  ...byId.map(
    ([fn, param]): Row => ({
      name: `ServerManagement.${fn}`,
      missing: [(s) => SM[fn]?.(s), `${param} is required`],
      wrongType: [() => SM[fn]?.(any({ id: 'x' }), 'x'), 'session must be a Session'],
    }),
  ),
  {
    name: 'ServerManagement.getUserServersList',
    typo: [(s) => ServerManagement.getUserServersList(s, { limt: 5 } as never), "did you mean 'limit'?"],
    wrongType: [(s) => ServerManagement.getUserServersList(s, { sort_dir: any('UP') }), 'options.sort_dir must be'],
  },
  {
    name: 'ServerManagement.create',
    typo: [(s) => ServerManagement.create(s, { ...server, flavour: 'x' } as never), "did you mean 'flavor'?"],
    missing: [(s) => SM.create?.(s), 'server is required'],
    wrongType: [(s) => ServerManagement.create(s, { ...server, count: any('2') }), 'server.count must be an integer'],
  },
  {
    name: 'ServerManagement.syncServerStatus',
    typo: [(s) => ServerManagement.syncServerStatus(s, 'x', { ofset: 1 } as never), "did you mean 'offset'?"],
    missing: [(s) => SM.syncServerStatus?.(s), 'server_id is required'],
  },
  {
    name: 'ServerManagement.start',
    typo: [(s) => ServerManagement.start(s, 'x', { archh: 'X86' } as never), "did you mean 'arch'?"],
    wrongType: [(s) => ServerManagement.start(s, 'x', { arch: any('MIPS') }), 'options.arch must be'],
  },
  {
    name: 'ServerManagement.reinstallServerImage',
    typo: [(s) => ServerManagement.reinstallServerImage(s, 'x', { key_pair_nme: 'k' } as never), "did you mean 'key_pair_name'?"],
    missing: [(s) => SM.reinstallServerImage?.(s, 'x'), 'reinstall_body is required'],
  },
  {
    name: 'ServerManagement.changeServerImage',
    missing: [(s) => SM.changeServerImage?.(s, 'x'), 'change_body is required'],
  },
  {
    name: 'ServerManagement.changeHpsImage',
    typo: [(s) => ServerManagement.changeHpsImage(s, 'h', { imageid: 'i' } as never), "did you mean 'image_id'?"],
  },
  {
    name: 'ServerManagement.attachVolume',
    missing: [(s) => SM.attachVolume?.(s, 'x'), 'volume is required'],
    wrongType: [(s) => ServerManagement.attachVolume(s, 'x', { volume_id: any(7) }), 'volume.volume_id must be'],
  },
  {
    name: 'ServerManagement.createHpsTag',
    typo: [(s) => ServerManagement.createHpsTag(s, 'h', [{ hps_kye: 'k' } as never]), "did you mean 'hps_key'?"],
    wrongType: [(s) => ServerManagement.createHpsTag(s, 'h', any({ hps_key: 'k' })), 'tags must be'],
  },
  {
    name: 'ServerManagement.deleteHpsTag',
    missing: [(s) => SM.deleteHpsTag?.(s, 'h'), 'tags is required'],
  },
  {
    name: 'ServerManagement.getHpsList',
    typo: [(s) => ServerManagement.getHpsList(s, { sortkey: 'createTime' } as never), "did you mean 'sort_key'?"],
    wrongType: [(s) => ServerManagement.getHpsList(s, { limit: 0 }), 'options.limit must be an integer (≥ 1'],
  },
  {
    name: 'ServerManagement.waitUntil',
    typo: [(s) => ServerManagement.waitUntil(s, 'x', 'RUNNING', { timeout: 5 } as never), "did you mean 'timeoutMs'?"],
    wrongType: [(s) => ServerManagement.waitUntil(s, 'x', any('UP')), 'status must be'],
  },
  { name: 'ServerManagement.waitUntilHps', missing: [(s) => SM.waitUntilHps?.(s, 'h'), 'status is required'] },
  { name: 'ServerManagement.waitForOperation', missing: [(s) => SM.waitForOperation?.(s, 'x'), 'operation_id is required'] },
  {
    name: 'Server',
    typo: [() => new Server({ ...server, imageid: 'i' } as never), "did you mean 'image_id'?"],
    missing: [() => new Server({ name: 's', image_id: 'i' } as never), 'options.network is required'],
  },
  {
    name: 'Network',
    typo: [() => new Network({ ...network, subnetid: 'x' } as never), "did you mean 'subnet_id'?"],
    missing: [() => new Network({ security_group_id: 'a', subnet_id: 'b' } as never), 'options.vpc_id is required'],
  },
  {
    name: 'RootVolume',
    typo: [() => new RootVolume({ roottype: 'SSD' } as never), "did you mean 'root_type'?"],
    wrongType: [() => new RootVolume({ size: 'big' }), 'options.size must be'],
  },
  { name: 'DataVolume', wrongType: [() => new DataVolume({ data_type: 'SSD', size: 100, count: 9 }), 'options.count must be an integer'] },
  {
    name: 'ChargingInfo',
    typo: [() => new ChargingInfo({ charging_mode: 'POST_PAID', period_type: 'MONTH', period_nums: 1 } as never), "did you mean 'period_num'?"],
  },
  {
    name: 'Charginginfo',
    wrongType: [() => new Charginginfo({ charging_mode: any('MONTHLY'), period_type: 'MONTH', period_num: 1 }), 'options.charging_mode must be'],
  },
  { name: 'ImageBody', typo: [() => new ImageBody({ imageid: 'i' } as never), "did you mean 'image_id'?"] },
  { name: 'Volume', missing: [() => new Volume({} as never), 'options.volume_id is required'] },
  { name: 'Tag', typo: [() => new Tag({ hps_kye: 'k' } as never), "did you mean 'hps_key'?"] },
  { name: 'BindIP', missing: [() => new BindIP({} as never), 'options.public_ip_id is required'] },
];
