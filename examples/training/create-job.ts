/**
 * Manual 8.1.1, example 1: create a training job with a common AI engine (framework_type + framework_version).
 * Differences from the manual: a CPU flavor of ModelArts Local instead of `modelarts.p3.large.public`, a unique job
 * name, and a wait at the end so the program can show the trained model.
 */
import { Estimator, InputData, OutputData, type Session, TrainingFiles } from '@modelarts-ts/sdk';
import { jobName, prepareDemo, runAsProgram } from './common.js';

export async function createJob(session: Session) {
  const demo = await prepareDemo(session);
  // Parameters received in the training script (set based on the site requirements):
  const parameters = [
    { name: 'mod', value: 'gpu' },
    { name: 'epoc_num', value: 2 },
  ];
  const estimator = new Estimator(session, {
    training_files: new TrainingFiles({ code_dir: demo.code_dir, boot_file: 'train.py' }),
    outputs: [new OutputData({ obs_path: `${demo.output}job_name_1/`, name: 'output_dir' })],
    parameters,
    framework_type: 'PyTorch', // Common AI engine
    framework_version: 'PyTorch-1.4.0-python3.6', // Version of the AI engine
    train_instance_type: demo.flavor,
    train_instance_count: 1,
    log_url: `${demo.log}job_name_1/`,
    env_variables: { USER_ENV_VAR: 'customize environment variable' },
    working_dir: '/home/ma-user/modelarts/user-job-dir',
    local_code_dir: '/home/ma-user/modelarts/user-job-dir',
    job_description: 'This is an image net train job',
  });
  const job_instance = await estimator.fit({ inputs: [new InputData({ obs_path: demo.input, name: 'data_url' })], job_name: jobName('job_name_1') });
  console.log(`job_id: ${job_instance.job_id}`);

  const info = await job_instance.wait();
  const model = await session.obs.read(`${demo.output}job_name_1/model.json`);
  let text = '';
  for await (const chunk of model) text += chunk;
  return { job_id: job_instance.job_id, phase: info.status.phase, model: JSON.parse(text) as { w: number; b: number; epochs: number } };
}

await runAsProgram(import.meta.url, createJob);
