/**
 * Manual 9.2: import a model. Method 2 creates one from an OBS package with its execution code, runtime and
 * dependencies (Dependencies/Packages); method 1 opens an existing model by id.
 * Differences from the manual: the package is the demo's linear model (MindSpore type, stdlib code); the dependency
 * list is empty so that nothing is installed from the network (add `Packages` the same way for real packages).
 */
import { Dependencies, Model, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { jobName, prepareServing } from './common.js';

export async function importModel(session: Session) {
  const demo = await prepareServing(session);
  // Method 2: create a model.
  const model_location = demo.model_location; // OBS path to the model package
  const execution_code = `${model_location}model/customize_service.py`;
  const runtime = 'python3.7';
  const packages: Array<{ package_name: string; package_version?: string; restraint?: 'EXACT' | 'ATLEAST' | 'ATMOST' }> = [];
  const dependencies = [new Dependencies({ installer: 'pip', packages })];
  const created = await Model.create(session, {
    model_name: jobName('input_model_name'), // (Optional) Model name
    model_version: '1.0.0', // Model version
    source_location: model_location, // OBS path to the model package
    model_type: 'MindSpore', // Model type
    execution_code, // (Optional) OBS path to the execution script
    runtime, // (Optional) Supported runtime environment
    dependencies,
  });

  // Method 1: initialize an existing model.
  const model_instance = new Model(session, { model_id: created.model_id as string });
  return model_instance.getModelInfo();
}

await runAsProgram(import.meta.url, importModel);
