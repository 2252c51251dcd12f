import { copySourceConditions } from './conditions.js';
import {
  attributesFromHeaders,
  bucketOf,
  contentMd5,
  dialectHeader,
  intParam,
  isoDate,
  keyOf,
  normalizeEtag,
  objectBody,
  ownedBucket,
  ownerOf,
  quoteEtag,
  type S3Context,
  sendXml,
  smallBody,
} from './context.js';
import { S3Error } from './errors.js';
import { copySource } from './object-handlers.js';
import { readSmallBody } from './payload.js';
import { awsUriEncode } from './uri.js';
import { childOf, el, listOf, parseXml, textOf, wrap } from './xml.js';

const MAX_PARTS_LISTED = 1000;
const MAX_UPLOADS_LISTED = 1000;

function uploadRef(ctx: S3Context) {
  const uploadId = ctx.target.params.get('uploadId');
  if (!uploadId) throw new S3Error('InvalidArgument', 'uploadId is required', { ArgumentName: 'uploadId' });
  return { bucket: bucketOf(ctx), key: keyOf(ctx), uploadId };
}

function partNumber(ctx: S3Context): number {
  const v = ctx.target.params.get('partNumber') ?? '';
  if (!/^\d+$/.test(v))
    throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', { ArgumentName: 'partNumber', ArgumentValue: v });
  return Number(v);
}

function principalElements(ctx: S3Context, domainId: string): string {
  const o = ownerOf(ctx, domainId);
  const inner = el('ID', o.id) + el('DisplayName', o.name);
  return wrap('Initiator', inner) + wrap('Owner', inner);
}

export async function createMultipartUpload(ctx: S3Context): Promise<void> {
  const bucket = await ownedBucket(ctx);
  const upload = await ctx.store.createMultipartUpload(bucket.name, keyOf(ctx), attributesFromHeaders(ctx), {
    domainId: ctx.principal.caller.domain_id,
    projectId: bucket.projectId,
    region: bucket.region,
  });
  sendXml(ctx, 'InitiateMultipartUploadResult', el('Bucket', upload.bucket) + el('Key', upload.key) + el('UploadId', upload.uploadId));
}

export async function uploadPart(ctx: S3Context): Promise<void> {
  if (dialectHeader(ctx, 'copy-source') !== undefined) return uploadPartCopy(ctx);
  await ownedBucket(ctx);
  const ref = uploadRef(ctx);
  const n = partNumber(ctx);
  const md5 = contentMd5(ctx);
  const part = await ctx.store.uploadPart(ref, n, objectBody(ctx), md5 ? { contentMd5: md5 } : {});
  ctx.reply.code(200).header('etag', quoteEtag(part.etag)).send();
}

/** UploadPartCopy by composition: a pinned read of the source (one range at most) streamed into the part. */
export async function uploadPartCopy(ctx: S3Context): Promise<void> {
  await ownedBucket(ctx);
  const ref = uploadRef(ctx);
  const n = partNumber(ctx);
  const source = copySource(ctx);
  await ownedBucket(ctx, source.bucket);
  const reader = await ctx.store.get(source.bucket, source.key);
  let range: { start: number; end: number } | undefined;
  try {
    copySourceConditions(ctx.headers, reader.info);
    const spec = dialectHeader(ctx, 'copy-source-range');
    if (spec !== undefined) {
      const m = /^bytes=(\d+)-(\d+)$/.exec(spec.trim());
      const size = reader.info.size;
      if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) >= size) {
        throw new S3Error('InvalidArgument', `Range specified is not valid for source object of size: ${size}`, { ArgumentName: 'x-amz-copy-source-range' });
      }
      range = { start: Number(m[1]), end: Number(m[2]) };
    }
  } catch (e) {
    reader.release();
    throw e;
  }
  const part = await ctx.store.uploadPart(ref, n, reader.stream(range), {});
  sendXml(ctx, 'CopyPartResult', el('LastModified', isoDate(part.lastModified)) + el('ETag', quoteEtag(part.etag)));
}

/** Complete: any client's XML (namespace or not, quoted or bare ETags, either element order). */
export async function completeMultipartUpload(ctx: S3Context): Promise<void> {
  await ownedBucket(ctx);
  const ref = uploadRef(ctx);
  const body = await readSmallBody(smallBody(ctx), 4 * 1024 * 1024);
  const root = childOf(parseXml(body), 'CompleteMultipartUpload');
  if (root === undefined) throw new S3Error('MalformedXML');
  const parts = listOf(childOf(root, 'Part')).map((p) => {
    const n = textOf(childOf(p, 'PartNumber'))?.trim();
    const etag = textOf(childOf(p, 'ETag'));
    if (!n || !/^\d+$/.test(n) || etag === undefined) throw new S3Error('MalformedXML');
    return { partNumber: Number(n), etag: normalizeEtag(etag) };
  });
  const info = await ctx.store.completeMultipartUpload(ref, parts);
  const host = ctx.headers.get('host') ?? 'localhost';
  const location = `http://${host}/${awsUriEncode(ref.bucket)}/${awsUriEncode(ref.key, true)}`;
  sendXml(ctx, 'CompleteMultipartUploadResult', el('Location', location) + el('Bucket', ref.bucket) + el('Key', ref.key) + el('ETag', quoteEtag(info.etag)));
}

export async function abortMultipartUpload(ctx: S3Context): Promise<void> {
  await ownedBucket(ctx);
  await ctx.store.abortMultipartUpload(uploadRef(ctx));
  ctx.reply.code(204).send();
}

export async function listParts(ctx: S3Context): Promise<void> {
  await ownedBucket(ctx);
  const ref = uploadRef(ctx);
  const maxParts = intParam(ctx, 'max-parts', MAX_PARTS_LISTED, MAX_PARTS_LISTED);
  const marker = intParam(ctx, 'part-number-marker', 0, 10_000);
  const page = await ctx.store.listParts(ref, { partNumberMarker: marker, maxParts });
  const parts = page.parts
    .map((p) => wrap('Part', el('PartNumber', p.partNumber) + el('LastModified', isoDate(p.lastModified)) + el('ETag', quoteEtag(p.etag)) + el('Size', p.size)))
    .join('');
  const xml =
    el('Bucket', ref.bucket) +
    el('Key', ref.key) +
    el('UploadId', ref.uploadId) +
    principalElements(ctx, page.upload.domainId) +
    el('StorageClass', 'STANDARD') +
    el('PartNumberMarker', marker) +
    el('NextPartNumberMarker', page.nextPartNumberMarker) +
    el('MaxParts', maxParts) +
    el('IsTruncated', page.isTruncated) +
    parts;
  sendXml(ctx, 'ListPartsResult', xml);
}

export async function listMultipartUploads(ctx: S3Context): Promise<void> {
  const bucket = await ownedBucket(ctx);
  const p = ctx.target.params;
  const maxUploads = intParam(ctx, 'max-uploads', MAX_UPLOADS_LISTED, MAX_UPLOADS_LISTED);
  const prefix = p.get('prefix') ?? '';
  const delimiter = p.get('delimiter') || undefined;
  const keyMarker = p.get('key-marker') || undefined;
  const uploadIdMarker = p.get('upload-id-marker') || undefined;
  const page = await ctx.store.listMultipartUploads(bucket.name, {
    prefix,
    maxUploads,
    ...(delimiter ? { delimiter } : {}),
    ...(keyMarker ? { keyMarker } : {}),
    ...(uploadIdMarker ? { uploadIdMarker } : {}),
  });
  const uploads = page.uploads
    .map((u) =>
      wrap(
        'Upload',
        el('Key', u.key) +
          el('UploadId', u.uploadId) +
          principalElements(ctx, u.domainId) +
          el('StorageClass', 'STANDARD') +
          el('Initiated', isoDate(u.initiated)),
      ),
    )
    .join('');
  const xml =
    el('Bucket', bucket.name) +
    el('KeyMarker', keyMarker ?? '') +
    el('UploadIdMarker', uploadIdMarker ?? '') +
    (page.isTruncated ? el('NextKeyMarker', page.nextKeyMarker) + el('NextUploadIdMarker', page.nextUploadIdMarker) : '') +
    el('Prefix', prefix) +
    (delimiter ? el('Delimiter', delimiter) : '') +
    el('MaxUploads', maxUploads) +
    el('IsTruncated', page.isTruncated) +
    uploads +
    page.commonPrefixes.map((c) => wrap('CommonPrefixes', el('Prefix', c))).join('');
  sendXml(ctx, 'ListMultipartUploadsResult', xml);
}
