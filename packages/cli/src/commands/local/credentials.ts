import type { Context } from '../../core/context.js';
import { table } from '../../core/output.js';
import { liveEndpoint, readCredentials } from './files.js';

/** `modelarts local credentials`: what a client needs to reach the ModelArts Local of a data dir. */
export async function localCredentials(ctx: Context, flags: { dataDir?: string }): Promise<number> {
  const dataDir = flags.dataDir ?? ctx.defaultDataDir();
  const c = readCredentials(dataDir);
  const endpoint = (await liveEndpoint(dataDir)) ?? null;
  const view = {
    endpoint,
    access_key: c.access_key,
    secret_key: c.secret_key,
    project_id: c.project_id,
    region_name: c.region_name,
    account: c.account,
    username: c.username,
    password: c.password,
  };
  if (ctx.json) {
    ctx.out(JSON.stringify(view));
    return 0;
  }
  ctx.out(table(Object.entries(view).map(([k, v]) => [k, v ?? '(not running)'])));
  if (!endpoint) ctx.note(`ModelArts Local is not running on ${dataDir}: start it with \`modelarts local start --data-dir ${dataDir}\`.`);
  return 0;
}
