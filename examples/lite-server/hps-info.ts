/** Manual 11.16: details about a specified supernode, with its nodes. */
import { ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, runningSupernode } from './common.js';

export async function hpsInfo(session: Session) {
  const hps_cluster_id = await runningSupernode(session, 'hps-info');
  return ServerManagement.getHpsInfo(session, hps_cluster_id);
}

await runAsProgram(import.meta.url, hpsInfo);
