import type { Context } from '../../core/context.js';
import { UserError } from '../../core/errors.js';
import { table } from '../../core/output.js';

/**
 * `modelarts local recover`: rebuilds the object index (`meta.db`) of a stopped data dir from the records
 * its blobs carry. The platform is loaded only for this command.
 */
export async function localRecover(ctx: Context, flags: { dataDir?: string }): Promise<number> {
  const dataDir = flags.dataDir ?? ctx.defaultDataDir();
  const { DataDirError, recoverDataDir } = await import('@modelarts-ts/platform');
  let r: Awaited<ReturnType<typeof recoverDataDir>>;
  try {
    r = await recoverDataDir(dataDir);
  } catch (e) {
    if (e instanceof DataDirError || (e as Error).message.startsWith('ModelArts Local is already running')) throw new UserError((e as Error).message);
    throw e;
  }
  const view = {
    data_dir: r.dataDir,
    restored: r.restored.length,
    already_indexed: r.alreadyIndexed,
    superseded: r.superseded,
    lost: r.lost,
    quarantined: r.quarantined,
    quarantine_dir: r.quarantineDir ?? null,
    damaged_index: r.damagedIndex ?? null,
  };
  if (ctx.json) {
    ctx.out(JSON.stringify({ ...view, restored_objects: r.restored }));
    return 0;
  }
  ctx.out(table(Object.entries(view).map(([k, v]) => [k, Array.isArray(v) ? String(v.length) : String(v ?? '-')])));
  for (const name of r.lost) ctx.note(`lost (its bytes were gone, dropped from the index): ${name}`);
  if (r.damagedIndex) ctx.note(`The damaged index was kept as ${r.damagedIndex}; job history was in it and is not rebuilt.`);
  if (r.quarantineDir) ctx.note(`Files that could not be placed were kept in ${r.quarantineDir}; delete them once you no longer need them.`);
  ctx.note(`Start the platform again with \`modelarts local start --data-dir ${dataDir}\`.`);
  return 0;
}
