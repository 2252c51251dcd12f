import { Model, type ModelListOptions } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { grid, time } from '../jobs/view.js';
import { withSession } from './view.js';

export interface ModelListFlags {
  name?: string;
  modelVersion?: string;
  status?: string;
  limit?: number;
  page?: number;
  sortBy?: string;
  order?: 'asc' | 'desc';
}

/** `modelarts models list`: one page of `Model.getModelList` as a table, or the raw page under --json. */
export async function modelsList(ctx: Context, f: ModelListFlags): Promise<number> {
  const query = {
    ...(f.name ? { model_name: f.name } : {}),
    ...(f.modelVersion ? { model_version: f.modelVersion } : {}),
    ...(f.status ? { model_status: f.status } : {}),
    ...(f.limit !== undefined ? { limit: f.limit } : {}),
    ...(f.page !== undefined ? { offset: f.page } : {}),
    ...(f.sortBy ? { sort_by: f.sortBy } : {}),
    ...(f.order ? { order: f.order } : {}),
  } as ModelListOptions;
  return withSession(ctx, async (session) => {
    const page = await Model.getModelList(session, query);
    if (ctx.json) ctx.out(JSON.stringify(page));
    else if (page.models.length === 0) ctx.note('no models');
    else
      ctx.out(
        grid(
          ['ID', 'NAME', 'VERSION', 'TYPE', 'STATUS', 'SIZE', 'CREATED'],
          page.models.map((m) => [m.model_id, m.model_name, m.model_version, m.model_type, m.model_status, String(m.model_size), time(m.create_at)]),
        ),
      );
    return 0;
  });
}
