import { type PredictOptions, Predictor } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { UserError } from '../../core/errors.js';
import { withSession } from '../models/view.js';

export interface PredictFlags {
  data?: string;
  jsonFile?: string;
  file?: string[];
  image?: string[];
  field?: string;
  path?: string;
}

/** `modelarts services predict ID --data '{…}' | --json-file F | --file F… | --image F…`: the model's answer on stdout. */
export async function servicesPredict(ctx: Context, id: string, f: PredictFlags): Promise<number> {
  const inputs = [f.data !== undefined, f.jsonFile !== undefined, Boolean(f.file?.length), Boolean(f.image?.length)].filter(Boolean).length;
  if (inputs !== 1) throw new UserError('give exactly one input', '--data <json>, --json-file <path>, --file <path> or --image <path>');
  let o: PredictOptions;
  if (f.data !== undefined) {
    try {
      o = { data: JSON.parse(f.data) as Record<string, unknown>, data_type: 'json' };
    } catch (e) {
      throw new UserError(`--data is not JSON: ${(e as Error).message}`);
    }
  } else if (f.jsonFile !== undefined) o = { data: f.jsonFile, data_type: 'json' };
  else if (f.file?.length) o = { data: f.file, data_type: 'files', ...(f.field ? { field: f.field } : {}) };
  else o = { data: f.image as string[], data_type: 'images', ...(f.field ? { field: f.field } : {}) };
  if (f.path) o.path = f.path;
  return withSession(ctx, async (session) => {
    const r = await new Predictor(session, id).predict(o);
    ctx.out(typeof r === 'string' ? r : JSON.stringify(r, null, ctx.json ? undefined : 2));
    return 0;
  });
}
