/** Manual 11.21: mount a disk to a Lite Server (A3 servers only): an operation pending → running → success. */
import { ServerManagement, type Session, Volume } from '@modelarts-ts/sdk';
import { A3_FLAVOR, A3_IMAGE, runAsProgram, runningServer } from './common.js';

export async function attachVolume(session: Session) {
  const server_id = await runningServer(session, 'a3', { flavor: A3_FLAVOR, image_id: A3_IMAGE, arch: 'ARM' });
  const volume = new Volume({ volume_id: 'b0e1f17b-019c-43d3-99f7-5e1703c1e9b7' });
  const operation = await ServerManagement.attachVolume(session, server_id, volume);
  const done = await ServerManagement.waitForOperation(session, server_id, operation.operation_id);
  const disks = (await ServerManagement.getServerInfo(session, server_id)).volumes;
  return { operation, done: done.operation_status, disks };
}

await runAsProgram(import.meta.url, attachVolume);
