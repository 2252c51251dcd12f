/** Manual 9.5: `getModelInfo`, from a Model made by id and from one of `getModelObjectList`. */
import { Model, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { importDemoModel, prepareServing } from './common.js';

export async function modelDetails(session: Session) {
  const demo = await prepareServing(session);
  const imported = await importDemoModel(session, demo);
  // Method 1: from a model id.
  const model_instance = new Model(session, { model_id: imported.model_id as string });
  const model_info = await model_instance.getModelInfo();
  // Method 2: from the model object list.
  const model_object_list = await Model.getModelObjectList(session);
  const first = model_object_list[0] as Model;
  return { model_info, first_info: await first.getModelInfo() };
}

await runAsProgram(import.meta.url, modelDetails);
