/** Manual 11.11: query the tags of a supernode. */
import { ServerManagement, type Session, Tag } from '@modelarts-ts/sdk';
import { runAsProgram, runningSupernode } from './common.js';

export async function hpsTags(session: Session) {
  const hps_cluster_id = await runningSupernode(session, 'tag-query');
  await ServerManagement.createHpsTag(session, hps_cluster_id, [new Tag({ hps_key: 'team', hps_value: 'vision' })]);
  return ServerManagement.getHpsTags(session, hps_cluster_id);
}

await runAsProgram(import.meta.url, hpsTags);
