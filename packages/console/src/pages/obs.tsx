/** OBS: buckets, then a bucket's folders (`obs/<bucket>?prefix=a/b/`) with upload, download, delete and preview. */
import { useRef, useState } from 'preact/hooks';
import { formatBytes, formatTime } from '../components/format.js';
import { ActionButton, ErrorBox, Loading, PageHeader, useAsync } from '../components/page.js';
import { DataTable } from '../components/table.js';
import {
  createBucket,
  createFolder,
  deleteBucket,
  deleteFolder,
  deleteObject,
  type Listing,
  listBuckets,
  listFolder,
  objectUrl,
  readText,
  uploadFile,
} from '../obs.js';
import { href, Link } from '../router.js';
import type { PageProps } from './page.js';

/** What can be previewed, by extension: images are shown as such, text as its first 256 KB. */
const IMAGE = /\.(png|jpe?g|gif|webp|bmp|svg|ico)$/i;
const TEXT = /\.(txt|log|md|json|jsonl|csv|tsv|ya?ml|xml|py|js|mjs|ts|sh|cfg|ini|toml|conf|manifest|html?|css|r|java|c|h|cpp|go|rs)$/i;

export function ObsPage(props: PageProps) {
  const bucket = props.rest[0];
  return bucket ? <BucketView bucket={bucket} prefix={props.route.query.get('prefix') ?? ''} /> : <BucketList />;
}

export function folderHref(bucket: string, prefix: string): string {
  return `${href('obs', bucket)}${prefix ? `?prefix=${encodeURIComponent(prefix)}` : ''}`;
}

function BucketList() {
  const buckets = useAsync((signal) => listBuckets(signal), []);
  const [error, setError] = useState<unknown>();
  const [name, setName] = useState('');
  const create = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await createBucket(name.trim());
      setName('');
      buckets.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section>
      <PageHeader title="OBS">
        <form class="inline-form" onSubmit={create}>
          <input aria-label="New bucket name" placeholder="new-bucket-name" value={name} onInput={(e) => setName(e.currentTarget.value)} required />
          <button type="submit" class="btn">
            Create bucket
          </button>
        </form>
      </PageHeader>
      <ErrorBox error={error ?? buckets.error} />
      {buckets.data ? (
        <DataTable
          label="Buckets"
          rows={buckets.data}
          rowKey={(b) => b.name}
          searchText={(b) => b.name}
          empty="No buckets yet."
          columns={[
            { title: 'Bucket', render: (b) => <Link href={href('obs', b.name)}>{b.name}</Link>, sort: (b) => b.name },
            { title: 'Created', render: (b) => formatTime(b.created), sort: (b) => b.created },
            {
              title: 'Actions',
              render: (b) => (
                <ActionButton
                  label="Delete"
                  danger
                  confirm={`Delete bucket ${b.name}? It must be empty.`}
                  run={() => deleteBucket(b.name)}
                  onDone={buckets.reload}
                  onError={setError}
                />
              ),
            },
          ]}
        />
      ) : buckets.error ? null : (
        <Loading />
      )}
    </section>
  );
}

interface Row {
  kind: 'folder' | 'object';
  key: string;
  name: string;
  size?: number;
  modified?: string;
}

interface Upload {
  name: string;
  sent: number;
  total: number;
  error?: unknown;
  done?: boolean;
}

function BucketView(props: { bucket: string; prefix: string }) {
  const { bucket, prefix } = props;
  const [pages, setPages] = useState<Listing[]>([]);
  const listing = useAsync(
    async (signal) => {
      const first = await listFolder(bucket, prefix, undefined, signal);
      setPages([]);
      return first;
    },
    [bucket, prefix],
  );
  const [error, setError] = useState<unknown>();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [preview, setPreview] = useState<string | undefined>();
  const [over, setOver] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  const all = [listing.data, ...pages].filter((x): x is Listing => x !== undefined);
  const last = all[all.length - 1];
  const rows: Row[] = [
    ...all.flatMap((l) => l.folders.map((f): Row => ({ kind: 'folder', key: f, name: f.slice(prefix.length) }))),
    ...all.flatMap((l) =>
      l.objects
        .filter((o) => o.key !== prefix)
        .map((o): Row => ({ kind: 'object', key: o.key, name: o.key.slice(prefix.length), size: o.size, modified: o.modified })),
    ),
  ];

  const more = async () => {
    if (!last?.next) return;
    try {
      const next = await listFolder(bucket, prefix, last.next);
      setPages((p) => [...p, next]);
    } catch (e) {
      setError(e);
    }
  };

  const upload = async (files: File[]) => {
    setError(undefined);
    const start = uploads.length;
    setUploads((u) => [...u, ...files.map((f) => ({ name: f.name, sent: 0, total: f.size }))]);
    const update = (i: number, patch: Partial<Upload>) => setUploads((u) => u.map((x, j) => (j === start + i ? { ...x, ...patch } : x)));
    for (const [i, file] of files.entries()) {
      // A dropped folder's files keep their relative path (webkitRelativePath) under the current folder.
      const rel = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
      try {
        await uploadFile(bucket, prefix + rel, file, (sent, total) => update(i, { sent, total }));
        update(i, { done: true });
      } catch (e) {
        update(i, { error: e });
      }
    }
    listing.reload();
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) void upload(files);
  };

  const crumbs = prefix
    .split('/')
    .filter(Boolean)
    .map((seg, i, segs) => ({ seg, prefix: `${segs.slice(0, i + 1).join('/')}/` }));

  const newFolder = async () => {
    const name = window.prompt('Name of the new folder');
    if (!name) return;
    try {
      await createFolder(bucket, prefix + name.replace(/^\/+|\/+$/g, ''));
      listing.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section>
      <PageHeader title={bucket} back={<Link href={href('obs')}>← Buckets</Link>}>
        <button type="button" class="btn" onClick={newFolder}>
          New folder
        </button>
        <button type="button" class="btn btn-primary" onClick={() => picker.current?.click()}>
          Upload files
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-label="Files to upload"
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            if (files.length) void upload(files);
          }}
        />
      </PageHeader>
      <nav class="crumbs" aria-label="Folder">
        <Link href={folderHref(bucket, '')}>{bucket}</Link>
        {crumbs.map((c) => (
          <span key={c.prefix}>
            {' / '}
            <Link href={folderHref(bucket, c.prefix)}>{c.seg}</Link>
          </span>
        ))}
      </nav>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target; the "Upload files" button does the same from the keyboard */}
      <div
        class={over ? 'dropzone over' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="dropzone"
      >
        Drop files here to upload them to <code>{`obs://${bucket}/${prefix}`}</code>
      </div>
      {uploads.length ? (
        <section class="panel uploads" aria-label="Uploads">
          {uploads.map((u, i) => (
            <div class="progress" key={`${i}-${u.name}`}>
              <span>{u.name}</span>
              <progress max={u.total || 1} value={u.sent} aria-label={`Upload of ${u.name}`} />
              <span class={u.error ? 'error-text' : 'muted'}>{u.error ? 'failed' : u.done ? 'done' : `${Math.floor((u.sent / (u.total || 1)) * 100)}%`}</span>
            </div>
          ))}
        </section>
      ) : null}
      <ErrorBox error={error ?? listing.error ?? uploads.find((u) => u.error)?.error} />
      {listing.data ? (
        <DataTable
          label="Objects"
          rows={rows}
          rowKey={(r) => `${r.kind}:${r.key}`}
          searchText={(r) => r.name}
          empty="This folder is empty."
          tools={
            last?.next ? (
              <button type="button" class="btn" onClick={more}>
                More
              </button>
            ) : null
          }
          columns={[
            {
              title: 'Name',
              render: (r) => (r.kind === 'folder' ? <Link href={folderHref(bucket, r.key)}>{r.name}</Link> : <span class="mono">{r.name}</span>),
              sort: (r) => `${r.kind === 'folder' ? 0 : 1}${r.name}`,
            },
            { title: 'Size', render: (r) => (r.kind === 'folder' ? '-' : formatBytes(r.size)), sort: (r) => r.size ?? -1 },
            { title: 'Modified', render: (r) => formatTime(r.modified), sort: (r) => r.modified ?? '' },
            {
              title: 'Actions',
              render: (r) => (
                <div class="row-actions">
                  {r.kind === 'object' ? (
                    <>
                      {IMAGE.test(r.key) || TEXT.test(r.key) ? (
                        <button type="button" class="btn" onClick={() => setPreview(r.key)} aria-label={`Preview ${r.name}`}>
                          Preview
                        </button>
                      ) : null}
                      <a class="btn" href={objectUrl(bucket, r.key)} download={r.name.split('/').pop()} aria-label={`Download ${r.name}`}>
                        Download
                      </a>
                    </>
                  ) : null}
                  <ActionButton
                    label="Delete"
                    danger
                    confirm={r.kind === 'folder' ? `Delete the folder ${r.name} and everything in it?` : `Delete ${r.name}?`}
                    run={() => (r.kind === 'folder' ? deleteFolder(bucket, r.key) : deleteObject(bucket, r.key))}
                    onDone={() => {
                      if (preview === r.key) setPreview(undefined);
                      listing.reload();
                    }}
                    onError={setError}
                  />
                </div>
              ),
            },
          ]}
        />
      ) : listing.error ? null : (
        <Loading />
      )}
      {preview ? <Preview bucket={bucket} objectKey={preview} onClose={() => setPreview(undefined)} /> : null}
    </section>
  );
}

function Preview(props: { bucket: string; objectKey: string; onClose: () => void }) {
  const image = IMAGE.test(props.objectKey);
  const text = useAsync(() => (image ? Promise.resolve(undefined) : readText(props.bucket, props.objectKey)), [props.bucket, props.objectKey, image]);
  return (
    <section class="panel" aria-label="Preview">
      <div class="page-header">
        <h2>{props.objectKey}</h2>
        <div class="page-actions">
          <button type="button" class="btn" onClick={props.onClose}>
            Close preview
          </button>
        </div>
      </div>
      {image ? (
        <img class="preview" src={objectUrl(props.bucket, props.objectKey)} alt={props.objectKey} />
      ) : text.data ? (
        <>
          <pre class="preview-text">{text.data.text}</pre>
          {text.data.truncated ? <p class="muted">Only the beginning is shown: download the object for all of it.</p> : null}
        </>
      ) : text.error ? (
        <ErrorBox error={text.error} />
      ) : (
        <Loading />
      )}
    </section>
  );
}
