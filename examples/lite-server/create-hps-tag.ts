/** Manual 11.9: create a supernode tag (`Tag(hps_key, hps_value)`; sent as `{key, value}`). */
import { ServerManagement, type Session, Tag } from '@modelarts-ts/sdk';
import { runAsProgram, runningSupernode } from './common.js';

export async function createHpsTag(session: Session) {
  const hps_cluster_id = await runningSupernode(session, 'tag-create');
  const tags = [new Tag({ hps_key: 'test', hps_value: 'service-gpu' })];
  return ServerManagement.createHpsTag(session, hps_cluster_id, tags);
}

await runAsProgram(import.meta.url, createHpsTag);
