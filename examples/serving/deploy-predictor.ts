/**
 * Manual 10.3, methods 1 and 2: deploy a real-time predictor (public pool, with an auto-stop schedule), then two
 * versions of the model behind one service with weights 70/30 and environment variables, and open a deployed
 * service by id.
 * Differences from the manual: no VPC or dedicated pool exists on ModelArts Local (they stay null, as in the manual's
 * defaults); the flavor is the demo's CPU flavor.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Predictor, Schedule, ServiceConfig, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { importDemoModel, jobName, prepareServing, request, writeModelPackage } from './common.js';

export async function deployPredictor(session: Session) {
  const demo = await prepareServing(session);
  const name = jobName('mxnet-model');
  const model_instance = await importDemoModel(session, demo, { name, version: '1.0.0' });

  // Method 2: deploy a real-time service predictor.
  const vpc_id = null; // (Optional) VPC of the service instances
  const subnet_network_id = null;
  const security_group_id = null;
  const configs = [new ServiceConfig({ model_id: model_instance.model_id as string, weight: '100', instance_count: 1, specification: demo.flavor })];
  const predictor_instance = await model_instance.deployPredictor({
    service_name: jobName('service_predictor_name'),
    infer_type: 'real-time',
    vpc_id,
    subnet_network_id,
    security_group_id,
    configs,
    schedule: [new Schedule({ op_type: 'stop', time_unit: 'HOURS', duration: 1 })], // (Optional) runtime duration
  });

  // Two versions of the model, 70/30 (the second version has other weights: y = 5x).
  const v2dir = writeModelPackage(mkdtempSync(join(tmpdir(), 'ma-v2-')), 5, 0);
  const v2location = `obs://${demo.bucket}/serving/linear-v2/`;
  await session.obs.copy(v2dir, v2location, { keep_last_dir: false });
  const model_v2 = await importDemoModel(session, demo, { name, version: '1.0.1', source_location: v2location });
  const envs = { model_name: 'mxnet-model-1', load_epoch: '0' };
  const weighted = await model_instance.deployPredictor({
    service_name: jobName('weighted'),
    configs: [
      new ServiceConfig({ model_id: model_instance.model_id as string, weight: '70', specification: demo.flavor, instance_count: 2, envs }),
      new ServiceConfig({ model_id: model_v2.model_id as string, weight: '30', specification: demo.flavor, instance_count: 2, envs }),
    ],
  });
  const answers = [];
  for (let i = 0; i < 20; i++) answers.push(await weighted.predict({ data: request(2), data_type: 'json' }));

  // Method 1: a deployed service, by id.
  const existing = new Predictor(session, predictor_instance.service_id);
  return {
    scheduled: await existing.getServiceInfo(),
    weighted: await weighted.getServiceInfo(),
    results: answers.map((a) => (a as { data: { resp_data: Array<{ predict_result: number }> } }).data.resp_data[0]?.predict_result),
  };
}

await runAsProgram(import.meta.url, deployPredictor);
