import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IamStore } from '../providers/iam/store.js';
import type { BucketInfo, ObjectAttributes, ObjectStore } from '../storage/object-store.js';
import type { S3Principal } from './auth.js';
import { S3Error } from './errors.js';
import type { HeaderMap } from './headers.js';
import { openBody, type PayloadReader } from './payload.js';
import type { RequestTarget } from './uri.js';
import { document } from './xml.js';

/** Largest single PUT or part, as in S3 and OBS. */
export const MAX_OBJECT_PUT_BYTES = 5 * 1024 ** 3;
/** S3's limit on the total size of user metadata (names + values). */
const MAX_METADATA_BYTES = 2048;
/** Standard headers stored with an object and answered on GET/HEAD. */
const STORED_HEADERS = ['content-encoding', 'content-disposition', 'cache-control', 'content-language', 'expires'] as const;

export interface S3Settings {
  region: string;
}

/** Everything a handler needs about one object-API request, once routed and authenticated. */
export interface S3Context {
  request: FastifyRequest;
  reply: FastifyReply;
  method: string;
  target: RequestTarget;
  headers: HeaderMap;
  principal: S3Principal;
  store: ObjectStore;
  iam: IamStore;
  settings: S3Settings;
}

export function bucketOf(ctx: S3Context): string {
  const b = ctx.target.bucket;
  if (b === undefined) throw new S3Error('InvalidRequest', 'A bucket is required');
  return b;
}

export function keyOf(ctx: S3Context): string {
  const k = ctx.target.key;
  if (k === undefined) throw new S3Error('InvalidRequest', 'An object key is required');
  return k;
}

/** The bucket, if it exists and belongs to the caller's account; another account's bucket is AccessDenied. */
export async function ownedBucket(ctx: S3Context, name: string = bucketOf(ctx)): Promise<BucketInfo> {
  const b = await ctx.store.headBucket(name);
  if (b.domainId !== ctx.principal.caller.domain_id) throw new S3Error('AccessDenied', undefined, { BucketName: name });
  return b;
}

export function metaPrefix(ctx: S3Context): string {
  return ctx.principal.dialect === 'obs' ? 'x-obs-meta-' : 'x-amz-meta-';
}

/** `x-amz-*` or, in the OBS dialect, `x-obs-*` (either is accepted on input). */
export function dialectHeader(ctx: S3Context, suffix: string): string | undefined {
  return ctx.headers.get(`x-amz-${suffix}`) ?? ctx.headers.get(`x-obs-${suffix}`);
}

/** Content-Type, stored standard headers and user metadata of a write; `aws-chunked` is framing, not an encoding. */
export function attributesFromHeaders(ctx: S3Context): ObjectAttributes {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    let v = ctx.headers.get(name);
    if (name === 'content-encoding' && v !== undefined) {
      v = v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && s.toLowerCase() !== 'aws-chunked')
        .join(',');
    }
    if (v) headers[name] = v;
  }
  const metadata: Record<string, string> = {};
  let bytes = 0;
  for (const name of ctx.headers.names()) {
    const m = /^x-(?:amz|obs)-meta-(.+)$/.exec(name);
    if (!m?.[1]) continue;
    const value = ctx.headers.get(name) ?? '';
    metadata[m[1]] = value;
    bytes += Buffer.byteLength(m[1]) + Buffer.byteLength(value);
  }
  if (bytes > MAX_METADATA_BYTES) throw new S3Error('MetadataTooLarge', undefined, { MaxSizeAllowed: String(MAX_METADATA_BYTES), Size: String(bytes) });
  const contentType = ctx.headers.get('content-type');
  return { ...(contentType ? { contentType } : {}), headers, metadata };
}

/** `Content-MD5` as 16 bytes; malformed values are InvalidDigest. */
export function contentMd5(ctx: S3Context): Buffer | undefined {
  const v = ctx.headers.get('content-md5');
  if (v === undefined) return undefined;
  const b = Buffer.from(v.trim(), 'base64');
  if (b.length !== 16 || b.toString('base64') !== v.trim()) throw new S3Error('InvalidDigest');
  return b;
}

/** The body of an object write: length rules first (411 / EntityTooLarge), then the verified stream. */
export function objectBody(ctx: S3Context): PayloadReader {
  const length = ctx.headers.get('content-length');
  const chunked = ctx.headers.get('transfer-encoding')?.toLowerCase().includes('chunked') ?? false;
  if (length === undefined && !chunked) throw new S3Error('MissingContentLength');
  const declared = ctx.principal.body.decodedLength ?? (length !== undefined ? Number(length) : undefined);
  if (declared !== undefined && declared > MAX_OBJECT_PUT_BYTES) {
    throw new S3Error('EntityTooLarge', undefined, { ProposedSize: String(declared), MaxSizeAllowed: String(MAX_OBJECT_PUT_BYTES) });
  }
  return openBody(ctx.request.raw, ctx.principal.body);
}

/** A small request body (an XML document) through the same integrity checks. */
export function smallBody(ctx: S3Context): PayloadReader {
  return openBody(ctx.request.raw, ctx.principal.body);
}

export const quoteEtag = (etag: string) => `"${etag}"`;

/** Strips the quoting clients use for ETags in XML and headers: `"x"`, `&quot;x&quot;`, `&#34;x&#34;`, bare. */
export function normalizeEtag(s: string): string {
  return s
    .trim()
    .replace(/^(?:"|&quot;|&#34;|&#x22;)|(?:"|&quot;|&#34;|&#x22;)$/gi, '')
    .toLowerCase();
}

export const httpDate = (ms: number) => new Date(ms).toUTCString();
export const isoDate = (ms: number) => new Date(ms).toISOString();

export function sendXml(ctx: S3Context, root: string, inner: string, status = 200): void {
  ctx.reply.code(status).type('application/xml').send(document(root, inner));
}

/** Owner element values: the account id and name. */
export function ownerOf(ctx: S3Context, domainId: string): { id: string; name: string } {
  return { id: domainId, name: ctx.iam.domainById(domainId)?.name ?? domainId };
}

export function intParam(ctx: S3Context, name: string, fallback: number, max: number, min = 0): number {
  const v = ctx.target.params.get(name);
  if (v === undefined || v === '') return fallback;
  if (!/^-?\d+$/.test(v) || Number(v) < min) {
    throw new S3Error('InvalidArgument', `${name} must be an integer of at least ${min}`, { ArgumentName: name, ArgumentValue: v });
  }
  return Math.min(Number(v), max);
}
