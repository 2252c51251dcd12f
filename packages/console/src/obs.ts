/**
 * OBS through the platform's S3 object API, with the console's session (cookie + CSRF header): buckets, listing by
 * folder, uploads with progress (XHR: fetch reports no upload progress), deletes and object URLs.
 */
import { ApiError, request, sessionHeaders } from './api.js';

export interface Bucket {
  name: string;
  created: string;
}

export interface ObjectEntry {
  key: string;
  size: number;
  modified: string;
}

export interface Listing {
  folders: string[];
  objects: ObjectEntry[];
  next?: string;
}

/** `/bucket/key` with every key segment percent-encoded (slashes kept). */
export function objectUrl(bucket: string, key = ''): string {
  return `/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

function xml(text: string): Document {
  return new DOMParser().parseFromString(text, 'application/xml');
}

const texts = (parent: Element | Document, tag: string) => [...parent.getElementsByTagName(tag)];
const childText = (el: Element, tag: string) => el.getElementsByTagName(tag)[0]?.textContent ?? '';

export async function listBuckets(signal?: AbortSignal): Promise<Bucket[]> {
  const doc = xml(await (await request('/', signal ? { signal } : {})).text());
  return texts(doc, 'Bucket').map((b) => ({ name: childText(b, 'Name'), created: childText(b, 'CreationDate') }));
}

export async function createBucket(name: string): Promise<void> {
  await request(`/${encodeURIComponent(name)}`, { method: 'PUT' });
}

export async function deleteBucket(name: string): Promise<void> {
  await request(`/${encodeURIComponent(name)}`, { method: 'DELETE' });
}

/** One page of a folder: its sub-folders and objects (ListObjectsV2 with `/` as delimiter). */
export async function listFolder(bucket: string, prefix: string, token?: string, signal?: AbortSignal, recursive = false): Promise<Listing> {
  const q = new URLSearchParams({ 'list-type': '2', prefix, 'max-keys': '1000' });
  if (!recursive) q.set('delimiter', '/');
  if (token) q.set('continuation-token', token);
  const doc = xml(await (await request(`/${encodeURIComponent(bucket)}?${q}`, signal ? { signal } : {})).text());
  const folders = texts(doc, 'CommonPrefixes').map((p) => childText(p, 'Prefix'));
  const objects = texts(doc, 'Contents').map((c) => ({ key: childText(c, 'Key'), size: Number(childText(c, 'Size')), modified: childText(c, 'LastModified') }));
  const truncated = doc.getElementsByTagName('IsTruncated')[0]?.textContent === 'true';
  const next = doc.getElementsByTagName('NextContinuationToken')[0]?.textContent ?? undefined;
  return { folders, objects, ...(truncated && next ? { next } : {}) };
}

export async function deleteObject(bucket: string, key: string): Promise<void> {
  await request(objectUrl(bucket, key), { method: 'DELETE' });
}

/** Deletes every object under `prefix` (a folder); answers how many went. */
export async function deleteFolder(bucket: string, prefix: string): Promise<number> {
  let n = 0;
  for (;;) {
    const page = await listFolder(bucket, prefix, undefined, undefined, true);
    for (const o of page.objects) {
      await deleteObject(bucket, o.key);
      n++;
    }
    if (!page.next) return n;
  }
}

/** An empty `folder/` object, as the cloud console makes for a new folder. */
export async function createFolder(bucket: string, prefix: string): Promise<void> {
  await request(objectUrl(bucket, prefix.endsWith('/') ? prefix : `${prefix}/`), { method: 'PUT', body: '' });
}

/** Uploads one file with a single PUT, reporting bytes sent. */
export function uploadFile(bucket: string, key: string, file: Blob, onProgress: (sent: number, total: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', objectUrl(bucket, key));
    for (const [k, v] of Object.entries(sessionHeaders())) xhr.setRequestHeader(k, v);
    if (file.type) xhr.setRequestHeader('Content-Type', file.type);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        resolve();
        return;
      }
      const text = xhr.responseText;
      let code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
      let message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
      try {
        const j = JSON.parse(text) as { error_code?: string; error_msg?: string };
        code = j.error_code ?? code;
        message = j.error_msg ?? message;
      } catch {
        // XML or empty
      }
      reject(new ApiError(xhr.status, code ?? `HTTP ${xhr.status}`, message ?? xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NetworkError', 'The upload was interrupted'));
    xhr.onabort = () => reject(new ApiError(0, 'Aborted', 'The upload was cancelled'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** The first `bytes` of an object as text (a ranged GET), and whether there is more. */
export async function readText(bucket: string, key: string, bytes = 256 * 1024): Promise<{ text: string; truncated: boolean }> {
  const res = await request(objectUrl(bucket, key), { headers: { Range: `bytes=0-${bytes - 1}` } });
  const total = Number(/\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1] ?? Number.NaN);
  const text = await res.text();
  return { text, truncated: Number.isFinite(total) && total > bytes };
}
