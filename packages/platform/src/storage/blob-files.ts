import { randomBytes } from 'node:crypto';
import { close, closeSync, existsSync, fsync, mkdirSync, open, openSync, readdirSync, readSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeAllSync } from '@modelarts-ts/runtime';
import { faultPoint } from './fault-points.js';
import { StreamMd5 } from './md5-threads.js';
import type { ByteRange, FlushingSink } from './object-store.js';

/** Bytes an upload may hold in the sink's buffer (while its file is being created, or a write is slow). */
const WRITE_HIGH_WATER_MARK = 4 * 1024 * 1024;
/** Reads come in few large syscalls: Node has no sendfile path. */
const READ_CHUNK = 1024 * 1024;

export type BlobArea = 'blobs' | 'parts';

export interface WrittenBlob {
  id: string;
  size: number;
  md5: Buffer;
}

export interface BlobSegment {
  id: string;
  size: number;
}

/** The record written after a blob's data, from its final size and MD5 (see blob-record.ts). */
export type Seal = (size: number, md5: Buffer) => Buffer;

/**
 * The write end of a blob: each chunk is written at once, synchronously, in
 * page-cache-sized writes (see PAGE_CACHE_WRITE: larger writes cost several times the system CPU on a VM
 * whose free memory goes back to the host), and hashed in order on a worker thread (md5-threads.ts). A write
 * to the page cache is a memcpy, so a thread-pool round trip would cost more than it saves. Creating the file and the fsync at
 * the end run off the event loop: a create allocates an inode and a directory entry, which under a burst of
 * small PUTs took 200 µs each on the event loop (measured), and the fsync waits for the disk.
 */
class HashingFileSink extends Writable {
  private readonly hash = new StreamMd5();
  size = 0;
  md5: Buffer | undefined;
  private fd: number | undefined;

  constructor(
    private readonly path: string,
    private readonly durable: boolean,
    private readonly seal: Seal | undefined,
  ) {
    super({ highWaterMark: WRITE_HIGH_WATER_MARK });
  }

  /** Writes wait in the stream's buffer until the file exists. */
  override _construct(done: (error?: Error | null) => void): void {
    open(this.path, 'wx', 0o600, (err, fd) => {
      if (!err) this.fd = fd;
      done(err);
    });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    try {
      writeAllSync(this.fd as number, chunk);
      this.size += chunk.length;
    } catch (e) {
      done(e as Error);
      return;
    }
    this.hash.update(chunk, done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.hash.digest().then(
      (md5) => this.finish(md5, done),
      (e: Error) => done(e),
    );
  }

  private finish(md5: Buffer, done: (error?: Error | null) => void): void {
    const fd = this.fd as number;
    this.md5 = md5;
    try {
      if (this.seal) writeAllSync(fd, this.seal(this.size, md5));
    } catch (e) {
      done(e as Error);
      return;
    }
    const finish = (err: Error | null) => {
      this.fd = undefined;
      close(fd, (closeErr) => done(err ?? closeErr));
    };
    if (this.durable) fsync(fd, finish);
    else finish(null);
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    this.hash.drop();
    if (this.fd !== undefined) close(this.fd, () => {});
    this.fd = undefined;
    done(err);
  }
}

/**
 * Blob files under `<dataDir>/objects/`, named by random id, never by key:
 * `tmp/` (being written), `parts/<id>` (multipart parts until Complete), `blobs/<id[0..2]>/<id>` (object data),
 * `quarantine/<time>/` (files the index does not claim, kept for the user to inspect: never deleted here).
 * A blob still being read is pinned; deleting it is deferred until the last reader closes.
 */
export class BlobFiles {
  readonly tmpDir: string;
  readonly partsDir: string;
  readonly blobsDir: string;
  readonly quarantineDir: string;
  private readonly pins = new Map<string, number>();
  private readonly doomed = new Set<string>();
  private readonly madeDirs = new Set<string>();

  constructor(readonly root: string) {
    this.tmpDir = join(root, 'tmp');
    this.partsDir = join(root, 'parts');
    this.blobsDir = join(root, 'blobs');
    this.quarantineDir = join(root, 'quarantine');
    for (const d of [root, this.tmpDir, this.partsDir, this.blobsDir]) mkdirSync(d, { recursive: true, mode: 0o700 });
  }

  static newId(): string {
    return randomBytes(16).toString('hex');
  }

  path(area: BlobArea, id: string): string {
    return area === 'parts' ? join(this.partsDir, id) : join(this.blobsDir, id.slice(0, 2), id);
  }

  /**
   * Streams `body` into a new temp file while hashing it. Nothing is visible yet: `publish` moves it
   * into an area, `discard` drops it. A failing body (or a check in the body's own pipeline) removes
   * the temp file and rethrows. `durable` fsyncs before returning (objects); parts are fsynced once, at
   * Complete, the way `dd conv=fsync` syncs once at the end instead of per block.
   */
  async write(body: Readable, durable: boolean, seal?: Seal): Promise<WrittenBlob> {
    const id = BlobFiles.newId();
    const tmp = join(this.tmpDir, id);
    let sink: HashingFileSink | undefined;
    try {
      sink = new HashingFileSink(tmp, durable, seal);
      await pipeline(body, sink);
    } catch (e) {
      body.destroy();
      await rm(tmp, { force: true });
      throw e;
    }
    return { id, size: sink.size, md5: sink.md5 as Buffer };
  }

  async discard(id: string): Promise<void> {
    await rm(join(this.tmpDir, id), { force: true });
  }

  /** Moves a written temp blob into its area (same filesystem: one rename); object renames are made durable. */
  async publish(id: string, area: BlobArea): Promise<void> {
    const dir = area === 'parts' ? this.partsDir : join(this.blobsDir, id.slice(0, 2));
    this.ensureDir(dir);
    await rename(join(this.tmpDir, id), this.path(area, id));
    if (area === 'blobs') await syncPath(dir);
  }

  /**
   * First step of Complete, before the index commits: checks each part file still holds its recorded
   * size (a part lost to a power failure must not become a silently short object), appends its blob
   * record (dropping one left by an interrupted earlier Complete) and fsyncs it. The parts stay parts:
   * a crash here leaves the upload as it was. Throws `missing` with the first part that failed.
   */
  async sealParts(parts: ReadonlyArray<BlobSegment & { record: Buffer }>, missing: (id: string) => Error): Promise<void> {
    for (const p of parts) {
      let size = -1;
      try {
        size = statSync(this.path('parts', p.id)).size;
      } catch {
        // reported below
      }
      if (size < p.size) throw missing(p.id);
    }
    await forEachLimit(parts, 8, async (p) => {
      const path = this.path('parts', p.id);
      truncateSync(path, p.size);
      const fd = openSync(path, 'a');
      try {
        writeAllSync(fd, p.record);
      } finally {
        closeSync(fd);
      }
      await syncPath(path);
    });
  }

  /**
   * Last step of Complete, after the index commits: renames the parts into the object area and makes
   * the renames durable. A part already moved is skipped, so a restart can finish an interrupted move.
   */
  async moveParts(ids: readonly string[]): Promise<void> {
    const dirs = new Set<string>();
    for (const [i, id] of ids.entries()) {
      const dir = join(this.blobsDir, id.slice(0, 2));
      this.ensureDir(dir);
      if (existsSync(this.path('parts', id))) renameSync(this.path('parts', id), this.path('blobs', id));
      dirs.add(dir);
      if (i === 0 && ids.length > 1) await faultPoint('complete:moving');
    }
    await Promise.all([...dirs, this.partsDir].map(syncPath));
  }

  /** Replaces a blob's record (attributes changed in place); the data before it is untouched. */
  async rewriteRecord(id: string, dataSize: number, record: Buffer): Promise<void> {
    const path = this.path('blobs', id);
    truncateSync(path, dataSize);
    const fd = openSync(path, 'a');
    try {
      writeAllSync(fd, record);
    } finally {
      closeSync(fd);
    }
    await syncPath(path);
  }

  private ensureDir(dir: string): void {
    if (this.madeDirs.has(dir)) return;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.madeDirs.add(dir);
  }

  /** Keeps blobs on disk while a reader uses them (an overwrite commits meanwhile). */
  pin(ids: readonly string[]): void {
    for (const id of ids) this.pins.set(id, (this.pins.get(id) ?? 0) + 1);
  }

  unpin(ids: readonly string[]): void {
    for (const id of ids) {
      const n = (this.pins.get(id) ?? 1) - 1;
      if (n > 0) {
        this.pins.set(id, n);
        continue;
      }
      this.pins.delete(id);
      if (this.doomed.delete(id)) void rm(this.path('blobs', id), { force: true });
    }
  }

  /** Deletes blobs no longer referenced by the index: now, or when their last reader closes. */
  async remove(area: BlobArea, ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      if (area === 'blobs' && this.pins.has(id)) this.doomed.add(id);
      else await rm(this.path(area, id), { force: true });
    }
  }

  /** Reads segments as one byte sequence (a multipart object is its parts, never concatenated on disk). */
  reader(segments: readonly BlobSegment[], range: ByteRange | undefined, onClose: () => void, sink?: FlushingSink): Readable {
    return new SegmentStream(
      segments.map((s) => ({ path: this.path('blobs', s.id), size: s.size })),
      range,
      onClose,
      sink,
    );
  }

  /** Start-up (nothing else runs yet): temp files belong to writes that were never acknowledged. */
  clearTmp(): number {
    let n = 0;
    for (const f of readdirSync(this.tmpDir)) {
      rmSync(join(this.tmpDir, f), { recursive: true, force: true });
      n++;
    }
    return n;
  }

  partIds(): string[] {
    return readdirSync(this.partsDir);
  }

  blobIds(): string[] {
    const ids: string[] = [];
    for (const d of readdirSync(this.blobsDir)) ids.push(...readdirSync(join(this.blobsDir, d)));
    return ids;
  }

  has(area: BlobArea, id: string): boolean {
    return existsSync(this.path(area, id));
  }

  /** Moves files out of the way into `quarantine/<time>/<area>/`, for the user to inspect or restore; answers that folder. */
  quarantine(files: ReadonlyArray<{ area: BlobArea; id: string }>): string | undefined {
    if (files.length === 0) return undefined;
    const dir = join(this.quarantineDir, new Date().toISOString().replace(/[:.]/g, '-'));
    for (const f of files) {
      mkdirSync(join(dir, f.area), { recursive: true, mode: 0o700 });
      renameSync(this.path(f.area, f.id), join(dir, f.area, f.id));
    }
    return dir;
  }

  /** Deletes blobs whose deletion waited for a reader that never closed. */
  close(): void {
    for (const id of this.doomed) rmSync(this.path('blobs', id), { force: true });
    this.doomed.clear();
  }
}

async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** fsyncs a file, or a directory to make the renames in it durable, on the thread pool (opening a directory can wait on its lock). */
function syncPath(path: string): Promise<void> {
  return new Promise((resolve, reject) =>
    open(path, 'r', (openErr, fd) => {
      if (openErr) return reject(openErr);
      fsync(fd, (err) =>
        close(fd, (closeErr) => {
          if (err ?? closeErr) reject(err ?? closeErr);
          else resolve();
        }),
      );
    }),
  );
}

interface FileSegment {
  path: string;
  size: number;
}

/** Spare read buffers a stream keeps besides those in flight: a socket rarely holds more than one unsent. */
const KEPT_BUFFERS = 2;

/**
 * A byte range over several files, read with large positional reads. Reads are synchronous for the
 * same reason writes are: a page-cache hit is a memcpy, cheaper than a thread-pool round trip, and a
 * large GET makes a thousand of them. With a sink, buffers the sink has flushed are read into again:
 * a new 1 MiB buffer per chunk would be a GiB of allocations per GiB served, each 64 MiB of which
 * starts a full garbage collection of the platform's heap (measured: over half its CPU during a GET).
 */
class SegmentStream extends Readable {
  private index = 0;
  /** Offset inside the current segment. */
  private offset: number;
  private remaining: number;
  private fd: number | undefined;
  /** Buffers pushed and maybe still referenced downstream, oldest first, with the bytes pushed from each. */
  private readonly pushed: Array<{ buf: Buffer; len: number }> = [];
  private readonly free: Buffer[] = [];

  constructor(
    private readonly segments: readonly FileSegment[],
    range: ByteRange | undefined,
    private readonly onClose: () => void,
    private readonly sink?: FlushingSink,
  ) {
    super({ highWaterMark: READ_CHUNK });
    const total = segments.reduce((n, s) => n + s.size, 0);
    let start = range ? range.start : 0;
    this.remaining = range ? range.end - range.start + 1 : total;
    while (this.index < segments.length && start >= (segments[this.index]?.size ?? 0)) {
      start -= segments[this.index]?.size ?? 0;
      this.index++;
    }
    this.offset = start;
  }

  /**
   * Once the sink has written everything it was given, every pushed buffer except those still in this
   * stream's own queue (the newest `readableLength` bytes) is free again.
   */
  private reclaim(): void {
    if (this.sink?.writableLength !== 0 || this.pushed.length === 0) return;
    let queued = this.readableLength;
    let keep = 0;
    while (queued > 0 && keep < this.pushed.length) {
      queued -= (this.pushed[this.pushed.length - 1 - keep] as { len: number }).len;
      keep++;
    }
    for (const { buf } of this.pushed.splice(0, this.pushed.length - keep)) {
      if (buf.length === READ_CHUNK && this.free.length < KEPT_BUFFERS) this.free.push(buf);
    }
  }

  override _read(): void {
    try {
      if (this.remaining <= 0) {
        this.push(null);
        return;
      }
      const seg = this.segments[this.index];
      if (!seg) throw new Error('object data is shorter than its index entry');
      this.fd ??= openSync(seg.path, 'r');
      const want = Math.min(READ_CHUNK, this.remaining, seg.size - this.offset);
      this.reclaim();
      // A new buffer is the size asked for: a small object (or the tail of a big one) never takes a whole chunk.
      const buf = this.free.pop() ?? Buffer.allocUnsafe(want);
      const n = readSync(this.fd, buf, 0, want, this.offset);
      if (n === 0) throw new Error('object data is shorter than its index entry');
      this.offset += n;
      this.remaining -= n;
      if (this.offset >= seg.size) {
        closeSync(this.fd);
        this.fd = undefined;
        this.index++;
        this.offset = 0;
      }
      if (this.sink) {
        this.pushed.push({ buf, len: n });
        // A sink that never runs empty must not make this list hold the whole object: forget the oldest.
        if (this.pushed.length > 2 * KEPT_BUFFERS) this.pushed.shift();
      }
      this.push(n === buf.length ? buf : buf.subarray(0, n));
    } catch (e) {
      this.destroy(e as Error);
    }
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    if (this.fd !== undefined) close(this.fd, () => {});
    this.fd = undefined;
    this.onClose();
    done(err);
  }
}
