/** Overview: how many of each resource the project has, and the latest jobs, services and datasets. */
import type { ComponentChildren } from 'preact';
import { call } from '../api.js';
import { formatTime } from '../components/format.js';
import { ErrorBox, Loading, PageHeader, useAsync } from '../components/page.js';
import { StatusBadge } from '../components/status.js';
import { DATASET_STATUS } from '../contract.js';
import { listBuckets } from '../obs.js';
import { href, Link } from '../router.js';
import type { PageProps } from './page.js';

const LATEST = 5;

/** A dataset's numeric status as its name. */
export function datasetStatusName(status: number): string {
  return Object.entries(DATASET_STATUS).find(([, v]) => v === status)?.[0] ?? String(status);
}

async function load(signal: AbortSignal) {
  const opts = { signal };
  const [jobs, running, services, models, datasets, servers, buckets] = await Promise.allSettled([
    call('trainingJobs.search', { body: { offset: 0, limit: LATEST, sort_by: 'create_time', order: 'desc' }, ...opts }),
    call('trainingJobs.search', { body: { offset: 0, limit: 50, filters: [{ key: 'phase', operator: 'in', value: ['Running'] }] }, ...opts }),
    call('services.list', { query: { offset: 0, limit: LATEST, sort_by: 'publish_at', order: 'desc' }, ...opts }),
    call('models.list', { query: { offset: 0, limit: 1 }, ...opts }),
    call('datasets.list', { query: { offset: 0, limit: LATEST, sort_by: 'create_time', order: 'desc' }, ...opts }),
    call('liteServers.list', { query: { limit: 1 }, ...opts }),
    listBuckets(signal),
  ]);
  const ok = <T,>(r: PromiseSettledResult<T>) => (r.status === 'fulfilled' ? r.value : undefined);
  const errors = [jobs, running, services, models, datasets, servers, buckets].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  return {
    jobs: ok(jobs),
    running: ok(running),
    services: ok(services),
    models: ok(models),
    datasets: ok(datasets),
    servers: ok(servers),
    buckets: ok(buckets),
    error: errors[0],
  };
}

function Card(props: { label: string; count: number | undefined; to: string; note?: string }) {
  return (
    <Link class="card" href={props.to}>
      <span class="n">{props.count ?? '–'}</span>
      {props.label}
      {props.note ? <span class="muted"> · {props.note}</span> : null}
    </Link>
  );
}

function Latest(props: { title: string; to: string; children: ComponentChildren; empty: boolean }) {
  return (
    <section class="panel">
      <h2>
        <Link href={props.to}>{props.title}</Link>
      </h2>
      {props.empty ? <p class="muted">None yet.</p> : <ul class="latest">{props.children}</ul>}
    </section>
  );
}

export function OverviewPage(_props: PageProps) {
  const o = useAsync(load, [], { pollMs: 5000 });
  const d = o.data;
  if (!d) return <section>{o.error ? <ErrorBox error={o.error} /> : <Loading />}</section>;
  const servicesRunning = d.services?.services.filter((s) => s.status === 'running').length;
  return (
    <section>
      <PageHeader title="Overview" />
      <ErrorBox error={d.error} />
      <div class="cards">
        <Card
          label="Training jobs"
          count={d.jobs?.total}
          to={href('training-jobs')}
          note={d.running?.items.length ? `${d.running.items.length}${d.running.items.length === 50 ? '+' : ''} running` : undefined}
        />
        <Card label="Models" count={d.models?.total_count} to={href('models')} />
        <Card label="Services" count={d.services?.total_count} to={href('services')} note={servicesRunning ? `${servicesRunning} running` : undefined} />
        <Card label="Datasets" count={d.datasets?.total_number} to={href('datasets')} />
        <Card label="Lite Servers" count={d.servers?.total} to={href('lite-servers')} />
        <Card label="OBS buckets" count={d.buckets?.length} to={href('obs')} />
      </div>
      <div class="grid3">
        <Latest title="Latest training jobs" to={href('training-jobs')} empty={!d.jobs?.items.length}>
          {d.jobs?.items.map((j) => (
            <li key={j.metadata.id}>
              <Link href={href('training-jobs', j.metadata.id)}>{j.metadata.name}</Link> <StatusBadge status={j.status.phase} />
              <span class="muted"> {formatTime(j.metadata.create_time)}</span>
            </li>
          ))}
        </Latest>
        <Latest title="Latest services" to={href('services')} empty={!d.services?.services.length}>
          {d.services?.services.map((s) => (
            <li key={s.service_id}>
              <Link href={href('services', s.service_id)}>{s.service_name}</Link> <StatusBadge status={s.status} />
              <span class="muted"> {formatTime(s.update_time)}</span>
            </li>
          ))}
        </Latest>
        <Latest title="Latest datasets" to={href('datasets')} empty={!d.datasets?.datasets.length}>
          {d.datasets?.datasets.map((ds) => (
            <li key={ds.dataset_id}>
              <Link href={href('datasets', ds.dataset_id)}>{ds.dataset_name}</Link> <StatusBadge status={datasetStatusName(ds.status)} />
              <span class="muted"> {formatTime(ds.create_time)}</span>
            </li>
          ))}
        </Latest>
      </div>
    </section>
  );
}
