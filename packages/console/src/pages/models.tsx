/** Models: the list (search by name, status filter) and a model's detail (APIs, config, source job), delete. */
import type { ModelDeleteResult, ModelDetail, ModelListItem } from '@modelarts-ts/contract';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { formatBytes, formatTime } from '../components/format.js';
import { ErrorBox, Fields, Loading, PageHeader, useAsync } from '../components/page.js';
import { StatusBadge } from '../components/status.js';
import { DataTable } from '../components/table.js';
import { MODEL_STATUSES } from '../contract.js';
import { href, Link, navigate } from '../router.js';
import type { PageProps } from './page.js';
import './console-pages.css';

export function ModelsPage(props: PageProps) {
  const id = props.rest[0];
  return id ? <ModelDetailView id={id} /> : <ModelList />;
}

/** Statuses a model leaves by itself: the page refreshes while one is shown. */
const MOVING = new Set(['publishing', 'building']);

function ModelList() {
  const list = useAsync((signal) => call('models.list', { query: { limit: 1000, sort_by: 'create_at', order: 'desc' }, signal }), [], {
    pollMs: 3000,
    poll: (d) => d.models.some((m) => MOVING.has(m.model_status)),
  });
  return (
    <section>
      <PageHeader title="Models" />
      <ErrorBox error={list.error} />
      {list.data ? (
        <DataTable<ModelListItem>
          label="Models"
          rows={list.data.models}
          rowKey={(m) => m.model_id}
          searchText={(m) => `${m.model_name} ${m.model_version} ${m.model_id}`}
          filter={{ label: 'Status', options: [...MODEL_STATUSES], value: (m) => m.model_status }}
          empty="No models yet: import one with the SDK (Model.create) or `modelarts models create`."
          columns={[
            { title: 'Name', render: (m) => <Link href={href('models', m.model_id)}>{m.model_name}</Link>, sort: (m) => m.model_name },
            { title: 'Version', render: (m) => m.model_version, sort: (m) => m.model_version },
            { title: 'Status', render: (m) => <StatusBadge status={m.model_status} />, sort: (m) => m.model_status },
            { title: 'Type', render: (m) => m.model_type },
            { title: 'Size', render: (m) => formatBytes(m.model_size), sort: (m) => m.model_size },
            { title: 'Created', render: (m) => formatTime(m.create_at), sort: (m) => m.create_at },
          ]}
        />
      ) : list.error ? null : (
        <Loading />
      )}
    </section>
  );
}

/** JSON text pretty-printed (kept as it is when it is not JSON). */
function pretty(text: string | undefined): string {
  if (!text) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function ModelDetailView(props: { id: string }) {
  const model = useAsync((signal) => call('models.get', { params: { model_id: props.id }, signal }), [props.id], {
    pollMs: 3000,
    poll: (m) => MOVING.has(m.model_status),
  });
  const m = model.data;
  return (
    <section>
      <PageHeader title={m ? `${m.model_name} ${m.model_version}` : 'Model'} back={<Link href={href('models')}>← Models</Link>}>
        {m ? <DeleteModel model={m} /> : null}
      </PageHeader>
      <ErrorBox error={model.error} />
      {m ? <ModelFields m={m} /> : model.error ? null : <Loading />}
    </section>
  );
}

function ModelFields(props: { m: ModelDetail }) {
  const { m } = props;
  return (
    <>
      <Fields
        items={[
          ['Status', <StatusBadge key="s" status={m.model_status} />],
          ...(m.error_msg
            ? [
                [
                  'Failure reason',
                  <span key="e" class="error-text">
                    {m.error_msg}
                  </span>,
                ] as [string, ComponentChildren],
              ]
            : []),
          ['ID', <code key="id">{m.model_id}</code>],
          ['Type', m.model_type],
          ['Runtime', m.runtime ?? ''],
          ['Algorithm', m.model_algorithm ?? ''],
          ['Size', formatBytes(m.model_size)],
          ['Source', <code key="src">{m.source_location}</code>],
          [
            'Source job',
            m.source_job_id ? (
              <Link key="job" href={href('training-jobs', m.source_job_id)}>
                {m.source_job_id}
              </Link>
            ) : (
              ''
            ),
          ],
          ['Install types', m.install_type.join(', ')],
          ['Created', formatTime(m.create_at)],
          ['Description', m.description],
        ]}
      />
      <h2>APIs</h2>
      <section aria-label="Model APIs">
        <pre class="code">{pretty(m.apis) || '[]'}</pre>
      </section>
      <h2>Config</h2>
      <section aria-label="Model config">
        <pre class="code">{pretty(m.config) || '{}'}</pre>
      </section>
      {m.dependencies.length > 0 ? (
        <>
          <h2>Dependencies</h2>
          <pre class="code">{JSON.stringify(m.dependencies, null, 2)}</pre>
        </>
      ) : null}
    </>
  );
}

/** Delete, optionally every version of the name (`cascade`); a model a service uses is refused and the reason shown. */
function DeleteModel(props: { model: ModelDetail }) {
  const [open, setOpen] = useState(false);
  const [cascade, setCascade] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [failed, setFailed] = useState<ModelDeleteResult['delete_failed_list']>([]);
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await call('models.delete', { params: { model_id: props.model.model_id }, query: { cascade } });
      setFailed(r.delete_failed_list);
      if (r.delete_failed_list.length === 0) navigate(href('models'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!open)
    return (
      <button type="button" class="btn btn-danger" onClick={() => setOpen(true)}>
        Delete
      </button>
    );
  return (
    <div class="confirm" role="dialog" aria-label="Delete model">
      <p>
        Delete model <strong>{props.model.model_name}</strong> {props.model.model_version}?
      </p>
      <label>
        <input type="checkbox" checked={cascade} onChange={(e) => setCascade(e.currentTarget.checked)} /> Also delete every other version of{' '}
        {props.model.model_name} (cascade)
      </label>
      <div class="confirm-actions">
        <button type="button" class="btn btn-danger" disabled={busy} onClick={run}>
          {busy ? 'Deleting…' : 'Delete'}
        </button>
        <button type="button" class="btn" disabled={busy} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <ErrorBox error={error} />
      {failed.map((f) => (
        <div class="error" role="alert" key={f.model_id}>
          {f.error_code}: {f.error_msg}
        </div>
      ))}
    </div>
  );
}
