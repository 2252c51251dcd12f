/** Datasets: the list and a dataset's detail (a gallery of samples with their annotations, label filter, versions). */
import type { Dataset, DatasetVersion } from '@modelarts-ts/contract';
import { useMemo, useState } from 'preact/hooks';
import { declaredColors, labelColor } from '../annotations/colors.js';
import { call } from '../api.js';
import { formatTime } from '../components/format.js';
import { ErrorBox, Fields, Loading, PageHeader, useAsync } from '../components/page.js';
import { StatusBadge } from '../components/status.js';
import { DataTable } from '../components/table.js';
import { DATASET_STATUS, VERSION_STATUS } from '../contract.js';
import { href, Link } from '../router.js';
import { SampleCard } from './datasets-sample.js';
import type { PageProps } from './page.js';
import './console-pages.css';

export function DatasetsPage(props: PageProps) {
  const id = props.rest[0];
  return id ? <DatasetDetailView id={id} /> : <DatasetList />;
}

/** The name of a status code in a table of names to codes (`DATASET_STATUS`, `VERSION_STATUS`). */
function statusName(code: number, table: Readonly<Record<string, number>> = DATASET_STATUS): string {
  return Object.entries(table).find(([, c]) => c === code)?.[0] ?? String(code);
}

function DatasetList() {
  const list = useAsync((signal) => call('datasets.list', { query: { limit: 100, sort_by: 'create_time', order: 'desc' }, signal }), [], {
    pollMs: 5000,
    poll: (d) => d.datasets.some((x) => x.exist_running_task),
  });
  return (
    <section>
      <PageHeader title="Datasets" />
      <ErrorBox error={list.error} />
      {list.data ? (
        <DataTable<Dataset>
          label="Datasets"
          rows={list.data.datasets}
          rowKey={(d) => d.dataset_id}
          searchText={(d) => `${d.dataset_name} ${d.dataset_id} ${d.description}`}
          empty="No datasets yet: create one with the SDK (Dataset.createDataset) or `modelarts datasets create`."
          columns={[
            { title: 'Name', render: (d) => <Link href={href('datasets', d.dataset_id)}>{d.dataset_name}</Link>, sort: (d) => d.dataset_name },
            { title: 'Status', render: (d) => <StatusBadge status={statusName(d.status)} /> },
            { title: 'Data', render: (d) => d.data_type ?? '' },
            { title: 'Samples', render: (d) => `${d.annotated_sample_count} / ${d.total_sample_count} labelled`, sort: (d) => d.total_sample_count },
            { title: 'Version', render: (d) => d.current_version_name ?? '-' },
            { title: 'Created', render: (d) => formatTime(d.create_time), sort: (d) => d.create_time },
          ]}
        />
      ) : list.error ? null : (
        <Loading />
      )}
    </section>
  );
}

type Tab = 'samples' | 'versions' | 'details';

function DatasetDetailView(props: { id: string }) {
  const [tab, setTab] = useState<Tab>('samples');
  const dataset = useAsync((signal) => call('datasets.get', { params: { dataset_id: props.id }, signal }), [props.id], {
    pollMs: 5000,
    poll: (d) => d.exist_running_task,
  });
  const d = dataset.data;
  return (
    <section>
      <PageHeader title={d ? d.dataset_name : 'Dataset'} back={<Link href={href('datasets')}>← Datasets</Link>} />
      <ErrorBox error={dataset.error} />
      {d ? (
        <>
          <p class="muted">
            {d.total_sample_count} samples, {d.annotated_sample_count} labelled · {d.labels.length} labels · current version {d.current_version_name ?? '-'}
          </p>
          <div class="tabs" role="tablist" aria-label="Dataset sections">
            {(
              [
                ['samples', 'Samples'],
                ['versions', 'Versions'],
                ['details', 'Details'],
              ] as Array<[Tab, string]>
            ).map(([t, title]) => (
              <button key={t} type="button" role="tab" aria-selected={tab === t} class={tab === t ? 'tab tab-active' : 'tab'} onClick={() => setTab(t)}>
                {title}
              </button>
            ))}
          </div>
          <div role="tabpanel">
            {tab === 'samples' ? <Gallery dataset={d} /> : null}
            {tab === 'versions' ? <Versions datasetId={d.dataset_id} /> : null}
            {tab === 'details' ? <DatasetFields d={d} /> : null}
          </div>
        </>
      ) : dataset.error ? null : (
        <Loading />
      )}
    </section>
  );
}

const PAGE_SIZE = 24;

/** `all`, `labelled`, `unlabelled` or `label:<name>`. */
type SampleFilter = string;

function Gallery(props: { dataset: Dataset }) {
  const d = props.dataset;
  const [filter, setFilter] = useState<SampleFilter>('all');
  const [page, setPage] = useState(0);
  const colors = useMemo(() => declaredColors(d.labels), [d.labels]);
  const query = {
    offset: page,
    limit: PAGE_SIZE,
    ...(filter === 'labelled' ? { sample_state: '__ALL__' } : {}),
    ...(filter === 'unlabelled' ? { sample_state: '__NONE__' } : {}),
    ...(filter.startsWith('label:') ? { label_name: filter.slice('label:'.length) } : {}),
  };
  const samples = useAsync(
    (signal) => call('datasetSamples.list', { params: { dataset_id: d.dataset_id }, query, signal }),
    [d.dataset_id, filter, page, d.data_update_time],
  );
  const total = samples.data?.sample_count ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <div class="gallery-wrap">
      <div class="table-tools">
        <select
          aria-label="Sample filter"
          value={filter}
          onChange={(e) => {
            setFilter(e.currentTarget.value);
            setPage(0);
          }}
        >
          <option value="all">All samples</option>
          <option value="labelled">Labelled</option>
          <option value="unlabelled">Unlabelled</option>
          {d.labels.map((l) => (
            <option key={l.name} value={`label:${l.name}`}>
              Label: {l.name}
            </option>
          ))}
        </select>
        <span class="legend">
          {d.labels.map((l) => (
            <span key={l.name} class="label-chip" style={{ borderColor: labelColor(l.name, colors), color: labelColor(l.name, colors) }}>
              {l.name}
            </span>
          ))}
        </span>
        <span class="muted count">{total} samples</span>
      </div>
      <ErrorBox error={samples.error} />
      {samples.data ? (
        samples.data.samples.length === 0 ? (
          <p class="muted empty">No samples match.</p>
        ) : (
          <div class="gallery">
            {samples.data.samples.map((s) => (
              <SampleCard key={s.sample_id} sample={s} colors={colors} />
            ))}
          </div>
        )
      ) : samples.error ? null : (
        <Loading />
      )}
      {pages > 1 ? (
        <nav class="pager" aria-label="Sample pages">
          <button type="button" class="btn" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
            ← Previous
          </button>
          <span>
            Page {page + 1} of {pages}
          </span>
          <button type="button" class="btn" disabled={page + 1 >= pages} onClick={() => setPage((p) => p + 1)}>
            Next →
          </button>
        </nav>
      ) : null}
    </div>
  );
}

function Versions(props: { datasetId: string }) {
  const versions = useAsync(
    (signal) => call('datasetVersions.list', { params: { dataset_id: props.datasetId }, query: { limit: 1000 }, signal }),
    [props.datasetId],
  );
  return (
    <>
      <ErrorBox error={versions.error} />
      {versions.data ? (
        <DataTable<DatasetVersion>
          label="Dataset versions"
          rows={versions.data.versions}
          rowKey={(v) => v.version_id}
          empty="No versions published yet: Dataset.createVersion or `modelarts datasets versions create`."
          columns={[
            { title: 'Version', render: (v) => `${v.version_name}${v.is_current ? ' (current)' : ''}`, sort: (v) => v.version_name },
            { title: 'Status', render: (v) => <StatusBadge status={statusName(v.status, VERSION_STATUS)} /> },
            { title: 'Samples', render: (v) => `${v.annotated_sample_count} / ${v.total_sample_count} labelled` },
            { title: 'Labels', render: (v) => v.label_stats.map((l) => `${l.name} ${l.count}`).join(', ') },
            { title: 'Manifest', render: (v) => <code>{v.manifest_path}</code> },
            { title: 'Created', render: (v) => formatTime(v.create_time), sort: (v) => v.create_time },
          ]}
        />
      ) : versions.error ? null : (
        <Loading />
      )}
    </>
  );
}

function DatasetFields(props: { d: Dataset }) {
  const { d } = props;
  return (
    <Fields
      items={[
        ['ID', <code key="id">{d.dataset_id}</code>],
        ['Status', <StatusBadge key="s" status={statusName(d.status)} />],
        ['Data type', d.data_type ?? ''],
        ['Data sources', d.data_sources.map((s) => s.data_path).join(', ')],
        ['Work path', <code key="w">{d.work_path}</code>],
        ['Labels', d.labels.map((l) => l.name).join(', ')],
        ['Created', formatTime(d.create_time)],
        ['Data updated', formatTime(d.data_update_time)],
        ['Description', d.description],
      ]}
    />
  );
}
