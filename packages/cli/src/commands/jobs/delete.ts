import { Estimator } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { openSession } from '../../core/session.js';

/** `modelarts jobs delete ID`: `Estimator.deleteJobById` (the platform finishes the deletion asynchronously). */
export async function jobsDelete(ctx: Context, id: string): Promise<number> {
  const session = await openSession(ctx);
  try {
    await Estimator.deleteJobById(session, id);
    if (ctx.json) ctx.out(JSON.stringify({ job_id: id, deleted: true }));
    else ctx.note(`deleted job ${id}`);
    return 0;
  } finally {
    await session.close();
  }
}
