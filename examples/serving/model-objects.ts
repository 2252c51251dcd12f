/** Manual 9.4: `Model.getModelObjectList`: a Model for every model (at most 150), each with the chapter's methods. */
import { Model, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { importDemoModel, jobName, prepareServing } from './common.js';

export async function modelObjects(session: Session) {
  const demo = await prepareServing(session);
  await importDemoModel(session, demo, { name: jobName('digit') });
  // Scenario 1: all model objects.
  const all = await Model.getModelObjectList(session);
  // Scenario 2: by search criteria.
  const model_object_list = await Model.getModelObjectList(session, { model_status: 'published', model_name: 'digit', order: 'desc' });
  return { all: all.length, digit_ids: model_object_list.map((m) => m.model_id) };
}

await runAsProgram(import.meta.url, modelObjects);
