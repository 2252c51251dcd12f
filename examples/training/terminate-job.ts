/** Manual 8.1.7: terminate a training job (only creating, pending or running jobs can be terminated). */
import { Estimator, type Session } from '@modelarts-ts/sdk';
import { prepareDemo, runAsProgram, submitDemoJob } from './common.js';

export async function terminateJob(session: Session) {
  const demo = await prepareDemo(session);
  // Jobs that run long enough to be stopped.
  const first = await submitDemoJob(session, demo, { name: 'terminate-1', extra: [{ name: 'sleep', value: 120 }] });
  const job_instance = await submitDemoJob(session, demo, { name: 'terminate-2', extra: [{ name: 'sleep', value: 120 }] });

  // Method 1: use the specified job_id.
  const info = await Estimator.controlJobById(session, first.job_id);
  console.log(info.status);

  // Method 2: use the training job created in Creating a Training Job.
  const info2 = await job_instance.controlJob();
  return { method1: info, method2: info2 };
}

await runAsProgram(import.meta.url, terminateJob);
