import { Estimator, Session } from '@modelarts-ts/sdk';

const session = await Session.local(); // a running ModelArts Local, or one started in-process
// const session = new Session({ access_key, secret_key, project_id, region_name: 'cn-north-4' });  // the cloud
await session.obs.makeBucket('demo'); // a bucket you already own is not an error
await session.obs.uploadDir('./my-code/', 'obs://demo/'); // the manual's chapter 6
const job = await new Estimator(session, {
  // chapter 8: a real process runs train.py
  training_files: { code_dir: 'obs://demo/my-code/', boot_file: 'train.py' },
  outputs: [{ obs_path: 'obs://demo/output/', name: 'train_url' }],
  train_instance_type: 'modelarts.vm.cpu.2u',
  train_instance_count: 1,
}).fit({ wait: true, show_log: true, job_name: `demo-job-${Date.now()}` }); // a job name is unique in a project
console.log(`job ${job.job_id}: ${(await job.getJobInfo()).status.phase}`);
await session.close();
