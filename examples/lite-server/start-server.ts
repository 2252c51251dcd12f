/** Manual 11.7: start a (stopped) Lite Server instance. */
import { ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, stoppedServer } from './common.js';

export async function startServer(session: Session) {
  const server_id = await stoppedServer(session, 'start');
  const starting = await ServerManagement.start(session, server_id);
  const running = await ServerManagement.waitUntil(session, server_id, 'RUNNING');
  return { starting: starting.status, running: running?.status };
}

await runAsProgram(import.meta.url, startServer);
