/**
 * Manual 8.1.1, example 2: create a training job from a custom image, started by a custom command.
 * ModelArts Local has no container runtime: the command runs on this host with `/bin/sh -c`, with
 * `/home/ma-user` standing for the job folder, and an event says the image was not used.
 */
import { Estimator, InputData, OutputData, type Session, TrainingFiles } from '@modelarts-ts/sdk';
import { jobName, prepareDemo, runAsProgram } from './common.js';

export async function createJobCustomImage(session: Session) {
  const demo = await prepareDemo(session);
  const parameters = [
    { name: 'mod', value: 'gpu' },
    { name: 'epoc_num', value: 2 },
  ];
  const estimator = new Estimator(session, {
    training_files: new TrainingFiles({ code_dir: demo.code_dir, boot_file: 'train.py' }),
    outputs: [new OutputData({ obs_path: `${demo.output}job_name_2/`, name: 'output_dir' })],
    parameters,
    user_image_url: 'sdk-test/pytorch1_4:1.0.1', // URL of the custom image
    user_command: 'python3 /home/ma-user/modelarts/user-job-dir/train/train.py', // Custom boot command
    train_instance_type: demo.flavor,
    train_instance_count: 1,
    log_url: `${demo.log}job_name_2/`,
    env_variables: { USER_ENV_VAR: 'customize environment variable' },
    working_dir: '/home/ma-user/modelarts/user-job-dir',
    local_code_dir: '/home/ma-user/modelarts/user-job-dir',
    job_description: 'This is an image net train job',
  });
  const job_instance = await estimator.fit({ inputs: [new InputData({ obs_path: demo.input, name: 'data_url' })], job_name: jobName('job_name_2') });
  const info = await job_instance.wait();
  const events = await session.client.trainingJobs.events(job_instance.job_id);
  return { job_id: job_instance.job_id, phase: info.status.phase, events: events.events.map((e) => e.message) };
}

await runAsProgram(import.meta.url, createJobCustomImage);
