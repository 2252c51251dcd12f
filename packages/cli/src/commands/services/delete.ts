import { Predictor } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { withSession } from '../models/view.js';

/** `modelarts services delete ID…`: `predictor.deleteService()` for each id (the platform finishes asynchronously). */
export async function servicesDelete(ctx: Context, ids: string[]): Promise<number> {
  return withSession(ctx, async (session) => {
    for (const id of ids) {
      await new Predictor(session, id).deleteService();
      if (!ctx.json) ctx.note(`deleted service ${id}`);
    }
    if (ctx.json) ctx.out(JSON.stringify({ service_ids: ids, deleted: true }));
    return 0;
  });
}
