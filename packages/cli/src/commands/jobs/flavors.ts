import type { TrainingFlavorType } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';
import { openSession } from '../../core/session.js';
import { grid } from './view.js';

const TYPES: readonly TrainingFlavorType[] = ['CPU', 'GPU', 'Ascend'];

/** `modelarts jobs flavors [--type CPU]`: `Estimator.getSpecList` as a table, raw under --json. */
export async function jobsFlavors(ctx: Context, f: { type?: string }): Promise<number> {
  const type = f.type as TrainingFlavorType | undefined;
  if (type !== undefined && !TYPES.includes(type)) throw new UsageError(`--type must be one of ${TYPES.join(', ')} (got "${f.type}")`);
  const session = await openSession(ctx);
  try {
    const list = await session.client.trainingJobs.flavors(type ? { flavor_type: type } : {});
    if (ctx.json) {
      ctx.out(JSON.stringify(list));
      return 0;
    }
    const rows = list.flavors.map((x) => [
      x.flavor_id,
      x.flavor_type,
      String(x.flavor_info.cpu.core_num),
      `${x.flavor_info.memory.size}${x.flavor_info.memory.unit}`,
      x.flavor_info.gpu ? `${x.flavor_info.gpu.unit_num}x ${x.flavor_info.gpu.product_name}` : '-',
      String(x.max_num),
      x.flavor_name,
    ]);
    ctx.out(grid(['FLAVOR', 'TYPE', 'CPUS', 'MEMORY', 'GPU', 'MAX NODES', 'NAME'], rows));
    return 0;
  } finally {
    await session.close();
  }
}
