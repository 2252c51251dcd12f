/**
 * Manual 11.1: the end-to-end lifecycle: create a Lite Server, query it, stop it. The same shape as the manual's
 * program; the waits are added because every operation returns at once with its transient status.
 */
import { Charginginfo, Network, RootVolume, Server, ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, uniqueName } from './common.js';

export async function lifecycle(session: Session) {
  // Step 1: create a Lite Server instance.
  const network = new Network({
    security_group_id: '150a2c76-1334-45f6-b28f-419f9b1d1742',
    subnet_id: '38cf274a-98f9-4f6f-b622-5ed0e4a3db54',
    vpc_id: '05982b48-a70f-43a1-a2b0-1fe36a236172',
  });
  const rootvolume = new RootVolume({ root_type: 'SSD', size: '200' });
  const charginginfo = new Charginginfo({ charging_mode: 'POST_PAID', period_num: 1, period_type: 'MONTH' });
  const server = new Server({
    name: uniqueName('server_test'),
    flavor: 's7.small.1',
    image_id: 'e16eff65-1899-446e-baf2-0d2b6b5dd8c0',
    key_pair_name: 'KeyPair-3d6a',
    network,
    root_volume: rootvolume,
    charging_info: charginginfo,
    arch: 'X86',
  });
  const created = await ServerManagement.create(session, server);
  console.log(`created ${created.id}: ${created.status}`);
  await ServerManagement.waitUntil(session, created.id, 'RUNNING');

  // Step 2: query the instance created in step 1.
  const info = await ServerManagement.getServerInfo(session, created.id);
  console.log(`${info.name}: ${info.status}, flavor ${info.flavor}, image ${info.image.name}`);

  // Step 3: stop it.
  const stopping = await ServerManagement.stop(session, created.id);
  console.log(`stopping: ${stopping.status}`);
  const stopped = await ServerManagement.waitUntil(session, created.id, 'STOPPED');
  return { created, info, stopped };
}

await runAsProgram(import.meta.url, lifecycle);
