import { closeSync, openSync, renameSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { writeAllSync } from '@modelarts-ts/runtime';
import { noRetry, raceAbort, withRetry } from './errors.js';
import { formatObsPath, type ObsLocation } from './paths.js';
import { forEachLimit } from './pool.js';
import type { TransferContext, TransferJob } from './transfer.js';
import { partSizeFor, SMALL_FILE } from './upload.js';

/** An object to download, as listed or HEADed. */
export interface RemoteObject extends ObsLocation {
  size: number;
  etag: string | undefined;
}

/** The temp file a download writes before one rename publishes it (also what a resumed ranged download reuses). */
export function tempPathFor(dest: string): string {
  return `${dest}.obs-tmp`;
}

/** Creates parent folders once per folder for a whole batch (10 000 files in a few folders: a few mkdir calls). */
export class DirMaker {
  private readonly made = new Map<string, Promise<unknown>>();
  ensure(dir: string): Promise<unknown> {
    let p = this.made.get(dir);
    if (!p) {
      p = mkdir(dir, { recursive: true });
      this.made.set(dir, p);
    }
    return p;
  }
}

/** The job that downloads one object to the local file `dest`. */
export function downloadJob(obj: RemoteObject, dest: string, dirs: DirMaker): TransferJob {
  const path = formatObsPath(obj);
  return {
    path,
    size: obj.size,
    stamp: obj.etag ?? '',
    run: async (ctx) => {
      await dirs.ensure(dirname(dest));
      if (obj.size <= SMALL_FILE) await getSmall(ctx, obj, dest);
      else if (obj.size < ctx.multipartThreshold) await getWhole(ctx, obj, dest);
      else await getRanged(ctx, obj, dest, path);
    },
    stillDone: () => statSync(dest, { throwIfNoEntry: false })?.size === obj.size,
  };
}

/**
 * A small object: one GET into memory, synchronous writes of the temp file and a rename (the cheapest in CPU; on the
 * thread pool, several threads creating files in one folder contend for its lock in the kernel).
 */
async function getSmall(ctx: TransferContext, obj: RemoteObject, dest: string): Promise<void> {
  const tmp = tempPathFor(dest);
  const data = await withRetry(
    () =>
      ctx.requests.run(async () => {
        const r = await noRetry(
          raceAbort(ctx.s3.send(new GetObjectCommand({ Bucket: obj.bucket, Key: obj.key })), ctx.signal, (late) =>
            (late.Body as Readable | undefined)?.destroy(),
          ),
        );
        const body = r.Body as Readable;
        const chunks: Buffer[] = [];
        let n = 0;
        try {
          for await (const c of body as AsyncIterable<Buffer>) {
            chunks.push(c);
            n += c.length;
          }
        } finally {
          body.destroy();
        }
        if (r.ContentLength !== undefined && n !== r.ContentLength) {
          throw Object.assign(new Error(`Response body ended after ${n} of ${r.ContentLength} bytes`), { retryable: true });
        }
        return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, n);
      }),
    { retries: ctx.retries, signal: ctx.signal, what: `GET ${formatObsPath(obj)}` },
  );
  const fd = openSync(tmp, 'w');
  try {
    writeAllSync(fd, data);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, dest);
  ctx.progress.add(data.length);
}

async function getWhole(ctx: TransferContext, obj: RemoteObject, dest: string): Promise<void> {
  const tmp = tempPathFor(dest);
  let written = 0;
  await withRetry(
    () =>
      ctx.requests.run(async () => {
        const r = await noRetry(ctx.s3.send(new GetObjectCommand({ Bucket: obj.bucket, Key: obj.key }), { abortSignal: ctx.signal }));
        const fh = await open(tmp, 'w');
        try {
          written = await writeBodyAt(fh, r.Body as Readable, 0, r.ContentLength);
        } finally {
          await fh.close();
        }
      }),
    { retries: ctx.retries, signal: ctx.signal, what: `GET ${formatObsPath(obj)}` },
  ).catch(async (e) => {
    await unlink(tmp).catch(() => undefined);
    throw e;
  });
  await rename(tmp, dest);
  ctx.progress.add(written);
}

/**
 * Parallel ranged GETs into a temp file of the final size, each part written at its offset, then one rename.
 * `If-Match` pins every range to the same object version. With a checkpoint, the temp file and the finished
 * parts survive an interruption and the next call fetches only the rest.
 */
async function getRanged(ctx: TransferContext, obj: RemoteObject, dest: string, id: string): Promise<void> {
  const cp = ctx.checkpoint;
  const tmp = tempPathFor(dest);
  const partSize = partSizeFor(obj.size, ctx.partSize);
  const count = Math.ceil(obj.size / partSize);
  const stamp = obj.etag ?? '';
  let state = cp?.partial.get(id);
  if (state && (state.size !== obj.size || state.stamp !== stamp || state.part_size !== partSize || !(await hasSize(tmp, obj.size)))) state = undefined;
  let fh: FileHandle;
  if (state) fh = await open(tmp, 'r+');
  else {
    fh = await open(tmp, 'w');
    await fh.truncate(obj.size);
    state = { size: obj.size, stamp, part_size: partSize, parts: new Map() };
    cp?.start(id, state);
  }
  const done = state.parts;
  for (const n of done.keys()) ctx.progress.skip(Math.min(partSize, obj.size - (n - 1) * partSize));
  const todo = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !done.has(n));
  try {
    await forEachLimit(
      todo,
      ctx.partConcurrency,
      async (n) => {
        const start = (n - 1) * partSize;
        const end = Math.min(start + partSize, obj.size) - 1;
        await withRetry(
          () =>
            ctx.requests.run(async () => {
              const r = await noRetry(
                ctx.s3.send(
                  new GetObjectCommand({ Bucket: obj.bucket, Key: obj.key, Range: `bytes=${start}-${end}`, ...(obj.etag ? { IfMatch: obj.etag } : {}) }),
                  { abortSignal: ctx.signal },
                ),
              );
              await writeBodyAt(fh, r.Body as Readable, start, end - start + 1);
            }),
          { retries: ctx.retries, signal: ctx.signal, what: `GET ${id} (bytes ${start}-${end})` },
        );
        done.set(n, '');
        cp?.part(id, n);
        ctx.progress.add(end - start + 1);
      },
      ctx.signal,
    );
  } catch (e) {
    await fh.close().catch(() => undefined);
    // Without a checkpoint nothing could resume from the temp file.
    if (!cp) await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  await rename(tmp, dest);
}

async function hasSize(path: string, size: number): Promise<boolean> {
  try {
    return (await stat(path)).size === size;
  } catch {
    return false;
  }
}

/**
 * Copies a response body into `fh` at `position`, each chunk as it arrives, in synchronous page-cache-sized
 * writes (PAGE_CACHE_WRITE): a memcpy into the page cache costs less than a thread-pool round trip, the parts
 * of one file never contend for its lock from several threads, and small writes take small page-cache folios
 * (large ones cost several times the system CPU on a VM whose free memory goes back to the host).
 * Returns the bytes written; a body shorter than `expected` is a (retryable) broken transfer.
 */
export async function writeBodyAt(fh: FileHandle, body: Readable, position: number, expected: number | undefined): Promise<number> {
  let pos = position;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      writeAllSync(fh.fd, chunk, pos);
      pos += chunk.length;
    }
  } finally {
    body.destroy();
  }
  const written = pos - position;
  if (expected !== undefined && written !== expected) {
    throw Object.assign(new Error(`Response body ended after ${written} of ${expected} bytes`), { retryable: true });
  }
  return written;
}
