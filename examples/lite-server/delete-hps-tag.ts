/** Manual 11.10: delete a supernode tag. */
import { ServerManagement, type Session, Tag } from '@modelarts-ts/sdk';
import { runAsProgram, runningSupernode } from './common.js';

export async function deleteHpsTag(session: Session) {
  const hps_cluster_id = await runningSupernode(session, 'tag-delete');
  const tags = [new Tag({ hps_key: 'test', hps_value: 'service-gpu' })];
  const before = await ServerManagement.createHpsTag(session, hps_cluster_id, tags);
  const after = await ServerManagement.deleteHpsTag(session, hps_cluster_id, tags);
  return { before: before.tags, after: after.tags };
}

await runAsProgram(import.meta.url, deleteHpsTag);
