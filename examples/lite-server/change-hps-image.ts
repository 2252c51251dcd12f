/** Manual 11.14: change the OS image of a (stopped) supernode; supernodes log in with a key pair only. */
import { ImageBody, ServerManagement, type Session } from '@modelarts-ts/sdk';
import { HPS_IMAGE, runAsProgram, stoppedSupernode } from './common.js';

export async function changeHpsImage(session: Session) {
  const hps_cluster_id = await stoppedSupernode(session, 'hps-image');
  const change_body = new ImageBody({ key_pair_name: 'KeyPair-3d6a', image_id: HPS_IMAGE });
  const reimaging = await ServerManagement.changeHpsImage(session, hps_cluster_id, change_body);
  const done = await ServerManagement.waitUntilHps(session, hps_cluster_id, 'RUNNING');
  return { reimaging: reimaging.status, status: done?.status, nodes: done?.servers.map((s) => s.status) };
}

await runAsProgram(import.meta.url, changeHpsImage);
