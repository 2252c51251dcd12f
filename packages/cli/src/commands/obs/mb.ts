import type { Context } from '../../core/context.js';
import { openSession } from '../../core/session.js';

/** `modelarts obs mb BUCKET` (also `obs://BUCKET`). */
export async function obsMb(ctx: Context, bucket: string): Promise<number> {
  const name = bucket.replace(/^obs:\/\//, '').replace(/\/+$/, '');
  const session = await openSession(ctx);
  try {
    await session.obs.makeBucket(name);
    if (ctx.json) ctx.out(JSON.stringify({ bucket: name }));
    else ctx.out(`created obs://${name}`);
    return 0;
  } finally {
    await session.close();
  }
}
