/** Manual 8.1.3: obtain training jobs. `offset` counts records (Table 8-8). */
import { Estimator, type Session } from '@modelarts-ts/sdk';
import { runAsProgram } from './common.js';

export async function listJobs(session: Session) {
  const job_list = await Estimator.getJobList(session, { offset: 0, limit: 5, sort_by: 'create_time', order: 'asc' });
  console.log(`${job_list.total} jobs, this page: ${job_list.items.map((j) => j.metadata.name).join(', ')}`);
  return job_list;
}

await runAsProgram(import.meta.url, listJobs);
