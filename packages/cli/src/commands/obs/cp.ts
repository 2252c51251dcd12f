import { stat } from 'node:fs/promises';
import type { Context } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { progressReporter } from '../../core/progress.js';
import { openSession } from '../../core/session.js';

const isObs = (p: string) => p.startsWith('obs://');

/** `modelarts obs cp SRC DST [--recursive] [--no-keep-last-dir]`: the manual's `copy`, in every direction. */
export async function obsCp(ctx: Context, src: string, dst: string, flags: { recursive?: boolean; keepLastDir?: boolean }): Promise<number> {
  const folder = isObs(src)
    ? src.endsWith('/')
    : await stat(src).then(
        (s) => s.isDirectory(),
        () => false,
      );
  if (folder && !flags.recursive) throw new UsageError(`${src} is a folder`, 'add --recursive to copy a folder');
  if (!folder && flags.recursive && isObs(src)) throw new UsageError(`${src} is an object, not a folder`, 'folders end with "/" (obs://bucket/dir/)');
  const session = await openSession(ctx);
  const bar = progressReporter(ctx, 'cp');
  try {
    const ctrl = new AbortController();
    ctx.signal?.addEventListener('abort', () => ctrl.abort(), { once: true });
    const result = await session.obs.copy(src, dst, { keep_last_dir: flags.keepLastDir !== false, onProgress: (p) => bar.update(p), signal: ctrl.signal });
    bar.done();
    if (ctx.json) ctx.out(JSON.stringify(result));
    else if (!ctx.stderr.isTTY) ctx.note(`copied ${src} -> ${dst}`);
    return 0;
  } finally {
    await session.close();
  }
}
