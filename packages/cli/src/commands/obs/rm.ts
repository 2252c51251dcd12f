import type { Context } from '../../core/context.js';
import { openSession } from '../../core/session.js';

/** `modelarts obs rm PATH [--recursive]`. */
export async function obsRm(ctx: Context, path: string, flags: { recursive?: boolean }): Promise<number> {
  const session = await openSession(ctx);
  try {
    const { deleted } = await session.obs.remove(path, { recursive: Boolean(flags.recursive) });
    if (ctx.json) ctx.out(JSON.stringify({ deleted }));
    else ctx.out(`deleted ${deleted} object${deleted === 1 ? '' : 's'}`);
    return 0;
  } finally {
    await session.close();
  }
}
