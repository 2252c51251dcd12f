/**
 * Manual 10.8: `updateServiceConfig`, of a Predictor made by id (description, status and configs at once: the status
 * wins, as on the cloud) and of one of `getServiceObjectList` (new configs: a rolling update to 2 instances).
 */
import { Predictor, ServiceConfig, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { deployDemoPredictor, importDemoModel, prepareServing, request } from './common.js';

export async function updateService(session: Session) {
  const demo = await prepareServing(session);
  const model = await importDemoModel(session, demo);
  const deployed = await deployDemoPredictor(model, demo);
  // Method 1: by service id.
  const predictor_instance = new Predictor(session, deployed.service_id);
  const configs = [new ServiceConfig({ weight: '100', instance_count: 1, specification: demo.flavor, model_id: model.model_id as string })];
  await predictor_instance.updateServiceConfig({ description: 'description', status: 'running', configs });
  const described = await predictor_instance.getServiceInfo();

  // Method 2: a service of the object list; new configs roll out instance by instance.
  const predictor_object_list = await Predictor.getServiceObjectList(session, { service_id: deployed.service_id });
  const object = predictor_object_list[0] as Predictor;
  const two = [new ServiceConfig({ weight: '100', instance_count: 2, specification: demo.flavor, model_id: model.model_id as string })];
  await object.updateServiceConfig({ configs: two });
  const after = await object.waitUntilRunning();
  const answer = await object.predict({ data: request(1), data_type: 'json' });
  return { description: described.description, instance_count: after.config[0]?.instance_count, answer };
}

await runAsProgram(import.meta.url, updateService);
