/** Manual 9.6: `deleteModel`, on a Model made by id and on one of `getModelObjectList`. */
import { Model, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { importDemoModel, jobName, prepareServing } from './common.js';

export async function deleteModel(session: Session) {
  const demo = await prepareServing(session);
  const name = jobName('to_delete');
  const a = await importDemoModel(session, demo, { name, version: '1.0.0' });
  await importDemoModel(session, demo, { name, version: '1.0.1' });
  // Method 1: a model by id.
  const model_instance = new Model(session, { model_id: a.model_id as string });
  await model_instance.deleteModel();
  // Method 2: a model of the object list.
  const model_object_list = await Model.getModelObjectList(session, { model_name: name });
  await (model_object_list[0] as Model).deleteModel();
  return { left: (await Model.getModelList(session, { model_name: name })).total_count };
}

await runAsProgram(import.meta.url, deleteModel);
