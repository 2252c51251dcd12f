import type { Context } from '../../core/context.js';
import { openSession } from '../../core/session.js';

/** `modelarts obs ls PATH [--recursive]`: one level (folders end with "/") or every object below PATH. */
export async function obsLs(ctx: Context, path: string, flags: { recursive?: boolean }): Promise<number> {
  const session = await openSession(ctx);
  try {
    const items = [];
    for await (const o of session.obs.list(path, { recursive: Boolean(flags.recursive) })) {
      if (ctx.json) items.push({ path: o.path, size: o.size, last_modified: o.last_modified?.toISOString() ?? null, etag: o.etag ?? null, is_dir: o.is_dir });
      else
        ctx.out(
          o.is_dir
            ? `${'DIR'.padStart(12)}  ${''.padEnd(24)}  ${o.path}`
            : `${String(o.size).padStart(12)}  ${(o.last_modified?.toISOString() ?? '').padEnd(24)}  ${o.path}`,
        );
    }
    if (ctx.json) ctx.out(JSON.stringify(items));
    return 0;
  } finally {
    await session.close();
  }
}
