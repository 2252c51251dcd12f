import { Agent, type IncomingHttpHeaders, request } from 'node:http';

/** Keep-alive connections to the model servers, shared by every service. */
export const backendAgent = new Agent({ keepAlive: true, keepAliveMsecs: 30_000, maxSockets: 512, maxFreeSockets: 256 });

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

/** Sends one request to a model server over a kept-alive connection and buffers its answer. */
export function forward(
  baseUrl: string,
  o: { method: string; path: string; headers: Record<string, string>; body: Buffer | undefined; timeoutMs: number },
): Promise<Forwarded> {
  return new Promise((resolve, reject) => {
    const url = new URL(o.path, baseUrl);
    let answered = false;
    const req = request(
      { agent: backendAgent, hostname: url.hostname, port: url.port, method: o.method, path: url.pathname + url.search, headers: o.headers },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(new ForwardError('broken', e.message));
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new ForwardError('timeout', `the model did not answer within ${o.timeoutMs} ms`));
    }, o.timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      if (e instanceof ForwardError) return reject(e);
      // Nothing came back: the instance is gone or closed a kept-alive connection; another instance may take it.
      reject(new ForwardError(answered ? 'broken' : 'unreachable', e.message));
    });
    req.end(o.body);
  });
}
