import { Model } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { table } from '../../core/output.js';
import { time } from '../jobs/view.js';
import { withSession } from './view.js';

/** `modelarts models get ID`: `model.getModelInfo()`, raw under --json. */
export async function modelsGet(ctx: Context, id: string): Promise<number> {
  return withSession(ctx, async (session) => {
    const m = await new Model(session, { model_id: id }).getModelInfo();
    if (ctx.json) {
      ctx.out(JSON.stringify(m));
      return 0;
    }
    const rows: Array<[string, string]> = [
      ['id', m.model_id],
      ['name', m.model_name],
      ['version', m.model_version],
      ['type', `${m.model_type}${m.runtime ? ` (${m.runtime})` : ''}`],
      ['status', m.model_status],
      ['size', `${m.model_size} bytes`],
      ['source', m.source_location],
      ['source job', m.source_job_id ?? '-'],
      ['algorithm', m.model_algorithm ?? '-'],
      ['description', m.description || '-'],
      ['created', time(m.create_at)],
      [
        'dependencies',
        m.dependencies.flatMap((d) => d.packages.map((p) => p.package_name + (p.package_version ? `@${p.package_version}` : ''))).join(', ') || '-',
      ],
    ];
    if (m.error_msg) rows.push(['error', m.error_msg]);
    ctx.out(table(rows));
    return 0;
  });
}
