import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  asDirectoryUrl,
  type DownloadResult,
  isDirectoryUrl,
  joinObsUrl,
  localPathForKey,
  parseObsUrl,
  type StoragePort,
  walkFiles,
  writeFileFromStream,
} from '@modelarts-ts/runtime';
import { isStorageError } from '../storage/errors.js';
import type { ObjectAttributes, ObjectStore } from '../storage/object-store.js';

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.csv': 'text/csv',
  '.py': 'text/x-python',
  '.zip': 'application/zip',
};

function attributesFor(file: string): ObjectAttributes {
  const ext = /\.[^./]+$/.exec(file)?.[0]?.toLowerCase() ?? '';
  return { contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream', headers: {}, metadata: {} };
}

/**
 * The runtime's StoragePort over the platform's object store, for one account: a job reads and writes only
 * buckets of the account that created it (another account's bucket is refused like a missing one).
 */
export class ObjectStorePort implements StoragePort {
  constructor(
    private readonly store: ObjectStore,
    private readonly domainId: string,
  ) {}

  private async bucket(name: string): Promise<void> {
    try {
      const b = await this.store.headBucket(name);
      if (b.domainId === this.domainId) return;
    } catch (e) {
      if (!isStorageError(e) || e.code !== 'BucketNotFound') throw e;
    }
    throw new Error(`The bucket ${name} does not exist or belongs to another account`);
  }

  async download(obsUrl: string, targetDir: string, signal?: AbortSignal): Promise<DownloadResult> {
    const { bucket, key } = parseObsUrl(obsUrl);
    await this.bucket(bucket);
    await mkdir(targetDir, { recursive: true });
    if (key !== '' && !isDirectoryUrl(obsUrl)) {
      const single = await this.store.head(bucket, key).catch((e: unknown) => {
        if (isStorageError(e) && e.code === 'ObjectNotFound') return undefined;
        throw e;
      });
      if (single) {
        const dest = join(targetDir, basename(key));
        await this.fetch(bucket, key, dest, signal);
        return { kind: 'file', files: [dest] };
      }
    }
    const prefix = key === '' ? '' : asDirectoryUrl(key);
    const files: string[] = [];
    let after: string | undefined;
    let found = false;
    for (;;) {
      const page = await this.store.list(bucket, { prefix, maxKeys: 1000, ...(after !== undefined ? { after } : {}) });
      for (const o of page.objects) {
        found = true;
        const rel = o.key.slice(prefix.length);
        // Zero-byte keys ending in "/" are folder markers of OBS consoles.
        if (rel === '' || rel.endsWith('/')) continue;
        const dest = localPathForKey(targetDir, rel);
        await this.fetch(bucket, o.key, dest, signal);
        files.push(dest);
      }
      if (!page.isTruncated || page.last === undefined) break;
      after = page.last;
    }
    if (!found) throw new Error(`Nothing exists at ${obsUrl}`);
    return { kind: 'directory', files };
  }

  private async fetch(bucket: string, key: string, dest: string, signal?: AbortSignal): Promise<void> {
    const reader = await this.store.get(bucket, key);
    try {
      await writeFileFromStream(dest, reader.stream(), signal);
    } finally {
      reader.release();
    }
  }

  async uploadFile(localFile: string, obsUrl: string): Promise<void> {
    const target = isDirectoryUrl(obsUrl) ? joinObsUrl(obsUrl, basename(localFile)) : obsUrl;
    const { bucket, key } = parseObsUrl(target);
    if (key === '') throw new Error(`${obsUrl} names a bucket, not an object`);
    await this.bucket(bucket);
    const { size } = await stat(localFile);
    await this.store.put(bucket, key, createReadStream(localFile), { attributes: attributesFor(localFile), expectedSize: size });
  }

  async uploadDir(localDir: string, obsUrl: string): Promise<number> {
    const files = await walkFiles(localDir);
    for (const rel of files) await this.uploadFile(join(localDir, rel), joinObsUrl(obsUrl, rel));
    return files.length;
  }
}
