/** Manual 11.19: start (power on) a stopped supernode. */
import { ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, stoppedSupernode } from './common.js';

export async function startHps(session: Session) {
  const hps_cluster_id = await stoppedSupernode(session, 'hps-start');
  const starting = await ServerManagement.startHps(session, hps_cluster_id);
  const running = await ServerManagement.waitUntilHps(session, hps_cluster_id, 'RUNNING');
  return { starting: starting.servers.map((s) => s.status), running: running?.servers.map((s) => s.status) };
}

await runAsProgram(import.meta.url, startHps);
