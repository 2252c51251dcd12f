import type { ErrorCode } from '@modelarts-ts/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.js';
import { verifySdkHmac } from '../auth/sdk-hmac-verifier.js';
import { PlatformError } from '../errors.js';
import type { IamStore } from '../providers/iam/store.js';

export interface RouteMeta {
  operationId: string;
  auth: 'none' | 'required';
  /** Code for schema failures on this route (default ModelArts.0101). */
  validationErrorCode?: ErrorCode;
}

/** Establishes the caller from an AK/SK signature or an X-Auth-Token; throws the cloud's 401 codes otherwise. */
export function authenticate(request: FastifyRequest, iam: IamStore, now = Date.now()): Caller {
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
    if (!r.ok) {
      request.log.info({ request_id: request.id, access_key: r.access_key, code: r.code }, 'AK/SK authentication failed');
      throw new PlatformError(r.code, r.message);
    }
    const caller = iam.caller(r.user_id, 'aksk');
    if (!caller) throw new PlatformError('APIGW.0301', 'Incorrect IAM authentication information: the user of this AK no longer exists');
    return caller;
  }
  if (typeof token === 'string' && token) {
    const row = iam.lookupToken(token);
    if (row === 'malformed' || row === 'unknown') throw new PlatformError('ModelArts.0203');
    if (row.expires_at <= now) throw new PlatformError('ModelArts.0202', 'The token has expired: get a new one from POST /v3/auth/tokens');
    const caller = iam.caller(row.user_id, 'token', row.project_id);
    if (!caller) throw new PlatformError('ModelArts.0203', 'The user of this token no longer exists');
    return caller;
  }
  throw new PlatformError('ModelArts.0201');
}

/** Runs after body parsing (signatures cover the body) and before validation (no input errors leak to strangers). */
export function registerAuth(app: FastifyInstance, iam: IamStore): void {
  app.addHook('preValidation', async (request) => {
    const meta = request.routeOptions.config as Partial<RouteMeta>;
    if (meta.auth !== 'required') return;
    const caller = authenticate(request, iam);
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
