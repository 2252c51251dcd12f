import type { ErrorCode } from '@modelarts-ts/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.js';
import { type ConsoleSessions, CSRF_HEADER, isSafeMethod } from '../auth/console-session.js';
import { checkSdkHmacHeaders, verifySdkHmac } from '../auth/sdk-hmac-verifier.js';
import { PlatformError } from '../errors.js';
import type { IamStore } from '../providers/iam/store.js';
import { API_BODY_LIMIT } from './body.js';
import { sendContinue } from './connections.js';

export interface RouteMeta {
  operationId: string;
  auth: 'none' | 'required';
  /** Code for schema failures on this route (default ModelArts.0101). */
  validationErrorCode?: ErrorCode;
}

function refuseAkSk(request: FastifyRequest, r: { code: 'APIGW.0301' | 'APIGW.0303'; message: string; access_key?: string }): never {
  request.log.info({ request_id: request.id, access_key: r.access_key, code: r.code }, 'AK/SK authentication failed');
  throw new PlatformError(r.code, r.message);
}

export function tokenCaller(token: string, iam: IamStore, now: number): Caller {
  const row = iam.lookupToken(token);
  if (row === 'malformed' || row === 'unknown') throw new PlatformError('ModelArts.0203');
  if (row.expires_at <= now) throw new PlatformError('ModelArts.0202', 'The token has expired: get a new one from POST /v3/auth/tokens');
  const caller = iam.caller(row.user_id, 'token', row.project_id);
  if (!caller) throw new PlatformError('ModelArts.0203', 'The user of this token no longer exists');
  return caller;
}

/**
 * The caller of a console request, by its session cookie: a request that may change something must also carry the
 * session's CSRF token (a page of another site can make the browser send the cookie, never that header).
 */
export function cookieCaller(method: string, headers: FastifyRequest['headers'], sessions: ConsoleSessions, iam: IamStore, now: number): Caller | undefined {
  const token = sessions.tokenOf(headers.cookie);
  if (token === undefined) return undefined;
  const caller = tokenCaller(token, iam, now);
  if (!isSafeMethod(method) && !sessions.csrfValid(token, headers[CSRF_HEADER])) throw new PlatformError('ModelArts.0211');
  return caller;
}

/**
 * Everything about the caller that the headers alone decide, checked before any body byte is read: a token
 * authenticates completely (returned); an AK/SK signature must name a known AK with a fresh date (its
 * signature covers the body, so it is verified after the body is read).
 */
export function authenticateHeaders(request: FastifyRequest, iam: IamStore, sessions: ConsoleSessions, now = Date.now()): Caller | undefined {
  const token = request.headers['x-auth-token'];
  if (request.headers.authorization) {
    const r = checkSdkHmacHeaders({ headers: request.headers, now, secretFor: (ak) => iam.accessKey(ak) });
    if (!r.ok) refuseAkSk(request, r);
    return undefined;
  }
  if (typeof token === 'string' && token) return tokenCaller(token, iam, now);
  const session = cookieCaller(request.method, request.headers, sessions, iam, now);
  if (session) return session;
  throw new PlatformError('ModelArts.0201');
}

/** Establishes the caller from an AK/SK signature, an X-Auth-Token or the console's cookie (in that order); throws the cloud's 401 codes otherwise. */
export function authenticate(request: FastifyRequest, iam: IamStore, sessions: ConsoleSessions, now = Date.now()): Caller {
  const authorization = request.headers.authorization;
  const token = request.headers['x-auth-token'];
  if (authorization) {
    const r = verifySdkHmac({
      method: request.method,
      rawUrl: request.raw.url ?? request.url,
      headers: request.headers,
      body: request.rawBody,
      now,
      secretFor: (ak) => iam.accessKey(ak),
    });
    if (!r.ok) refuseAkSk(request, r);
    const caller = iam.caller(r.user_id, 'aksk');
    if (!caller) throw new PlatformError('APIGW.0301', 'Incorrect IAM authentication information: the user of this AK no longer exists');
    return caller;
  }
  if (typeof token === 'string' && token) return tokenCaller(token, iam, now);
  const session = cookieCaller(request.method, request.headers, sessions, iam, now);
  if (session) return session;
  throw new PlatformError('ModelArts.0201');
}

/**
 * Authentication in two steps. Before the body is read (onRequest): an over-limit Content-Length and
 * whatever the headers decide are refused, so a stranger can make the platform neither buffer nor wait on a
 * body; only then may a client waiting for `100 Continue` send it. After the body is read and before
 * validation (preValidation): the AK/SK signature over the exact bytes (no input errors leak to strangers).
 */
export function registerAuth(app: FastifyInstance, iam: IamStore, sessions: ConsoleSessions): void {
  app.addHook('onRequest', async (request, reply) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > API_BODY_LIMIT) throw new PlatformError('ModelArts.4104');
    const meta = request.routeOptions.config as Partial<RouteMeta>;
    if (meta.auth === 'required') {
      const caller = authenticateHeaders(request, iam, sessions);
      if (caller) request.caller = caller;
    }
    sendContinue(reply.raw, request.raw);
  });
  app.addHook('preValidation', async (request) => {
    const meta = request.routeOptions.config as Partial<RouteMeta>;
    if (meta.auth !== 'required') return;
    const caller = request.caller ?? authenticate(request, iam, sessions);
    request.caller = caller;
    const projectId = (request.params as Record<string, string> | undefined)?.project_id;
    if (projectId !== undefined && !caller.project_ids.has(projectId)) {
      if (caller.via === 'token' && caller.token_project_id === null) {
        throw new PlatformError('ModelArts.0207', 'The token is not scoped to a project: request it with scope.project');
      }
      throw new PlatformError('ModelArts.0210', `Project ${projectId} is not a project of the caller`);
    }
  });
}
