import { Predictor } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { UserError } from '../../core/errors.js';
import { time } from '../jobs/view.js';
import { withSession } from '../models/view.js';

/** `modelarts services events ID [--type abnormal] [--limit n]`: the service's events, oldest first. */
export async function servicesEvents(ctx: Context, id: string, f: { type?: string; limit?: number }): Promise<number> {
  if (f.type !== undefined && f.type !== 'normal' && f.type !== 'abnormal') throw new UserError('--type is normal or abnormal');
  return withSession(ctx, async (session) => {
    const e = await new Predictor(session, id).getServiceEvents({
      ...(f.type ? { event_type: f.type as 'normal' | 'abnormal' } : {}),
      ...(f.limit !== undefined ? { limit: f.limit } : {}),
      order: 'desc',
    });
    if (ctx.json) ctx.out(JSON.stringify(e));
    else for (const ev of [...e.events].reverse()) ctx.out(`${time(ev.occur_time)} ${ev.event_type.padEnd(8)} ${ev.event_info}`);
    return 0;
  });
}
