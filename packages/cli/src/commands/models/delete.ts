import { Model } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { withSession } from './view.js';

/** `modelarts models delete ID [--cascade]`: `model.deleteModel()`; a model in use fails with ModelArts.3009. */
export async function modelsDelete(ctx: Context, id: string, f: { cascade?: boolean }): Promise<number> {
  return withSession(ctx, async (session) => {
    await Model.deleteModelById(session, id, f.cascade ? { cascade: true } : {});
    if (ctx.json) ctx.out(JSON.stringify({ model_id: id, deleted: true }));
    else ctx.note(`deleted model ${id}`);
    return 0;
  });
}
