import { Predictor, type ServiceListOptions } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { grid, time } from '../jobs/view.js';
import { withSession } from '../models/view.js';

export interface ServiceListFlags {
  name?: string;
  status?: string;
  inferType?: string;
  modelId?: string;
  limit?: number;
  page?: number;
  order?: 'asc' | 'desc';
}

/** `modelarts services list`: one page of `Predictor.getServiceList` as a table, or the raw page under --json. */
export async function servicesList(ctx: Context, f: ServiceListFlags): Promise<number> {
  const query = {
    ...(f.name ? { service_name: f.name } : {}),
    ...(f.status ? { service_status: f.status } : {}),
    ...(f.inferType ? { infer_type: f.inferType } : {}),
    ...(f.modelId ? { model_id: f.modelId } : {}),
    ...(f.limit !== undefined ? { limit: f.limit } : {}),
    ...(f.page !== undefined ? { offset: f.page } : {}),
    ...(f.order ? { order: f.order } : {}),
  } as ServiceListOptions;
  return withSession(ctx, async (session) => {
    const page = await Predictor.getServiceList(session, query);
    if (ctx.json) ctx.out(JSON.stringify(page));
    else if (page.services.length === 0) ctx.note('no services');
    else
      ctx.out(
        grid(
          ['ID', 'NAME', 'TYPE', 'STATUS', 'CALLS', 'FAILED', 'PUBLISHED'],
          page.services.map((s) => [
            s.service_id,
            s.service_name,
            s.infer_type,
            s.status,
            String(s.invocation_times),
            String(s.failed_times),
            time(s.publish_at),
          ]),
        ),
      );
    return 0;
  });
}
