/** Manual 11.12: reinstall the OS image of a (stopped) Lite Server with a key pair. */
import { ImageBody, ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, stoppedServer } from './common.js';

export async function reinstallImage(session: Session) {
  const server_id = await stoppedServer(session, 'reinstall');
  const reinstall_body = new ImageBody({ key_pair_name: 'KeyPair-3d6a', image_id: 'e16eff65-1899-446e-baf2-0d2b6b5dd8c0' });
  const reinstalling = await ServerManagement.reinstallServerImage(session, server_id, reinstall_body);
  const running = await ServerManagement.waitUntil(session, server_id, 'RUNNING');
  return { reinstalling: reinstalling.status, running: running?.status, image: running?.image.image_id };
}

await runAsProgram(import.meta.url, reinstallImage);
