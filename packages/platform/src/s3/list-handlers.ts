import type { ListPage, ObjectSummary } from '../storage/object-store.js';
import { bucketOf, intParam, isoDate, ownedBucket, ownerOf, quoteEtag, type S3Context, sendXml } from './context.js';
import { S3Error } from './errors.js';
import { awsUriEncode } from './uri.js';
import { el, wrap } from './xml.js';

const MAX_KEYS = 1000;
const TOKEN_PREFIX = 'v1:';

/** `encoding-type=url` encodes keys and prefixes in the answer (AWS rules, `/` kept); any other value is refused. */
function encoder(ctx: S3Context): { encode: (s: string) => string; element: string } {
  const type = ctx.target.params.get('encoding-type');
  if (type === undefined || type === '') return { encode: (s) => s, element: '' };
  if (type.toLowerCase() !== 'url') throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type' });
  return { encode: (s) => awsUriEncode(s, true), element: el('EncodingType', 'url') };
}

function contents(objects: readonly ObjectSummary[], encode: (s: string) => string, owner: string | undefined): string {
  return objects
    .map((o) =>
      wrap(
        'Contents',
        el('Key', encode(o.key)) +
          el('LastModified', isoDate(o.lastModified)) +
          el('ETag', quoteEtag(o.etag)) +
          el('Size', o.size) +
          (owner ?? '') +
          el('StorageClass', 'STANDARD'),
      ),
    )
    .join('');
}

function commonPrefixes(page: ListPage, encode: (s: string) => string): string {
  return page.commonPrefixes.map((p) => wrap('CommonPrefixes', el('Prefix', encode(p)))).join('');
}

function ownerElement(ctx: S3Context, domainId: string): string {
  const o = ownerOf(ctx, domainId);
  return wrap('Owner', el('ID', o.id) + el('DisplayName', o.name));
}

/** What every listing reads from the request: the caller's bucket, encoding, max-keys, prefix and delimiter. */
async function listRequest(ctx: S3Context) {
  const bucket = await ownedBucket(ctx);
  const p = ctx.target.params;
  return {
    bucket,
    p,
    ...encoder(ctx),
    maxKeys: intParam(ctx, 'max-keys', MAX_KEYS, MAX_KEYS),
    prefix: p.get('prefix') ?? '',
    delimiter: p.get('delimiter') || undefined,
  };
}

/** ListObjects (v1): `marker` paging; NextMarker is sent whenever truncated (s3cmd and esdk use it). */
export async function listObjectsV1(ctx: S3Context): Promise<void> {
  const { bucket, p, encode, element, maxKeys, prefix, delimiter } = await listRequest(ctx);
  const marker = p.get('marker') ?? '';
  const page = await ctx.store.list(bucket.name, { prefix, ...(delimiter ? { delimiter } : {}), ...(marker ? { after: marker } : {}), maxKeys });
  const xml =
    el('Name', bucket.name) +
    el('Prefix', encode(prefix)) +
    el('Marker', encode(marker)) +
    (page.isTruncated && page.last !== undefined ? el('NextMarker', encode(page.last)) : '') +
    el('MaxKeys', maxKeys) +
    (delimiter ? el('Delimiter', encode(delimiter)) : '') +
    el('IsTruncated', page.isTruncated) +
    element +
    contents(page.objects, encode, ownerElement(ctx, bucket.domainId)) +
    commonPrefixes(page, encode);
  sendXml(ctx, 'ListBucketResult', xml);
}

/** ListObjectsV2: an opaque continuation token (the last key or prefix returned), `start-after`, `fetch-owner`. */
export async function listObjectsV2(ctx: S3Context): Promise<void> {
  const { bucket, p, encode, element, maxKeys, prefix, delimiter } = await listRequest(ctx);
  const token = p.get('continuation-token');
  const startAfter = p.get('start-after');
  let after = startAfter || undefined;
  if (token !== undefined) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    if (!token || !decoded.startsWith(TOKEN_PREFIX))
      throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', { ArgumentName: 'continuation-token' });
    after = decoded.slice(TOKEN_PREFIX.length);
  }
  const page = await ctx.store.list(bucket.name, { prefix, ...(delimiter ? { delimiter } : {}), ...(after !== undefined ? { after } : {}), maxKeys });
  const owner = p.get('fetch-owner') === 'true' ? ownerElement(ctx, bucket.domainId) : undefined;
  const next = page.isTruncated && page.last !== undefined ? Buffer.from(TOKEN_PREFIX + page.last, 'utf8').toString('base64url') : undefined;
  const xml =
    el('Name', bucket.name) +
    el('Prefix', encode(prefix)) +
    (delimiter ? el('Delimiter', encode(delimiter)) : '') +
    el('MaxKeys', maxKeys) +
    el('KeyCount', page.objects.length + page.commonPrefixes.length) +
    el('IsTruncated', page.isTruncated) +
    el('ContinuationToken', token) +
    el('NextContinuationToken', next) +
    (startAfter !== undefined ? el('StartAfter', encode(startAfter)) : '') +
    element +
    contents(page.objects, encode, owner) +
    commonPrefixes(page, encode);
  sendXml(ctx, 'ListBucketResult', xml);
}

/** ListObjectVersions for unversioned buckets: every object is its one `null` version (enough for s3-tests teardown). */
export async function listObjectVersions(ctx: S3Context): Promise<void> {
  const { bucket, p, encode, element, maxKeys, prefix, delimiter } = await listRequest(ctx);
  const keyMarker = p.get('key-marker') ?? '';
  const page = await ctx.store.list(bucketOf(ctx), { prefix, ...(delimiter ? { delimiter } : {}), ...(keyMarker ? { after: keyMarker } : {}), maxKeys });
  const owner = ownerElement(ctx, bucket.domainId);
  const versions = page.objects
    .map((o) =>
      wrap(
        'Version',
        el('Key', encode(o.key)) +
          el('VersionId', 'null') +
          el('IsLatest', true) +
          el('LastModified', isoDate(o.lastModified)) +
          el('ETag', quoteEtag(o.etag)) +
          el('Size', o.size) +
          el('StorageClass', 'STANDARD') +
          owner,
      ),
    )
    .join('');
  const xml =
    el('Name', bucket.name) +
    el('Prefix', encode(prefix)) +
    el('KeyMarker', encode(keyMarker)) +
    el('VersionIdMarker', '') +
    (page.isTruncated && page.last !== undefined ? el('NextKeyMarker', encode(page.last)) + el('NextVersionIdMarker', 'null') : '') +
    el('MaxKeys', maxKeys) +
    (delimiter ? el('Delimiter', encode(delimiter)) : '') +
    el('IsTruncated', page.isTruncated) +
    element +
    versions +
    commonPrefixes(page, encode);
  sendXml(ctx, 'ListVersionsResult', xml);
}
