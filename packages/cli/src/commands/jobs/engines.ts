import type { Context } from '../../core/context.js';
import { openSession } from '../../core/session.js';
import { grid } from './view.js';

/** `modelarts jobs engines`: the preset engines (`Estimator.getFrameworkList` gives the same as framework_type/version). */
export async function jobsEngines(ctx: Context): Promise<number> {
  const session = await openSession(ctx);
  try {
    const list = await session.client.trainingJobs.engines();
    if (ctx.json) {
      ctx.out(JSON.stringify(list));
      return 0;
    }
    const rows = list.items.map((e) => [
      e.engine_name,
      e.engine_version,
      e.engine_id,
      e.x_local ? `${e.x_local.interpreter}${e.x_local.module ? ` (${e.x_local.module}: ${e.x_local.importable ? 'importable' : 'not installed'})` : ''}` : '-',
    ]);
    ctx.out(grid(['FRAMEWORK', 'VERSION', 'ENGINE ID', 'LOCAL'], rows));
    return 0;
  } finally {
    await session.close();
  }
}
