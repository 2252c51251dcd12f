/** Manual 8.1.9: the runtime metrics of a training job (`cpuUsage`, `memUsage`: one average per minute). */
import { Estimator, type Session } from '@modelarts-ts/sdk';
import { prepareDemo, runAsProgram, submitDemoJob } from './common.js';

export async function jobMetrics(session: Session) {
  const job_instance = await submitDemoJob(session, await prepareDemo(session), { name: 'metrics', extra: [{ name: 'sleep', value: 2 }] });
  await job_instance.wait();

  // Method 1: use the specified job_id.
  const estimator = new Estimator(session, { job_id: job_instance.job_id });
  const info = await estimator.getJobMetrics();

  // Method 2: use the training job created in Creating a Training Job.
  const info2 = await job_instance.getJobMetrics({ task_id: 'worker-0' });
  return { info, info2 };
}

await runAsProgram(import.meta.url, jobMetrics);
