/** Manual 10.6: `Predictor.getServiceList`, all services, then by search criteria. */
import { Predictor, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { deployDemoPredictor, importDemoModel, jobName, prepareServing } from './common.js';

export async function listServices(session: Session) {
  const demo = await prepareServing(session);
  await deployDemoPredictor(await importDemoModel(session, demo), demo, { name: jobName('digit') });
  // Scenario 1: all services.
  const predictor_list = await Predictor.getServiceList(session);
  // Scenario 2: by search criteria.
  const digit = await Predictor.getServiceList(session, { service_name: 'digit', order: 'asc', offset: '0', infer_type: 'real-time' });
  console.log(digit);
  return { all: predictor_list.total_count, digit };
}

await runAsProgram(import.meta.url, listServices);
