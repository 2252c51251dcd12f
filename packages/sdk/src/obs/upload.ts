import { createReadStream, readFileSync } from 'node:fs';
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { PartialFile } from './checkpoint.js';
import { isNotFound, raceAbort, toSdkError, withRetry } from './errors.js';
import { formatObsPath, type ObsLocation } from './paths.js';
import { forEachLimit } from './pool.js';
import type { TransferContext, TransferJob } from './transfer.js';
import type { LocalFile } from './walk.js';

/** Files up to this size are read into memory and sent as one buffer, which the S3 client can retry itself. */
export const SMALL_FILE = 1024 * 1024;
/** Read size for streamed bodies: large reads keep syscalls and stream overhead low. */
export const READ_CHUNK = 1024 * 1024;

/** The job that uploads one local file to `dest`. */
export function uploadJob(file: LocalFile, dest: ObsLocation): TransferJob {
  return { path: file.path, size: file.size, stamp: String(file.mtime_ms), run: (ctx) => uploadFile(ctx, file, dest, file.path) };
}

async function uploadFile(ctx: TransferContext, file: LocalFile, dest: ObsLocation, id: string): Promise<void> {
  if (file.size < ctx.multipartThreshold) await putWhole(ctx, file, dest);
  else await putMultipart(ctx, file, dest, id);
}

async function putWhole(ctx: TransferContext, file: LocalFile, dest: ObsLocation): Promise<void> {
  const what = `PUT ${formatObsPath(dest)}`;
  if (file.size <= SMALL_FILE) {
    // A synchronous read of a small file costs a third of the CPU of an async one (no thread-pool round trips).
    const body = readFileSync(file.path);
    try {
      await ctx.requests.run(() =>
        raceAbort(ctx.s3.send(new PutObjectCommand({ Bucket: dest.bucket, Key: dest.key, Body: body, ContentLength: body.length })), ctx.signal),
      );
    } catch (e) {
      throw toSdkError(e, what, ctx.signal);
    }
    ctx.progress.add(body.length);
    return;
  }
  // A file stream goes out as a plain body with UNSIGNED-PAYLOAD: no hashing pass over the file.
  await withRetry(
    () =>
      ctx.requests.run(async () => {
        const body = createReadStream(file.path, { highWaterMark: READ_CHUNK });
        try {
          await ctx.s3.send(new PutObjectCommand({ Bucket: dest.bucket, Key: dest.key, Body: body, ContentLength: file.size }), { abortSignal: ctx.signal });
        } finally {
          body.destroy();
        }
      }),
    { retries: ctx.retries, signal: ctx.signal, what },
  );
  ctx.progress.add(file.size);
}

/** Part size for `size` bytes: the configured one, grown so the file fits in 10 000 parts. */
export function partSizeFor(size: number, configured: number): number {
  return Math.max(configured, Math.ceil(size / 10_000));
}

async function putMultipart(ctx: TransferContext, file: LocalFile, dest: ObsLocation, id: string): Promise<void> {
  const cp = ctx.checkpoint;
  const partSize = partSizeFor(file.size, ctx.partSize);
  const count = Math.ceil(file.size / partSize);
  const stamp = String(file.mtime_ms);
  const what = formatObsPath(dest);
  const send = async <T>(p: Promise<T>, op: string): Promise<T> => {
    try {
      return await p;
    } catch (e) {
      throw toSdkError(e, `${op} ${what}`, ctx.signal);
    }
  };

  let state: PartialFile | undefined = cp?.partial.get(id);
  if (state && (state.size !== file.size || state.stamp !== stamp || state.part_size !== partSize || !state.upload_id)) {
    // The file changed since the checkpoint: its parts are useless.
    if (state.upload_id) await abortUpload(ctx, dest, state.upload_id);
    state = undefined;
  }
  if (state?.upload_id) {
    const confirmed = await confirmParts(ctx, dest, state, partSize, file.size);
    if (!confirmed) state = undefined;
    else state.parts = confirmed;
  }
  if (!state) {
    const created = await send(ctx.s3.send(new CreateMultipartUploadCommand({ Bucket: dest.bucket, Key: dest.key }), { abortSignal: ctx.signal }), 'POST');
    if (!created.UploadId) throw new Error(`OBS answered CreateMultipartUpload without an UploadId for ${what}`);
    state = { size: file.size, stamp, part_size: partSize, upload_id: created.UploadId, parts: new Map() };
    cp?.start(id, state);
  }
  const uploadId = state.upload_id as string;
  const parts = state.parts;
  for (const n of parts.keys()) ctx.progress.skip(Math.min(partSize, file.size - (n - 1) * partSize));

  const todo = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !parts.has(n));
  try {
    await forEachLimit(
      todo,
      ctx.partConcurrency,
      async (n) => {
        const start = (n - 1) * partSize;
        const length = Math.min(partSize, file.size - start);
        const etag = await withRetry(
          () =>
            ctx.requests.run(async () => {
              const body = createReadStream(file.path, { start, end: start + length - 1, highWaterMark: READ_CHUNK });
              try {
                const r = await ctx.s3.send(
                  new UploadPartCommand({ Bucket: dest.bucket, Key: dest.key, UploadId: uploadId, PartNumber: n, Body: body, ContentLength: length }),
                  { abortSignal: ctx.signal },
                );
                if (!r.ETag) throw new Error(`OBS answered UploadPart ${n} without an ETag for ${what}`);
                return r.ETag;
              } finally {
                body.destroy();
              }
            }),
          { retries: ctx.retries, signal: ctx.signal, what: `PUT ${what} (part ${n})` },
        );
        parts.set(n, etag);
        cp?.part(id, n, etag);
        ctx.progress.add(length);
      },
      ctx.signal,
    );
    const list: CompletedPart[] = [...parts.entries()].sort(([a], [b]) => a - b).map(([PartNumber, ETag]) => ({ PartNumber, ETag }));
    await send(
      ctx.s3.send(new CompleteMultipartUploadCommand({ Bucket: dest.bucket, Key: dest.key, UploadId: uploadId, MultipartUpload: { Parts: list } }), {
        abortSignal: ctx.signal,
      }),
      'POST',
    );
  } catch (e) {
    // With a checkpoint the parts stay for the next call; without one nobody could use them.
    if (!cp) await abortUpload(ctx, dest, uploadId);
    throw e;
  }
}

/**
 * The checkpoint's parts that the server still has with the same ETag and size, or undefined when the server no
 * longer knows the upload (expired or aborted): then the file starts over.
 */
async function confirmParts(
  ctx: TransferContext,
  dest: ObsLocation,
  state: PartialFile,
  partSize: number,
  size: number,
): Promise<Map<number, string> | undefined> {
  const onServer = new Map<number, { etag: string; size: number }>();
  let marker: string | undefined;
  try {
    for (;;) {
      const page = await ctx.s3.send(
        new ListPartsCommand({ Bucket: dest.bucket, Key: dest.key, UploadId: state.upload_id, ...(marker ? { PartNumberMarker: marker } : {}) }),
        { abortSignal: ctx.signal },
      );
      for (const p of page.Parts ?? []) if (p.PartNumber && p.ETag) onServer.set(p.PartNumber, { etag: p.ETag, size: p.Size ?? -1 });
      if (!page.IsTruncated || !page.NextPartNumberMarker) break;
      marker = page.NextPartNumberMarker;
    }
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw toSdkError(e, `GET ${formatObsPath(dest)}?uploadId (list parts)`, ctx.signal);
  }
  const kept = new Map<number, string>();
  for (const [n, etag] of state.parts) {
    const s = onServer.get(n);
    const expected = Math.min(partSize, size - (n - 1) * partSize);
    if (s && s.etag === etag && (s.size === -1 || s.size === expected)) kept.set(n, etag);
  }
  return kept;
}

async function abortUpload(ctx: TransferContext, dest: ObsLocation, uploadId: string): Promise<void> {
  // Best effort, and not tied to the caller's signal: an aborted transfer should still clean up.
  await ctx.s3.send(new AbortMultipartUploadCommand({ Bucket: dest.bucket, Key: dest.key, UploadId: uploadId })).catch(() => undefined);
}
