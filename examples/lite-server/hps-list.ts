/** Manual 11.15: details about all supernode instances of a user. */
import { ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, runningSupernode } from './common.js';

export async function hpsList(session: Session) {
  const hps_cluster_id = await runningSupernode(session, 'hps-list');
  const page = await ServerManagement.getHpsList(session);
  return { total: page.total, listed: page.data.some((h) => h.id === hps_cluster_id), page };
}

await runAsProgram(import.meta.url, hpsList);
