/**
 * Manual 8.1.2.2: debug a distributed job with two workers on this machine (`train_instance_count: 2`), then submit
 * it as a remote two-node job. The workers of `train.py --dist` train on half the data each and average their
 * weights over TCP (MASTER_ADDR/MASTER_PORT), so the run proves the distributed environment works.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Estimator, InputData, OutputData, type Session, TrainingFiles } from '@modelarts-ts/sdk';
import { jobName, prepareDemo, runAsProgram } from './common.js';
import type { DebugOptions } from './debug-single-node.js';

export async function debugTwoNode(session: Session, o: DebugOptions = {}) {
  const demo = await prepareDemo(session);
  const base_bucket_path = `obs://${demo.bucket}/dis-train/cifar10-2/`;
  const base_local_path = `${mkdtempSync(join(tmpdir(), 'cifar10-2-'))}/`;

  // Step 2: the training data (obs_path is required for distributed debugging).
  const data_local = join(base_local_path, 'dataset/');
  const input_data = new InputData({ obs_path: demo.input, local_path: data_local, is_local_source: false });

  // Step 3: the training script.
  const code_dir = join(base_local_path, 'train/');
  await session.obs.downloadFile(`${demo.code_dir}train.py`, code_dir);
  const training_file = new TrainingFiles({ code_dir, boot_file: 'train.py', obs_path: `${base_bucket_path}train/` });

  // Step 4: the output.
  const output = new OutputData({ local_path: join(base_local_path, 'output/'), obs_path: `${base_bucket_path}output/` });

  // Step 7: the Estimator with two local workers.
  const parameters: Array<{ name: string; value?: string | number }> = [];
  parameters.push({ name: 'data_url', value: data_local });
  parameters.push({ name: 'output_dir', value: join(base_local_path, 'output/') });
  parameters.push({ name: 'epoc_num', value: 2 });
  // For a Boolean, the script declares parser.add_argument('--dist', action='store_true'); a name alone passes --dist.
  parameters.push({ name: 'dist' });
  const estimator = new Estimator(session, {
    training_files: training_file,
    outputs: [output],
    parameters,
    framework_type: 'PyTorch',
    train_instance_type: 'local',
    train_instance_count: 2,
    script_interpreter: 'python3',
    log_url: `${base_bucket_path}log/`,
    job_description: 'This is a image net train job',
  });

  // Step 8: start training.
  const local_job = await estimator.fit({ inputs: [input_data], job_name: 'cifar10-dis', ...(o.onLog ? { onLog: o.onLog } : {}) });
  const out = join(base_local_path, 'output');
  const local = {
    job_id: local_job.job_id,
    info: await local_job.getJobInfo(),
    model: JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { w: number; b: number; averaged_over: number; world_size: number },
    worker1: JSON.parse(readFileSync(join(out, 'model-rank-1.json'), 'utf8')) as { rank: number; env: Record<string, string | null> },
  };
  if (o.remote === false) return { local };

  // Step 10: a flavor that allows two nodes.
  const spec_list = await Estimator.getSpecList(session);
  const flavor = spec_list.flavors
    .filter((f) => f.flavor_type === 'CPU' && f.max_num >= 2)
    .sort((a, b) => a.flavor_info.cpu.core_num - b.flavor_info.cpu.core_num)[0]?.flavor_id;
  if (!flavor) throw new Error('no flavor of this platform allows two nodes');

  // Step 11: the remote two-node job.
  const remote_estimator = new Estimator(session, {
    training_files: training_file,
    outputs: [new OutputData({ obs_path: `${base_bucket_path}remote-output/`, name: 'output_dir' })],
    parameters: [{ name: 'epoc_num', value: 2 }, { name: 'dist' }],
    framework_type: 'PyTorch',
    train_instance_type: flavor,
    train_instance_count: 2,
    script_interpreter: 'python3',
    log_url: `${base_bucket_path}log/`,
    job_description: 'This is a image net train job',
  });
  const remote_job = await remote_estimator.fit({ inputs: [new InputData({ obs_path: demo.input, name: 'data_url' })], job_name: jobName('cifar10-dis-1') });
  const info = await remote_job.wait();
  return {
    local,
    remote: { job_id: remote_job.job_id, phase: info.status.phase, flavor, tasks: info.status.tasks, output: `${base_bucket_path}remote-output/` },
  };
}

await runAsProgram(import.meta.url, debugTwoNode);
