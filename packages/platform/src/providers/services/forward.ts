import type { IncomingHttpHeaders } from 'node:http';
import { errors, Pool, util } from 'undici';

export interface Forwarded {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Why a forward failed: the backend could not be reached (safe to try another instance) or did not answer in time. */
export class ForwardError extends Error {
  override name = 'ForwardError';
  constructor(
    readonly kind: 'unreachable' | 'timeout' | 'broken',
    message: string,
  ) {
    super(message);
  }
}

/** Keep-alive connections to the model servers: one pool per server URL, closed when the server stops. */
const pools = new Map<string, Pool>();

function poolFor(baseUrl: string): Pool {
  let p = pools.get(baseUrl);
  if (!p) {
    p = new Pool(baseUrl, { connections: 256, keepAliveTimeout: 30_000, pipelining: 1 });
    pools.set(baseUrl, p);
  }
  return p;
}

/** Closes the connections to a model server that stopped. */
export async function forgetBackend(baseUrl: string): Promise<void> {
  const p = pools.get(baseUrl);
  pools.delete(baseUrl);
  await p?.destroy().catch(() => undefined);
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);

function failure(e: Error, answered: boolean, timeoutMs: number): ForwardError {
  if (e instanceof errors.HeadersTimeoutError) return new ForwardError('timeout', `the model did not answer within ${timeoutMs} ms`);
  if (e instanceof errors.BodyTimeoutError) return new ForwardError('timeout', `the model did not finish its answer within ${timeoutMs} ms`);
  const code = (e as { code?: string }).code ?? '';
  // Nothing came back: the instance is gone or closed a kept-alive connection; another instance may take it.
  return new ForwardError(!answered && UNREACHABLE.has(code) ? 'unreachable' : 'broken', e.message);
}

/**
 * Sends one request to a model server over a kept-alive connection and buffers its answer. A bare dispatch handler
 * rather than `request()`: no stream object per answer (a tenth of the router's CPU time went to its listeners).
 */
export function forward(
  baseUrl: string,
  o: { method: string; path: string; headers: Record<string, string>; body: Buffer | undefined; timeoutMs: number },
): Promise<Forwarded> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let headers: IncomingHttpHeaders = {};
    let answered = false;
    const chunks: Buffer[] = [];
    poolFor(baseUrl).dispatch(
      { method: o.method as 'POST', path: o.path, headers: o.headers, body: o.body ?? null, headersTimeout: o.timeoutMs, bodyTimeout: o.timeoutMs },
      {
        onConnect: () => undefined,
        onHeaders: (statusCode, raw) => {
          // Informational answers (1xx) come before the real one.
          if (statusCode < 200) return true;
          answered = true;
          status = statusCode;
          headers = util.parseHeaders(raw) as IncomingHttpHeaders;
          return true;
        },
        onData: (chunk) => {
          chunks.push(chunk);
          return true;
        },
        onComplete: () => resolve({ status, headers, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) }),
        onError: (e) => reject(failure(e, answered, o.timeoutMs)),
      },
    );
  });
}
