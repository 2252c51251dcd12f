/** Manual 11.13: change the OS image of a (stopped) Lite Server. */
import { ImageBody, ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram, stoppedServer } from './common.js';

export async function changeImage(session: Session) {
  const server_id = await stoppedServer(session, 'change-image');
  // Another X86 image of the platform's list (the manual reuses the current one).
  const change_body = new ImageBody({ key_pair_name: 'KeyPair-3d6a', image_id: '5b1c6f0e-8a3d-4f4e-9d42-1f2a7c3b9e01' });
  const changing = await ServerManagement.changeServerImage(session, server_id, change_body);
  const running = await ServerManagement.waitUntil(session, server_id, 'RUNNING');
  return { changing: changing.status, running: running?.status, image: running?.image.name };
}

await runAsProgram(import.meta.url, changeImage);
