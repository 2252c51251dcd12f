import { S3ServiceException } from '@aws-sdk/client-s3';
import { APIConnectionError, APIError, APIUserAbortError, ModelArtsError } from '../core/error.js';
import { failureOf, shouldRetry } from '../internal/retry.js';
import { backoffMs, sleep } from '../internal/sleep.js';

const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH']);
function statusOf(e: unknown): number | undefined {
  return e instanceof S3ServiceException ? e.$metadata?.httpStatusCode : undefined;
}

function isAbort(e: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  const err = e as { name?: string } | undefined;
  return err?.name === 'AbortError' || e instanceof APIUserAbortError;
}

/** Connection-level failure: no HTTP answer (refused, reset, timed out, socket hang up). */
function isConnectionError(e: unknown): boolean {
  if (e instanceof APIConnectionError) return true;
  const err = e as { code?: string; name?: string; message?: string } | undefined;
  return (
    (err?.code !== undefined && CONNECTION_CODES.has(err.code)) ||
    err?.name === 'TimeoutError' ||
    /socket hang up|premature close|aborted/i.test(err?.message ?? '')
  );
}

/**
 * Worth another attempt, by the SDK's one classifier (`shouldRetry`): the transfers retried here are GETs and PUTs,
 * idempotent unless the caller says otherwise.
 */
export function isRetryable(e: unknown, idempotent = true): boolean {
  const failure = failureOf(e);
  return failure !== undefined && shouldRetry(failure, idempotent);
}

/**
 * One of the SDK's errors for a failure of `what` (e.g. `PUT obs://b/k`): APIError by status for an OBS answer,
 * APIConnectionError without one, APIUserAbortError once `signal` aborted. Other errors (local I/O) pass unchanged.
 */
export function toSdkError(e: unknown, what: string, signal?: AbortSignal): Error {
  if (e instanceof ModelArtsError) return e;
  if (isAbort(e, signal)) return new APIUserAbortError(`Aborted: ${what}`, { cause: e });
  if (e instanceof S3ServiceException) {
    const status = e.$metadata?.httpStatusCode ?? 0;
    return APIError.from(
      {
        status,
        error_code: e.name,
        error_msg: e.message && e.message !== 'UnknownError' ? e.message : undefined,
        request_id: e.$metadata?.requestId,
        request: what,
      },
      { cause: e },
    );
  }
  if (isConnectionError(e)) return new APIConnectionError(`Connection error on ${what}: ${(e as Error).message}`, { cause: e });
  return e instanceof Error ? e : new Error(String(e));
}

/** True for 404 answers (NoSuchKey, NotFound, NoSuchBucket...). */
export function isNotFound(e: unknown): boolean {
  return (e instanceof APIError ? e.status : statusOf(e)) === 404;
}

/** Errors after which the other files of a batch would fail the same way: auth, missing bucket, no connection. */
export function isFatal(e: unknown): boolean {
  if (e instanceof APIUserAbortError) return true;
  if (e instanceof APIError) return e.status === 401 || e.status === 403 || e.error_code === 'NoSuchBucket';
  return e instanceof APIConnectionError;
}

/**
 * Settles like `p`, or rejects with APIUserAbortError as soon as `signal` aborts; a result that arrives later is
 * handed to `late` (to release a response body). For the many small requests sent without an abort signal:
 * the S3 client reuses its resolved middleware only for calls made without per-call options.
 */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined, late?: (v: T) => void): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) {
    p.then(late, () => undefined);
    return Promise.reject(new APIUserAbortError());
  }
  return new Promise<T>((resolve, reject) => {
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      reject(new APIUserAbortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        if (aborted) late?.(v);
        else resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

const SDK_RETRIED = Symbol('obs.sdkRetried');

/**
 * Awaits a request the S3 client already retried on its own (no streamed body), marking a failure so that
 * withRetry does not multiply the attempts. withRetry then only repeats failures while reading the body.
 */
export async function noRetry<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e !== null && typeof e === 'object') (e as Record<symbol, unknown>)[SDK_RETRIED] = true;
    throw e;
  }
}

export interface RetryOptions {
  /** Attempts after the first one. */
  retries: number;
  signal?: AbortSignal | undefined;
  /** Names the operation in errors, e.g. `PUT obs://b/k (part 3)`. */
  what: string;
}

/**
 * Runs `fn` until it succeeds, with jittered backoff between attempts on retryable failures. For requests the
 * S3 client cannot retry itself: streamed bodies (file parts) and failures while reading a response body.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      if (o.signal?.aborted) throw new APIUserAbortError(`Aborted: ${o.what}`);
      return await fn(attempt);
    } catch (e) {
      const final = e !== null && typeof e === 'object' && (e as Record<symbol, unknown>)[SDK_RETRIED] === true;
      if (final || isAbort(e, o.signal) || attempt >= o.retries || !isRetryable(e)) throw toSdkError(e, o.what, o.signal);
      await sleep(backoffMs(attempt, 200, 4000), o.signal);
    }
  }
}
