/** Manual 11.6: synchronize the status of all Lite Servers (the REST call takes no id; the page holds them all). */
import { ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, runningServer } from './common.js';

export async function syncStatus(session: Session) {
  const server_id = await runningServer(session, 'sync');
  const page = await ServerManagement.syncServerStatus(session, server_id, { limit: 1024 });
  return { total: page.total, mine: page.data.find((s) => s.id === server_id)?.status };
}

await runAsProgram(import.meta.url, syncStatus);
