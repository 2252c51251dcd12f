/**
 * What the chapter-11 examples share: the manual's 11.3 server (flavor `s7.small.1`, image `e16eff65-…`), and
 * servers and supernodes in the state an example starts from. On ModelArts Local no machine is created: the
 * platform plays the cloud's lifecycle (see docs/lite-server.md).
 */
import { Charginginfo, Network, RootVolume, Server, ServerManagement, type ServerOptions, type Session } from '@modelarts-ts/sdk';

export { runAsProgram } from '../training/common.js';

/** The supernode flavor and image of ModelArts Local (an A3 supernode of two nodes). */
export const HPS_FLAVOR = 'physical.kat2e.48xlarge.8.snt9b23.hps2';
export const HPS_IMAGE = 'af50b142-ce71-4d82-b186-5d6eb07f3c45';
/** An A3 (Snt9b23) server flavor and its image: the only servers that take extra disks. */
export const A3_FLAVOR = 'physical.kat2e.48xlarge.8.snt9b23';
export const A3_IMAGE = '9e4fa031-bd60-4c71-a075-4c5daf6e2b34';

/** A name with a unique suffix, so that the examples can run again on the same platform. */
export function uniqueName(base: string): string {
  return `${base}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** The manual's 11.3 server, under another name and with overrides. */
export function manualServer(name: string, extra: Partial<ServerOptions> = {}): Server {
  const network = new Network({
    security_group_id: '150a2c76-1334-45f6-b28f-419f9b1d1742',
    subnet_id: '38cf274a-98f9-4f6f-b622-5ed0e4a3db54',
    vpc_id: '05982b48-a70f-43a1-a2b0-1fe36a236172',
  });
  const rootvolume = new RootVolume({ root_type: 'SSD', size: '200' });
  const charginginfo = new Charginginfo({ charging_mode: 'POST_PAID', period_num: 1, period_type: 'MONTH' });
  return new Server({
    name,
    flavor: 's7.small.1',
    image_id: 'e16eff65-1899-446e-baf2-0d2b6b5dd8c0',
    key_pair_name: 'KeyPair-3d6a',
    network,
    root_volume: rootvolume,
    charging_info: charginginfo,
    arch: 'X86',
    ...extra,
  });
}

/** A new server, once RUNNING: its id. */
export async function runningServer(session: Session, base: string, extra: Partial<ServerOptions> = {}): Promise<string> {
  const server = await ServerManagement.create(session, manualServer(uniqueName(base), extra));
  await ServerManagement.waitUntil(session, server.id, 'RUNNING');
  return server.id;
}

/** A new server, once STOPPED (the OS can only be changed on a stopped server): its id. */
export async function stoppedServer(session: Session, base: string, extra: Partial<ServerOptions> = {}): Promise<string> {
  const id = await runningServer(session, base, extra);
  await ServerManagement.stop(session, id);
  await ServerManagement.waitUntil(session, id, 'STOPPED');
  return id;
}

/** A new supernode with its nodes RUNNING: its id (the manual's `hps_cluster_id` argument). */
export async function runningSupernode(session: Session, base: string): Promise<string> {
  const server = await ServerManagement.create(
    session,
    manualServer(uniqueName(base), { flavor: HPS_FLAVOR, image_id: HPS_IMAGE, arch: 'ARM', hps_cluster_id: '6a1f0c9e-5d4b-4c3a-9b2e-1f0e9d8c7b6a' }),
  );
  const hps_cluster_id = server.server_hps?.id as string;
  await ServerManagement.waitUntilHps(session, hps_cluster_id, 'RUNNING');
  return hps_cluster_id;
}

/** A new supernode with its nodes STOPPED. */
export async function stoppedSupernode(session: Session, base: string): Promise<string> {
  const id = await runningSupernode(session, base);
  await ServerManagement.stopHps(session, id);
  await ServerManagement.waitUntilHps(session, id, 'STOPPED');
  return id;
}
