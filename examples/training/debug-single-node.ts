/**
 * Manual 8.1.2.1: debug a training job on this machine (`train_instance_type: 'local'`), then submit the same code
 * as a remote job. Here "this machine" stands for the notebook and the remote job runs on ModelArts Local.
 * Differences from the manual: the remote step names its channels (the remote job gets its data from OBS through
 * `data_url`/`output_dir` instead of notebook paths), and it picks its flavor from `getSpecList`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Estimator, InputData, OutputData, type Session, TrainingFiles } from '@modelarts-ts/sdk';
import { jobName, prepareDemo, runAsProgram } from './common.js';

export interface DebugOptions {
  /** Also submit the remote job (step 10; default true). */
  remote?: boolean;
  /** Where the local job's log lines go (default: the console). */
  onLog?: (line: string) => void;
}

export async function debugSingleNode(session: Session, o: DebugOptions = {}) {
  // Step 1: replace the OBS paths with yours; here, the demo bucket of ModelArts Local.
  const demo = await prepareDemo(session);
  const base_bucket_path = `obs://${demo.bucket}/dis-train/cifar10/`;
  const base_local_path = `${mkdtempSync(join(tmpdir(), 'cifar10-'))}/`;

  // Step 2: training data. Format 1: a compressed file in OBS, unpacked into local_path.
  const data_local = join(base_local_path, 'dataset/');
  const input_data = new InputData({ obs_path: demo.input_zip, local_path: data_local, is_local_source: false });

  // Step 3: the training script, fetched from OBS into a local code folder.
  const code_dir = join(base_local_path, 'train/');
  await session.obs.downloadFile(`${demo.code_dir}train.py`, code_dir);
  const training_file = new TrainingFiles({ code_dir, boot_file: 'train.py', obs_path: `${base_bucket_path}train/` });

  // Step 4: the training output, uploaded to OBS after training.
  const output = new OutputData({ local_path: join(base_local_path, 'output/'), obs_path: `${base_bucket_path}output/` });

  // Step 5: the AI frameworks available.
  const frameworks = await Estimator.getFrameworkList(session);

  // Step 6: the Estimator, local.
  const parameters: Array<{ name: string; value?: string | number }> = [];
  parameters.push({ name: 'data_url', value: data_local });
  parameters.push({ name: 'output_dir', value: join(base_local_path, 'output/') });
  parameters.push({ name: 'epoc_num', value: 2 });
  const estimator = new Estimator(session, {
    training_files: training_file,
    outputs: [output],
    parameters,
    framework_type: 'PyTorch',
    train_instance_type: 'local',
    train_instance_count: 1,
    script_interpreter: 'python3',
    log_url: `${base_bucket_path}log/`,
    job_description: 'This is a image net train job',
  });

  // Step 7: start training. The SDK downloads the data, runs the script with its log on the console, uploads the
  // output and the log, and adds a time suffix to the job name.
  const local_job = await estimator.fit({ inputs: [input_data], job_name: 'cifar10-dis', ...(o.onLog ? { onLog: o.onLog } : {}) });
  const local = {
    job_id: local_job.job_id,
    name: (await local_job.getJobInfo()).metadata.name,
    phase: (await local_job.getJobInfo()).status.phase,
    model: JSON.parse(readFileSync(join(base_local_path, 'output', 'model.json'), 'utf8')) as { w: number; b: number },
  };
  if (o.remote === false) return { frameworks, local };

  // Step 9: the flavors, and how many nodes each allows.
  const spec_list = await Estimator.getSpecList(session);
  const flavor = spec_list.flavors.find((f) => f.flavor_type === 'CPU')?.flavor_id ?? demo.flavor;

  // Step 10: the same code as a remote job: the local code folder is uploaded to training_file.obs_path first.
  const remote_estimator = new Estimator(session, {
    training_files: training_file,
    outputs: [new OutputData({ obs_path: `${base_bucket_path}remote-output/`, name: 'output_dir' })],
    parameters: [{ name: 'epoc_num', value: 2 }],
    framework_type: 'PyTorch',
    train_instance_type: flavor,
    train_instance_count: 1,
    script_interpreter: 'python3',
    log_url: `${base_bucket_path}log/`,
    job_description: 'This is a image net train job',
  });
  const remote_job = await remote_estimator.fit({ inputs: [new InputData({ obs_path: demo.input_zip, name: 'data_url' })], job_name: jobName('cifar10-dis') });
  const info = await remote_job.wait();
  return { frameworks, local, remote: { job_id: remote_job.job_id, phase: info.status.phase, flavor, output: `${base_bucket_path}remote-output/` } };
}

await runAsProgram(import.meta.url, debugSingleNode);
