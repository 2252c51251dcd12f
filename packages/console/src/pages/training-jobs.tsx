/** Training jobs: the list (phase filter, search) and, under `training-jobs/<id>`, one job's detail. */
import type { TrainingJob } from '@modelarts-ts/contract';
import { call } from '../api.js';
import { formatDuration, formatTime } from '../components/format.js';
import { ErrorBox, Loading, PageHeader, useAsync } from '../components/page.js';
import { StatusBadge } from '../components/status.js';
import { DataTable } from '../components/table.js';
import { TRAINING_PHASES, TRAINING_TERMINAL } from '../contract.js';
import { href, Link } from '../router.js';
import type { PageProps } from './page.js';
import { TrainingJobDetail } from './training-job-detail.js';

/** The search API pages by 50; the console shows up to this many jobs. */
const MAX_JOBS = 1000;

/** Every job of the project, newest first (page by page). */
export async function listTrainingJobs(signal?: AbortSignal, max = MAX_JOBS): Promise<TrainingJob[]> {
  const jobs: TrainingJob[] = [];
  for (let page = 0; jobs.length < max; page++) {
    const r = await call('trainingJobs.search', { body: { offset: page, limit: 50, sort_by: 'create_time', order: 'desc' }, ...(signal ? { signal } : {}) });
    jobs.push(...r.items);
    if (r.items.length < 50 || jobs.length >= r.total) break;
  }
  return jobs;
}

export const isTerminalJob = (j: TrainingJob) => (TRAINING_TERMINAL as readonly string[]).includes(j.status.phase);

/** How long a job has run: its recorded duration, or the time since it started while it runs. */
export function jobDuration(j: TrainingJob): number | undefined {
  if (j.status.duration) return j.status.duration;
  if (j.status.start_time && !isTerminalJob(j)) return Date.now() - j.status.start_time;
  return undefined;
}

export function TrainingJobsPage(props: PageProps) {
  const id = props.rest[0];
  return id ? <TrainingJobDetail id={id} /> : <TrainingJobList />;
}

function TrainingJobList() {
  const jobs = useAsync((signal) => listTrainingJobs(signal), [], { pollMs: 3000 });
  return (
    <section>
      <PageHeader title="Training jobs">
        <button type="button" class="btn" onClick={jobs.reload}>
          Refresh
        </button>
      </PageHeader>
      <ErrorBox error={jobs.error} />
      {jobs.data ? (
        <DataTable
          label="Training jobs"
          rows={jobs.data}
          rowKey={(j) => j.metadata.id}
          searchText={(j) => `${j.metadata.name} ${j.metadata.id} ${j.metadata.description}`}
          filter={{ label: 'Phase', options: [...TRAINING_PHASES], value: (j) => j.status.phase }}
          empty="No training jobs yet: submit one with the SDK (Estimator.fit) or `modelarts jobs submit`."
          columns={[
            {
              title: 'Name',
              render: (j) => <Link href={href('training-jobs', j.metadata.id)}>{j.metadata.name}</Link>,
              sort: (j) => j.metadata.name,
            },
            { title: 'Status', render: (j) => <StatusBadge status={j.status.phase} />, sort: (j) => j.status.phase },
            { title: 'Created', render: (j) => formatTime(j.metadata.create_time), sort: (j) => j.metadata.create_time },
            { title: 'Duration', render: (j) => formatDuration(jobDuration(j)), sort: (j) => jobDuration(j) ?? 0 },
            { title: 'Flavor', render: (j) => j.spec.resource?.flavor_id ?? '-' },
            { title: 'Description', render: (j) => j.metadata.description || '-' },
          ]}
        />
      ) : jobs.error ? null : (
        <Loading />
      )}
    </section>
  );
}
