import { createHash, randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { DataDirError } from '../data-dir-error.js';
import type { Db } from '../db/sqlite.js';
import { type BlobArea, BlobFiles, type WrittenBlob } from './blob-files.js';
import { type BlobRecord, encodeRecord, readRecord } from './blob-record.js';
import { StorageError } from './errors.js';
import { faultPoint } from './fault-points.js';
import { validateBucketName, validateKey } from './names.js';
import { type BucketRow, type CommitRefusal, ObjectIndex, type ObjectRow, type PartRow, type UploadRow } from './object-index.js';
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
  /** The index's file, named in refusals (default `<root>/../meta.db`). */
  indexFile?: string;
  now?: () => number;
}

export interface RecoverReport {
  /** `bucket/key` of each object put back into the index. */
  restored: string[];
  alreadyIndexed: number;
  /** Whole versions older than the indexed one of their key (kept in quarantine). */
  superseded: number;
  /** `bucket/key` of indexed objects whose bytes were gone (dropped from the index). */
  lost: string[];
  quarantined: number;
  quarantineDir?: string;
}

export interface StartReport {
  /** Temp files of writes never acknowledged, removed. */
  tmp: number;
  abortedUploads: number;
  /** Completes interrupted after their commit, finished. */
  finishedCompletes: number;
  /** Blob and part files no index entry claims (interrupted writes and deletions), moved to `quarantineDir`. */
  quarantined: number;
  quarantineDir?: string;
}

/** Examples named in a refusal. */
const EXAMPLES = 3;

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
   * Start-up check, before serving. Temp files (writes never acknowledged) are removed and abandoned
   * uploads aborted; a Complete interrupted after its commit is finished. Then the index and the blob
   * folder must agree: files no index entry claims are moved to quarantine when an interrupted write or
   * deletion explains them (their record names a bucket the index knows); anything else (blobs of
   * unknown buckets or without a record, indexed objects whose bytes are missing) means the index is
   * not the one these blobs belong to, and start-up is refused with the choices, nothing changed.
   */
  async startUp(): Promise<StartReport> {
    const tmp = this.files.clearTmp();
    const cutoff = this.now() - this.options.abandonedUploadAgeMs;
    const stale = this.index.staleOpenUploads(cutoff);
    for (const id of stale) await this.files.remove('parts', this.index.deleteUpload(id) ?? []);
    this.index.purgeCompletedUploads(cutoff);

    const onDiskParts = new Set(this.files.partIds());
    const onDiskBlobs = new Set(this.files.blobIds());
    const partRows = new Set<string>();
    for (const p of this.index.partRows()) {
      // A part file lost to a power failure (parts are fsynced at Complete): the upload forgets it.
      if (onDiskParts.has(p.blob_id)) partRows.add(p.blob_id);
      else this.index.deletePart(p.upload_id, p.part_number);
    }
    const unfinished: string[] = [];
    const missing: string[] = [];
    const referenced = new Set<string>();
    for (const id of this.index.objectBlobIds()) {
      referenced.add(id);
      if (onDiskBlobs.has(id)) continue;
      if (onDiskParts.has(id)) unfinished.push(id);
      else missing.push(id);
    }
    const fresh = !this.index.anyBucket();
    const stray: Array<{ area: BlobArea; id: string }> = [];
    const unexplained: string[] = [];
    for (const id of onDiskBlobs) {
      if (referenced.has(id)) continue;
      const r = readRecord(this.files.path('blobs', id));
      if (r && this.index.bucket(r.bucket)) stray.push({ area: 'blobs', id });
      else unexplained.push(id);
    }
    for (const id of onDiskParts) {
      if (partRows.has(id) || referenced.has(id)) continue;
      if (fresh) unexplained.push(id);
      else stray.push({ area: 'parts', id });
    }
    if (missing.length > 0 || unexplained.length > 0) throw this.disagreement(missing, unexplained);

    await this.files.moveParts(unfinished);
    const quarantineDir = this.files.quarantine(stray);
    return { tmp, abortedUploads: stale.length, finishedCompletes: unfinished.length, quarantined: stray.length, ...(quarantineDir ? { quarantineDir } : {}) };
  }

  private disagreement(missing: readonly string[], unexplained: readonly string[]): DataDirError {
    const dataDir = dirname(this.options.root);
    const indexFile = this.options.indexFile ?? `${dataDir}/meta.db`;
    const lost = missing.slice(0, EXAMPLES).map((id) => {
      const o = this.index.objectOfBlob(id);
      return o ? `${o.bucket}/${o.key.toString('utf8')}` : id;
    });
    const facts = [
      ...(unexplained.length > 0
        ? [`${unexplained.length} blob file(s) in ${this.options.root} that the index does not know (e.g. ${unexplained.slice(0, EXAMPLES).join(', ')})`]
        : []),
      ...(missing.length > 0 ? [`${missing.length} indexed object blob(s) missing from ${this.options.root} (e.g. ${lost.join(', ')})`] : []),
    ];
    return new DataDirError(
      `ModelArts Local will not start on ${dataDir}: the object index ${indexFile} and the blob folder disagree: ${facts.join('; ')}. Nothing was changed. Choices:`,
      [
        `rebuild the object index from the blobs: modelarts local recover --data-dir ${dataDir} (blobs it cannot place go to ${this.files.quarantineDir}, none is deleted)`,
        `or restore ${indexFile} from the backup taken with ${this.options.root}, then start again`,
        `or move ${this.options.root} aside to start with an empty object store`,
      ],
      'disagreement',
    );
  }

  /**
   * Rebuilds the index from the blob records (`modelarts local recover`; nothing else runs). Each whole
   * version found on disk is indexed unless the index holds a newer version of its key (buckets are
   * re-created from the records); indexed objects whose bytes are gone are dropped and named; every
   * file that ends up unclaimed (superseded versions, incomplete multipart sets, blobs without a record)
   * goes to quarantine.
   */
  async recover(): Promise<RecoverReport> {
    const report: RecoverReport = { restored: [], alreadyIndexed: 0, superseded: 0, lost: [], quarantined: 0 };
    this.files.clearTmp();
    const partRows = new Set(this.index.partRows().map((p) => p.blob_id));
    const versions = new Map<string, { record: BlobRecord; blobs: Array<{ area: BlobArea; id: string; seq: number; size: number }> }>();
    const unclaimed: Array<{ area: BlobArea; id: string }> = [];
    const scan = (area: BlobArea, ids: readonly string[]) => {
      for (const id of ids) {
        if (area === 'parts' && partRows.has(id)) continue;
        const r = readRecord(this.files.path(area, id));
        if (!r) {
          unclaimed.push({ area, id });
          continue;
        }
        const v = versions.get(r.version) ?? { record: r, blobs: [] };
        v.blobs.push({ area, id, seq: r.seq, size: r.data_size });
        versions.set(r.version, v);
      }
    };
    scan('blobs', this.files.blobIds());
    scan('parts', this.files.partIds());

    const present = new Set([...this.files.blobIds(), ...this.files.partIds()]);
    const toMove: string[] = [];
    for (const [version, { record: r, blobs }] of versions) {
      blobs.sort((a, b) => a.seq - b.seq);
      const whole = blobs.length === r.segments && blobs.every((b, i) => b.seq === i) && blobs.reduce((n, b) => n + b.size, 0) === r.size;
      const key = Buffer.from(r.key, 'base64');
      const current = this.index.object(r.bucket, key);
      const name = `${r.bucket}/${key.toString('utf8')}`;
      if (current?.version === version) {
        report.alreadyIndexed++;
        toMove.push(...blobs.filter((b) => b.area === 'parts').map((b) => b.id));
        continue;
      }
      // An indexed version whose bytes are gone does not outrank an older one that is whole.
      const currentWhole = current !== undefined && this.index.segments(current).every((b) => present.has(b.blob_id));
      if (!whole || (currentWhole && current.last_modified >= r.last_modified)) {
        if (whole) report.superseded++;
        unclaimed.push(...blobs);
        continue;
      }
      if (!this.index.bucket(r.bucket)) this.index.insertBucket({ name: r.bucket, ...r.owner } satisfies BucketRow);
      const single = r.segments === 1 && r.parts_count === null;
      const row: ObjectRow = {
        bucket: r.bucket,
        key,
        version,
        size: r.size,
        etag: r.etag,
        last_modified: r.last_modified,
        content_type: r.content_type,
        headers: r.headers,
        metadata: r.metadata,
        blob_id: single ? (blobs[0]?.id ?? null) : null,
        parts_count: r.parts_count,
      };
      const c = this.index.commitObject(row, single ? undefined : blobs.map((b) => ({ blob_id: b.id, size: b.size })));
      if (!c.ok) {
        unclaimed.push(...blobs);
        continue;
      }
      // The version it replaced is older: kept in quarantine, not deleted.
      unclaimed.push(...c.freed.filter((id) => this.files.has('blobs', id)).map((id) => ({ area: 'blobs' as const, id })));
      toMove.push(...blobs.filter((b) => b.area === 'parts').map((b) => b.id));
      report.restored.push(name);
    }
    await this.files.moveParts(toMove);

    const onDisk = new Set(this.files.blobIds());
    for (const id of new Set(this.index.objectBlobIds())) {
      if (onDisk.has(id)) continue;
      const o = this.index.objectOfBlob(id);
      if (!o) continue;
      this.index.deleteObject(o.bucket, o.key);
      report.lost.push(`${o.bucket}/${o.key.toString('utf8')}`);
    }
    // Unclaimed record-less blobs the index references (written before records existed) stay.
    const referenced = new Set(this.index.objectBlobIds());
    const strays = unclaimed.filter((f) => !(f.area === 'blobs' && referenced.has(f.id)) && this.files.has(f.area, f.id));
    const dir = this.files.quarantine(strays);
    report.quarantined = strays.length;
    if (dir) report.quarantineDir = dir;
    return report;
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
    const owner = this.requireBucket(bucket);
    // Fail before reading a possibly large body; the commit checks again atomically.
    if (options.ifNoneMatch && this.index.object(bucket, k)) throw preconditionFailed();
    const version = BlobFiles.newId();
    const now = this.now();
    const cols = attributeColumns(options.attributes);
    const blob = await this.files.write(body, true, (size, md5) =>
      encodeRecord(blobRecord(owner, { bucket, key: k, version, size, etag: md5.toString('hex'), last_modified: now, ...cols, parts_count: null }, 0, 1, size)),
    );
    try {
      checkWritten(blob, options.contentMd5, options.expectedSize);
      await this.files.publish(blob.id, 'blobs');
    } catch (e) {
      await this.files.discard(blob.id);
      throw e;
    }
    const row: ObjectRow = {
      bucket,
      key: k,
      version,
      size: blob.size,
      etag: blob.md5.toString('hex'),
      last_modified: now,
      ...cols,
      blob_id: blob.id,
      parts_count: null,
    };
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
      stream: (range, sink) => {
        if (streamed || released) throw new Error('ObjectReader.stream() may be called once, before release()');
        streamed = true;
        return this.files.reader(segments, range, release, sink);
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
      // Keep the blob records in step, so a rebuilt index has the new attributes too.
      const owner = this.requireBucket(target.bucket);
      const segments = this.index.segments(updated);
      for (const [i, s] of segments.entries())
        await this.files.rewriteRecord(s.blob_id, s.size, encodeRecord(blobRecord(owner, updated, i, segments.length, s.size)));
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
    const owner = this.requireBucket(ref.bucket);
    const row: ObjectRow = {
      bucket: ref.bucket,
      key: upload.key,
      version: BlobFiles.newId(),
      size,
      etag,
      last_modified: this.now(),
      ...attributeColumns(attributesOfUpload(upload)),
      blob_id: null,
      parts_count: chosen.length,
    };
    // Crash-safe order: (1) the parts get their records and are fsynced, still parts (a crash leaves the
    // upload as it was: Complete can be retried); (2) one transaction makes the object current and the
    // upload completed; (3) the parts are renamed into the object area (a crash here is finished at the
    // next start, since the index already names them). No byte is copied.
    await this.files.sealParts(
      chosen.map((s, i) => ({ id: s.blob_id, size: s.size, record: encodeRecord(blobRecord(owner, row, i, chosen.length, s.size)) })),
      (id) => {
        const lost = chosen.find((s) => s.blob_id === id);
        this.index.deletePart(ref.uploadId, lost?.part_number ?? 0);
        return new StorageError('InvalidPart', `Part ${lost?.part_number} was lost (its data did not survive a restart); upload it again`, {
          UploadId: ref.uploadId,
          PartNumber: String(lost?.part_number),
        });
      },
    );
    await faultPoint('complete:sealed');
    const r = this.index.completeUpload(
      ref.uploadId,
      row,
      chosen.map((s) => ({ blob_id: s.blob_id, size: s.size })),
    );
    if (!r.ok) throw r.refusal === 'no-upload' ? noUpload(ref.uploadId) : refusalError(r.refusal, ref.bucket);
    await faultPoint('complete:committed');
    await this.files.moveParts(ids);
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

  async close(): Promise<void> {
    this.files.close();
  }

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

type RecordedRow = Pick<ObjectRow, 'bucket' | 'key' | 'version' | 'size' | 'etag' | 'last_modified' | 'content_type' | 'headers' | 'metadata' | 'parts_count'>;

function blobRecord(owner: BucketRow, row: RecordedRow, seq: number, segments: number, dataSize: number): BlobRecord {
  return {
    v: 1,
    bucket: row.bucket,
    key: row.key.toString('base64'),
    version: row.version,
    data_size: dataSize,
    size: row.size,
    etag: row.etag,
    last_modified: row.last_modified,
    content_type: row.content_type,
    headers: row.headers,
    metadata: row.metadata,
    seq,
    segments,
    parts_count: row.parts_count,
    owner: { domain_id: owner.domain_id, project_id: owner.project_id, region: owner.region, created_at: owner.created_at },
  };
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
