/** Manual 9.3: `Model.getModelList`, all models, then by search criteria. */
import { Model, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { importDemoModel, jobName, prepareServing } from './common.js';

export async function listModels(session: Session) {
  const demo = await prepareServing(session);
  await importDemoModel(session, demo, { name: jobName('digit') });
  // Scenario 1: all models of the user.
  const all = await Model.getModelList(session);
  // Scenario 2: by search criteria.
  const model_list = await Model.getModelList(session, { model_status: 'published', model_name: 'digit', order: 'desc' });
  console.log(model_list);
  return { all: all.total_count, digit: model_list };
}

await runAsProgram(import.meta.url, listModels);
