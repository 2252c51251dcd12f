import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Db } from '../db/sqlite.js';
import { BlobFiles, type WrittenBlob } from './blob-files.js';
import { StorageError } from './errors.js';
import { validateBucketName, validateKey } from './names.js';
import { type CommitRefusal, ObjectIndex, type ObjectRow, type PartRow, type UploadRow } from './object-index.js';
import type {
  BucketInfo,
  BucketOwner,
  CompletePart,
  CopyOptions,
  ListPage,
  ListPartsQuery,
  ListQuery,
  ListUploadsQuery,
  ObjectAttributes,
  ObjectInfo,
  ObjectReader,
  ObjectRef,
  ObjectStore,
  ObjectSummary,
  PartInfo,
  PartOptions,
  PartsPage,
  PutOptions,
  UploadInfo,
  UploadRef,
  UploadsPage,
} from './object-store.js';

export interface DiskStoreOptions {
  /** `<dataDir>/objects`. */
  root: string;
  db: Db;
  /** Smallest part allowed except the last (S3: 5 MiB; OBS: 100 KB). */
  minPartSize: number;
  /** Open uploads older than this are aborted at start-up; completed-upload records are kept as long. */
  abandonedUploadAgeMs: number;
  now?: () => number;
}

export interface SweepReport {
  tmp: number;
  blobs: number;
  parts: number;
  abortedUploads: number;
}

const MAX_PART_NUMBER = 10_000;
/** Larger than any byte of valid UTF-8: `prefix + 0xFF` bounds every key that starts with `prefix`. */
const PAST = Buffer.from([0xff]);

/**
 * The object store on one disk. Writes stream into a temp file (MD5 hashed on the way, fsynced), are
 * renamed into the blob area, then one SQLite transaction makes them current; the replaced version's
 * blobs are deleted after that, or when their last reader closes. Readers look up and pin a version
 * in one synchronous step, so they see the old object or the new one, never a mix.
 */
export class DiskObjectStore implements ObjectStore {
  readonly files: BlobFiles;
  private readonly index: ObjectIndex;
  private readonly now: () => number;
  /** Concurrent Completes of one upload share one outcome. */
  private readonly completing = new Map<string, Promise<ObjectInfo>>();

  constructor(private readonly options: DiskStoreOptions) {
    this.files = new BlobFiles(options.root);
    this.index = new ObjectIndex(options.db);
    this.now = options.now ?? Date.now;
  }

  /**
   * Start-up cleanup, before serving: aborts abandoned uploads, forgets parts whose file is gone (a crash
   * inside Complete), then removes temp files and every blob or part file the index does not reference.
   */
  sweep(): SweepReport {
    const cutoff = this.now() - this.options.abandonedUploadAgeMs;
    const stale = this.index.staleOpenUploads(cutoff);
    for (const id of stale) this.index.deleteUpload(id);
    this.index.purgeCompletedUploads(cutoff);
    const parts = new Set<string>();
    for (const p of this.index.partRows()) {
      if (existsSync(this.files.path('parts', p.blob_id))) parts.add(p.blob_id);
      else this.index.deletePart(p.upload_id, p.part_number);
    }
    const blobs = new Set(this.index.objectBlobIds());
    const removed = this.files.sweep(
      (id) => blobs.has(id),
      (id) => parts.has(id),
    );
    return { ...removed, abortedUploads: stale.length };
  }

  async createBucket(name: string, owner: BucketOwner): Promise<BucketInfo> {
    validateBucketName(name);
    const row = { name, domain_id: owner.domainId, project_id: owner.projectId, region: owner.region, created_at: this.now() };
    const r = this.index.insertBucket(row);
    if (!r.created) {
      const code = r.existing.domain_id === owner.domainId ? 'BucketOwnedByCaller' : 'BucketTaken';
      throw new StorageError(code, `Bucket ${name} already exists`, { BucketName: name });
    }
    return bucketInfo(row);
  }

  async headBucket(name: string): Promise<BucketInfo> {
    validateBucketName(name);
    return bucketInfo(this.requireBucket(name));
  }

  async deleteBucket(name: string): Promise<void> {
    validateBucketName(name);
    const r = this.index.deleteBucket(name);
    if (!r.deleted) {
      if (r.reason === 'no-bucket') throw noBucket(name);
      throw new StorageError('BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: name });
    }
    await this.files.remove('parts', r.partBlobs);
  }

  async listBuckets(domainId: string): Promise<BucketInfo[]> {
    return this.index.bucketsOf(domainId).map(bucketInfo);
  }

  async put(bucket: string, key: string, body: Readable, options: PutOptions): Promise<ObjectInfo> {
    validateBucketName(bucket);
    const k = validateKey(key);
    this.requireBucket(bucket);
    // Fail before reading a possibly large body; the commit checks again atomically.
    if (options.ifNoneMatch && this.index.object(bucket, k)) throw preconditionFailed();
    const blob = await this.files.write(body, true);
    try {
      checkWritten(blob, options.contentMd5, options.expectedSize);
      await this.files.publish(blob.id, 'blobs');
    } catch (e) {
      await this.files.discard(blob.id);
      throw e;
    }
    const row = objectRow(bucket, k, options.attributes, blob.size, blob.md5.toString('hex'), this.now(), blob.id, null);
    const cond = { ...(options.ifNoneMatch ? { ifNoneMatch: true } : {}), ...(options.ifMatch !== undefined ? { ifMatch: options.ifMatch } : {}) };
    const r = this.index.commitObject(row, undefined, cond);
    if (!r.ok) {
      await this.files.remove('blobs', [blob.id]);
      throw refusalError(r.refusal, bucket);
    }
    await this.files.remove('blobs', r.freed);
    return objectInfo(row);
  }

  async get(bucket: string, key: string): Promise<ObjectReader> {
    validateBucketName(bucket);
    const k = validateKey(key);
    // Lookup and pin in one synchronous step: no commit can free these blobs in between.
    const row = this.requireObject(bucket, k, key);
    const segments = this.index.segments(row).map((s) => ({ id: s.blob_id, size: s.size }));
    const ids = segments.map((s) => s.id);
    this.files.pin(ids);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.files.unpin(ids);
    };
    let streamed = false;
    return {
      info: objectInfo(row),
      stream: (range) => {
        if (streamed || released) throw new Error('ObjectReader.stream() may be called once, before release()');
        streamed = true;
        return this.files.reader(segments, range, release);
      },
      release,
    };
  }

  async head(bucket: string, key: string): Promise<ObjectInfo> {
    validateBucketName(bucket);
    return objectInfo(this.requireObject(bucket, validateKey(key), key));
  }

  async delete(bucket: string, key: string): Promise<boolean> {
    validateBucketName(bucket);
    const k = validateKey(key);
    this.requireBucket(bucket);
    const r = this.index.deleteObject(bucket, k);
    await this.files.remove('blobs', r.freed);
    return r.deleted;
  }

  async copy(source: ObjectRef, target: ObjectRef, options: CopyOptions): Promise<ObjectInfo> {
    validateBucketName(target.bucket);
    const targetKey = validateKey(target.key);
    this.requireBucket(target.bucket);
    const reader = await this.get(source.bucket, source.key);
    try {
      options.precondition?.(reader.info);
    } catch (e) {
      reader.release();
      throw e;
    }
    const attributes = options.attributes ?? attributesOf(reader.info);
    if (source.bucket === target.bucket && source.key === target.key) {
      // Same object: only its attributes change, the bytes stay where they are.
      reader.release();
      const row = this.requireObject(target.bucket, targetKey, target.key);
      const updated = { ...row, ...attributeColumns(attributes), last_modified: this.now() };
      if (!this.index.updateAttributes(updated)) throw new StorageError('ObjectNotFound', 'The object changed during the copy', { Key: target.key });
      return objectInfo(updated);
    }
    return this.put(target.bucket, target.key, reader.stream(), { attributes });
  }

  async list(bucket: string, query: ListQuery): Promise<ListPage> {
    validateBucketName(bucket);
    this.requireBucket(bucket);
    const page: ListPage = { objects: [], commonPrefixes: [], isTruncated: false };
    if (query.maxKeys <= 0) return page;
    const prefix = Buffer.from(query.prefix, 'utf8');
    const delimiter = query.delimiter ? Buffer.from(query.delimiter, 'utf8') : undefined;
    const upper = Buffer.concat([prefix, PAST]);
    const after = query.after !== undefined ? Buffer.from(query.after, 'utf8') : undefined;
    // Start at the prefix, or after the marker when that is later.
    let cursor: Buffer = prefix;
    let inclusive = true;
    if (after && Buffer.compare(after, prefix) >= 0) {
      cursor = after;
      inclusive = false;
    }
    let count = 0;
    scan: while (count < query.maxKeys) {
      const rows = this.index.listObjects(bucket, cursor, inclusive, upper, Math.min(1000, query.maxKeys - count + 1));
      if (rows.length === 0) return page;
      for (const row of rows) {
        if (count === query.maxKeys) {
          page.isTruncated = true;
          return page;
        }
        inclusive = false;
        const at = delimiter ? row.key.indexOf(delimiter, prefix.length) : -1;
        if (delimiter && at >= 0) {
          const common = row.key.subarray(0, at + delimiter.length);
          // Everything under this prefix rolls up into it: skip past all of it.
          cursor = Buffer.concat([common, PAST]);
          // A prefix at or before the marker was returned on an earlier page.
          if (!after || Buffer.compare(common, after) > 0) {
            const s = common.toString('utf8');
            page.commonPrefixes.push(s);
            page.last = s;
            count++;
          }
          continue scan;
        }
        const key = row.key.toString('utf8');
        page.objects.push({ key, size: row.size, etag: row.etag, lastModified: row.last_modified } satisfies ObjectSummary);
        page.last = key;
        cursor = row.key;
        count++;
      }
    }
    page.isTruncated = this.index.listObjects(bucket, cursor, inclusive, upper, 1).length > 0;
    return page;
  }

  async createMultipartUpload(bucket: string, key: string, attributes: ObjectAttributes, owner: BucketOwner): Promise<UploadInfo> {
    validateBucketName(bucket);
    const k = validateKey(key);
    this.requireBucket(bucket);
    const cols = attributeColumns(attributes);
    const row = { upload_id: randomBytes(24).toString('base64url'), bucket, key: k, domain_id: owner.domainId, initiated: this.now(), ...cols };
    this.index.insertUpload(row);
    return uploadInfo({ ...row, state: 'open', result_etag: null, result_size: null, completed_at: null });
  }

  async uploadPart(ref: UploadRef, partNumber: number, body: Readable, options: PartOptions): Promise<PartInfo> {
    this.requireOpenUpload(ref);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw new StorageError('InvalidPartNumber', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, {
        ArgumentName: 'partNumber',
        ArgumentValue: String(partNumber),
      });
    }
    const blob = await this.files.write(body, false);
    try {
      checkWritten(blob, options.contentMd5, options.expectedSize);
      await this.files.publish(blob.id, 'parts');
    } catch (e) {
      await this.files.discard(blob.id);
      throw e;
    }
    const part = {
      upload_id: ref.uploadId,
      part_number: partNumber,
      size: blob.size,
      etag: blob.md5.toString('hex'),
      blob_id: blob.id,
      last_modified: this.now(),
    };
    const r = this.index.putPart(part);
    if (!r.ok) {
      await this.files.remove('parts', [blob.id]);
      throw noUpload(ref.uploadId);
    }
    await this.files.remove('parts', r.freed);
    return { partNumber, size: part.size, etag: part.etag, lastModified: part.last_modified };
  }

  completeMultipartUpload(ref: UploadRef, parts: readonly CompletePart[]): Promise<ObjectInfo> {
    const running = this.completing.get(ref.uploadId);
    if (running) return running;
    const p = this.complete(ref, parts).finally(() => this.completing.delete(ref.uploadId));
    this.completing.set(ref.uploadId, p);
    return p;
  }

  private async complete(ref: UploadRef, parts: readonly CompletePart[]): Promise<ObjectInfo> {
    const upload = this.requireUpload(ref);
    if (upload.state === 'completed') {
      const current = this.index.object(ref.bucket, upload.key);
      if (current && current.etag === upload.result_etag) return objectInfo(current);
      return { ...uploadInfo(upload), size: upload.result_size ?? 0, etag: upload.result_etag ?? '', lastModified: upload.completed_at ?? upload.initiated };
    }
    if (parts.length === 0) throw new StorageError('NoParts', 'You must specify at least one part');
    const stored = new Map(this.index.allParts(ref.uploadId).map((p) => [p.part_number, p]));
    const chosen: PartRow[] = [];
    let previous = 0;
    for (const p of parts) {
      if (p.partNumber <= previous)
        throw new StorageError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.');
      previous = p.partNumber;
      const s = stored.get(p.partNumber);
      if (!s || s.etag !== p.etag) {
        throw new StorageError(
          'InvalidPart',
          "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          {
            UploadId: ref.uploadId,
            PartNumber: String(p.partNumber),
            ETag: p.etag,
          },
        );
      }
      chosen.push(s);
    }
    chosen.forEach((s, i) => {
      if (i < chosen.length - 1 && s.size < this.options.minPartSize) {
        throw new StorageError('PartTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
          ProposedSize: String(s.size),
          MinSizeAllowed: String(this.options.minPartSize),
          PartNumber: String(s.part_number),
          ETag: s.etag,
        });
      }
    });
    const md5s = Buffer.concat(chosen.map((s) => Buffer.from(s.etag, 'hex')));
    const etag = `${createHash('md5').update(md5s).digest('hex')}-${chosen.length}`;
    const size = chosen.reduce((n, s) => n + s.size, 0);
    const ids = chosen.map((s) => s.blob_id);
    // Parts become object blobs by rename (no byte is copied); the index switches in one transaction after.
    await this.files.adoptParts(
      chosen.map((s) => ({ id: s.blob_id, size: s.size })),
      (id) => {
        const lost = chosen.find((s) => s.blob_id === id);
        this.index.deletePart(ref.uploadId, lost?.part_number ?? 0);
        return new StorageError('InvalidPart', `Part ${lost?.part_number} was lost (its data did not survive a restart); upload it again`, {
          UploadId: ref.uploadId,
          PartNumber: String(lost?.part_number),
        });
      },
    );
    const row = objectRow(ref.bucket, upload.key, attributesOfUpload(upload), size, etag, this.now(), null, chosen.length);
    const r = this.index.completeUpload(
      ref.uploadId,
      row,
      chosen.map((s) => ({ blob_id: s.blob_id, size: s.size })),
    );
    if (!r.ok) {
      await this.files.remove('blobs', ids);
      throw r.refusal === 'no-upload' ? noUpload(ref.uploadId) : refusalError(r.refusal, ref.bucket);
    }
    await this.files.remove('blobs', r.freed);
    await this.files.remove('parts', r.unusedParts);
    return objectInfo(row);
  }

  async abortMultipartUpload(ref: UploadRef): Promise<void> {
    const upload = this.requireUpload(ref);
    const blobs = this.index.deleteUpload(upload.upload_id);
    if (!blobs) throw noUpload(ref.uploadId);
    await this.files.remove('parts', blobs);
  }

  async listParts(ref: UploadRef, query: ListPartsQuery): Promise<PartsPage> {
    const upload = this.requireOpenUpload(ref);
    const rows = this.index.parts(ref.uploadId, query.partNumberMarker, query.maxParts + 1);
    const isTruncated = rows.length > query.maxParts;
    const parts = rows.slice(0, query.maxParts).map((p) => ({ partNumber: p.part_number, size: p.size, etag: p.etag, lastModified: p.last_modified }));
    const last = parts.at(-1);
    return { upload: uploadInfo(upload), parts, isTruncated, ...(isTruncated && last ? { nextPartNumberMarker: last.partNumber } : {}) };
  }

  async listMultipartUploads(bucket: string, query: ListUploadsQuery): Promise<UploadsPage> {
    validateBucketName(bucket);
    this.requireBucket(bucket);
    const page: UploadsPage = { uploads: [], commonPrefixes: [], isTruncated: false };
    if (query.maxUploads <= 0) return page;
    let keyCursor: Buffer = Buffer.from(query.keyMarker ?? '', 'utf8');
    // With a key marker and no upload-id marker, S3 lists from the next key on.
    let idCursor = query.keyMarker && !query.uploadIdMarker ? '\u{10FFFF}' : (query.uploadIdMarker ?? '');
    const prefix = query.prefix;
    const seen = new Set<string>();
    for (;;) {
      const rows = this.index.openUploads(bucket, keyCursor, idCursor, 1000);
      if (rows.length === 0) return page;
      for (const row of rows) {
        keyCursor = row.key;
        idCursor = row.upload_id;
        const key = row.key.toString('utf8');
        if (!key.startsWith(prefix)) continue;
        const at = query.delimiter ? key.indexOf(query.delimiter, prefix.length) : -1;
        const entry = at >= 0 && query.delimiter ? key.slice(0, at + query.delimiter.length) : undefined;
        if (entry !== undefined && seen.has(entry)) continue;
        if (page.uploads.length + page.commonPrefixes.length === query.maxUploads) {
          page.isTruncated = true;
          return page;
        }
        if (entry !== undefined) {
          seen.add(entry);
          page.commonPrefixes.push(entry);
          page.nextKeyMarker = entry;
          continue;
        }
        page.uploads.push(uploadInfo(row));
        page.nextKeyMarker = key;
        page.nextUploadIdMarker = row.upload_id;
      }
    }
  }

  async close(): Promise<void> {}

  private requireBucket(name: string) {
    const b = this.index.bucket(name);
    if (!b) throw noBucket(name);
    return b;
  }

  private requireObject(bucket: string, k: Buffer, key: string): ObjectRow {
    const row = this.index.object(bucket, k);
    if (row) return row;
    this.requireBucket(bucket);
    throw new StorageError('ObjectNotFound', 'The specified key does not exist.', { Key: key });
  }

  private requireUpload(ref: UploadRef): UploadRow {
    validateBucketName(ref.bucket);
    const k = validateKey(ref.key);
    this.requireBucket(ref.bucket);
    const up = this.index.upload(ref.uploadId);
    if (!up || up.bucket !== ref.bucket || !up.key.equals(k)) throw noUpload(ref.uploadId);
    return up;
  }

  private requireOpenUpload(ref: UploadRef): UploadRow {
    const up = this.requireUpload(ref);
    if (up.state !== 'open') throw noUpload(ref.uploadId);
    return up;
  }
}

function checkWritten(blob: WrittenBlob, contentMd5: Buffer | undefined, expectedSize: number | undefined): void {
  if (expectedSize !== undefined && blob.size !== expectedSize) {
    throw new StorageError('IncompleteBody', `You did not provide the number of bytes specified (${expectedSize}); received ${blob.size}.`);
  }
  if (contentMd5 && !contentMd5.equals(blob.md5)) {
    throw new StorageError('DigestMismatch', 'The Content-MD5 you specified did not match what we received.', {
      ExpectedDigest: contentMd5.toString('base64'),
      CalculatedDigest: blob.md5.toString('base64'),
    });
  }
}

function attributeColumns(a: ObjectAttributes) {
  return { content_type: a.contentType ?? null, headers: JSON.stringify(a.headers), metadata: JSON.stringify(a.metadata) };
}

function objectRow(
  bucket: string,
  key: Buffer,
  a: ObjectAttributes,
  size: number,
  etag: string,
  now: number,
  blobId: string | null,
  partsCount: number | null,
): ObjectRow {
  return { bucket, key, version: BlobFiles.newId(), size, etag, last_modified: now, ...attributeColumns(a), blob_id: blobId, parts_count: partsCount };
}

function parseRecord(json: string): Record<string, string> {
  return JSON.parse(json) as Record<string, string>;
}

function objectInfo(row: ObjectRow): ObjectInfo {
  return {
    bucket: row.bucket,
    key: row.key.toString('utf8'),
    size: row.size,
    etag: row.etag,
    lastModified: row.last_modified,
    ...(row.content_type !== null ? { contentType: row.content_type } : {}),
    headers: parseRecord(row.headers),
    metadata: parseRecord(row.metadata),
    ...(row.parts_count !== null ? { partsCount: row.parts_count } : {}),
  };
}

function attributesOf(info: ObjectInfo): ObjectAttributes {
  return { ...(info.contentType !== undefined ? { contentType: info.contentType } : {}), headers: info.headers, metadata: info.metadata };
}

function attributesOfUpload(row: UploadRow): ObjectAttributes {
  return { ...(row.content_type !== null ? { contentType: row.content_type } : {}), headers: parseRecord(row.headers), metadata: parseRecord(row.metadata) };
}

function uploadInfo(row: UploadRow): UploadInfo {
  return {
    uploadId: row.upload_id,
    bucket: row.bucket,
    key: row.key.toString('utf8'),
    initiated: row.initiated,
    domainId: row.domain_id,
    ...attributesOfUpload(row),
  };
}

function bucketInfo(row: { name: string; domain_id: string; project_id: string; region: string; created_at: number }): BucketInfo {
  return { name: row.name, domainId: row.domain_id, projectId: row.project_id, region: row.region, createdAt: row.created_at };
}

const noBucket = (name: string) => new StorageError('BucketNotFound', 'The specified bucket does not exist', { BucketName: name });
const noUpload = (id: string) =>
  new StorageError('UploadNotFound', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
    UploadId: id,
  });
const preconditionFailed = () =>
  new StorageError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'If-None-Match' });

function refusalError(r: CommitRefusal, bucket: string): StorageError {
  if (r === 'no-bucket') return noBucket(bucket);
  return new StorageError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
    Condition: r === 'exists' ? 'If-None-Match' : 'If-Match',
  });
}
