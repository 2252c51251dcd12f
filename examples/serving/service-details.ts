/** Manual 10.4: `getServiceInfo`, of a Predictor made by id and of one of `getServiceObjectList`. */
import { Predictor, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { deployDemoPredictor, importDemoModel, prepareServing } from './common.js';

export async function serviceDetails(session: Session) {
  const demo = await prepareServing(session);
  const deployed = await deployDemoPredictor(await importDemoModel(session, demo), demo);
  // Method 1: by service id.
  const predictor_instance = new Predictor(session, deployed.service_id);
  const predictor_info = await predictor_instance.getServiceInfo();
  // Method 2: from the service object list.
  const predictor_object_list = await Predictor.getServiceObjectList(session);
  const first = predictor_object_list[0] as Predictor;
  return { predictor_info, first_info: await first.getServiceInfo() };
}

await runAsProgram(import.meta.url, serviceDetails);
