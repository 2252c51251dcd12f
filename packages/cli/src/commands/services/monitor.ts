import { Predictor } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { grid } from '../jobs/view.js';
import { withSession } from '../models/view.js';

/** `modelarts services monitor ID`: per model, instances, calls and CPU/memory (`predictor.getServiceMonitor()`). */
export async function servicesMonitor(ctx: Context, id: string): Promise<number> {
  return withSession(ctx, async (session) => {
    const m = await new Predictor(session, id).getServiceMonitor();
    if (ctx.json) {
      ctx.out(JSON.stringify(m));
      return 0;
    }
    ctx.out(
      grid(
        ['MODEL', 'INSTANCES', 'CALLS', 'FAILED', 'CPU (cores)', 'MEMORY (MB)'],
        m.monitors.map((x) => [
          `${x.model_name}@${x.model_version}`,
          `${x.model_running_instance_count}/${x.model_instance_count}`,
          String(x.invocation_times),
          String(x.failed_times),
          `${x.cpu_core_usage.toFixed(2)}/${x.cpu_core_total}`,
          `${x.cpu_memory_usage}/${x.cpu_memory_total}`,
        ]),
      ),
    );
    return 0;
  });
}
