import { Estimator, type JobListOptions } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { openSession } from '../../core/session.js';
import { grid, JOB_HEADER, jobRow } from './view.js';

export interface ListFlags {
  limit?: number;
  page?: number;
  phase?: string[];
  name?: string;
  sortBy?: string;
  order?: 'asc' | 'desc';
}

/** `modelarts jobs list`: one page of `Estimator.getJobList` as a table, or the raw search result under --json. */
export async function jobsList(ctx: Context, f: ListFlags): Promise<number> {
  const filters: NonNullable<JobListOptions['filters']> = [];
  if (f.phase?.length) filters.push({ key: 'phase', operator: 'in', value: f.phase });
  if (f.name) filters.push({ key: 'name', operator: 'like', value: [f.name] });
  const session = openSession(ctx);
  try {
    const limit = f.limit ?? 50;
    const page = await Estimator.getJobList(session, {
      limit,
      offset: (f.page ?? 0) * limit,
      ...(f.sortBy ? { sort_by: f.sortBy } : {}),
      ...(f.order ? { order: f.order } : {}),
      ...(filters.length ? { filters } : {}),
    });
    if (ctx.json) ctx.out(JSON.stringify(page));
    else if (page.items.length === 0) ctx.note('no training jobs');
    else ctx.out(grid(JOB_HEADER, page.items.map(jobRow)));
    return 0;
  } finally {
    await session.close();
  }
}
