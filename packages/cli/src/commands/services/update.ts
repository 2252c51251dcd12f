import { Predictor, type UpdateServiceConfigOptions } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { UserError } from '../../core/errors.js';
import { withSession } from '../models/view.js';
import { type ConfigFlags, serviceConfigs, serviceLine, type stopAfter, waitOptions } from './view.js';

export interface UpdateFlags extends ConfigFlags {
  description?: string;
  stopAfter?: ReturnType<typeof stopAfter>;
  wait?: boolean;
}

/** `modelarts services update ID [--description …] [--model ID[:weight]…]`: `predictor.updateServiceConfig`. */
export async function servicesUpdate(ctx: Context, id: string, f: UpdateFlags): Promise<number> {
  const o: UpdateServiceConfigOptions = {
    ...(f.description !== undefined ? { description: f.description } : {}),
    ...(f.model?.length ? { configs: serviceConfigs(f) } : {}),
    ...(f.stopAfter ? { schedule: [f.stopAfter] } : {}),
  };
  if (Object.keys(o).length === 0) throw new UserError('nothing to update', 'give --description, --model or --stop-after');
  return withSession(ctx, async (session) => {
    const p = new Predictor(session, id);
    await p.updateServiceConfig(o);
    ctx.note(`updated service ${id}`);
    const s = f.wait ? await p.waitUntilRunning(waitOptions(ctx)) : await p.getServiceInfo();
    ctx.out(ctx.json ? JSON.stringify(s) : serviceLine(s));
    return 0;
  });
}
