/** Manual 10.11: `deleteService`, of a Predictor made by id and of one of `getServiceObjectList`. */
import { Predictor, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { deployDemoPredictor, importDemoModel, jobName, prepareServing } from './common.js';

export async function deleteService(session: Session) {
  const demo = await prepareServing(session);
  const model = await importDemoModel(session, demo);
  const name = jobName('to-delete');
  const a = await deployDemoPredictor(model, demo, { name: `${name}-a` });
  await deployDemoPredictor(model, demo, { name: `${name}-b` });
  // Method 1: by service id.
  const predictor_instance = new Predictor(session, a.service_id);
  await predictor_instance.deleteService();
  // Method 2: a service of the object list.
  const predictor_object_list = await Predictor.getServiceObjectList(session, { service_name: `${name}-b` });
  await (predictor_object_list[0] as Predictor).deleteService();
  return { deleted: [a.service_id, (predictor_object_list[0] as Predictor).service_id] };
}

await runAsProgram(import.meta.url, deleteService);
