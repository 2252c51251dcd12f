import { readFileSync } from 'node:fs';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '../core/error.js';
import type { Logger } from '../core/logger.js';
import { redactUrl } from './redact.js';
import { failureOf, shouldRetry } from './retry.js';
import { backoffMs, retryAfterMs, sleep } from './sleep.js';

export interface RequestOptions {
  /** Per-attempt timeout in ms (default 60 000). */
  timeout?: number;
  /** Retries after the first attempt (default 2): see `shouldRetry` for which failures, by the operation's idempotency. */
  maxRetries?: number;
  signal?: AbortSignal;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

export interface HttpRequest {
  method: string;
  url: URL;
  /** The exact bytes to send; serialized once, so every attempt (and its signature) covers the same bytes. */
  body?: Uint8Array | undefined;
  contentType?: string | undefined;
  /** A description for logs and errors, e.g. the operation id. */
  label: string;
  /** Repeating it after a lost answer is harmless (the contract's `isIdempotent`); else only provably unsent attempts are retried. */
  idempotent: boolean;
}

export interface HttpResponse<T> {
  data: T;
  response: Response;
  request_id: string | undefined;
}

/** Adds auth headers to one attempt; runs inside the retry loop so each attempt is signed afresh. */
export type Authorizer = (req: HttpRequest, headers: Record<string, string>) => Promise<void>;

/** Called when the server rejects the credentials; returns true if they were renewed and the attempt may be repeated. */
export type AuthRenewer = (err: APIError) => boolean;

export interface TransportConfig {
  timeout: number;
  maxRetries: number;
  headers: Record<string, string>;
  logger: Logger;
  fetch: typeof fetch;
}

/** `modelarts-ts/<version of this package>` (src/internal and dist/internal both sit two levels below package.json). */
export const USER_AGENT = `modelarts-ts/${(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version}`;
const RETRY_HEADER = 'x-sdk-retry-count';

/** The HTTP pipeline: retries in one place (`shouldRetry`), Retry-After honoured, jittered backoff. */
export async function send<T>(
  cfg: TransportConfig,
  req: HttpRequest,
  authorize: Authorizer,
  renew: AuthRenewer,
  options: RequestOptions = {},
): Promise<HttpResponse<T>> {
  const maxRetries = options.maxRetries ?? cfg.maxRetries;
  const timeout = options.timeout ?? cfg.timeout;
  let renewed = false;
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': USER_AGENT };
    for (const [k, v] of Object.entries({ ...cfg.headers, ...options.headers })) headers[k.toLowerCase()] = v;
    if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
    if (attempt > 0) headers[RETRY_HEADER] = String(attempt);
    await authorize(req, headers);
    const started = Date.now();
    let res: Response;
    try {
      res = await fetchWithTimeout(cfg.fetch, req, headers, timeout, options.signal);
    } catch (e) {
      const failure = failureOf(e);
      if (e instanceof APIUserAbortError || attempt >= maxRetries || !failure || !shouldRetry(failure, req.idempotent)) throw e;
      const wait = backoffMs(attempt);
      cfg.logger.debug(`${req.method} ${redactUrl(req.url.href)} failed (${(e as Error).message}); retry ${attempt + 1}/${maxRetries} in ${wait} ms`);
      await sleep(wait, options.signal);
      continue;
    }
    const request_id = res.headers.get('x-request-id') ?? undefined;
    cfg.logger.debug(
      `${req.method} ${redactUrl(req.url.href)} -> ${res.status} in ${Date.now() - started} ms (${req.label}, request id ${request_id ?? '-'}, attempt ${attempt + 1})`,
    );
    if (res.ok) return { data: (await readBody(res)) as T, response: res, request_id };
    const err = await toAPIError(res, req, request_id);
    if (res.status === 401 && !renewed && renew(err)) {
      renewed = true;
      continue;
    }
    if (
      attempt < maxRetries &&
      shouldRetry({ kind: 'status', status: res.status, code: err.error_code, hint: res.headers.get('x-should-retry') }, req.idempotent)
    ) {
      const wait = retryAfterMs(res.headers.get('retry-after')) ?? backoffMs(attempt);
      cfg.logger.debug(`retrying ${req.label} (request id ${request_id ?? '-'}) in ${wait} ms`);
      await sleep(wait, options.signal);
      continue;
    }
    throw err;
  }
}

async function fetchWithTimeout(f: typeof fetch, req: HttpRequest, headers: Record<string, string>, timeout: number, signal?: AbortSignal): Promise<Response> {
  if (signal?.aborted) throw new APIUserAbortError();
  const ctrl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctrl.abort();
  }, timeout);
  const onAbort = () => ctrl.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await f(req.url, { method: req.method, headers, body: req.body, signal: ctrl.signal });
    return res;
  } catch (e) {
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: e });
    if (timedOut) throw new APIConnectionTimeoutError(`Request timed out after ${timeout} ms: ${req.method} ${redactUrl(req.url.href)}`, { cause: e });
    throw new APIConnectionError(`Connection error on ${req.method} ${redactUrl(req.url.href)}: ${(e as Error).cause ?? (e as Error).message}`, { cause: e });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) return JSON.parse(text);
  return text;
}

/** Maps any error body the cloud uses (ModelArts, API gateway, Keystone) onto one APIError. */
async function toAPIError(res: Response, req: HttpRequest, headerRequestId: string | undefined): Promise<APIError> {
  let body: unknown;
  try {
    body = await readBody(res);
  } catch {
    body = undefined;
  }
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const ks = (typeof b.error === 'object' && b.error !== null ? b.error : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  return APIError.from({
    status: res.status,
    // A model server answers `{erno, msg}` (e.g. MR.0105) through the inference router.
    error_code: str(b.error_code) ?? str(ks.code) ?? str(b.erno),
    error_msg: str(b.error_msg) ?? str(ks.message) ?? str(b.msg) ?? (typeof body === 'string' ? body.slice(0, 500) : undefined),
    error_solution: str(b.error_solution),
    request_id: str(b.request_id) ?? headerRequestId,
    headers: res.headers,
    request: `${req.method} ${redactUrl(req.url.origin + req.url.pathname)}`,
  });
}
