import { Model, ResourceFailedError } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { UserError } from '../../core/errors.js';
import { withSession } from '../models/view.js';
import { type ConfigFlags, DEFAULT_FLAVOR, serviceConfigs, serviceLine, type stopAfter, waitOptions } from './view.js';

export interface DeployFlags extends ConfigFlags {
  name?: string;
  description?: string;
  stopAfter?: ReturnType<typeof stopAfter>;
  batch?: boolean;
  srcPath?: string;
  destPath?: string;
  reqUri?: string;
  mappingType?: string;
  mappingRule?: string;
  wait?: boolean;
}

/**
 * `modelarts services deploy --model ID[:weight]… [--batch …]`: `model.deployPredictor` / `deployTransformer`. Prints
 * the service id; `--wait` waits until it runs (a batch service: until it finished) and exits 1 if it fails.
 */
export async function servicesDeploy(ctx: Context, f: DeployFlags): Promise<number> {
  const common = { ...(f.name ? { service_name: f.name } : {}), ...(f.description ? { description: f.description } : {}), wait: false };
  return withSession(ctx, async (session) => {
    let predictor: Awaited<ReturnType<Model['deployPredictor']>>;
    if (f.batch) {
      const [model] = f.model ?? [];
      if (!model || (f.model?.length ?? 0) > 1) throw new UserError('a batch service takes exactly one --model');
      if (!f.srcPath || !f.destPath || !f.mappingType) throw new UserError('--batch needs --src-path, --dest-path and --mapping-type (file or csv)');
      let mapping_rule: Record<string, unknown> | undefined;
      try {
        mapping_rule = f.mappingRule ? (JSON.parse(f.mappingRule) as Record<string, unknown>) : undefined;
      } catch (e) {
        throw new UserError(`--mapping-rule is not JSON: ${(e as Error).message}`);
      }
      predictor = await new Model(session, { model_id: model }).deployTransformer({
        ...common,
        configs: [
          {
            model_id: model,
            specification: f.flavor ?? DEFAULT_FLAVOR,
            instance_count: f.instances ?? 1,
            src_path: f.srcPath,
            dest_path: f.destPath,
            reg_uri: f.reqUri ?? '/',
            mapping_type: f.mappingType as 'file' | 'csv',
            ...(mapping_rule ? { mapping_rule } : {}),
          },
        ],
      });
    } else {
      const configs = serviceConfigs(f);
      predictor = await new Model(session, { model_id: configs[0]?.model_id as string }).deployPredictor({
        ...common,
        configs,
        ...(f.stopAfter ? { schedule: [f.stopAfter] } : {}),
      });
    }
    if (!ctx.json) ctx.out(predictor.service_id);
    ctx.note(`deployed service ${predictor.service_id}`);
    if (!f.wait) {
      if (ctx.json) ctx.out(JSON.stringify(await predictor.getServiceInfo()));
      return 0;
    }
    try {
      const s = f.batch ? await predictor.waitUntilFinished(waitOptions(ctx)) : await predictor.waitUntilRunning(waitOptions(ctx));
      if (ctx.json) ctx.out(JSON.stringify(s));
      else ctx.note(serviceLine(s));
      return 0;
    } catch (e) {
      if (e instanceof ResourceFailedError && ctx.json) ctx.out(JSON.stringify(e.last));
      throw e;
    }
  });
}
