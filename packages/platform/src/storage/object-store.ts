import type { Readable } from 'node:stream';

/**
 * The seam between the object API and where bytes live: the disk store now, any S3-compatible store (OBS,
 * MinIO) later, so nothing above it assumes a single machine. No HTTP here: callers pass decoded bodies and
 * plain values; failures are `StorageError`s. Every method validates bucket names and keys before touching storage.
 */
export interface ObjectStore {
  createBucket(name: string, owner: BucketOwner): Promise<BucketInfo>;
  /** Throws BucketNotFound. */
  headBucket(name: string): Promise<BucketInfo>;
  /** Throws BucketNotEmpty while objects remain; open multipart uploads are aborted with it. */
  deleteBucket(name: string): Promise<void>;
  listBuckets(domainId: string): Promise<BucketInfo[]>;

  /** Streams `body` in; the object becomes visible whole, or not at all when the body fails or a check fails. */
  put(bucket: string, key: string, body: Readable, options: PutOptions): Promise<ObjectInfo>;
  /** Opens the current version: it stays readable (even if overwritten) until its stream closes or it is released. */
  get(bucket: string, key: string): Promise<ObjectReader>;
  head(bucket: string, key: string): Promise<ObjectInfo>;
  /** Deleting a missing key is not an error (S3). Returns whether something was deleted. */
  delete(bucket: string, key: string): Promise<boolean>;
  copy(source: ObjectRef, target: ObjectRef, options: CopyOptions): Promise<ObjectInfo>;
  list(bucket: string, query: ListQuery): Promise<ListPage>;

  createMultipartUpload(bucket: string, key: string, attributes: ObjectAttributes, owner: BucketOwner): Promise<UploadInfo>;
  uploadPart(ref: UploadRef, partNumber: number, body: Readable, options: PartOptions): Promise<PartInfo>;
  /** Idempotent: completing an already completed upload answers the same result. */
  completeMultipartUpload(ref: UploadRef, parts: readonly CompletePart[]): Promise<ObjectInfo>;
  abortMultipartUpload(ref: UploadRef): Promise<void>;
  listParts(ref: UploadRef, query: ListPartsQuery): Promise<PartsPage>;
  listMultipartUploads(bucket: string, query: ListUploadsQuery): Promise<UploadsPage>;

  close(): Promise<void>;
}

export interface BucketOwner {
  domainId: string;
  projectId: string;
  region: string;
}

export interface BucketInfo extends BucketOwner {
  name: string;
  createdAt: number;
}

/** What is kept beside the bytes and given back on GET/HEAD. */
export interface ObjectAttributes {
  contentType?: string;
  /** Standard headers kept verbatim, lower-case names: content-encoding, content-disposition, cache-control, content-language, expires. */
  headers: Record<string, string>;
  /** User metadata, lower-case names without the `x-amz-meta-`/`x-obs-meta-` prefix. */
  metadata: Record<string, string>;
}

export interface ObjectInfo extends ObjectAttributes {
  bucket: string;
  key: string;
  size: number;
  /** Hex MD5 of the bytes, or `<md5 of part md5s>-<N>` for multipart objects; unquoted. */
  etag: string;
  lastModified: number;
  partsCount?: number;
}

export interface ObjectSummary {
  key: string;
  size: number;
  etag: string;
  lastModified: number;
}

export interface ObjectRef {
  bucket: string;
  key: string;
}

export interface UploadRef extends ObjectRef {
  uploadId: string;
}

export interface PutOptions {
  attributes: ObjectAttributes;
  /** Binary MD5 the client sent (Content-MD5): a mismatch fails with DigestMismatch and stores nothing. */
  contentMd5?: Buffer;
  /** Size the client announced: a body of another length fails with IncompleteBody. */
  expectedSize?: number;
  /** `If-None-Match: *`: PreconditionFailed if the key exists when the write would commit. */
  ifNoneMatch?: boolean;
  /** `If-Match`: PreconditionFailed unless the current ETag is this one (unquoted). */
  ifMatch?: string;
}

export interface PartOptions {
  contentMd5?: Buffer;
  expectedSize?: number;
}

export interface CopyOptions {
  /** New attributes (REPLACE); absent keeps the source's (COPY). */
  attributes?: ObjectAttributes;
  /** Checked against the source before any byte is copied; throw to refuse (e.g. copy-source conditionals). */
  precondition?: (source: ObjectInfo) => void;
}

/** Inclusive byte range, already resolved against the object size. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where a stream's chunks go when that destination copies every byte out before its write completes (a socket, an
 * HTTP response): once it has nothing left to write, no chunk handed to it is referenced any more.
 */
export interface FlushingSink {
  readonly writableLength: number;
}

export interface ObjectReader {
  readonly info: ObjectInfo;
  /**
   * The bytes, all or one range. Call at most once; closing the stream releases the version. With `sink` (the one
   * destination the stream is piped to), read buffers are reused once the sink has flushed them, instead of one new
   * buffer per chunk: a GiB read allocates a few MiB, and the garbage collector has nothing to chase.
   */
  stream(range?: ByteRange, sink?: FlushingSink): Readable;
  /** Releases the version when no stream is wanted (idempotent). */
  release(): void;
}

export interface ListQuery {
  prefix: string;
  /** Empty or absent: no roll-up. */
  delimiter?: string;
  /** Exclusive start: a key or a common prefix returned before (everything under that prefix is skipped too). */
  after?: string;
  maxKeys: number;
}

export interface ListPage {
  objects: ObjectSummary[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix of the page, to resume after. */
  last?: string;
}

export interface UploadInfo extends ObjectAttributes {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: number;
  domainId: string;
}

export interface PartInfo {
  partNumber: number;
  size: number;
  etag: string;
  lastModified: number;
}

export interface CompletePart {
  partNumber: number;
  /** Unquoted hex MD5 of the part as UploadPart answered it. */
  etag: string;
}

export interface ListPartsQuery {
  partNumberMarker: number;
  maxParts: number;
}

export interface PartsPage {
  upload: UploadInfo;
  parts: PartInfo[];
  isTruncated: boolean;
  nextPartNumberMarker?: number;
}

export interface ListUploadsQuery {
  prefix: string;
  delimiter?: string;
  keyMarker?: string;
  uploadIdMarker?: string;
  maxUploads: number;
}

export interface UploadsPage {
  uploads: UploadInfo[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextUploadIdMarker?: string;
}
