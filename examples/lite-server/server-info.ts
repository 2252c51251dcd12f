/** Manual 11.4: query the details of a Lite Server instance. */
import { ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, runningServer } from './common.js';

export async function serverInfo(session: Session) {
  const server_id = await runningServer(session, 'info');
  return ServerManagement.getServerInfo(session, server_id);
}

await runAsProgram(import.meta.url, serverInfo);
