/** Manual 11.3: create a Lite Server (the manual's Server, Network, RootVolume and Charginginfo). */
import { ServerManagement, type Session } from '@modelarts-ts/sdk';
import { manualServer, runAsProgram, uniqueName } from './common.js';

export async function createServer(session: Session) {
  const server = manualServer(uniqueName('server_test'));
  const created = await ServerManagement.create(session, server);
  console.log(`${created.id}: ${created.status}`);
  const running = await ServerManagement.waitUntil(session, created.id, 'RUNNING');
  return { created, running };
}

await runAsProgram(import.meta.url, createServer);
