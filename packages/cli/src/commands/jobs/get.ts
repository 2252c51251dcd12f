import { Estimator } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { table } from '../../core/output.js';
import { openSession } from '../../core/session.js';
import { duration, time } from './view.js';

/** `modelarts jobs get ID`: the job's details (`estimator.getJobInfo()`), raw under --json. */
export async function jobsGet(ctx: Context, id: string): Promise<number> {
  const session = await openSession(ctx);
  try {
    const j = await new Estimator(session, { job_id: id }).getJobInfo();
    if (ctx.json) {
      ctx.out(JSON.stringify(j));
      return 0;
    }
    const rows: Array<[string, string]> = [
      ['id', j.metadata.id],
      ['name', j.metadata.name],
      ['description', j.metadata.description || '-'],
      ['phase', `${j.status.phase} (${j.status.secondary_phase})`],
      ['flavor', j.spec.resource.flavor_id ?? '-'],
      ['nodes', String(j.spec.resource.node_count ?? 1)],
      ['created', time(j.metadata.create_time)],
      ['started', time(j.status.start_time)],
      ['duration', duration(j.status.duration)],
      ['code', j.algorithm.code_dir ? `${j.algorithm.code_dir} (boot ${j.algorithm.boot_file ?? '-'})` : (j.algorithm.command ?? '-')],
      ['tasks', j.status.tasks.join(', ') || '-'],
    ];
    for (const t of j.status.task_statuses) rows.push([t.task, `exit ${t.exit_code}${t.message ? `: ${t.message}` : ''}`]);
    ctx.out(table(rows));
    return 0;
  } finally {
    await session.close();
  }
}
