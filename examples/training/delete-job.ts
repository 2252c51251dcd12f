/** Manual 8.1.6: delete a training job by id (method 1) or from the job instance (method 2). Nothing is returned. */
import { Estimator, type Session } from '@modelarts-ts/sdk';
import { prepareDemo, runAsProgram, submitDemoJob } from './common.js';

export async function deleteJob(session: Session) {
  const demo = await prepareDemo(session);
  const first = await submitDemoJob(session, demo, { name: 'delete-1' });
  const job_instance = await submitDemoJob(session, demo, { name: 'delete-2' });

  // Method 1: use the specified job_id.
  await Estimator.deleteJobById(session, first.job_id);

  // Method 2: use the training job created in Creating a Training Job.
  await job_instance.deleteJob();
  return { deleted: [first.job_id, job_instance.job_id] };
}

await runAsProgram(import.meta.url, deleteJob);
