import type { ErrorCode, ModelArtsErrorBody } from '@modelarts-ts/contract';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PlatformError } from '../errors.js';
import type { RouteMeta } from './auth.js';
import { discardUnreadBody } from './unread-body.js';

export function errorBody(code: ErrorCode, message: string, requestId: string, solution?: string): ModelArtsErrorBody {
  const body: ModelArtsErrorBody = { error_code: code, error_msg: message };
  if (solution) body.error_solution = solution;
  // The gateway's errors always carry the request id; the service's may.
  body.request_id = requestId;
  return body;
}

export function sendError(reply: FastifyReply, err: PlatformError): FastifyReply {
  discardUnreadBody(reply.request, reply);
  return reply
    .code(err.status)
    .type('application/json')
    .send(errorBody(err.code, err.message, String(reply.request.id), err.solution));
}

/** One error handler for the API: ModelArts error bodies, no stack traces to clients, 5xx logged with the request id. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof PlatformError) return sendError(reply, error);
    if (error.validation) {
      const where = error.validationContext ?? 'request';
      const first = error.validation[0];
      const path = first?.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
      const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
      const field = [where, path, missing].filter(Boolean).join('.');
      const code = (request.routeOptions.config as Partial<RouteMeta>).validationErrorCode ?? 'ModelArts.0101';
      return sendError(reply, new PlatformError(code, `Invalid ${field}: ${first?.message ?? error.message}`));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, new PlatformError('ModelArts.4104'));
    if (
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH'
    ) {
      return sendError(reply, new PlatformError('ModelArts.0101', error.message));
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, new PlatformError('ModelArts.0101', error.message));
    }
    request.log.error({ err: error, request_id: request.id }, 'internal error');
    return sendError(reply, new PlatformError('ModelArts.0010', `Internal error; quote request id ${request.id} when reporting it`));
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new PlatformError('ModelArts.4204', `The API ${request.method} ${request.url.split('?')[0]} does not exist`)),
  );
}
