import type { Db } from '../db/sqlite.js';

/**
 * The SQLite object index (migration 003): the only code that reads or writes its tables. Keys are
 * UTF-8 BLOBs so that `ORDER BY key` is S3's byte order and range scans use the primary key.
 * Methods that replace or drop rows return the blob ids that no longer belong to anything, for the
 * caller to delete after the transaction committed.
 */

export interface BucketRow {
  name: string;
  domain_id: string;
  project_id: string;
  region: string;
  created_at: number;
}

export interface ObjectRow {
  bucket: string;
  key: Buffer;
  version: string;
  size: number;
  etag: string;
  last_modified: number;
  content_type: string | null;
  headers: string;
  metadata: string;
  blob_id: string | null;
  parts_count: number | null;
}

export type ObjectSummaryRow = Pick<ObjectRow, 'key' | 'size' | 'etag' | 'last_modified'>;

export interface SegmentRow {
  blob_id: string;
  size: number;
}

export interface UploadRow {
  upload_id: string;
  bucket: string;
  key: Buffer;
  domain_id: string;
  initiated: number;
  content_type: string | null;
  headers: string;
  metadata: string;
  state: 'open' | 'completed';
  result_etag: string | null;
  result_size: number | null;
  completed_at: number | null;
}

export interface PartRow {
  upload_id: string;
  part_number: number;
  size: number;
  etag: string;
  blob_id: string;
  last_modified: number;
}

/** Why a conditional commit was refused. */
export type CommitRefusal = 'no-bucket' | 'exists' | 'etag-mismatch';

export interface CommitCondition {
  ifNoneMatch?: boolean;
  ifMatch?: string;
}

export class ObjectIndex {
  private readonly q;

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      bucket: p('SELECT * FROM buckets WHERE name = ?'),
      insertBucket: p('INSERT INTO buckets (name, domain_id, project_id, region, created_at) VALUES (@name, @domain_id, @project_id, @region, @created_at)'),
      bucketsOf: p('SELECT * FROM buckets WHERE domain_id = ? ORDER BY name'),
      anyObject: p('SELECT 1 FROM objects WHERE bucket = ? LIMIT 1'),
      uploadsOfBucket: p('SELECT upload_id FROM uploads WHERE bucket = ?'),
      deleteBucket: p('DELETE FROM buckets WHERE name = ?'),
      object: p('SELECT * FROM objects WHERE bucket = ? AND key = ?'),
      segments: p('SELECT blob_id, size FROM object_segments WHERE version = ? ORDER BY seq'),
      upsertObject: p(
        `INSERT OR REPLACE INTO objects (bucket, key, version, size, etag, last_modified, content_type, headers, metadata, blob_id, parts_count)
         VALUES (@bucket, @key, @version, @size, @etag, @last_modified, @content_type, @headers, @metadata, @blob_id, @parts_count)`,
      ),
      updateAttributes: p(
        'UPDATE objects SET content_type = @content_type, headers = @headers, metadata = @metadata, last_modified = @last_modified WHERE bucket = @bucket AND key = @key AND version = @version',
      ),
      insertSegment: p('INSERT INTO object_segments (version, seq, blob_id, size) VALUES (?, ?, ?, ?)'),
      deleteSegments: p('DELETE FROM object_segments WHERE version = ?'),
      deleteObject: p('DELETE FROM objects WHERE bucket = ? AND key = ?'),
      listAfter: p('SELECT key, size, etag, last_modified FROM objects WHERE bucket = ? AND key > ? AND key < ? ORDER BY key LIMIT ?'),
      listFrom: p('SELECT key, size, etag, last_modified FROM objects WHERE bucket = ? AND key >= ? AND key < ? ORDER BY key LIMIT ?'),
      insertUpload: p(
        `INSERT INTO uploads (upload_id, bucket, key, domain_id, initiated, content_type, headers, metadata)
         VALUES (@upload_id, @bucket, @key, @domain_id, @initiated, @content_type, @headers, @metadata)`,
      ),
      upload: p('SELECT * FROM uploads WHERE upload_id = ?'),
      part: p('SELECT * FROM upload_parts WHERE upload_id = ? AND part_number = ?'),
      upsertPart: p(
        `INSERT OR REPLACE INTO upload_parts (upload_id, part_number, size, etag, blob_id, last_modified)
         VALUES (@upload_id, @part_number, @size, @etag, @blob_id, @last_modified)`,
      ),
      partsFrom: p('SELECT * FROM upload_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?'),
      allParts: p('SELECT * FROM upload_parts WHERE upload_id = ? ORDER BY part_number'),
      partBlobs: p('SELECT blob_id FROM upload_parts WHERE upload_id = ?'),
      deleteParts: p('DELETE FROM upload_parts WHERE upload_id = ?'),
      deletePart: p('DELETE FROM upload_parts WHERE upload_id = ? AND part_number = ?'),
      deleteUpload: p('DELETE FROM uploads WHERE upload_id = ?'),
      completeUpload: p("UPDATE uploads SET state = 'completed', result_etag = ?, result_size = ?, completed_at = ? WHERE upload_id = ?"),
      openUploadsFrom: p(
        "SELECT * FROM uploads WHERE bucket = ? AND state = 'open' AND (key > ? OR (key = ? AND upload_id > ?)) ORDER BY key, upload_id LIMIT ?",
      ),
      allObjectBlobs: p('SELECT blob_id FROM objects WHERE blob_id IS NOT NULL UNION ALL SELECT blob_id FROM object_segments'),
      allPartRows: p('SELECT upload_id, part_number, blob_id FROM upload_parts'),
      anyBucket: p('SELECT 1 FROM buckets LIMIT 1'),
      objectOfBlob: p(
        'SELECT bucket, key FROM objects WHERE blob_id = ? UNION ALL SELECT o.bucket, o.key FROM object_segments s JOIN objects o ON o.version = s.version WHERE s.blob_id = ? LIMIT 1',
      ),
      staleOpenUploads: p("SELECT upload_id FROM uploads WHERE state = 'open' AND initiated < ?"),
      staleCompletedUploads: p("DELETE FROM uploads WHERE state = 'completed' AND completed_at < ?"),
    };
  }

  bucket(name: string): BucketRow | undefined {
    return this.q.bucket.get(name) as BucketRow | undefined;
  }

  /** Inserts the bucket, or answers the row that already holds the name. */
  insertBucket(row: BucketRow): { created: true } | { created: false; existing: BucketRow } {
    return this.db.transaction(() => {
      const existing = this.bucket(row.name);
      if (existing) return { created: false as const, existing };
      this.q.insertBucket.run(row);
      return { created: true as const };
    })();
  }

  bucketsOf(domainId: string): BucketRow[] {
    return this.q.bucketsOf.all(domainId) as BucketRow[];
  }

  /** Drops an empty bucket with its uploads; answers the part blobs left behind, or why it could not. */
  deleteBucket(name: string): { deleted: true; partBlobs: string[]; uploadIds: string[] } | { deleted: false; reason: 'no-bucket' | 'not-empty' } {
    return this.db.transaction(() => {
      if (!this.bucket(name)) return { deleted: false as const, reason: 'no-bucket' as const };
      if (this.q.anyObject.get(name)) return { deleted: false as const, reason: 'not-empty' as const };
      const uploadIds = (this.q.uploadsOfBucket.all(name) as { upload_id: string }[]).map((r) => r.upload_id);
      const partBlobs: string[] = [];
      for (const id of uploadIds) {
        partBlobs.push(...this.partBlobsOf(id));
        this.q.deleteParts.run(id);
        this.q.deleteUpload.run(id);
      }
      this.q.deleteBucket.run(name);
      return { deleted: true as const, partBlobs, uploadIds };
    })();
  }

  object(bucket: string, key: Buffer): ObjectRow | undefined {
    return this.q.object.get(bucket, key) as ObjectRow | undefined;
  }

  segments(row: ObjectRow): SegmentRow[] {
    if (row.blob_id !== null) return [{ blob_id: row.blob_id, size: row.size }];
    return this.q.segments.all(row.version) as SegmentRow[];
  }

  /**
   * Makes `row` the current version of its key in one transaction, if the bucket exists and the
   * condition holds; answers the blobs of the replaced version.
   */
  commitObject(
    row: ObjectRow,
    segments: readonly SegmentRow[] | undefined,
    cond: CommitCondition = {},
  ): { ok: true; freed: string[] } | { ok: false; refusal: CommitRefusal } {
    return this.db.transaction(() => {
      if (!this.bucket(row.bucket)) return { ok: false as const, refusal: 'no-bucket' as const };
      const old = this.object(row.bucket, row.key);
      if (cond.ifNoneMatch && old) return { ok: false as const, refusal: 'exists' as const };
      if (cond.ifMatch !== undefined && (!old || old.etag !== cond.ifMatch)) return { ok: false as const, refusal: 'etag-mismatch' as const };
      const freed = old ? this.dropVersion(old) : [];
      this.q.upsertObject.run(row);
      for (const [i, s] of (segments ?? []).entries()) this.q.insertSegment.run(row.version, i, s.blob_id, s.size);
      return { ok: true as const, freed };
    })();
  }

  /** Replaces the attributes of exactly this version (copy onto itself with REPLACE); false if it changed meanwhile. */
  updateAttributes(row: Pick<ObjectRow, 'bucket' | 'key' | 'version' | 'content_type' | 'headers' | 'metadata' | 'last_modified'>): boolean {
    return this.q.updateAttributes.run(row).changes === 1;
  }

  deleteObject(bucket: string, key: Buffer): { deleted: boolean; freed: string[] } {
    return this.db.transaction(() => {
      const old = this.object(bucket, key);
      if (!old) return { deleted: false, freed: [] };
      const freed = this.dropVersion(old);
      this.q.deleteObject.run(bucket, key);
      return { deleted: true, freed };
    })();
  }

  /** Up to `limit` summaries with `from < key < before` (`from <= key` when inclusive), in byte order. */
  listObjects(bucket: string, from: Buffer, inclusive: boolean, before: Buffer, limit: number): ObjectSummaryRow[] {
    return (inclusive ? this.q.listFrom : this.q.listAfter).all(bucket, from, before, limit) as ObjectSummaryRow[];
  }

  insertUpload(row: Omit<UploadRow, 'state' | 'result_etag' | 'result_size' | 'completed_at'>): void {
    this.q.insertUpload.run(row);
  }

  upload(uploadId: string): UploadRow | undefined {
    return this.q.upload.get(uploadId) as UploadRow | undefined;
  }

  /** Records a part if its upload is still open; answers the blob of the part it replaced. */
  putPart(row: PartRow): { ok: true; freed: string[] } | { ok: false } {
    return this.db.transaction(() => {
      const up = this.upload(row.upload_id);
      if (up?.state !== 'open') return { ok: false as const };
      const old = this.q.part.get(row.upload_id, row.part_number) as PartRow | undefined;
      this.q.upsertPart.run(row);
      return { ok: true as const, freed: old ? [old.blob_id] : [] };
    })();
  }

  parts(uploadId: string, afterPart: number, limit: number): PartRow[] {
    return this.q.partsFrom.all(uploadId, afterPart, limit) as PartRow[];
  }

  allParts(uploadId: string): PartRow[] {
    return this.q.allParts.all(uploadId) as PartRow[];
  }

  /**
   * Publishes a completed upload as the object in one transaction: object row + segments, the upload
   * marked completed (kept for repeated Completes), its part rows dropped. Parts not listed are freed.
   */
  completeUpload(
    uploadId: string,
    row: ObjectRow,
    segments: readonly SegmentRow[],
  ): { ok: true; freed: string[]; unusedParts: string[] } | { ok: false; refusal: CommitRefusal | 'no-upload' } {
    return this.db.transaction(() => {
      const up = this.upload(uploadId);
      if (up?.state !== 'open') return { ok: false as const, refusal: 'no-upload' as const };
      const used = new Set(segments.map((s) => s.blob_id));
      const unusedParts = this.partBlobsOf(uploadId).filter((b) => !used.has(b));
      const r = this.commitObject(row, segments);
      if (!r.ok) return r;
      this.q.deleteParts.run(uploadId);
      this.q.completeUpload.run(row.etag, row.size, row.last_modified, uploadId);
      return { ok: true as const, freed: r.freed, unusedParts };
    })();
  }

  /** Drops an upload and its parts; answers the part blobs, or undefined if there was no such upload. */
  deleteUpload(uploadId: string): string[] | undefined {
    return this.db.transaction(() => {
      if (!this.upload(uploadId)) return undefined;
      const blobs = this.partBlobsOf(uploadId);
      this.q.deleteParts.run(uploadId);
      this.q.deleteUpload.run(uploadId);
      return blobs;
    })();
  }

  deletePart(uploadId: string, partNumber: number): void {
    this.q.deletePart.run(uploadId, partNumber);
  }

  /** Open uploads after (keyMarker, uploadIdMarker) in (key, upload id) order. */
  openUploads(bucket: string, keyMarker: Buffer, uploadIdMarker: string, limit: number): UploadRow[] {
    return this.q.openUploadsFrom.all(bucket, keyMarker, keyMarker, uploadIdMarker, limit) as UploadRow[];
  }

  *objectBlobIds(): IterableIterator<string> {
    for (const r of this.q.allObjectBlobs.iterate() as IterableIterator<{ blob_id: string }>) yield r.blob_id;
  }

  partRows(): Array<Pick<PartRow, 'upload_id' | 'part_number' | 'blob_id'>> {
    return this.q.allPartRows.all() as Array<Pick<PartRow, 'upload_id' | 'part_number' | 'blob_id'>>;
  }

  anyBucket(): boolean {
    return this.q.anyBucket.get() !== undefined;
  }

  /** The object a blob belongs to (a scan: for error messages and recovery only). */
  objectOfBlob(blobId: string): Pick<ObjectRow, 'bucket' | 'key'> | undefined {
    return this.q.objectOfBlob.get(blobId, blobId) as Pick<ObjectRow, 'bucket' | 'key'> | undefined;
  }

  staleOpenUploads(initiatedBefore: number): string[] {
    return (this.q.staleOpenUploads.all(initiatedBefore) as { upload_id: string }[]).map((r) => r.upload_id);
  }

  purgeCompletedUploads(completedBefore: number): void {
    this.q.staleCompletedUploads.run(completedBefore);
  }

  private partBlobsOf(uploadId: string): string[] {
    return (this.q.partBlobs.all(uploadId) as { blob_id: string }[]).map((r) => r.blob_id);
  }

  private dropVersion(old: ObjectRow): string[] {
    const blobs = this.segments(old).map((s) => s.blob_id);
    if (old.blob_id === null) this.q.deleteSegments.run(old.version);
    return blobs;
  }
}
