/** Manual 11.5: delete a (pay-per-use) Lite Server instance; afterwards it is not found. */
import { APIError, ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, runningServer } from './common.js';

export async function deleteServer(session: Session) {
  const server_id = await runningServer(session, 'delete');
  const deleting = await ServerManagement.delete(session, server_id);
  await ServerManagement.waitUntil(session, server_id, 'DELETED');
  const after = await ServerManagement.getServerInfo(session, server_id).catch((e: unknown) => (e instanceof APIError ? e.error_code : e));
  return { deleting: deleting.status, after };
}

await runAsProgram(import.meta.url, deleteServer);
