/** Manual 10.9: `getServiceMonitor`: calls and CPU/memory per model. */
import { Predictor, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { deployDemoPredictor, importDemoModel, prepareServing, request } from './common.js';

export async function serviceMonitor(session: Session) {
  const demo = await prepareServing(session);
  const deployed = await deployDemoPredictor(await importDemoModel(session, demo), demo);
  await deployed.predict({ data: request(1), data_type: 'json' });
  // Method 1: by service id.
  const predictor_instance = new Predictor(session, deployed.service_id);
  const predictor_monitor = await predictor_instance.getServiceMonitor();
  console.log(predictor_monitor);
  // Method 2: from the object list.
  const predictor_object_list = await Predictor.getServiceObjectList(session, { service_id: deployed.service_id });
  return { predictor_monitor, again: await (predictor_object_list[0] as Predictor).getServiceMonitor() };
}

await runAsProgram(import.meta.url, serviceMonitor);
