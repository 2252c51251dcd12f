import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { PlatformError } from '../errors.js';
import { cookieCaller } from '../plugins/auth.js';
import { sendContinue } from '../plugins/connections.js';
import { sendError } from '../plugins/errors.js';
import { discardUnreadBody } from '../plugins/unread-body.js';
import { isStorageError } from '../storage/errors.js';
import { authenticate } from './auth.js';
import { createBucket, deleteBucket, getBucketLocation, getBucketVersioning, headBucket, listBuckets, notImplemented } from './bucket-handlers.js';
import type { S3Context } from './context.js';
import { fromStorageError, S3Error } from './errors.js';
import { HeaderMap } from './headers.js';
import { listObjectsV1, listObjectsV2, listObjectVersions } from './list-handlers.js';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listMultipartUploads, listParts, uploadPart } from './multipart-handlers.js';
import { deleteObject, deleteObjects, getObject, headObject, putObject } from './object-handlers.js';
import { parseTarget, type RequestTarget } from './uri.js';
import { el } from './xml.js';

type Handler = (ctx: S3Context) => Promise<void>;

/**
 * First path segments that belong to the ModelArts API on the same port (docs/object-api.md): never buckets
 * (2-letter names are invalid anyway).
 */
const API_SEGMENTS = new Set(['v1', 'v2', 'v3', '-']);
const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];
const BUCKET_SUBRESOURCES_NOT_IMPLEMENTED = [
  'acl',
  'policy',
  'cors',
  'lifecycle',
  'tagging',
  'website',
  'logging',
  'notification',
  'replication',
  'encryption',
  'object-lock',
  'ownershipControls',
  'publicAccessBlock',
  'accelerate',
  'requestPayment',
  'analytics',
  'inventory',
  'metrics',
  'intelligent-tiering',
  'policyStatus',
  'storagePolicy',
  'quota',
];
const OBJECT_SUBRESOURCES_NOT_IMPLEMENTED = [
  'acl',
  'tagging',
  'retention',
  'legal-hold',
  'torrent',
  'restore',
  'select',
  'attributes',
  'append',
  'metadata',
  'rename',
];

const methodNotAllowed: Handler = async () => {
  throw new S3Error('MethodNotAllowed');
};

/** Method + path shape + sub-resource names (values may be empty or absent) → operation, as S3 routes path-style requests. */
export function pickHandler(method: string, target: RequestTarget): Handler {
  const has = (n: string) => target.params.has(n);
  if (target.bucket === undefined) return method === 'GET' ? listBuckets : methodNotAllowed;
  if (target.key === undefined) {
    if (method === 'GET' && has('versioning')) return getBucketVersioning;
    const unsupported = [...BUCKET_SUBRESOURCES_NOT_IMPLEMENTED, 'versioning'].find(has);
    if (unsupported) return notImplemented(`The bucket sub-resource "${unsupported}"`);
    switch (method) {
      case 'GET':
        if (has('location')) return getBucketLocation;
        if (has('uploads')) return listMultipartUploads;
        if (has('versions')) return listObjectVersions;
        return target.params.get('list-type') === '2' ? listObjectsV2 : listObjectsV1;
      case 'HEAD':
        return headBucket;
      case 'PUT':
        return createBucket;
      case 'DELETE':
        return deleteBucket;
      case 'POST':
        return has('delete') ? deleteObjects : methodNotAllowed;
      default:
        return methodNotAllowed;
    }
  }
  const unsupported = OBJECT_SUBRESOURCES_NOT_IMPLEMENTED.find(has);
  if (unsupported) return notImplemented(`The object sub-resource "${unsupported}"`);
  switch (method) {
    case 'GET':
      return has('uploadId') ? listParts : getObject;
    case 'HEAD':
      return headObject;
    case 'PUT':
      return has('uploadId') || has('partNumber') ? uploadPart : putObject;
    case 'POST':
      if (has('uploads')) return createMultipartUpload;
      if (has('uploadId')) return completeMultipartUpload;
      return methodNotAllowed;
    case 'DELETE':
      return has('uploadId') ? abortMultipartUpload : deleteObject;
    default:
      return methodNotAllowed;
  }
}

function errorXml(e: S3Error, resource: string, requestId: string): string {
  const extra = Object.entries(e.fields)
    .map(([k, v]) => el(k, v))
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${el('Code', e.code)}${el('Message', e.message)}${extra}${el('Resource', resource)}${el('RequestId', requestId)}${el('HostId', requestId)}</Error>`;
}

/** Printable ASCII only: header values cannot carry arbitrary text. */
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');

function sendS3Error(request: FastifyRequest, reply: FastifyReply, e: S3Error): FastifyReply {
  discardUnreadBody(request, reply);
  reply.removeHeader('content-length');
  reply
    .code(e.status)
    .header('x-amz-error-code', e.code)
    .header('x-amz-error-message', headerSafe(e.message))
    .header('x-obs-error-code', e.code)
    .header('x-obs-error-message', headerSafe(e.message));
  // HEAD answers carry no body (clients read the code from the headers above).
  if (request.method === 'HEAD') return reply.send();
  const resource = (request.raw.url ?? '/').split('?')[0] ?? '/';
  return reply.type('application/xml').send(errorXml(e, resource, String(request.id)));
}

/**
 * The S3/OBS object API (docs/object-api.md): every path outside `/v1/`, `/v2/`, `/v3/` and `/-/`. Bodies are
 * never parsed by fastify: handlers stream `request.raw` (objects can be gigabytes).
 */
export async function objectApi(app: FastifyInstance): Promise<void> {
  const ctx = app.platform;
  // Made (and swept, and closed) by buildApp: the training provider reads and writes OBS through the same instance.
  const store = ctx.objects();

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  app.addHook('onRequest', async (request, reply) => {
    const id = String(request.id);
    reply.header('x-amz-request-id', id).header('x-amz-id-2', id).header('x-obs-request-id', id).header('x-obs-id-2', id);
    // Objects may have any Content-Type; hide it from fastify's media-type check (handlers read raw headers).
    delete request.raw.headers['content-type'];
  });
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof PlatformError) return sendError(reply, error);
    if (error instanceof S3Error) return sendS3Error(request, reply, error);
    if (isStorageError(error)) return sendS3Error(request, reply, fromStorageError(error));
    const status = (error as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return sendS3Error(request, reply, new S3Error('InvalidRequest', error.message));
    request.log.error({ err: error, request_id: request.id }, 'object API internal error');
    return sendS3Error(request, reply, new S3Error('InternalError', `We encountered an internal error; quote request id ${request.id} when reporting it`));
  });

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const target = parseTarget(request.raw.url ?? '/');
    if (API_SEGMENTS.has(target.firstSegment)) {
      return sendError(reply, new PlatformError('ModelArts.4204', `The API ${request.method} ${target.rawPath} does not exist`));
    }
    // esdk-obs signature negotiation: unauthenticated, answered before anything else.
    if (request.method === 'HEAD' && target.params.has('apiversion')) return reply.code(200).header('x-obs-api', '3.0').send();
    const headers = new HeaderMap(request.raw.rawHeaders);
    const now = Date.now();
    let byConsole = false;
    const principal = authenticate(
      { method: request.method, rawPath: target.rawPath, query: target.query, params: target.params, headers, now },
      ctx.iam,
      () => {
        const caller = cookieCaller(request.method, request.headers, ctx.consoleSessions, ctx.iam, now);
        byConsole = caller !== undefined;
        return caller;
      },
    );
    // An object opened in the console's browser is served from the console's origin: sandboxed, so an uploaded page
    // can neither run script as the console nor be sniffed into one.
    if (byConsole) reply.header('Content-Security-Policy', "sandbox; default-src 'none'").header('X-Content-Type-Options', 'nosniff');
    sendContinue(reply.raw, request.raw);
    const s3: S3Context = { request, reply, method: request.method, target, headers, principal, store, iam: ctx.iam, settings: { region: ctx.config.region } };
    await pickHandler(request.method, target)(s3);
    return reply;
  };
  for (const url of ['/', '/*']) app.route({ method: METHODS, url, config: { protocol: 's3' }, handler });
}
