/**
 * scikit-learn end to end: a training job fits a classifier on the iris data and writes a package (model.pkl saved
 * with joblib, config.json, customize_service.py on `XgSklServingBaseService`); the package is imported as a
 * `Scikit_Learn` model and served; predictions name the species.
 * Needs an interpreter with scikit-learn for the `XGBoost-Sklearn` engine and the `Scikit_Learn` model type
 * (ModelArts Local: `MODELARTS_LOCAL_ENGINE_INTERPRETERS`); `scripts/conformance/sklearn-serving.sh` sets it up.
 */
import { join } from 'node:path';
import { Estimator, Model, OutputData, type Session, TrainingFiles } from '@modelarts-ts/sdk';
import { examplesRoot, runAsProgram } from '../../training/common.js';
import { jobName } from '../common.js';

/** Three iris flowers, one of each species, and what they are. */
const SAMPLES = [
  { row: { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }, species: 'setosa' },
  { row: { sepal_length: 6.4, sepal_width: 3.2, petal_length: 4.5, petal_width: 1.5 }, species: 'versicolor' },
  { row: { sepal_length: 6.3, sepal_width: 3.3, petal_length: 6.0, petal_width: 2.5 }, species: 'virginica' },
];

export async function sklearnServing(session: Session, bucket = process.env.EXAMPLES_BUCKET ?? 'modelarts-ts-examples') {
  await session.obs.makeBucket(bucket);
  const code = `obs://${bucket}/sklearn/code/`;
  const output = `obs://${bucket}/sklearn/${Date.now().toString(36)}/output/`;
  await session.obs.copy(join(examplesRoot(), 'serving', 'sklearn', 'code'), code, { keep_last_dir: false });

  const job = await new Estimator(session, {
    training_files: new TrainingFiles({ code_dir: code, boot_file: 'train_sklearn.py' }),
    outputs: [new OutputData({ obs_path: output, name: 'train_url' })],
    framework_type: 'XGBoost-Sklearn',
    framework_version: 'XGBoost-0.80-Sklearn-0.18.1-python3.6',
    train_instance_type: 'modelarts.vm.cpu.2u',
    train_instance_count: 1,
  }).fit({ job_name: jobName('sklearn-iris'), wait: true });
  const log = (await job.getJobLog()).content;

  const model = await Model.create(session, {
    model_name: jobName('sklearn_iris'),
    model_version: '1.0.0',
    source_location: output,
    source_job_id: job.job_id,
    model_type: 'Scikit_Learn',
  });
  const predictor = await model.deployPredictor({
    configs: [{ model_id: model.model_id as string, weight: 100, instance_count: 1, specification: 'modelarts.vm.cpu.2u' }],
  });
  try {
    const answer = (await predictor.predict({ data: { data: { req_data: SAMPLES.map((s) => s.row) } }, data_type: 'json' })) as {
      data: { resp_data: Array<{ predict_result: string }> };
    };
    const predicted = answer.data.resp_data.map((r) => r.predict_result);
    const expected = SAMPLES.map((s) => s.species);
    if (predicted.join() !== expected.join()) throw new Error(`predicted ${predicted.join(', ')}; expected ${expected.join(', ')}`);
    return { job_id: job.job_id, accuracy: /test accuracy ([\d.]+)/.exec(log)?.[1], model_id: model.model_id, predicted };
  } finally {
    await predictor.deleteService();
  }
}

await runAsProgram(import.meta.url, sklearnServing);
