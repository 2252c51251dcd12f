import { type OperationSpec, operations, routerPath } from '@modelarts-ts/contract';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { RouteMeta } from '../plugins/auth.js';
import { registerRawBodyParser } from '../plugins/body.js';
import type { Handler, Provider } from '../providers/provider.js';

export function successStatus(op: OperationSpec): number {
  const s = Object.keys(op.responses)
    .map(Number)
    .find((n) => n >= 200 && n < 300);
  if (s === undefined) throw new Error(`operation ${op.id} declares no success response`);
  return s;
}

/** What `ANY` stands for. */
const ANY_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * Registers one route per contract operation; an operation without a handler (or with two) stops the boot.
 * `rawBody` operations live in a scope of their own whose parser keeps every body as bytes, up to `rawBodyLimit`.
 */
export function registerOperations(app: FastifyInstance, providers: readonly Provider[], options: { rawBodyLimit: number }): void {
  const handlers = new Map<string, { provider: string; handler: Handler<OperationSpec> }>();
  for (const p of providers) {
    for (const [id, h] of Object.entries(p.handlers)) {
      const prev = handlers.get(id);
      if (prev) throw new Error(`operation ${id} is handled by both ${prev.provider} and ${p.name}`);
      handlers.set(id, { provider: p.name, handler: h as unknown as Handler<OperationSpec> });
    }
  }
  for (const op of operations as readonly OperationSpec[]) {
    const entry = handlers.get(op.id);
    if (!entry) throw new Error(`operation ${op.id} (${op.method} ${op.path}) has no handler`);
    handlers.delete(op.id);
    const status = successStatus(op);
    const config: RouteMeta = { operationId: op.id, auth: op.auth, ...(op.validationErrorCode ? { validationErrorCode: op.validationErrorCode } : {}) };
    const route: RouteOptions = {
      method: op.method === 'ANY' ? ANY_METHODS : op.method,
      url: routerPath(op.path),
      config,
      schema: {
        ...(op.params ? { params: op.params } : {}),
        ...(op.query ? { querystring: op.query } : {}),
        ...(op.body ? { body: op.body } : {}),
        response: Object.fromEntries(Object.entries(op.responses)),
      },
      handler: async (request, reply) => {
        const out = await entry.handler({
          params: request.params as never,
          query: request.query as never,
          body: request.body as never,
          caller: request.caller as never,
          request,
          reply,
        });
        // A handler that answered itself (inference passes on the model's status) keeps its status.
        if ((out as unknown) === reply || reply.sent) return reply;
        reply.code(status);
        return out;
      },
    };
    // A path ending in a rest-of-path parameter also answers without it (`/v1/infers/{id}` as well as `/v1/infers/{id}/…`).
    const bare = /\/\{\w+\*\}$/.test(op.path) ? routerPath(op.path.replace(/\/\{\w+\*\}$/, '')) : undefined;
    if (op.rawBody) {
      void app.register(async (scope) => {
        registerRawBodyParser(scope, options.rawBodyLimit);
        scope.route({ ...route, bodyLimit: options.rawBodyLimit });
        if (bare) scope.route({ ...route, url: bare, bodyLimit: options.rawBodyLimit });
      });
    } else {
      app.route(route);
      if (bare) app.route({ ...route, url: bare });
    }
  }
  const stray = [...handlers.keys()];
  if (stray.length) throw new Error(`handlers for unknown operations: ${stray.join(', ')}`);
}
