/**
 * Services: the list and a service's detail (per-config status, instances, weights, counters, monitor charts, events,
 * update history, the test panel), stop/start and delete.
 */
import type { ServiceDetail, ServiceListItem } from '@modelarts-ts/contract';
import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { formatTime } from '../components/format.js';
import { ActionButton, ErrorBox, Fields, Loading, PageHeader, useAsync } from '../components/page.js';
import { StatusBadge, statusTone } from '../components/status.js';
import { DataTable } from '../components/table.js';
import { SERVICE_SERVING, SERVICE_STATUSES, SERVICE_TERMINAL } from '../contract.js';
import { href, Link, navigate } from '../router.js';
import { formatCounters } from '../serving/monitor.js';
import type { PageProps } from './page.js';
import './console-pages.css';
import { ServiceMonitorCharts } from './services-monitor.js';
import { ServiceTestPanel } from './services-test-panel.js';

export function ServicesPage(props: PageProps) {
  const id = props.rest[0];
  return id ? <ServiceDetailView id={id} /> : <ServiceList />;
}

const settled = (status: string) => (SERVICE_TERMINAL as readonly string[]).includes(status);

function ServiceList() {
  const list = useAsync((signal) => call('services.list', { query: { limit: 1000, sort_by: 'publish_at', order: 'desc' }, signal }), [], {
    pollMs: 3000,
    poll: (d) => d.services.some((s) => !settled(s.status)),
  });
  return (
    <section>
      <PageHeader title="Services" />
      <ErrorBox error={list.error} />
      {list.data ? (
        <DataTable<ServiceListItem>
          label="Services"
          rows={list.data.services}
          rowKey={(s) => s.service_id}
          searchText={(s) => `${s.service_name} ${s.service_id}`}
          filter={{ label: 'Status', options: [...SERVICE_STATUSES], value: (s) => s.status }}
          empty="No services yet: deploy a model with the SDK (Model.deployPredictor) or `modelarts services deploy`."
          columns={[
            { title: 'Name', render: (s) => <Link href={href('services', s.service_id)}>{s.service_name}</Link>, sort: (s) => s.service_name },
            { title: 'Status', render: (s) => <StatusBadge status={s.status} />, sort: (s) => s.status },
            { title: 'Type', render: (s) => s.infer_type },
            { title: 'Calls', render: (s) => formatCounters(s.invocation_times, s.failed_times), sort: (s) => s.invocation_times },
            { title: 'Deployed', render: (s) => formatTime(s.publish_at), sort: (s) => s.publish_at },
          ]}
        />
      ) : list.error ? null : (
        <Loading />
      )}
    </section>
  );
}

type Tab = 'overview' | 'monitor' | 'events' | 'history' | 'test';
const TABS: Array<[Tab, string]> = [
  ['overview', 'Overview'],
  ['test', 'Test'],
  ['monitor', 'Monitor'],
  ['events', 'Events'],
  ['history', 'Update history'],
];

function ServiceDetailView(props: { id: string }) {
  const [tab, setTab] = useState<Tab>('overview');
  const [actionError, setActionError] = useState<unknown>();
  // Polled all along: the counters move with every call to the service, not only its status.
  const service = useAsync((signal) => call('services.get', { params: { service_id: props.id }, signal }), [props.id], { pollMs: 3000 });
  const s = service.data;
  const setStatus = (status: 'running' | 'stopped') => call('services.update', { params: { service_id: props.id }, body: { status } });
  return (
    <section>
      <PageHeader title={s ? s.service_name : 'Service'} back={<Link href={href('services')}>← Services</Link>}>
        {s && s.infer_type === 'real-time' && (SERVICE_SERVING as readonly string[]).includes(s.status) ? (
          <ActionButton
            label="Stop"
            confirm={`Stop service ${s.service_name}?`}
            run={() => setStatus('stopped')}
            onDone={service.reload}
            onError={setActionError}
          />
        ) : null}
        {s && (s.status === 'stopped' || s.status === 'failed') && s.infer_type === 'real-time' ? (
          <ActionButton label="Start" run={() => setStatus('running')} onDone={service.reload} onError={setActionError} />
        ) : null}
        {s ? (
          <ActionButton
            label="Delete"
            danger
            confirm={`Delete service ${s.service_name}?`}
            run={() => call('services.delete', { params: { service_id: props.id } })}
            onDone={() => navigate(href('services'))}
            onError={setActionError}
          />
        ) : null}
      </PageHeader>
      <ErrorBox error={actionError ?? service.error} />
      {s ? (
        <>
          <div class="tabs" role="tablist" aria-label="Service sections">
            {TABS.map(([t, title]) => (
              <button key={t} type="button" role="tab" aria-selected={tab === t} class={tab === t ? 'tab tab-active' : 'tab'} onClick={() => setTab(t)}>
                {title}
              </button>
            ))}
          </div>
          <div role="tabpanel">
            {tab === 'overview' ? <ServiceOverview s={s} /> : null}
            {tab === 'test' ? <ServiceTestPanel service={s} /> : null}
            {tab === 'monitor' ? <ServiceMonitorCharts serviceId={s.service_id} /> : null}
            {tab === 'events' ? <ServiceEvents serviceId={s.service_id} /> : null}
            {tab === 'history' ? <ServiceHistory serviceId={s.service_id} /> : null}
          </div>
        </>
      ) : service.error ? null : (
        <Loading />
      )}
    </section>
  );
}

function ServiceOverview(props: { s: ServiceDetail }) {
  const { s } = props;
  const monitor = useAsync((signal) => call('services.monitor', { params: { service_id: s.service_id }, signal }), [s.service_id], { pollMs: 5000 });
  const instances = (modelId: string) => {
    const m = monitor.data?.monitors.find((x) => x.model_id === modelId);
    return m ? `${m.model_running_instance_count} / ${m.model_instance_count} running` : '';
  };
  return (
    <>
      <Fields
        items={[
          ['Status', <StatusBadge key="s" status={s.status} />],
          ...(s.status === 'deploying' ? ([['Progress', `${s.progress}%`]] as Array<[string, string]>) : []),
          ...(s.error_msg ? ([['Failure reason', s.error_msg]] as Array<[string, string]>) : []),
          ['ID', <code key="id">{s.service_id}</code>],
          ['Type', s.infer_type],
          ['Access address', s.access_address ? <code key="a">{s.access_address}</code> : ''],
          ['Calls', formatCounters(s.invocation_times, s.failed_times)],
          ['Instances', monitor.data ? `${monitor.data.service_running_instance_count} / ${monitor.data.service_instance_count} running` : ''],
          ['Deployed', formatTime(s.publish_at)],
          ['Updated', formatTime(s.update_time)],
          ['Description', s.description],
        ]}
      />
      <h2>Models</h2>
      <DataTable
        label="Service configs"
        rows={s.config}
        rowKey={(c) => c.model_id}
        columns={[
          {
            title: 'Model',
            render: (c) => (
              <Link href={href('models', c.model_id)}>
                {c.model_name} {c.model_version}
              </Link>
            ),
          },
          { title: 'Status', render: (c) => <StatusBadge status={c.status} /> },
          { title: 'Weight', render: (c) => (c.weight === undefined ? '-' : `${c.weight}%`) },
          { title: 'Instances', render: (c) => `${c.instance_count}${instances(c.model_id) ? ` (${instances(c.model_id)})` : ''}` },
          { title: 'Flavor', render: (c) => c.specification },
        ]}
      />
    </>
  );
}

function ServiceEvents(props: { serviceId: string }) {
  const events = useAsync(
    (signal) => call('services.events', { params: { service_id: props.serviceId }, query: { limit: 1000, sort_by: 'occur_time', order: 'desc' }, signal }),
    [props.serviceId],
    { pollMs: 5000 },
  );
  return (
    <>
      <ErrorBox error={events.error} />
      {events.data ? (
        <DataTable
          label="Service events"
          rows={events.data.events}
          rowKey={(e) => `${e.occur_time}-${e.event_info}`}
          searchText={(e) => e.event_info}
          filter={{ label: 'Type', options: ['normal', 'abnormal'], value: (e) => e.event_type }}
          columns={[
            { title: 'Time', render: (e) => formatTime(e.occur_time), sort: (e) => e.occur_time },
            { title: 'Type', render: (e) => <StatusBadge status={e.event_type} /> },
            { title: 'Event', render: (e) => e.event_info },
          ]}
        />
      ) : events.error ? null : (
        <Loading />
      )}
    </>
  );
}

const RESULT_TONE = { SUCCESS: 'succeeded', FAIL: 'failed', RUNNING: 'running' } as const;

function ServiceHistory(props: { serviceId: string }) {
  const logs = useAsync((signal) => call('services.logs', { params: { service_id: props.serviceId }, signal }), [props.serviceId], { pollMs: 5000 });
  return (
    <>
      <ErrorBox error={logs.error} />
      {logs.data ? (
        <DataTable
          label="Update history"
          rows={logs.data.logs}
          rowKey={(l) => String(l.update_time)}
          columns={[
            { title: 'Time', render: (l) => formatTime(l.update_time), sort: (l) => l.update_time },
            { title: 'Result', render: (l) => <span class={`badge badge-${statusTone(RESULT_TONE[l.result])}`}>{l.result}</span> },
            {
              title: 'Models',
              render: (l) =>
                l.config.map((c) => `${c.model_name} ${c.model_version} ×${c.instance_count}${c.weight === undefined ? '' : ` (${c.weight}%)`}`).join(', '),
            },
          ]}
        />
      ) : logs.error ? null : (
        <Loading />
      )}
    </>
  );
}
