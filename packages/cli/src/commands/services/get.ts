import { Predictor } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { table } from '../../core/output.js';
import { time } from '../jobs/view.js';
import { withSession } from '../models/view.js';

/** `modelarts services get ID`: `predictor.getServiceInfo()`, raw under --json. */
export async function servicesGet(ctx: Context, id: string): Promise<number> {
  return withSession(ctx, async (session) => {
    const s = await new Predictor(session, id).getServiceInfo();
    if (ctx.json) {
      ctx.out(JSON.stringify(s));
      return 0;
    }
    const rows: Array<[string, string]> = [
      ['id', s.service_id],
      ['name', s.service_name],
      ['type', s.infer_type],
      ['status', s.status + (s.status === 'deploying' ? ` (${s.progress}%)` : '')],
      ['address', s.access_address ?? '-'],
      ['calls', `${s.invocation_times} (${s.failed_times} failed)`],
      ['published', time(s.publish_at)],
      ['description', s.description || '-'],
    ];
    if (s.due_time) rows.push(['stops at', time(s.due_time)]);
    if (s.error_msg) rows.push(['error', s.error_msg]);
    for (const c of s.config) {
      const batch = c.src_path ? ` ${c.src_path} -> ${c.dest_path} (${c.mapping_type})` : '';
      rows.push([
        `model ${c.model_name}@${c.model_version}`,
        `${c.status}, weight ${c.weight ?? '-'}, ${c.instance_count} × ${c.specification}${batch} [${c.model_id}]`,
      ]);
    }
    ctx.out(table(rows));
    return 0;
  });
}
