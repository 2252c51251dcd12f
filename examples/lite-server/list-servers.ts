/** Manual 11.2: query all Lite Server instances of a user. Prints one page; `for await` walks them all. */
import { ServerManagement, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from './common.js';

export async function listServers(session: Session) {
  const page = await ServerManagement.getUserServersList(session);
  console.log(`${page.total} servers; page ${page.current} of ${page.pages}`);
  const names: string[] = [];
  for await (const server of ServerManagement.getUserServersList(session, { sort_dir: 'DESC' })) names.push(`${server.name} (${server.status})`);
  return { page, names };
}

await runAsProgram(import.meta.url, listServers);
