/**
 * The end-to-end tour of chapters 8–10: a training job fits y = w·x + b and writes a model package to OBS; the
 * package becomes a Model traced to its job (`source_job_id`); a real-time service answers predictions; batch
 * services score a folder of files and a CSV, writing their results next to each other in OBS.
 */
import { Estimator, InputData, Model, OutputData, type Session, TrainingFiles, TransformerConfig } from '@modelarts-ts/sdk';
import { runAsProgram } from '../training/common.js';
import { jobName, prepareServing, readText, request } from './common.js';
import { mapping_rule } from './deploy-transformer.js';

export async function tour(session: Session) {
  const demo = await prepareServing(session);
  const run = Date.now().toString(36);
  const output = `obs://${demo.bucket}/tour/${run}/output/`;

  // 1. Train: the job writes model/{model.json, config.json, customize_service.py} to its output.
  const estimator = new Estimator(session, {
    training_files: new TrainingFiles({ code_dir: demo.serving_code, boot_file: 'train_linear.py' }),
    outputs: [new OutputData({ obs_path: output, name: 'train_url' })],
    framework_type: 'PyTorch',
    framework_version: 'PyTorch-1.4.0-python3.6',
    train_instance_type: demo.flavor,
    train_instance_count: 1,
  });
  const job = await estimator.fit({ inputs: [new InputData({ obs_path: demo.input, name: 'data_url' })], job_name: jobName('tour-train'), wait: true });

  // 2. Register the package as a model traced to its job.
  const model = await Model.create(session, {
    model_name: jobName('tour_linear'),
    model_version: '1.0.0',
    source_location: output,
    source_job_id: job.job_id,
    model_type: 'MindSpore',
  });

  // 3. Serve it and predict.
  const predictor = await model.deployPredictor({
    service_name: jobName('tour-realtime'),
    configs: [{ model_id: model.model_id as string, weight: 100, instance_count: 2, specification: demo.flavor }],
  });
  const prediction = (await predictor.predict({ data: request(0, 1, 2), data_type: 'json' })) as {
    data: { resp_data: Array<{ x: number; predict_result: number }> };
  };

  // 4. Batch: a folder of files (one request per file), then a CSV (one request per row).
  const dest = `obs://${demo.bucket}/tour/${run}/batch/`;
  const batch = async (name: string, config: ConstructorParameters<typeof TransformerConfig>[0]) => {
    const t = await model.deployTransformer({ service_name: jobName(name), configs: [new TransformerConfig(config)] });
    return t.waitUntilFinished();
  };
  const common = { model_id: model.model_id as string, specification: demo.flavor, instance_count: 1, reg_uri: '/' };
  const files = await batch('tour-files', { ...common, src_path: demo.batch_files, dest_path: `${dest}files/`, mapping_type: 'file' });
  const csv = await batch('tour-csv', { ...common, src_path: demo.batch_csv, dest_path: `${dest}csv/`, mapping_type: 'csv', mapping_rule });
  await predictor.deleteService();

  const results = {
    'a.txt': JSON.parse(await readText(session, `${dest}files/infer-result/a.txt_result.txt`)) as unknown,
    'points.csv': (await readText(session, `${dest}csv/infer-result/points.csv_result.txt`)).trim().split('\n'),
  };
  return { job_id: job.job_id, model: await model.getModelInfo(), prediction, batch: { files: files.status, csv: csv.status }, results, dest };
}

await runAsProgram(import.meta.url, tour);
