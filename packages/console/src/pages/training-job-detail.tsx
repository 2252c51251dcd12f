/** One training job: its definition, events, the log of each worker (following while it runs), CPU and memory charts. */
import type { TrainingJob } from '@modelarts-ts/contract';
import { useEffect, useState } from 'preact/hooks';
import { call } from '../api.js';
import { LineChart } from '../components/chart.js';
import { formatDuration, formatTime } from '../components/format.js';
import { LogViewer } from '../components/log-viewer.js';
import { ActionButton, ErrorBox, Fields, Loading, PageHeader, useAsync } from '../components/page.js';
import { StatusBadge } from '../components/status.js';
import { DataTable } from '../components/table.js';
import { TRAINING_TERMINABLE } from '../contract.js';
import { href, Link, navigate } from '../router.js';
import { folderHref } from './obs.js';
import { isTerminalJob, jobDuration } from './training-jobs.js';

const JOB_POLL_MS = 2000;
const LOG_POLL_MS = 1000;

export function TrainingJobDetail(props: { id: string }) {
  const [actionError, setActionError] = useState<unknown>();
  const job = useAsync((signal) => call('trainingJobs.get', { params: { training_job_id: props.id }, signal }), [props.id], {
    pollMs: JOB_POLL_MS,
    poll: (j) => !isTerminalJob(j),
  });
  const j = job.data;
  const back = <Link href={href('training-jobs')}>← Training jobs</Link>;
  if (!j) {
    return (
      <section>
        <PageHeader title="Training job" back={back} />
        {job.error ? <ErrorBox error={job.error} /> : <Loading />}
      </section>
    );
  }
  const running = !isTerminalJob(j);
  return (
    <section>
      <PageHeader title={j.metadata.name} back={back}>
        <StatusBadge status={j.status.phase} />
        <ActionButton
          label="Stop"
          confirm={`Stop training job ${j.metadata.name}?`}
          disabled={!(TRAINING_TERMINABLE as readonly string[]).includes(j.status.phase)}
          run={() => call('trainingJobs.action', { params: { training_job_id: j.metadata.id }, body: { action_type: 'terminate' } })}
          onDone={job.reload}
          onError={setActionError}
        />
        <ActionButton
          label="Delete"
          danger
          confirm={`Delete training job ${j.metadata.name}? Its logs and files go too.`}
          run={() => call('trainingJobs.delete', { params: { training_job_id: j.metadata.id } })}
          onDone={() => navigate(href('training-jobs'))}
          onError={setActionError}
        />
      </PageHeader>
      <ErrorBox error={actionError ?? job.error} />
      <JobOverview job={j} />
      <h2>Logs and resource usage</h2>
      <Tasks job={j} running={running} />
      <JobDefinition job={j} />
      <h2>Events</h2>
      <Events id={j.metadata.id} running={running} />
    </section>
  );
}

function JobOverview(props: { job: TrainingJob }) {
  const { metadata: m, status: s, spec, algorithm: a } = props.job;
  return (
    <div class="panel">
      <Fields
        items={[
          ['ID', <code key="id">{m.id}</code>],
          ['Phase', `${s.phase} (${s.secondary_phase})`],
          ['Created', formatTime(m.create_time)],
          ['Started', formatTime(s.start_time)],
          ['Duration', formatDuration(jobDuration(props.job))],
          ['Flavor', spec.resource?.flavor_id],
          ['Nodes', String(spec.resource?.node_count ?? 1)],
          ['Engine', a.engine ? [a.engine.engine_name, a.engine.engine_version].filter(Boolean).join(' ') || a.engine.image_url : undefined],
          ['Code dir', a.code_dir],
          ['Boot file', a.boot_file ?? a.command],
          ['Description', m.description],
          ['Exit', s.task_statuses.map((t) => `${t.task}: ${t.exit_code}${t.message ? ` (${t.message})` : ''}`).join(', ')],
        ]}
      />
    </div>
  );
}

function JobDefinition(props: { job: TrainingJob }) {
  const a = props.job.algorithm;
  const params = a.parameters ?? [];
  const channels = [
    ...(a.inputs ?? []).map((c) => ({
      dir: 'input',
      name: c.name,
      where: c.remote.obs?.obs_url ?? (c.remote.dataset ? `dataset ${c.remote.dataset.id}` : '-'),
      local: c.local_dir,
    })),
    ...(a.outputs ?? []).map((c) => ({ dir: 'output', name: c.name, where: c.remote.obs.obs_url, local: c.local_dir })),
  ];
  return (
    <>
      <h2>Parameters</h2>
      <DataTable
        label="Parameters"
        rows={params}
        rowKey={(p) => p.name}
        empty="No hyperparameters."
        columns={[
          { title: 'Name', render: (p) => <code>{p.name}</code> },
          { title: 'Value', render: (p) => (p.constraint?.sensitive ? '••••' : (p.value ?? '-')) },
          { title: 'Description', render: (p) => p.description ?? '-' },
        ]}
      />
      <h2>Inputs and outputs</h2>
      <DataTable
        label="Inputs and outputs"
        rows={channels}
        rowKey={(c) => `${c.dir}/${c.name}`}
        empty="No data channels."
        columns={[
          { title: 'Channel', render: (c) => c.dir },
          { title: 'Name', render: (c) => <code>{c.name}</code> },
          { title: 'OBS', render: (c) => <ObsLink url={c.where} /> },
          { title: 'Local dir', render: (c) => c.local ?? '-' },
        ]}
      />
    </>
  );
}

/** An `obs://bucket/key` location as a link into the OBS page. */
function ObsLink(props: { url: string }) {
  const m = /^(?:obs|s3):\/\/([^/]+)\/?(.*)$/.exec(props.url);
  if (!m) return <span>{props.url}</span>;
  const [, bucket = '', key = ''] = m;
  const folder = key.endsWith('/') || key === '' ? key : key.slice(0, key.lastIndexOf('/') + 1);
  return <Link href={folderHref(bucket, folder)}>{props.url}</Link>;
}

function Tasks(props: { job: TrainingJob; running: boolean }) {
  const tasks = props.job.status.tasks.length ? props.job.status.tasks : ['worker-0'];
  const [task, setTask] = useState(tasks[0] ?? 'worker-0');
  return (
    <div>
      {tasks.length > 1 ? (
        <div class="tabs" role="tablist" aria-label="Workers">
          {tasks.map((t) => (
            <button key={t} type="button" role="tab" aria-selected={t === task} onClick={() => setTask(t)}>
              {t}
            </button>
          ))}
        </div>
      ) : null}
      <TaskLog id={props.job.metadata.id} task={task} running={props.running} />
      <TaskMetrics id={props.job.metadata.id} task={task} running={props.running} startTime={props.job.status.start_time} />
    </div>
  );
}

/** The newest part of a worker's log, fetched again every second while the job runs (and once more when it ends). */
function TaskLog(props: { id: string; task: string; running: boolean }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const ac = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const r = await call('trainingJobs.logPreview', { params: { training_job_id: props.id, task_id: props.task }, signal: ac.signal });
        setText(r.content);
        setError(undefined);
      } catch (e) {
        if (!ac.signal.aborted) setError(e);
      }
      if (props.running && !ac.signal.aborted) timer = setTimeout(load, LOG_POLL_MS);
    };
    void load();
    return () => {
      ac.abort();
      clearTimeout(timer);
    };
  }, [props.id, props.task, props.running]);
  return (
    <div>
      {error && !text ? <p class="muted">The log is not available yet.</p> : null}
      <LogViewer text={text} label={`Log of ${props.task}`} live={props.running} />
    </div>
  );
}

/** CPU and memory of a worker: the platform averages them per minute since the job started (-1: no sample that minute). */
function TaskMetrics(props: { id: string; task: string; running: boolean; startTime: number }) {
  const m = useAsync(
    (signal) => call('trainingJobs.metrics', { params: { training_job_id: props.id, task_id: props.task }, signal }),
    [props.id, props.task, props.running],
    {
      pollMs: 2000,
      poll: () => props.running,
    },
  );
  const series = (name: string) => (m.data?.metrics.find((x) => x.metric === name)?.value ?? []).map((v) => (v < 0 ? null : v));
  const cpu = series('cpuUsage');
  const mem = series('memUsage');
  const start = Math.floor((props.startTime || Date.now()) / 1000);
  const x = (n: number) => Array.from({ length: n }, (_, i) => start + i * 60);
  return (
    <div class="grid2 charts">
      <LineChart title="CPU usage (per-minute average)" x={x(cpu.length)} time series={[{ label: 'cpuUsage', values: cpu }]} unit="%" />
      <LineChart title="Memory usage (per-minute average)" x={x(mem.length)} time series={[{ label: 'memUsage', values: mem }]} unit="%" />
    </div>
  );
}

function Events(props: { id: string; running: boolean }) {
  const ev = useAsync(
    (signal) => call('trainingJobs.events', { params: { training_job_id: props.id }, query: { limit: 100, order: 'asc' }, signal }),
    [props.id, props.running],
    {
      pollMs: 3000,
      poll: () => props.running,
    },
  );
  if (!ev.data) return ev.error ? <ErrorBox error={ev.error} /> : <Loading />;
  return (
    <DataTable
      label="Events"
      rows={ev.data.events}
      rowKey={(e, i) => `${i}|${e.time}`}
      searchText={(e) => `${e.message} ${e.source}`}
      columns={[
        { title: 'Time', render: (e) => formatTime(e.time) },
        { title: 'Level', render: (e) => e.level },
        { title: 'Source', render: (e) => e.source },
        { title: 'Message', render: (e) => e.message },
      ]}
    />
  );
}
