import { readFileSync } from 'node:fs';
import { ChargingInfo, DataVolume, Network, RootVolume, Server, ServerManagement, type ServerOptions } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { UserError } from '../../core/errors.js';
import { type LoginFlags, login, serverAction } from './actions.js';

export interface CreateFlags extends LoginFlags {
  name?: string;
  flavor?: string;
  image?: string;
  vpc?: string;
  subnet?: string;
  securityGroup?: string;
  rootType?: string;
  rootSize?: number;
  dataType?: string;
  dataSize?: number;
  dataCount?: number;
  chargingMode?: string;
  periodType?: string;
  periodNum?: number;
  arch?: string;
  serverType?: string;
  count?: number;
  hpsClusterId?: string;
  availabilityZone?: string;
  userDataFile?: string;
  wait?: boolean;
}

function required<T>(v: T | undefined, flag: string): T {
  if (v === undefined)
    throw new UserError(`${flag} is required`, 'see `modelarts servers create --help`; `servers flavors` and `servers images` list the choices');
  return v;
}

/** `modelarts servers create …`: `ServerManagement.create` with the manual's Server; `--wait` until RUNNING. */
export function serversCreate(ctx: Context, f: CreateFlags): Promise<number> {
  const options: ServerOptions = {
    name: required(f.name, '--name'),
    flavor: required(f.flavor, '--flavor'),
    image_id: required(f.image, '--image'),
    network: new Network({
      vpc_id: required(f.vpc, '--vpc'),
      subnet_id: required(f.subnet, '--subnet'),
      security_group_id: required(f.securityGroup, '--security-group'),
    }),
    ...login(ctx, f),
    ...(f.rootType || f.rootSize
      ? { root_volume: new RootVolume({ ...(f.rootType ? { root_type: f.rootType as never } : {}), ...(f.rootSize ? { size: f.rootSize } : {}) }) }
      : {}),
    ...(f.dataType || f.dataSize || f.dataCount
      ? {
          data_volume: new DataVolume({
            data_type: required(f.dataType, '--data-type') as never,
            size: required(f.dataSize, '--data-size'),
            count: f.dataCount ?? 1,
          }),
        }
      : {}),
    ...(f.chargingMode
      ? {
          charging_info: new ChargingInfo({
            charging_mode: f.chargingMode as never,
            period_type: (f.periodType ?? 'MONTH') as never,
            period_num: f.periodNum ?? 1,
          }),
        }
      : {}),
    ...(f.arch ? { arch: f.arch as never } : {}),
    ...(f.serverType ? { server_type: f.serverType as never } : {}),
    ...(f.count ? { count: f.count } : {}),
    ...(f.hpsClusterId ? { hps_cluster_id: f.hpsClusterId } : {}),
    ...(f.availabilityZone ? { availability_zone: f.availabilityZone } : {}),
    ...(f.userDataFile ? { user_data: readFileSync(f.userDataFile).toString('base64') } : {}),
  };
  const server = new Server(options);
  let id = '';
  return serverAction(
    ctx,
    '',
    async (s) => {
      const r = await ServerManagement.create(s, server);
      id = r.id;
      return r;
    },
    'RUNNING',
    f.wait,
    () => id,
  );
}
