import { Readable } from 'node:stream';
import { type ObsLocation, parseObsLocation } from '@modelarts-ts/contract';
import { PlatformError } from '../../errors.js';
import { isStorageError } from '../../storage/errors.js';
import type { ObjectStore, ObjectSummary } from '../../storage/object-store.js';

/** An OBS location as data management writes it: `/bucket/key` (no scheme). */
export function slashPath(loc: ObsLocation): string {
  return `/${loc.bucket}/${loc.key}`;
}

export function obsUri(loc: ObsLocation): string {
  return `obs://${loc.bucket}/${loc.key}`;
}

/** Parses `/bucket/key`, `obs://bucket/key` or `s3://bucket/key`; `//` and control characters are refused with the cloud's codes. */
export function parseDataPath(p: string, what: string): ObsLocation {
  if (/[\n\r\t]/.test(p)) throw new PlatformError('ModelArts.4313', `${what} "${p}" contains a newline, carriage return or tab`);
  const loc = parseObsLocation(p);
  if ('error' in loc) throw new PlatformError('ModelArts.4313', `${what}: ${loc.error}`);
  if (loc.key.includes('//')) throw new PlatformError('ModelArts.4315', `${what} "${p}" contains //`);
  if (loc.key.split('/').some((s) => s === '..' || s === '.')) throw new PlatformError('ModelArts.4313', `${what} "${p}" contains . or .. segments`);
  return loc;
}

/** A folder location: the key ends with `/` (or is the bucket root). */
export function asFolder(loc: ObsLocation): ObsLocation {
  return loc.key === '' || loc.key.endsWith('/') ? loc : { bucket: loc.bucket, key: `${loc.key}/` };
}

/**
 * The object store as one account sees it: buckets of other accounts answer like missing ones, so data
 * management can never read or write another tenant's objects.
 */
export class AccountObjects {
  constructor(
    private readonly store: ObjectStore,
    private readonly domainId: string,
  ) {}

  async checkBucket(bucket: string, what: string): Promise<void> {
    try {
      const b = await this.store.headBucket(bucket);
      if (b.domainId === this.domainId) return;
    } catch (e) {
      if (!isStorageError(e) || e.code !== 'BucketNotFound') throw e;
    }
    throw new PlatformError('ModelArts.4311', `The OBS bucket "${bucket}" of ${what} does not exist`);
  }

  /** Every object under a folder prefix, in key order. */
  async *list(folder: ObsLocation): AsyncGenerator<ObjectSummary> {
    let after: string | undefined;
    for (;;) {
      const page = await this.store.list(folder.bucket, { prefix: folder.key, maxKeys: 1000, ...(after !== undefined ? { after } : {}) });
      for (const o of page.objects) yield o;
      if (!page.isTruncated || page.last === undefined) return;
      after = page.last;
    }
  }

  /** Whether an object exists (size, or undefined). */
  async size(loc: ObsLocation): Promise<number | undefined> {
    try {
      return (await this.store.head(loc.bucket, loc.key)).size;
    } catch (e) {
      if (isStorageError(e) && (e.code === 'ObjectNotFound' || e.code === 'BucketNotFound')) return undefined;
      throw e;
    }
  }

  async read(loc: ObsLocation): Promise<Buffer> {
    const reader = await this.store.get(loc.bucket, loc.key);
    const chunks: Buffer[] = [];
    for await (const c of reader.stream()) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async readText(loc: ObsLocation): Promise<string> {
    return (await this.read(loc)).toString('utf8');
  }

  /** Writes a whole object (visible whole or not at all). */
  async write(loc: ObsLocation, data: string | Buffer, contentType: string): Promise<void> {
    const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    await this.store.put(loc.bucket, loc.key, Readable.from([body]), { attributes: { contentType, headers: {}, metadata: {} }, expectedSize: body.length });
  }

  async copy(from: ObsLocation, to: ObsLocation): Promise<void> {
    await this.store.copy({ bucket: from.bucket, key: from.key }, { bucket: to.bucket, key: to.key }, {});
  }

  async delete(loc: ObsLocation): Promise<void> {
    await this.store.delete(loc.bucket, loc.key);
  }
}
