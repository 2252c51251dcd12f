/**
 * Manual 9.1: debug a model here before publishing it. The environment, a local model (`publish: false`,
 * `LOCAL_SOURCE`), a local predictor to try it, then `publishModel()`.
 * Differences from the manual: the model is the stdlib linear model of `code/package` (not TensorFlow), so the
 * environment lists no pip packages to install; `obs_location` is a folder of the demo bucket.
 */
import { CondaDependencies, Environment, Model, ServiceConfig, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { freshVersion, jobName, prepareServing, request } from './common.js';

export async function debugModel(session: Session, o: { python?: string } = {}) {
  const demo = await prepareServing(session);
  // Step 2: the environment the model runs in.
  const env = new Environment('linear_local');
  env.conda = CondaDependencies.create({ pip_packages: [], conda_packages: ['python=3.8'] });

  // Step 3: a local model.
  const src_local_path = demo.local_model;
  const model = new Model(session, {
    publish: false,
    source_location_type: 'LOCAL_SOURCE', // Type of the model file location
    source_location: `${src_local_path}/model`, // Location of the model file
    environment: env,
    model_version: freshVersion(),
    model_type: 'MindSpore', // AI framework used by the model
    model_algorithm: 'predict_analysis',
    model_name: jobName('linear_local_infer'),
  });

  // A local service to debug it (manual 10.2).
  const configs = [new ServiceConfig({ model_id: await model.getModelId(), weight: '100', instance_count: 1, specification: 'local' })];
  const predictor = await model.deployPredictor({ configs, ...(o.python ? { python: o.python } : {}) });
  const local_result = await predictor.predict({ data: request(1, 2), data_type: 'json' });
  await predictor.deleteService();

  // Step 4: publish it.
  const obs_location = `obs://${demo.bucket}/serving/published/${Date.now().toString(36)}/`;
  const model_id = await model.publishModel({ obs_location });
  console.log(`Successfully upload file ${src_local_path}/model to OBS ${obs_location}`);
  return { local_result, model_id, info: await model.getModelInfo() };
}

await runAsProgram(import.meta.url, debugModel);
