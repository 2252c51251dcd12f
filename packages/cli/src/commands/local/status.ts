import { findRunningLocal } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { table } from '../../core/output.js';
import { readEndpointRecord } from './files.js';

/** `modelarts local status`: is a platform serving the data dir, and where. Exit 0 when running, 3 when not. */
export async function localStatus(ctx: Context, flags: { dataDir?: string }): Promise<number> {
  const dataDir = flags.dataDir ?? ctx.defaultDataDir();
  const running = await findRunningLocal(dataDir);
  const record = readEndpointRecord(dataDir);
  const view = { running: running !== undefined, endpoint: running?.endpoint ?? null, pid: running ? (record?.pid ?? null) : null, data_dir: dataDir };
  if (ctx.json) ctx.out(JSON.stringify(view));
  else ctx.out(table(Object.entries(view).map(([k, v]) => [k, String(v ?? '-')])));
  return running ? 0 : 3;
}
