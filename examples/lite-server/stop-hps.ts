/** Manual 11.20: stop (power off) a running supernode. */
import { ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, runningSupernode } from './common.js';

export async function stopHps(session: Session) {
  const hps_cluster_id = await runningSupernode(session, 'hps-stop');
  const stopping = await ServerManagement.stopHps(session, hps_cluster_id);
  const stopped = await ServerManagement.waitUntilHps(session, hps_cluster_id, 'STOPPED');
  return { stopping: stopping.servers.map((s) => s.status), stopped: stopped?.servers.map((s) => s.status) };
}

await runAsProgram(import.meta.url, stopHps);
