/** Manual 11.18: restart (reboot) a running Lite Server instance. */
import { ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, runningServer } from './common.js';

export async function restartServer(session: Session) {
  const server_id = await runningServer(session, 'restart');
  const rebooting = await ServerManagement.restart(session, server_id);
  const running = await ServerManagement.waitUntil(session, server_id, 'RUNNING');
  return { rebooting: rebooting.status, running: running?.status };
}

await runAsProgram(import.meta.url, restartServer);
