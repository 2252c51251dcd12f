import type { IncomingHttpHeaders } from 'node:http';
import { type Dispatcher, errors, Pool } from 'undici';

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

/** Sends one request to a model server over a kept-alive connection and buffers its answer. */
export async function forward(
  baseUrl: string,
  o: { method: string; path: string; headers: Record<string, string>; body: Buffer | undefined; timeoutMs: number },
): Promise<Forwarded> {
  let res: Dispatcher.ResponseData;
  try {
    res = await poolFor(baseUrl).request({
      method: o.method as 'POST',
      path: o.path,
      headers: o.headers,
      body: o.body ?? null,
      headersTimeout: o.timeoutMs,
      bodyTimeout: o.timeoutMs,
    });
  } catch (e) {
    if (e instanceof errors.HeadersTimeoutError) throw new ForwardError('timeout', `the model did not answer within ${o.timeoutMs} ms`);
    const code = (e as { code?: string }).code ?? '';
    // Nothing came back: the instance is gone or closed a kept-alive connection; another instance may take it.
    throw new ForwardError(UNREACHABLE.has(code) ? 'unreachable' : 'broken', (e as Error).message);
  }
  try {
    const body = Buffer.from(await res.body.arrayBuffer());
    return { status: res.statusCode, headers: res.headers as IncomingHttpHeaders, body };
  } catch (e) {
    if (e instanceof errors.BodyTimeoutError) throw new ForwardError('timeout', `the model did not finish its answer within ${o.timeoutMs} ms`);
    throw new ForwardError('broken', (e as Error).message);
  }
}
