/** Manual 10.7: `Predictor.getServiceObjectList`: a Predictor for every service. */
import { Predictor, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { deployDemoPredictor, importDemoModel, jobName, prepareServing } from './common.js';

export async function serviceObjects(session: Session) {
  const demo = await prepareServing(session);
  await deployDemoPredictor(await importDemoModel(session, demo), demo, { name: jobName('digit') });
  // Scenario 1: all service objects.
  const predictor_list_object_resp = await Predictor.getServiceObjectList(session);
  // Scenario 2: by search criteria.
  const predictor_object_list = await Predictor.getServiceObjectList(session, { service_name: 'digit', order: 'asc', offset: '0', infer_type: 'real-time' });
  return { all: predictor_list_object_resp.length, digit_ids: predictor_object_list.map((p) => p.service_id) };
}

await runAsProgram(import.meta.url, serviceObjects);
