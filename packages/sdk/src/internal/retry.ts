/**
 * The SDK's one answer to "may this failed attempt be sent again?", for the REST transport and for OBS alike.
 *
 * A request whose answer was lost (timeout, reset, 5xx) may have taken effect: repeating a create would then make a
 * duplicate, or fail with "already exists" for something the first attempt made. So those failures are retried only
 * for idempotent requests. Failures that prove the server did nothing (connection refused, throttled) are retried
 * for every request; a conflict (409) never is: repeating cannot resolve it.
 */

/** One failed attempt, as far as retrying cares. */
export type AttemptFailure =
  /** No HTTP answer. `refused`: the connection was never made, so the request cannot have reached the server. */
  | { kind: 'connection'; refused: boolean }
  /** An HTTP answer: its status, the S3/OBS error code if any, and the server's `x-should-retry` hint if any. */
  | { kind: 'status'; status: number; code?: string | undefined; hint?: string | null | undefined };

/** S3/OBS error codes that mean "slow down": the request was refused before it did anything. */
const THROTTLE_CODES = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'TooManyRequests', 'RequestLimitExceeded']);
/** S3/OBS error codes of a failure worth repeating, whatever their status. */
const TRANSIENT_CODES = new Set(['RequestTimeout', 'InternalError', 'ServiceUnavailable', 'RequestTimeTooSkewed']);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const CONNECTION_CODES = new Set([...REFUSED_CODES, 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

export function shouldRetry(f: AttemptFailure, idempotent: boolean): boolean {
  if (f.kind === 'connection') return f.refused || idempotent;
  if (f.status === 409) return false;
  if (f.hint === 'false') return false;
  if (f.status === 429 || (f.code !== undefined && THROTTLE_CODES.has(f.code))) return true;
  if (!idempotent) return false;
  if (f.hint === 'true') return true;
  return f.status === 408 || f.status >= 500 || (f.code !== undefined && TRANSIENT_CODES.has(f.code));
}

/** The errno-style code of `e` or of any error in its `cause` chain. */
function errnoCode(e: unknown): string | undefined {
  for (let c: unknown = e, depth = 0; c && typeof c === 'object' && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return code;
  }
  return undefined;
}

/**
 * What kind of failure an error of any layer is: the SDK's APIError / APIConnectionError, an S3 client exception,
 * a socket error. `undefined` for errors that are not about the request (local I/O, bugs): never retried.
 */
export function failureOf(e: unknown): AttemptFailure | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const err = e as { status?: unknown; name?: string; message?: string; error_code?: unknown; retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = typeof err.status === 'number' ? err.status : err.$metadata?.httpStatusCode;
  if (status !== undefined && status > 0) {
    const code = typeof err.error_code === 'string' ? err.error_code : err.$metadata ? err.name : undefined;
    return { kind: 'status', status, code };
  }
  const errno = errnoCode(e);
  if (errno !== undefined) return { kind: 'connection', refused: REFUSED_CODES.has(errno) };
  if (
    err.retryable === true ||
    err.name === 'APIConnectionError' ||
    err.name === 'APIConnectionTimeoutError' ||
    err.name === 'TimeoutError' ||
    /socket hang up|premature close|aborted/i.test(err.message ?? '')
  ) {
    return { kind: 'connection', refused: false };
  }
  return undefined;
}
