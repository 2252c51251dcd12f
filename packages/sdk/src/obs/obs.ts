import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  type DeleteObjectsCommandOutput,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type Static, Type } from '@modelarts-ts/contract';
import { APIError, InvalidArgumentError, TransferError } from '../core/error.js';
import { callback, defineSignature } from '../internal/arguments.js';
import { AbortSignalArg, SignalOptions } from '../internal/common-args.js';
import { Checkpoint, defaultCheckpointDir } from './checkpoint.js';
import { createS3Client } from './client.js';
import { DirMaker, downloadJob, type RemoteObject } from './download.js';
import { isNotFound, toSdkError } from './errors.js';
import { type ListOptions, listObjects, type ObsObject } from './list.js';
import { endsWithSep, folderPrefix, formatObsPath, isFolderKey, isObsUri, lastSegment, type ObsLocation, parseObsPath, safeLocalPath } from './paths.js';
import { Limiter } from './pool.js';
import { type ProgressListener, ProgressTracker } from './progress.js';
import { copyJob } from './server-copy.js';
import { runJobs, type TransferJob, type TransferResult } from './transfer.js';
import { uploadJob } from './upload.js';
import { type LocalFile, walkDir } from './walk.js';

const MiB = 1024 * 1024;

const int = (minimum: number) => Type.Optional(Type.Integer({ minimum }));

/** Options of every file and folder transfer (`copy`, `uploadFile`, `uploadDir`, `downloadFile`, `downloadDir`). */
export const TransferOptions = Type.Object({
  /** Called with `{ loaded, total, files_done, files_total }` at most every `progressIntervalMs`, and once at the end. */
  onProgress: Type.Optional(callback<ProgressListener>('(p: { loaded, total, files_done, files_total }) => void')),
  /** Minimum ms between two progress events (default 200). */
  progressIntervalMs: int(0),
  /** Aborts the transfer: requests in flight are cancelled, the checkpoint is kept, APIUserAbortError is thrown. */
  signal: Type.Optional(AbortSignalArg),
  /**
   * Files in flight at once (default 64: small files are latency-bound, so many in flight pay). Requests in flight
   * never exceed max(concurrency, partConcurrency), however files and parts mix.
   */
  concurrency: int(1),
  /**
   * Parts of one file in flight at once (default 4). Measured on a 2-core machine: 4 streams of 16 MiB parts move a
   * big file faster than 8 of 8 MiB (fewer requests, less CPU per byte); raise it for high-latency links.
   */
  partConcurrency: int(1),
  /** Part size in bytes for multipart uploads and ranged downloads (default 16 MiB, at least 5 MiB). */
  partSize: int(5 * MiB),
  /** Files of at least this size go in parts (default 16 MiB). */
  multipartThreshold: int(5 * MiB),
  /**
   * Attempts after the first for a streamed part or file and a ranged GET that fail with a connection error, 408,
   * 429 or 5xx (default 3). Requests the S3 client can repeat itself (small files, listings) follow its own policy,
   * which also makes 3 retries by default (`ObsSettings.maxAttempts`).
   */
  retries: int(0),
  /** Keep a checkpoint so that an interrupted transfer resumes (default true). */
  checkpoint: Type.Optional(Type.Boolean()),
  /** Folder of the checkpoints (default `$XDG_CACHE_HOME/modelarts-ts/obs-checkpoints`, or `~/.cache/...`). */
  checkpointDir: Type.Optional(Type.String()),
});
export type TransferOptions = Static<typeof TransferOptions>;

/** `copy`'s options: the manual's `keep_last_dir` plus the transfer options. */
export const CopyOptions = Type.Object({
  /** Copy the source folder's last directory into the destination (default true). Only for folders. */
  keep_last_dir: Type.Optional(Type.Boolean()),
  ...TransferOptions.properties,
});
export type CopyOptions = Static<typeof CopyOptions>;

export const RemoveOptions = Type.Object({
  /** Delete every object under the path as a folder, and the object at the path itself (default false). */
  recursive: Type.Optional(Type.Boolean()),
  signal: Type.Optional(AbortSignalArg),
});
export type RemoveOptions = Static<typeof RemoveOptions>;

export const ReadOptions = Type.Object({
  /** Only these bytes (`end` inclusive, default the last byte). */
  range: Type.Optional(Type.Object({ start: Type.Integer({ minimum: 0 }), end: Type.Optional(Type.Integer({ minimum: 0 })) })),
  signal: Type.Optional(AbortSignalArg),
});
export type ReadOptions = Static<typeof ReadOptions>;

export type WriteData = string | Uint8Array | Readable | AsyncIterable<Uint8Array>;
const WriteDataArg = Type.Refine(
  Type.Unsafe<WriteData>({ description: 'a string, a Uint8Array, a Readable or an AsyncIterable of Uint8Array' }),
  (v) => typeof v === 'string' || v instanceof Uint8Array || (typeof v === 'object' && v !== null && Symbol.asyncIterator in v),
);

export const WriteOptions = Type.Object({
  signal: Type.Optional(AbortSignalArg),
  /** Part size once the data exceeds one part (default 8 MiB). */
  partSize: int(5 * MiB),
  /** Parts in flight (default 4). */
  queueSize: int(1),
  content_type: Type.Optional(Type.String()),
  /** Bytes sent so far; `total` is known only for sized data. */
  onProgress: Type.Optional(callback<(p: { loaded: number; total: number | undefined }) => void>('(p: { loaded, total }) => void')),
});
export type WriteOptions = Static<typeof WriteOptions>;

const path = (name: string) => [name, Type.String({ minLength: 1 })] as const;
const SIG = {
  copy: defineSignature('session.obs.copy', [path('src_path'), path('dst_path')], CopyOptions),
  uploadFile: defineSignature('session.obs.uploadFile', [path('src_local_file'), path('dst_obs_dir')], TransferOptions),
  uploadDir: defineSignature('session.obs.uploadDir', [path('src_local_dir'), path('dst_obs_dir')], TransferOptions),
  downloadFile: defineSignature('session.obs.downloadFile', [path('src_obs_file'), path('dst_local_dir')], TransferOptions),
  downloadDir: defineSignature('session.obs.downloadDir', [path('src_obs_dir'), path('dst_local_dir')], TransferOptions),
  list: defineSignature('session.obs.list', [path('prefix')], Type.Object({ recursive: Type.Optional(Type.Boolean()), signal: Type.Optional(AbortSignalArg) })),
  exists: defineSignature('session.obs.exists', [path('path')], SignalOptions),
  remove: defineSignature('session.obs.remove', [path('path')], RemoveOptions),
  makeBucket: defineSignature('session.obs.makeBucket', [path('bucket')], SignalOptions),
  read: defineSignature('session.obs.read', [path('path')], ReadOptions),
  write: defineSignature('session.obs.write', [path('path'), ['data', WriteDataArg]], WriteOptions),
};

/** How an OBS facade reaches OBS. Session builds it from its own settings. */
export interface ObsSettings {
  endpoint: string;
  /** Signing region (read on first use: a session may learn it late); any string works with ModelArts Local. */
  region: () => string | undefined;
  /** AK/SK, asked for on first use. Throws ConfigError when the session has none. */
  credentials: () => { access_key: string; secret_key: string; security_token?: string | undefined };
  /** Sockets kept open to OBS (default 128: above the default cap of 64 requests in flight, plus listings and HEADs). */
  maxSockets?: number;
  /** Attempts of the S3 client for requests it can repeat itself (default 4: the first and 3 retries). */
  maxAttempts?: number;
  /** A socket silent this long (ms) fails its request, which is then retried (default 120 000). */
  socketTimeout?: number;
}

interface Resolved {
  concurrency: number;
  partConcurrency: number;
  partSize: number;
  multipartThreshold: number;
  retries: number;
  progressIntervalMs: number;
  checkpoint: boolean;
  checkpointDir: string;
}

/**
 * `session.obs`: the manual's OBS management (chapter 6) on `@aws-sdk/client-s3`. Paths are `obs://bucket/key`
 * or the manual's `/bucket/key`; in `copy`, only `obs://` marks the OBS side (so `/home/...` stays local).
 */
export class OBS {
  private client: S3Client | undefined;

  constructor(private readonly settings: ObsSettings) {}

  /** The S3 client every call shares (created on first use). For advanced calls and middleware. */
  get s3(): S3Client {
    this.client ??= createS3Client({
      endpoint: this.settings.endpoint,
      region: this.settings.region() ?? 'us-east-1',
      credentials: this.settings.credentials(),
      maxSockets: this.settings.maxSockets ?? 128,
      maxAttempts: this.settings.maxAttempts ?? 4,
      socketTimeout: this.settings.socketTimeout ?? 120_000,
    });
    return this.client;
  }

  /**
   * The manual's `copy(src_path, dst_path, keep_last_dir=True)`: the side starting with `obs://` is OBS.
   * - local file -> `obs://b/dir/name` (or `obs://b/dir/`, which keeps the file name);
   * - OBS file -> a local file path (or an existing folder, or a path ending with `/`);
   * - local folder -> `obs://b/dir` puts it at `dir/<folder name>/...` (`keep_last_dir: false`: `dir/...`);
   * - OBS folder -> a local folder: `<dst>/<last dir>/...` (`keep_last_dir: false`: `<dst>/...`);
   * - OBS -> OBS copies inside OBS with the same rules. Local -> local is refused.
   * An OBS source is a folder when it ends with `/`, or when no object has its exact key but keys exist below it.
   */
  async copy(src_path: string, dst_path: string, options: CopyOptions = {}): Promise<TransferResult> {
    SIG.copy.check(src_path, dst_path, options);
    const keep = options.keep_last_dir ?? true;
    const srcObs = isObsUri(src_path);
    const dstObs = isObsUri(dst_path);
    if (!srcObs && !dstObs) {
      throw new InvalidArgumentError(`copy needs an obs:// path on at least one side (got "${src_path}" -> "${dst_path}"); use fs.cp for local copies.`);
    }
    if (!srcObs) {
      const dst = parseObsPath(dst_path, { slashForm: false });
      const st = await localStat(src_path);
      if (st.isDirectory()) return this.uploadTree(src_path, { bucket: dst.bucket, key: folderPrefix(dst.key) + (keep ? childPrefix(src_path) : '') }, options);
      const key = isFolderKey(dst.key) ? dst.key + basename(src_path) : dst.key;
      return this.uploadOne(src_path, st, { bucket: dst.bucket, key }, options);
    }
    const src = parseObsPath(src_path, { slashForm: false });
    const source = await this.resolveSource(src, options.signal);
    if (dstObs) {
      const dst = parseObsPath(dst_path, { slashForm: false });
      if (source.kind === 'dir') {
        const last = keep ? `${lastSegment(src.key) || src.bucket}/` : '';
        return this.copyTree(source.prefix, { bucket: dst.bucket, key: folderPrefix(dst.key) + last }, options);
      }
      const key = isFolderKey(dst.key) ? dst.key + lastSegment(src.key) : dst.key;
      return this.runBatch([copyJob(source.object, { bucket: dst.bucket, key })], options, {
        identity: { op: 'copy', src: src_path, dst: dst_path },
        destination: formatObsPath({ bucket: dst.bucket, key }),
        verb: 'Copy',
      });
    }
    if (source.kind === 'dir') {
      return this.downloadTree(source.prefix, keep ? join(dst_path, lastSegment(src.key) || src.bucket) : dst_path, options);
    }
    const intoDir = endsWithSep(dst_path) || (await isDirectory(dst_path));
    const dest = intoDir ? safeLocalPath(dst_path, lastSegment(src.key)) : resolve(dst_path);
    return this.downloadOne(source.object, dest, options);
  }

  /** The manual's `upload_file(src_local_file, dst_obs_dir)`: the object is `dst_obs_dir` + the file name. */
  async uploadFile(src_local_file: string, dst_obs_dir: string, options: TransferOptions = {}): Promise<TransferResult> {
    SIG.uploadFile.check(src_local_file, dst_obs_dir, options);
    const dst = obsDir(dst_obs_dir, 'dst_obs_dir');
    const st = await localStat(src_local_file);
    if (st.isDirectory()) throw new InvalidArgumentError(`src_local_file "${src_local_file}" is a folder: use uploadDir.`);
    return this.uploadOne(src_local_file, st, { bucket: dst.bucket, key: dst.key + basename(src_local_file) }, options);
  }

  /** The manual's `upload_dir(src_local_dir, dst_obs_dir)`: keys are `dst_obs_dir/<folder name>/...`; empty folders are not created. */
  async uploadDir(src_local_dir: string, dst_obs_dir: string, options: TransferOptions = {}): Promise<TransferResult> {
    SIG.uploadDir.check(src_local_dir, dst_obs_dir, options);
    const dst = obsDir(dst_obs_dir, 'dst_obs_dir');
    const st = await localStat(src_local_dir);
    if (!st.isDirectory()) throw new InvalidArgumentError(`src_local_dir "${src_local_dir}" is not a folder: use uploadFile.`);
    return this.uploadTree(src_local_dir, { bucket: dst.bucket, key: dst.key + childPrefix(src_local_dir) }, options);
  }

  /** The manual's `download_file(src_obs_file, dst_local_dir)`: the file lands as `dst_local_dir/<object name>`. */
  async downloadFile(src_obs_file: string, dst_local_dir: string, options: TransferOptions = {}): Promise<TransferResult> {
    SIG.downloadFile.check(src_obs_file, dst_local_dir, options);
    const src = parseObsPath(src_obs_file);
    if (isFolderKey(src.key)) throw new InvalidArgumentError(`src_obs_file "${src_obs_file}" names a folder: use downloadDir.`);
    localDir(dst_local_dir);
    const object = await this.head(src, options.signal);
    return this.downloadOne(object, safeLocalPath(dst_local_dir, lastSegment(src.key)), options);
  }

  /** The manual's `download_dir(src_obs_dir, dst_local_dir)`: files land in `dst_local_dir/<last dir>/...`; empty folders are not created. */
  async downloadDir(src_obs_dir: string, dst_local_dir: string, options: TransferOptions = {}): Promise<TransferResult> {
    SIG.downloadDir.check(src_obs_dir, dst_local_dir, options);
    const src = obsDir(src_obs_dir, 'src_obs_dir');
    localDir(dst_local_dir);
    await this.requireFolder(src, options.signal);
    return this.downloadTree(src, join(dst_local_dir, lastSegment(src.key) || src.bucket), options);
  }

  /** Objects under a key prefix, in key order. End the prefix with `/` to list a folder. */
  list(prefix: string, options: ListOptions = {}): AsyncGenerator<ObsObject> {
    SIG.list.check(prefix, options);
    return listObjects(this.s3, parseObsPath(prefix), options);
  }

  /** True when the object exists, or when the path is a folder with something in it (or the bucket exists). */
  async exists(path: string, options: { signal?: AbortSignal } = {}): Promise<boolean> {
    SIG.exists.check(path, options);
    const loc = parseObsPath(path);
    if (loc.key === '') {
      try {
        await this.s3.send(new HeadBucketCommand({ Bucket: loc.bucket }), { abortSignal: options.signal });
        return true;
      } catch (e) {
        if (isNotFound(e)) return false;
        throw toSdkError(e, `HEAD ${formatObsPath(loc)}`, options.signal);
      }
    }
    if (!isFolderKey(loc.key)) {
      try {
        await this.head(loc, options.signal);
        return true;
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return this.hasChildren({ bucket: loc.bucket, key: folderPrefix(loc.key) }, options.signal);
  }

  /**
   * Deletes the object at `path`. With `{ recursive: true }`, also every object under `path` as a folder
   * (`obs://b/dir` deletes `dir` and `dir/...`; a bucket root empties the bucket, which stays).
   * Returns how many keys were deleted; throws TransferError listing keys OBS refused to delete.
   */
  async remove(path: string, options: RemoveOptions = {}): Promise<{ deleted: number }> {
    SIG.remove.check(path, options);
    const loc = parseObsPath(path);
    const what = `DELETE ${formatObsPath(loc)}`;
    if (!options.recursive) {
      if (loc.key === '') throw new InvalidArgumentError(`"${path}" is a bucket root: pass { recursive: true } to delete its objects.`);
      try {
        await this.s3.send(new DeleteObjectCommand({ Bucket: loc.bucket, Key: loc.key }), { abortSignal: options.signal });
      } catch (e) {
        throw toSdkError(e, what, options.signal);
      }
      return { deleted: 1 };
    }
    const completed: string[] = [];
    const failed: Array<{ path: string; error: Error }> = [];
    let batch: string[] = isFolderKey(loc.key) ? [] : [loc.key];
    const flush = async () => {
      if (batch.length === 0) return;
      const keys = batch;
      batch = [];
      let r: DeleteObjectsCommandOutput;
      try {
        r = await this.s3.send(new DeleteObjectsCommand({ Bucket: loc.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }), {
          abortSignal: options.signal,
        });
      } catch (e) {
        throw toSdkError(e, what, options.signal);
      }
      const refused = new Set<string>();
      for (const err of r.Errors ?? []) {
        if (err.Key === undefined) continue;
        refused.add(err.Key);
        const p = formatObsPath({ bucket: loc.bucket, key: err.Key });
        failed.push({ path: p, error: APIError.from({ status: 0, error_code: err.Code, error_msg: err.Message, request: `DELETE ${p}` }) });
      }
      for (const k of keys) if (!refused.has(k)) completed.push(formatObsPath({ bucket: loc.bucket, key: k }));
    };
    for await (const o of listObjects(this.s3, { bucket: loc.bucket, key: folderPrefix(loc.key) }, { recursive: true, signal: options.signal })) {
      batch.push(o.key);
      if (batch.length === 1000) await flush();
    }
    await flush();
    if (failed.length > 0) throw new TransferError(`OBS refused to delete ${failed.length} objects under ${formatObsPath(loc)}`, completed, failed);
    return { deleted: completed.length };
  }

  /** Creates a bucket (`name`, `obs://name` or `/name`); a bucket you already own is not an error. */
  async makeBucket(bucket: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    SIG.makeBucket.check(bucket, options);
    const loc = bucket.includes('/') ? parseObsPath(bucket) : parseObsPath(`obs://${bucket}`);
    if (loc.key !== '') throw new InvalidArgumentError(`makeBucket takes a bucket name, not an object path: "${bucket}"`);
    const region = this.settings.region();
    try {
      await this.s3.send(
        new CreateBucketCommand({
          Bucket: loc.bucket,
          ...(region && region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: region as never } } : {}),
        }),
        { abortSignal: options.signal },
      );
    } catch (e) {
      const err = toSdkError(e, `PUT obs://${loc.bucket}`, options.signal);
      if (err instanceof APIError && err.error_code === 'BucketAlreadyOwnedByYou') return;
      throw err;
    }
  }

  /** A stream of the object's bytes (or of `range`). Rejects with NotFoundError when there is no such object. */
  async read(path: string, options: ReadOptions = {}): Promise<Readable> {
    SIG.read.check(path, options);
    const loc = parseObsPath(path);
    if (isFolderKey(loc.key)) throw new InvalidArgumentError(`read needs an object path, not a folder: "${path}"`);
    const r = options.range;
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: loc.bucket, Key: loc.key, ...(r ? { Range: `bytes=${r.start}-${r.end ?? ''}` } : {}) }), {
        abortSignal: options.signal,
      });
      return out.Body as Readable;
    } catch (e) {
      throw toSdkError(e, `GET ${formatObsPath(loc)}`, options.signal);
    }
  }

  /**
   * Writes `data` (a string, bytes, or a stream of any length) as the object at `path`, in parts once it
   * exceeds one part (lib-storage `Upload`). Returns the object's ETag.
   */
  async write(path: string, data: WriteData, options: WriteOptions = {}): Promise<{ etag: string | undefined }> {
    SIG.write.check(path, data, options);
    const loc = parseObsPath(path);
    if (isFolderKey(loc.key)) throw new InvalidArgumentError(`write needs an object path, not a folder: "${path}"`);
    const body = typeof data === 'string' || data instanceof Uint8Array || data instanceof Readable ? data : Readable.from(data);
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: loc.bucket, Key: loc.key, Body: body, ...(options.content_type ? { ContentType: options.content_type } : {}) },
      partSize: Math.max(options.partSize ?? 8 * MiB, 5 * MiB),
      queueSize: options.queueSize ?? 4,
      leavePartsOnError: false,
    });
    const onProgress = options.onProgress;
    if (onProgress) upload.on('httpUploadProgress', (p) => onProgress({ loaded: p.loaded ?? 0, total: p.total }));
    const onAbort = () => void upload.abort().catch(() => undefined);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (options.signal?.aborted) onAbort();
      const out = await upload.done();
      return { etag: out.ETag };
    } catch (e) {
      throw toSdkError(e, `PUT ${formatObsPath(loc)}`, options.signal);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Closes the kept-alive sockets. Session.close() calls it. */
  destroy(): void {
    this.client?.destroy();
    this.client = undefined;
  }

  // ---- internals -------------------------------------------------------------------------------------------

  private async uploadOne(src: string, st: Stats, dest: ObsLocation, o: TransferOptions): Promise<TransferResult> {
    const file: LocalFile = { path: resolve(src), rel: basename(src), size: st.size, mtime_ms: st.mtimeMs };
    return this.runBatch([uploadJob(file, dest)], o, {
      identity: { op: 'upload', local: file.path, bucket: dest.bucket, key: dest.key },
      destination: formatObsPath(dest),
      verb: 'Upload',
    });
  }

  private async uploadTree(srcDir: string, prefix: ObsLocation, o: TransferOptions): Promise<TransferResult> {
    const root = resolve(srcDir);
    const { files, errors } = await walkDir(root);
    const jobs = files.map((f) => uploadJob(f, { bucket: prefix.bucket, key: prefix.key + f.rel }));
    return this.runBatch(jobs, o, {
      identity: { op: 'upload', local: root, bucket: prefix.bucket, key: prefix.key },
      destination: formatObsPath(prefix),
      verb: 'Upload',
      preFailed: errors,
    });
  }

  private async downloadOne(object: RemoteObject, dest: string, o: TransferOptions): Promise<TransferResult> {
    return this.runBatch([downloadJob(object, dest, new DirMaker())], o, {
      identity: { op: 'download', bucket: object.bucket, key: object.key, local: dest },
      destination: dest,
      verb: 'Download',
    });
  }

  private async downloadTree(prefix: ObsLocation, localRoot: string, o: TransferOptions): Promise<TransferResult> {
    const root = resolve(localRoot);
    const dirs = new DirMaker();
    const jobs: TransferJob[] = [];
    const refused: Array<{ path: string; error: Error }> = [];
    for await (const obj of listObjects(this.s3, prefix, { recursive: true, signal: o.signal })) {
      if (obj.is_dir) continue; // folder markers: empty folders are not created (manual §6.6)
      const rel = obj.key.slice(prefix.key.length);
      let dest: string;
      try {
        dest = safeLocalPath(root, rel);
      } catch (e) {
        refused.push({ path: obj.path, error: e as Error });
        continue;
      }
      jobs.push(downloadJob({ bucket: obj.bucket, key: obj.key, size: obj.size, etag: obj.etag }, dest, dirs));
    }
    return this.runBatch(jobs, o, {
      identity: { op: 'download', bucket: prefix.bucket, key: prefix.key, local: root },
      destination: root,
      verb: 'Download',
      preFailed: refused,
    });
  }

  private async copyTree(prefix: ObsLocation, dest: ObsLocation, o: TransferOptions): Promise<TransferResult> {
    const jobs: TransferJob[] = [];
    for await (const obj of listObjects(this.s3, prefix, { recursive: true, signal: o.signal })) {
      if (obj.is_dir) continue;
      jobs.push(
        copyJob(
          { bucket: obj.bucket, key: obj.key, size: obj.size, etag: obj.etag },
          { bucket: dest.bucket, key: dest.key + obj.key.slice(prefix.key.length) },
        ),
      );
    }
    return this.runBatch(jobs, o, {
      identity: { op: 'copy', bucket: prefix.bucket, key: prefix.key, dst: formatObsPath(dest) },
      destination: formatObsPath(dest),
      verb: 'Copy',
    });
  }

  private async runBatch(
    jobs: TransferJob[],
    o: TransferOptions,
    b: { identity: Record<string, unknown>; destination: string; verb: string; preFailed?: Array<{ path: string; error: Error }> },
  ): Promise<TransferResult> {
    const s = resolveOptions(o);
    const total = jobs.reduce((n, j) => n + j.size, 0);
    // A checkpoint pays off for a batch, or a file big enough to go in parts.
    const worthIt = s.checkpoint && (jobs.length > 1 || jobs.some((j) => j.size >= s.multipartThreshold));
    const checkpoint = worthIt
      ? await Checkpoint.open(s.checkpointDir, { endpoint: this.settings.endpoint, ...b.identity }).catch(() => undefined) // unwritable: go on without
      : undefined;
    return runJobs(
      {
        s3: this.s3,
        partSize: s.partSize,
        multipartThreshold: s.multipartThreshold,
        partConcurrency: s.partConcurrency,
        requests: new Limiter(Math.max(s.concurrency, s.partConcurrency)),
        retries: s.retries,
        signal: o.signal,
        progress: new ProgressTracker(total, jobs.length, o.onProgress, s.progressIntervalMs),
        checkpoint,
      },
      jobs,
      { concurrency: s.concurrency, destination: b.destination, verb: b.verb, ...(b.preFailed ? { preFailed: b.preFailed } : {}) },
    );
  }

  /** An OBS source of `copy`: a folder (trailing `/`, or keys below it and no object of that name) or one object. */
  private async resolveSource(loc: ObsLocation, signal?: AbortSignal): Promise<{ kind: 'dir'; prefix: ObsLocation } | { kind: 'file'; object: RemoteObject }> {
    if (isFolderKey(loc.key)) {
      await this.requireFolder(loc, signal);
      return { kind: 'dir', prefix: loc };
    }
    try {
      return { kind: 'file', object: await this.head(loc, signal) };
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    const prefix = { bucket: loc.bucket, key: folderPrefix(loc.key) };
    if (await this.hasChildren(prefix, signal)) return { kind: 'dir', prefix };
    throw notFound(loc);
  }

  /** A folder to download or copy must hold something (a bucket root may be empty). */
  private async requireFolder(loc: ObsLocation, signal?: AbortSignal): Promise<void> {
    if (loc.key !== '' && !(await this.hasChildren(loc, signal))) throw notFound(loc);
  }

  private async hasChildren(prefix: ObsLocation, signal?: AbortSignal): Promise<boolean> {
    const it = listObjects(this.s3, prefix, { recursive: true, ...(signal ? { signal } : {}) }, 1);
    const first = await it.next();
    await it.return(undefined);
    return !first.done;
  }

  private async head(loc: ObsLocation, signal?: AbortSignal): Promise<RemoteObject> {
    let h: HeadObjectCommandOutput;
    try {
      h = await this.s3.send(new HeadObjectCommand({ Bucket: loc.bucket, Key: loc.key }), { abortSignal: signal });
    } catch (e) {
      if (isNotFound(e)) throw notFound(loc, e);
      throw toSdkError(e, `HEAD ${formatObsPath(loc)}`, signal);
    }
    return { ...loc, size: h.ContentLength ?? 0, etag: h.ETag };
  }
}

function notFound(loc: ObsLocation, cause?: unknown): APIError {
  return APIError.from(
    { status: 404, error_code: 'NoSuchKey', error_msg: `No object or folder at ${formatObsPath(loc)}`, request: `HEAD ${formatObsPath(loc)}` },
    cause === undefined ? undefined : { cause },
  );
}

function resolveOptions(o: TransferOptions): Resolved {
  const int = (v: number | undefined, d: number, min: number, name: string) => {
    const n = v ?? d;
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min} (got ${v})`);
    return n;
  };
  return {
    concurrency: int(o.concurrency, 64, 1, 'concurrency'),
    partConcurrency: int(o.partConcurrency, 4, 1, 'partConcurrency'),
    // S3 and OBS refuse parts under 5 MiB (except the last).
    partSize: int(o.partSize, 16 * MiB, 5 * MiB, 'partSize'),
    multipartThreshold: int(o.multipartThreshold, 16 * MiB, 5 * MiB, 'multipartThreshold'),
    retries: int(o.retries, 3, 0, 'retries'),
    progressIntervalMs: int(o.progressIntervalMs, 200, 0, 'progressIntervalMs'),
    checkpoint: o.checkpoint ?? true,
    checkpointDir: o.checkpointDir ?? defaultCheckpointDir(),
  };
}

/** `dst_obs_dir` / `src_obs_dir`: an OBS folder, which the manual requires to end with `/` (a bucket root may omit it). */
function obsDir(p: string, name: string): ObsLocation {
  const loc = parseObsPath(p);
  if (!isFolderKey(loc.key)) throw new InvalidArgumentError(`${name} must end with "/" (it names a folder): "${p}" -> "${p}/"`);
  return loc;
}

/** `dst_local_dir`: the manual requires a trailing slash. */
function localDir(p: string): void {
  if (!endsWithSep(p)) throw new InvalidArgumentError(`dst_local_dir must end with "/" (it names a folder): "${p}" -> "${p}/"`);
}

/** `<folder name>/` of a local folder (nothing for the filesystem root). */
function childPrefix(dir: string): string {
  const name = basename(resolve(dir));
  return name ? `${name}/` : '';
}

async function localStat(p: string): Promise<Stats> {
  try {
    return await stat(p);
  } catch (e) {
    throw new InvalidArgumentError(`Cannot read local path "${p}": ${(e as Error).message}`, { cause: e });
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
