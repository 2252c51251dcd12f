/** Manual 10.10: `getServiceLogs`: the update history of a service (each deployment and change, with its result). */
import { Predictor, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { deployDemoPredictor, importDemoModel, prepareServing } from './common.js';

export async function serviceLogs(session: Session) {
  const demo = await prepareServing(session);
  const deployed = await deployDemoPredictor(await importDemoModel(session, demo), demo);
  // Method 1: by service id.
  const predictor_instance = new Predictor(session, deployed.service_id);
  const predictor_log = await predictor_instance.getServiceLogs();
  console.log(predictor_log);
  // The events behind the deployment (not in the manual's SDK, part of the REST API).
  const events = await predictor_instance.getServiceEvents({ order: 'asc' });
  return { predictor_log, events: events.events.map((e) => e.event_info) };
}

await runAsProgram(import.meta.url, serviceLogs);
