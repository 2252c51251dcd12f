/** Lite Servers: the list with each server's status and the actions its status allows, and a server's detail. */
import type { LiteServer } from '@modelarts-ts/contract';
import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { formatTime } from '../components/format.js';
import { ActionButton, ErrorBox, Fields, Loading, PageHeader, useAsync } from '../components/page.js';
import { StatusBadge } from '../components/status.js';
import { DataTable } from '../components/table.js';
import { LITE_SERVER_TRANSIENT, LITE_SERVER_TRANSITIONS } from '../contract.js';
import { allowedActions, type ConsoleLiteAction } from '../lite-servers/actions.js';
import { href, Link, navigate } from '../router.js';
import type { PageProps } from './page.js';
import './console-pages.css';

export function LiteServersPage(props: PageProps) {
  const id = props.rest[0];
  return id ? <LiteServerDetail id={id} /> : <LiteServerList />;
}

const moving = (s: LiteServer) => (LITE_SERVER_TRANSIENT as readonly string[]).includes(s.status);

const LABELS: Record<ConsoleLiteAction, string> = { start: 'Start', stop: 'Stop', reboot: 'Reboot', delete: 'Delete' };

function act(action: ConsoleLiteAction, id: string): Promise<unknown> {
  switch (action) {
    case 'start':
      return call('liteServers.start', { params: { id }, body: {} });
    case 'stop':
      return call('liteServers.stop', { params: { id } });
    case 'reboot':
      return call('liteServers.reboot', { params: { id } });
    case 'delete':
      return call('liteServers.delete', { params: { id } });
  }
}

/** The buttons of the actions a server's status allows (none while an operation runs). */
function Actions(props: { server: LiteServer; onDone: (action: ConsoleLiteAction) => void; onError: (e: unknown) => void }) {
  const s = props.server;
  const actions = allowedActions(s.status, LITE_SERVER_TRANSITIONS);
  if (actions.length === 0) return <span class="muted">{moving(s) ? 'in progress…' : '-'}</span>;
  return (
    <span class="row-actions">
      {actions.map((a) => (
        <ActionButton
          key={a}
          label={LABELS[a]}
          danger={a === 'delete'}
          confirm={a === 'delete' || a === 'stop' || a === 'reboot' ? `${LABELS[a]} server ${s.name}?` : undefined}
          run={() => act(a, s.id)}
          onDone={() => props.onDone(a)}
          onError={props.onError}
        />
      ))}
    </span>
  );
}

function LiteServerList() {
  const [error, setError] = useState<unknown>();
  const list = useAsync((signal) => call('liteServers.list', { query: { limit: 1024 }, signal }), [], { pollMs: 2000, poll: (d) => d.data.some(moving) });
  return (
    <section>
      <PageHeader title="Lite Servers" />
      <ErrorBox error={error ?? list.error} />
      {list.data ? (
        <DataTable<LiteServer>
          label="Lite Servers"
          rows={list.data.data}
          rowKey={(s) => s.id}
          searchText={(s) => `${s.name} ${s.id} ${s.flavor}`}
          filter={{ label: 'Status', options: [...new Set(list.data.data.map((s) => s.status))].sort(), value: (s) => s.status }}
          empty="No Lite Servers: create one with the SDK (ServerManagement.create) or `modelarts servers create`."
          columns={[
            { title: 'Name', render: (s) => <Link href={href('lite-servers', s.id)}>{s.name}</Link>, sort: (s) => s.name },
            { title: 'Status', render: (s) => <StatusBadge status={s.status} />, sort: (s) => s.status },
            { title: 'Flavor', render: (s) => s.flavor },
            { title: 'Image', render: (s) => s.image.name },
            { title: 'Billing', render: (s) => s.charging_mode },
            { title: 'Created', render: (s) => formatTime(s.create_at), sort: (s) => s.create_at },
            {
              title: 'Actions',
              render: (s) => (
                <Actions
                  server={s}
                  onDone={() => {
                    setError(undefined);
                    list.reload();
                  }}
                  onError={setError}
                />
              ),
            },
          ]}
        />
      ) : list.error ? null : (
        <Loading />
      )}
    </section>
  );
}

function LiteServerDetail(props: { id: string }) {
  const [error, setError] = useState<unknown>();
  const server = useAsync((signal) => call('liteServers.get', { params: { id: props.id }, signal }), [props.id], { pollMs: 2000, poll: moving });
  const s = server.data;
  return (
    <section>
      <PageHeader title={s ? s.name : 'Lite Server'} back={<Link href={href('lite-servers')}>← Lite Servers</Link>}>
        {s ? <Actions server={s} onDone={(a) => (a === 'delete' ? navigate(href('lite-servers')) : server.reload())} onError={setError} /> : null}
      </PageHeader>
      <ErrorBox error={error ?? server.error} />
      {s ? (
        <>
          <Fields
            items={[
              ['Status', <StatusBadge key="s" status={s.status} />],
              ['ID', <code key="id">{s.id}</code>],
              ['Flavor', s.flavor],
              ['Image', `${s.image.name} (${s.image.arch})`],
              ['Category', s.category],
              ['Billing', s.charging_mode],
              ['Key pair', s.key_pair_name ?? ''],
              ['VPC / subnet', `${s.vpc_id} / ${s.subnet_id}`],
              ['Endpoints', s.endpoints.map((e) => `${e.service} ${e.uri}`).join(', ')],
              ['Created', formatTime(s.create_at)],
              ['Updated', formatTime(s.update_at)],
            ]}
          />
          <h2>Volumes</h2>
          <DataTable
            label="Volumes"
            rows={s.volumes}
            rowKey={(v) => v.evs_id}
            columns={[
              { title: 'Type', render: (v) => v.type },
              { title: 'Disk', render: (v) => v.evs_type },
              { title: 'Size', render: (v) => `${v.size} GB` },
              { title: 'ID', render: (v) => <code>{v.evs_id}</code> },
            ]}
          />
        </>
      ) : server.error ? null : (
        <Loading />
      )}
    </section>
  );
}
