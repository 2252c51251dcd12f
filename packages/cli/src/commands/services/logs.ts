import { Predictor } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { time } from '../jobs/view.js';
import { withSession } from '../models/view.js';

/** `modelarts services logs ID`: the update history (`predictor.getServiceLogs()`), one update per line. */
export async function servicesLogs(ctx: Context, id: string): Promise<number> {
  return withSession(ctx, async (session) => {
    const l = await new Predictor(session, id).getServiceLogs();
    if (ctx.json) ctx.out(JSON.stringify(l));
    else if (l.logs.length === 0) ctx.note('no updates');
    else
      for (const u of l.logs) {
        const models = u.config.map((c) => `${c.model_name}@${c.model_version} w${c.weight ?? '-'} ×${c.instance_count}`).join(', ');
        ctx.out(`${time(u.update_time)} ${u.result} ${models}`);
      }
    return 0;
  });
}
