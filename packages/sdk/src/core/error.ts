/**
 * The SDK's error tree. Every failure is thrown, never returned:
 * ModelArtsError
 *  ├─ APIError (HTTP status + the service's error_code/error_msg/error_solution + request_id)
 *  │   ├─ BadRequestError 400, AuthenticationError 401, PermissionDeniedError 403, NotFoundError 404,
 *  │   ├─ ConflictError 409, PayloadTooLargeError 413, UnprocessableEntityError 422, RateLimitError 429
 *  │   └─ InternalServerError ≥500
 *  ├─ APIConnectionError (no response) ─ APIConnectionTimeoutError
 *  ├─ APIUserAbortError
 *  ├─ ConfigError (nothing to connect with, bad options)
 *  ├─ InvalidArgumentError (a call got an argument it cannot use, e.g. a malformed OBS path)
 *  ├─ WaitTimeoutError, ResourceFailedError (long operations)
 *  └─ TransferError (OBS transfers)
 */
export class ModelArtsError extends Error {
  override name = 'ModelArtsError';
}

export interface APIErrorFields {
  status: number;
  error_code?: string | undefined;
  error_msg?: string | undefined;
  error_solution?: string | undefined;
  request_id?: string | undefined;
  headers?: Headers | undefined;
  /** `METHOD url` of the failed request (no credentials: they are never in URLs or this string). */
  request?: string | undefined;
}

export class APIError extends ModelArtsError {
  override name = 'APIError';
  readonly status: number;
  readonly error_code: string | undefined;
  readonly error_msg: string | undefined;
  readonly error_solution: string | undefined;
  readonly request_id: string | undefined;
  readonly headers: Headers | undefined;
  readonly request: string | undefined;

  constructor(f: APIErrorFields, options?: ErrorOptions) {
    super(APIError.describe(f), options);
    this.status = f.status;
    this.error_code = f.error_code;
    this.error_msg = f.error_msg;
    this.error_solution = f.error_solution;
    this.request_id = f.request_id;
    this.headers = f.headers;
    this.request = f.request;
  }

  private static describe(f: APIErrorFields): string {
    const code = f.error_code ? ` ${f.error_code}` : '';
    const msg = f.error_msg ? `: ${f.error_msg}` : '';
    const sol = f.error_solution ? ` (${f.error_solution})` : '';
    const rid = f.request_id ? ` [request id ${f.request_id}]` : '';
    const req = f.request ? ` on ${f.request}` : '';
    return `HTTP ${f.status}${code}${msg}${sol}${req}${rid}`;
  }

  /** The status -> class factory. */
  static from(f: APIErrorFields, options?: ErrorOptions): APIError {
    const C =
      f.status === 400
        ? BadRequestError
        : f.status === 401
          ? AuthenticationError
          : f.status === 403
            ? PermissionDeniedError
            : f.status === 404
              ? NotFoundError
              : f.status === 409
                ? ConflictError
                : f.status === 413
                  ? PayloadTooLargeError
                  : f.status === 422
                    ? UnprocessableEntityError
                    : f.status === 429
                      ? RateLimitError
                      : f.status >= 500
                        ? InternalServerError
                        : APIError;
    return new C(f, options);
  }
}

export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
export class PayloadTooLargeError extends APIError {
  override name = 'PayloadTooLargeError';
}
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
}
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
}
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

export class APIConnectionError extends ModelArtsError {
  override name = 'APIConnectionError';
  constructor(message = 'Connection error.', options?: ErrorOptions) {
    super(message, options);
  }
}

export class APIConnectionTimeoutError extends APIConnectionError {
  override name = 'APIConnectionTimeoutError';
  constructor(message = 'Request timed out.', options?: ErrorOptions) {
    super(message, options);
  }
}

export class APIUserAbortError extends ModelArtsError {
  override name = 'APIUserAbortError';
  constructor(message = 'Request was aborted.', options?: ErrorOptions) {
    super(message, options);
  }
}

/** The session cannot be set up: missing credentials, region, endpoint, or an unusable profile. */
export class ConfigError extends ModelArtsError {
  override name = 'ConfigError';
}

/** A call got an argument it cannot use (a malformed path, a missing trailing slash, a local path where OBS is needed). */
export class InvalidArgumentError extends ModelArtsError {
  override name = 'InvalidArgumentError';
  /** The argument at fault as the manual names it (`job_id`, `options.keep_last_dir`), when known. */
  readonly parameter: string | undefined;
  /** The call shape of the function that refused it, e.g. `Estimator.getJobInfo(session, job_id)`. */
  readonly signature: string | undefined;

  constructor(message: string, options?: ErrorOptions & { parameter?: string; signature?: string }) {
    super(message, options);
    this.parameter = options?.parameter;
    this.signature = options?.signature;
  }
}

/** A wait ran out of time; `last` is the last snapshot seen. */
export class WaitTimeoutError<T = unknown> extends ModelArtsError {
  override name = 'WaitTimeoutError';
  constructor(
    message: string,
    readonly last: T | undefined,
    readonly lastStatus: string | undefined,
  ) {
    super(message);
  }
}

/** A resource reached a failure status; `last` is its snapshot, `reason` what went wrong (e.g. the job's last log lines). */
export class ResourceFailedError<T = unknown> extends ModelArtsError {
  override name = 'ResourceFailedError';
  constructor(
    message: string,
    readonly last: T,
    readonly status: string,
    readonly reason: string | undefined,
  ) {
    super(message);
  }
}

/** An OBS transfer failed in part: what completed and what failed, so a retry can resume. */
export class TransferError extends ModelArtsError {
  override name = 'TransferError';
  constructor(
    message: string,
    readonly completed: readonly string[],
    readonly failed: ReadonlyArray<{ path: string; error: Error }>,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
