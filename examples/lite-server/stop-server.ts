/** Manual 11.8: stop a (running) Lite Server instance. */
import { ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, runningServer } from './common.js';

export async function stopServer(session: Session) {
  const server_id = await runningServer(session, 'stop');
  const stopping = await ServerManagement.stop(session, server_id);
  const stopped = await ServerManagement.waitUntil(session, server_id, 'STOPPED');
  return { stopping: stopping.status, stopped: stopped?.status };
}

await runAsProgram(import.meta.url, stopServer);
