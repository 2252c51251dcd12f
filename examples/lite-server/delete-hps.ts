/** Manual 11.17: delete a (pay-per-use, running) supernode. */
import { ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, runningSupernode } from './common.js';

export async function deleteHps(session: Session) {
  const hps_cluster_id = await runningSupernode(session, 'hps-delete');
  const terminating = await ServerManagement.deleteHps(session, hps_cluster_id);
  await ServerManagement.waitUntilHps(session, hps_cluster_id, 'DELETED');
  const listed = (await ServerManagement.getHpsList(session, { limit: 1024 })).data.some((h) => h.id === hps_cluster_id);
  return { terminating: terminating.status, listed };
}

await runAsProgram(import.meta.url, deleteHps);
