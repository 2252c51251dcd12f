/** Manual 8.1.4: the details of a training job, by job id (method 1) or from the job instance (method 2). */
import { Estimator, type Session } from '@modelarts-ts/sdk';
import { prepareDemo, runAsProgram, submitDemoJob } from './common.js';

export async function jobDetails(session: Session) {
  const job_instance = await submitDemoJob(session, await prepareDemo(session), { name: 'details' });

  // Method 1: use the specified job_id.
  const estimator = new Estimator(session, { job_id: job_instance.job_id });
  const by_id = await estimator.getJobInfo();

  // Method 2: use the training job created in Creating a Training Job.
  const by_instance = await job_instance.getJobInfo();
  return { by_id, by_instance };
}

await runAsProgram(import.meta.url, jobDetails);
