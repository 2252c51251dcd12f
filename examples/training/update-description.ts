/** Manual 8.1.5: change the description of a training job (nothing is returned). */
import { Estimator, type Session } from '@modelarts-ts/sdk';
import { prepareDemo, runAsProgram, submitDemoJob } from './common.js';

export async function updateDescription(session: Session) {
  const job_instance = await submitDemoJob(session, await prepareDemo(session), { name: 'describe' });

  // Method 1: use the specified job_id.
  const estimator = new Estimator(session, { job_id: job_instance.job_id });
  await estimator.updateJobConfigs({ description: 'update job description' });
  const first = (await estimator.getJobInfo()).metadata.description;

  // Method 2: use the training job created in Creating a Training Job.
  await job_instance.updateJobConfigs({ description: 'update job description fourth' });
  const second = (await job_instance.getJobInfo()).metadata.description;
  return { first, second };
}

await runAsProgram(import.meta.url, updateDescription);
