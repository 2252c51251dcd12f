import { createHash } from 'node:crypto';
import { isStorageError } from '../storage/errors.js';
import type { ObjectInfo, ObjectRef } from '../storage/object-store.js';
import { copySourceConditions, parseRange, readConditions } from './conditions.js';
import {
  attributesFromHeaders,
  bucketOf,
  contentMd5,
  dialectHeader,
  httpDate,
  isoDate,
  keyOf,
  metaPrefix,
  objectBody,
  ownedBucket,
  quoteEtag,
  type S3Context,
  sendXml,
  smallBody,
} from './context.js';
import { fromStorageError, S3Error } from './errors.js';
import { readSmallBody } from './payload.js';
import { percentDecode } from './uri.js';
import { childOf, el, listOf, parseXml, textOf, wrap } from './xml.js';

const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};
const MAX_DELETE_KEYS = 1000;

/** Validators sent with 200, 206 and 304 answers. */
function setValidators(ctx: S3Context, info: ObjectInfo): void {
  ctx.reply.header('etag', quoteEtag(info.etag)).header('last-modified', httpDate(info.lastModified));
}

function setObjectHeaders(ctx: S3Context, info: ObjectInfo): void {
  setValidators(ctx, info);
  ctx.reply.header('content-type', info.contentType ?? 'binary/octet-stream').header('accept-ranges', 'bytes');
  for (const [name, value] of Object.entries(info.headers)) ctx.reply.header(name, value);
  const prefix = metaPrefix(ctx);
  for (const [name, value] of Object.entries(info.metadata)) ctx.reply.header(prefix + name, value);
  for (const [param, header] of Object.entries(RESPONSE_OVERRIDES)) {
    const v = ctx.target.params.get(param);
    if (v !== undefined) ctx.reply.header(header, v);
  }
}

/** Header values asked for by `response-*` parameters: printable ASCII (and tab) only, so no header can be split or broken. */
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

function checkResponseOverrides(ctx: S3Context): void {
  for (const param of Object.keys(RESPONSE_OVERRIDES)) {
    const v = ctx.target.params.get(param);
    if (v !== undefined && !HEADER_VALUE.test(v)) {
      throw new S3Error('InvalidArgument', `${param} must be printable ASCII`, { ArgumentName: param });
    }
  }
}

/** Query parameters of GET/HEAD that are refused: bad `response-*` values, `partNumber`. */
function checkReadQuery(ctx: S3Context): void {
  checkResponseOverrides(ctx);
  if (ctx.target.params.has('partNumber')) throw new S3Error('NotImplemented', 'GET/HEAD by partNumber is not implemented by ModelArts Local');
}

/** GET: conditionals, then one range or the whole object, streamed from the pinned version. */
export async function getObject(ctx: S3Context): Promise<void> {
  await ownedBucket(ctx);
  checkReadQuery(ctx);
  const reader = await ctx.store.get(bucketOf(ctx), keyOf(ctx));
  try {
    const info = reader.info;
    if (readConditions(ctx.headers, info) === 'not-modified') {
      reader.release();
      setValidators(ctx, info);
      ctx.reply.code(304).send();
      return;
    }
    const range = parseRange(ctx.headers.get('range'), info.size);
    if (range === 'unsatisfiable') {
      ctx.reply.header('content-range', `bytes */${info.size}`);
      throw new S3Error('InvalidRange', undefined, { RangeRequested: ctx.headers.get('range') ?? '', ActualObjectSize: String(info.size) });
    }
    setObjectHeaders(ctx, info);
    setLengthHeaders(ctx, info.size, range);
    // The response copies each chunk into the socket: read buffers are reused once it has flushed them.
    ctx.reply.send(reader.stream(range, ctx.reply.raw));
  } catch (e) {
    reader.release();
    throw e;
  }
}

/** 206 with Content-Range for a range, else 200; Content-Length of what is sent (GET and HEAD alike). */
function setLengthHeaders(ctx: S3Context, size: number, range: { start: number; end: number } | undefined): void {
  if (range) {
    ctx.reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
      .header('content-length', String(range.end - range.start + 1));
  } else {
    ctx.reply.code(200).header('content-length', String(size));
  }
}

export async function headObject(ctx: S3Context): Promise<void> {
  await ownedBucket(ctx);
  checkReadQuery(ctx);
  const info = await ctx.store.head(bucketOf(ctx), keyOf(ctx));
  if (readConditions(ctx.headers, info) === 'not-modified') {
    setValidators(ctx, info);
    ctx.reply.code(304).send();
    return;
  }
  const range = parseRange(ctx.headers.get('range'), info.size);
  if (range === 'unsatisfiable') throw new S3Error('InvalidRange');
  setObjectHeaders(ctx, info);
  setLengthHeaders(ctx, info.size, range);
  ctx.reply.send();
}

export async function putObject(ctx: S3Context): Promise<void> {
  if (dialectHeader(ctx, 'copy-source') !== undefined) return copyObject(ctx);
  await ownedBucket(ctx);
  const ifNoneMatch = ctx.headers.get('if-none-match');
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') throw new S3Error('NotImplemented', 'If-None-Match on PUT supports only "*"');
  const ifMatch = ctx.headers.get('if-match');
  const attributes = attributesFromHeaders(ctx);
  const md5 = contentMd5(ctx);
  const body = objectBody(ctx);
  const info = await ctx.store.put(bucketOf(ctx), keyOf(ctx), body, {
    attributes,
    ...(md5 ? { contentMd5: md5 } : {}),
    ...(ifNoneMatch !== undefined ? { ifNoneMatch: true } : {}),
    ...(ifMatch !== undefined ? { ifMatch: ifMatch.trim().replace(/^"|"$/g, '') } : {}),
  });
  ctx.reply.code(200).header('etag', quoteEtag(info.etag)).send();
}

/** `x-amz-copy-source: [/]bucket/key[?versionId=...]`, decoded once (`+` stays `+`). */
export function copySource(ctx: S3Context): ObjectRef {
  const raw = dialectHeader(ctx, 'copy-source') ?? '';
  const q = raw.indexOf('?');
  const decoded = percentDecode(q < 0 ? raw : raw.slice(0, q));
  const path = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', { ArgumentName: 'x-amz-copy-source' });
  }
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

export async function copyObject(ctx: S3Context): Promise<void> {
  await ownedBucket(ctx);
  const source = copySource(ctx);
  await ownedBucket(ctx, source.bucket);
  const directive = (dialectHeader(ctx, 'metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE')
    throw new S3Error('InvalidArgument', 'Unknown metadata directive.', { ArgumentName: 'x-amz-metadata-directive' });
  const target = { bucket: bucketOf(ctx), key: keyOf(ctx) };
  if (source.bucket === target.bucket && source.key === target.key && directive !== 'REPLACE') {
    throw new S3Error(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const info = await ctx.store.copy(source, target, {
    ...(directive === 'REPLACE' ? { attributes: attributesFromHeaders(ctx) } : {}),
    precondition: (s) => copySourceConditions(ctx.headers, s),
  });
  sendXml(ctx, 'CopyObjectResult', el('LastModified', isoDate(info.lastModified)) + el('ETag', quoteEtag(info.etag)));
}

/** 204 whether or not the key existed (S3). */
export async function deleteObject(ctx: S3Context): Promise<void> {
  await ownedBucket(ctx);
  await ctx.store.delete(bucketOf(ctx), keyOf(ctx));
  ctx.reply.code(204).send();
}

/** POST ?delete: up to 1000 keys; missing keys count as deleted; Content-MD5 verified when sent, not required. */
export async function deleteObjects(ctx: S3Context): Promise<void> {
  await ownedBucket(ctx);
  const md5 = contentMd5(ctx);
  const body = await readSmallBody(smallBody(ctx), 4 * 1024 * 1024);
  if (md5 && !md5.equals(createHash('md5').update(body).digest())) throw new S3Error('BadDigest');
  const root = childOf(parseXml(body), 'Delete');
  if (root === undefined) throw new S3Error('MalformedXML');
  const objects = listOf(childOf(root, 'Object'));
  if (objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw new S3Error('MalformedXML');
  const quiet = textOf(childOf(root, 'Quiet'))?.trim().toLowerCase() === 'true';
  let deleted = '';
  let errors = '';
  for (const o of objects) {
    const key = textOf(childOf(o, 'Key'));
    if (key === undefined) throw new S3Error('MalformedXML');
    const versionId = textOf(childOf(o, 'VersionId'));
    try {
      await ctx.store.delete(bucketOf(ctx), key);
      if (!quiet) deleted += wrap('Deleted', el('Key', key) + el('VersionId', versionId));
    } catch (e) {
      if (!isStorageError(e)) throw e;
      const err = fromStorageError(e);
      errors += wrap('Error', el('Key', key) + el('VersionId', versionId) + el('Code', err.code) + el('Message', err.message));
    }
  }
  sendXml(ctx, 'DeleteResult', deleted + errors);
}
