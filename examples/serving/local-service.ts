/**
 * Manual 10.2: a local service for debugging. `configureTfInferEnviron` prepares local TensorFlow serving (here it
 * only chooses the device and reports whether `tensorflow_model_server` is installed); the published model is then
 * served on this machine with `specification: 'local'` and called.
 * Differences from the manual: the model is the stdlib linear model, not an MXNet one.
 */
import { Model, ServiceConfig, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { importDemoModel, prepareServing, request } from './common.js';

export async function localService(session: Session, o: { python?: string } = {}) {
  const demo = await prepareServing(session);
  // CPU-based environment inference configuration
  const tf = await Model.configureTfInferEnviron({ device_type: 'CPU' });
  const model_instance = await importDemoModel(session, demo);
  const configs = [new ServiceConfig({ model_id: await model_instance.getModelId(), weight: '100', instance_count: 1, specification: 'local' })];
  const predictor_instance = await model_instance.deployPredictor({ configs, ...(o.python ? { python: o.python } : {}) });
  try {
    // Local inference: data can be a value or a local file path; data_type JSON, files or images.
    const predict_result = await predictor_instance.predict({ data: request(3), data_type: 'JSON' });
    console.log(predict_result);
    return { tf, predict_result, info: await predictor_instance.getServiceInfo() };
  } finally {
    await predictor_instance.deleteService();
  }
}

await runAsProgram(import.meta.url, localService);
