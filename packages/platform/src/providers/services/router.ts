import type { FastifyReply, FastifyRequest } from 'fastify';
import { PlatformError } from '../../errors.js';
import { ForwardError, forward } from './forward.js';
import type { Instance, ServicePool } from './pool.js';

/** Headers that belong to the hop to the platform (credentials included), not to the model. */
const HOP_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'authorization',
  'x-auth-token',
  'x-sdk-date',
  'x-project-id',
  'x-security-token',
  'content-length',
  'transfer-encoding',
  'expect',
  'upgrade',
  'proxy-authorization',
  'te',
  'trailer',
]);
const JSON_TYPE = /^application\/(.+\+)?json/i;

export interface ProxyOptions {
  timeoutMs: number;
  /** One call answered (`modelId` undefined when no model was reached). */
  count(modelId: string | undefined, ok: boolean): void;
}

/**
 * Passes one inference request to an instance of the pool and its answer back: the body unchanged (JSON is checked,
 * 4105), the rest of the path and the query as the model's API path, credentials never forwarded. An instance that
 * cannot be reached is skipped for the next; a model slower than `timeoutMs` answers 4205.
 */
export async function proxy(pool: ServicePool, request: FastifyRequest, reply: FastifyReply, o: ProxyOptions): Promise<FastifyReply> {
  const body = request.rawBody && request.rawBody.length > 0 ? request.rawBody : undefined;
  if (body && JSON_TYPE.test(String(request.headers['content-type'] ?? ''))) {
    try {
      JSON.parse(body.toString('utf8'));
    } catch (e) {
      o.count(undefined, false);
      throw new PlatformError('ModelArts.4105', `The request body is not valid JSON: ${(e as Error).message}`);
    }
  }
  const headers: Record<string, string> = {};
  const given = request.headers;
  for (const k in given) {
    const v = given[k];
    if (v !== undefined && !HOP_HEADERS.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  if (body) headers['content-length'] = String(body.length);
  const rest = (request.params as Record<string, string | undefined>)['*'] ?? '';
  const q = request.url.indexOf('?');
  const path = `/${rest.replace(/^\/+/, '')}${q >= 0 ? request.url.slice(q) : ''}`;
  let tried: Set<Instance> | undefined;
  for (;;) {
    const inst = pool.pick(tried);
    const server = inst?.server;
    if (!inst || !server) {
      o.count(undefined, false);
      throw new PlatformError('ModelArts.4503', 'No instance of the service could take the request');
    }
    inst.inflight++;
    try {
      const res = await forward(server.url, { method: request.method, path, headers, body, timeoutMs: o.timeoutMs });
      o.count(inst.config.spec.modelId, res.status < 400);
      reply.code(res.status);
      for (const k in res.headers) {
        const v = res.headers[k];
        if (v !== undefined && !HOP_HEADERS.has(k) && k !== 'date' && k !== 'server') reply.header(k, v);
      }
      return reply.send(res.body);
    } catch (e) {
      if (e instanceof ForwardError && e.kind === 'unreachable') {
        tried ??= new Set();
        tried.add(inst);
        continue;
      }
      o.count(inst.config.spec.modelId, false);
      if (e instanceof ForwardError && e.kind === 'timeout')
        throw new PlatformError('ModelArts.4205', `The model did not answer within ${o.timeoutMs / 1000} s`);
      throw new PlatformError('ModelArts.4503', `The model instance failed while answering: ${(e as Error).message}`);
    } finally {
      inst.inflight--;
    }
  }
}
