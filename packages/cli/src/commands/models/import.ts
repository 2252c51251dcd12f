import { existsSync } from 'node:fs';
import { Model, type ModelCreateOptions, pipRequirement } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { emit, withSession } from './view.js';

export interface ImportFlags {
  source: string;
  type: string;
  modelVersion: string;
  name?: string;
  obsPath?: string;
  runtime?: string;
  algorithm?: string;
  description?: string;
  executionCode?: string;
  sourceJobId?: string;
  sourceJobVersion?: string;
  pip?: string[];
  wait?: boolean;
}

/**
 * `modelarts models import --source … --type … --model-version …`: `new Model(session, …)`. A local folder is uploaded
 * first (`publishModel`). Prints the model id; `--wait` waits until it is published (exit 1 with the reason if not).
 */
export async function modelsImport(ctx: Context, f: ImportFlags): Promise<number> {
  const local = !/^(obs|s3|https?):\/\//.test(f.source) && existsSync(f.source);
  const options = {
    source_location: f.source,
    source_location_type: local ? 'LOCAL_SOURCE' : 'OBS_SOURCE',
    model_type: f.type,
    model_version: f.modelVersion,
    model_name: f.name,
    runtime: f.runtime,
    model_algorithm: f.algorithm,
    description: f.description,
    execution_code: f.executionCode,
    source_job_id: f.sourceJobId,
    source_job_version: f.sourceJobVersion,
    ...(f.pip?.length ? { dependencies: [{ installer: 'pip', packages: f.pip.map(pipRequirement) }] } : {}),
    wait: Boolean(f.wait),
  } as ModelCreateOptions;
  return withSession(ctx, async (session) => {
    let model: Model;
    if (local && f.obsPath) {
      // A local folder with a chosen OBS folder: the manual's local model, then publish_model(obs_location).
      model = await new Model(session, { ...options, publish: false }).ready();
      await model.publishModel({ obs_location: f.obsPath, wait: Boolean(f.wait) });
    } else model = await Model.create(session, options);
    const id = (await model.getModelId()) as string;
    if (f.wait || ctx.json) {
      const info = await model.getModelInfo();
      emit(ctx, info, () => `${id} ${info.model_name} ${info.model_version} ${info.model_status}`);
    } else ctx.out(id);
    return 0;
  });
}
