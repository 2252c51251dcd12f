/**
 * Manual 10.3, method 3: a batch service (transformer) over an OBS folder, one request per file
 * (`mapping_type: 'file'`), and over a CSV, one request per row (`mapping_type: 'csv'` with a `mapping_rule` that
 * puts column 0 at `data.req_data[0].x`). Results land under `dest_path`: `infer-result/<file>_result.txt` and a
 * manifest `infer-result-<task>.manifest`.
 */
import { type Session, TransformerConfig } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { importDemoModel, jobName, prepareServing } from './common.js';

/** The request schema of config.json with the CSV column of each leaf. */
export const mapping_rule = {
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: { req_data: { type: 'array', items: [{ type: 'object', properties: { x: { type: 'number', index: 0 } } }] } },
    },
  },
};

export async function deployTransformer(session: Session) {
  const demo = await prepareServing(session);
  const model_instance = await importDemoModel(session, demo);
  const out = `obs://${demo.bucket}/serving/batch-out/${Date.now().toString(36)}/`;
  const envs = { model_name: 'linear', load_epoch: '0' };

  const files = await model_instance.deployTransformer({
    service_name: jobName('service_transformer_name'),
    infer_type: 'batch',
    configs: [
      new TransformerConfig({
        model_id: model_instance.model_id as string,
        specification: demo.flavor,
        instance_count: 2,
        src_path: demo.batch_files, // OBS path to the input of the batch task
        dest_path: `${out}files/`, // OBS path to the output of the batch task
        reg_uri: '/',
        mapping_type: 'file',
        mapping_rule: null,
        envs,
      }),
    ],
  });
  const csv = await model_instance.deployTransformer({
    service_name: jobName('csv_transformer'),
    infer_type: 'batch',
    configs: [
      new TransformerConfig({
        model_id: model_instance.model_id as string,
        specification: demo.flavor,
        instance_count: 1,
        src_path: demo.batch_csv,
        dest_path: `${out}csv/`,
        reg_uri: '/',
        mapping_type: 'csv',
        mapping_rule,
      }),
    ],
  });
  return { files: await files.waitUntilFinished(), csv: await csv.waitUntilFinished(), dest_path: out };
}

await runAsProgram(import.meta.url, deployTransformer);
