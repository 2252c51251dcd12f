import type { S3Client } from '@aws-sdk/client-s3';
import { APIUserAbortError, TransferError } from '../core/error.js';
import type { Checkpoint } from './checkpoint.js';
import { isFatal, toSdkError } from './errors.js';
import { forEachLimit, type Limiter } from './pool.js';
import type { ProgressTracker } from './progress.js';

/** What every file transfer needs: the client, the tuning, the abort signal, progress and the checkpoint. */
export interface TransferContext {
  s3: S3Client;
  partSize: number;
  multipartThreshold: number;
  partConcurrency: number;
  /** Caps requests in flight for the whole transfer, whatever mix of files and parts they come from. */
  requests: Limiter;
  retries: number;
  signal: AbortSignal | undefined;
  progress: ProgressTracker;
  checkpoint: Checkpoint | undefined;
}

/** One file of a transfer. */
export interface TransferJob {
  /** How the file is named in TransferError lists and in the checkpoint: a local path or `obs://bucket/key`. */
  path: string;
  size: number;
  /** What proves the source unchanged since a checkpoint: mtime for local files, ETag for objects. */
  stamp: string;
  run(ctx: TransferContext): Promise<void>;
  /** For a file the checkpoint says is done: whether the result is still there (a downloaded file may be gone). */
  stillDone?(): boolean;
}

/** What a transfer did. */
export interface TransferResult {
  /** Where the data went: `obs://bucket/key` (a folder ends with `/`) or a local path. */
  destination: string;
  /** Files in the transfer (empty folders are not counted: they are not transferred). */
  files: number;
  /** Their total size in bytes. */
  bytes: number;
  /** Bytes moved by this call: fewer than `bytes` when a checkpoint let it resume. */
  bytes_transferred: number;
  /** Files found complete in the checkpoint of an earlier, interrupted call and not sent again. */
  files_skipped: number;
}

/**
 * Runs the jobs with `concurrency` files in flight. A file that fails is recorded and the others go on, except
 * after errors every file would hit (auth, missing bucket, no connection) or an abort, which stop the run.
 * Ends with a TransferError listing completed and failed paths, APIUserAbortError on abort, or the result.
 */
export async function runJobs(
  ctx: TransferContext,
  jobs: readonly TransferJob[],
  options: { concurrency: number; destination: string; preFailed?: Array<{ path: string; error: Error }>; verb: string },
): Promise<TransferResult> {
  const cp = ctx.checkpoint;
  const completed: string[] = [];
  const failed: Array<{ path: string; error: Error }> = [...(options.preFailed ?? [])];
  let skipped = 0;
  let fatal: Error | undefined;
  const pending: TransferJob[] = [];
  for (const job of jobs) {
    const done = cp?.done.get(job.path);
    if (done && done.size === job.size && done.stamp === job.stamp && (job.stillDone?.() ?? true)) {
      ctx.progress.skip(job.size);
      ctx.progress.fileDone();
      completed.push(job.path);
      skipped++;
    } else pending.push(job);
  }
  let success = false;
  try {
    try {
      await forEachLimit(
        pending,
        options.concurrency,
        async (job, stop) => {
          try {
            await job.run(ctx);
            cp?.fileDone(job.path, job.size, job.stamp);
            ctx.progress.fileDone();
            completed.push(job.path);
          } catch (e) {
            const error = toSdkError(e, job.path, ctx.signal);
            if (isFatal(error)) {
              fatal ??= error;
              stop();
            }
            if (!(error instanceof APIUserAbortError)) failed.push({ path: job.path, error });
          }
        },
        ctx.signal,
      );
    } catch (e) {
      if (!(e instanceof APIUserAbortError)) throw e;
    }
    if (ctx.signal?.aborted) {
      throw new APIUserAbortError(`${options.verb} aborted after ${completed.length} of ${jobs.length} files`, { cause: ctx.signal.reason });
    }
    if (failed.length > 0 || fatal) {
      const notTried = jobs.length + (options.preFailed?.length ?? 0) - completed.length - failed.length;
      const first = failed[0]?.error ?? fatal;
      throw new TransferError(
        `${options.verb} failed for ${failed.length} of ${jobs.length + (options.preFailed?.length ?? 0)} files` +
          (notTried > 0 ? ` (${notTried} not tried after a fatal error)` : '') +
          (first ? `: ${first.message}` : ''),
        completed,
        failed,
        { cause: first },
      );
    }
    success = true;
  } finally {
    await cp?.close(success);
  }
  ctx.progress.finish();
  return {
    destination: options.destination,
    files: jobs.length,
    bytes: ctx.progress.total,
    bytes_transferred: ctx.progress.transferred,
    files_skipped: skipped,
  };
}
