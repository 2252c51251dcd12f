/** Manual 8.1.8: obtain training logs (`{content, current_size, full_size}`), plus following a live job's log. */
import { Estimator, type Session } from '@modelarts-ts/sdk';
import { prepareDemo, runAsProgram, submitDemoJob } from './common.js';

export async function jobLogs(session: Session) {
  const job_instance = await submitDemoJob(session, await prepareDemo(session), { name: 'logs' });

  // Beyond the manual: the log line by line while the job runs; the loop ends when the job does.
  const followed: string[] = [];
  for await (const line of job_instance.logs({ follow: true })) followed.push(line);

  // Method 1: use the specified job_id (task_id defaults to worker-0).
  const estimator = new Estimator(session, { job_id: job_instance.job_id });
  const info = await estimator.getJobLog();

  // Method 2: use the training job created in Creating a Training Job.
  const log = await job_instance.getJobLog({ task_id: 'worker-0' });
  return { info, log, followed };
}

await runAsProgram(import.meta.url, jobLogs);
