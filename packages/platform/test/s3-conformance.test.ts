import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../src/testing.js';
import { type RawResponse, raw, s3Client, signedChunks, signV4, xmlValue } from './s3-helpers.js';

// One test per behaviour the ceph/s3-tests and minio/mint suites check (ceph/s3-tests names in the titles).

let platform: TestPlatform;
const B = 'conformance';
const md5hex = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const encodePath = (p: string) =>
  p
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');

/** A SigV4-signed request (independent test signer); `path` is decoded, query values too. */
function signed(
  method: string,
  path: string,
  opts: { query?: Record<string, string>; headers?: Record<string, string>; body?: Buffer; payloadHash?: string; date?: Date } = {},
): Promise<RawResponse> {
  const host = new URL(platform.endpoint).host;
  const body = opts.body ?? Buffer.alloc(0);
  const headers = { ...(opts.headers ?? {}), ...(method === 'PUT' || method === 'POST' ? { 'content-length': String(body.length) } : {}) };
  const encoded = encodePath(path);
  const s = signV4(method, encoded, opts.query ?? {}, headers, {
    ak: platform.credentials.access_key,
    sk: platform.credentials.secret_key,
    host,
    payloadHash: opts.payloadHash ?? sha(body),
    ...(opts.date ? { date: opts.date } : {}),
  });
  return raw(platform.endpoint, method, s.query ? `${encoded}?${s.query}` : encoded, s.headers, body);
}

async function errorOf(p: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await p;
  } catch (e) {
    if (e instanceof S3ServiceException) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

const code = (r: RawResponse) => xmlValue(r.body, 'Code');

beforeAll(async () => {
  platform = await startPlatform();
  await s3Client(platform).send(new CreateBucketCommand({ Bucket: B }));
});
afterAll(async () => platform?.close());

describe('buckets', () => {
  it('test_bucket_create_exists / naming_bad_short_one / head_notexist / delete_nonempty / delete_notexist', async () => {
    expect(code(await signed('PUT', `/${B}`))).toBe('BucketAlreadyOwnedByYou');
    const short = await signed('PUT', '/ab');
    expect([short.status, code(short)]).toEqual([400, 'InvalidBucketName']);
    const head = await signed('HEAD', '/no-such-bucket');
    expect([head.status, head.body.length, head.headers['x-amz-error-code']]).toEqual([404, 0, 'NoSuchBucket']);
    await signed('PUT', `/${B}/keep`, { body: Buffer.from('x') });
    const nonEmpty = await signed('DELETE', `/${B}`);
    expect([nonEmpty.status, code(nonEmpty)]).toEqual([409, 'BucketNotEmpty']);
    const missing = await signed('DELETE', '/no-such-bucket');
    expect([missing.status, code(missing)]).toEqual([404, 'NoSuchBucket']);
    const put = await signed('PUT', '/no-such-bucket/k', { body: Buffer.from('x') });
    expect([put.status, code(put)]).toEqual([404, 'NoSuchBucket']);
  });
});

describe('objects', () => {
  it('test_object_read_not_exist: GET 404 NoSuchKey, HEAD 404 without body', async () => {
    const get = await signed('GET', `/${B}/absent`);
    expect([get.status, code(get), xmlValue(get.body, 'Resource')]).toEqual([404, 'NoSuchKey', `/${B}/absent`]);
    const head = await signed('HEAD', `/${B}/absent`);
    expect([head.status, head.body.length]).toEqual([404, 0]);
  });

  it('test_object_write_check_etag / head_zero_bytes', async () => {
    const put = await signed('PUT', `/${B}/etag`, { body: Buffer.from('bar') });
    expect(put.headers.etag).toBe(`"${md5hex('bar')}"`);
    await signed('PUT', `/${B}/zero`, { body: Buffer.alloc(0) });
    const head = await signed('HEAD', `/${B}/zero`);
    expect([head.status, head.headers['content-length']]).toEqual([200, '0']);
  });

  it('test_object_write_read_update_read_delete / metadata_replaced_on_put', async () => {
    const s3 = s3Client(platform);
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'rw', Body: 'one', Metadata: { a: '1' } }));
    await s3.send(new PutObjectCommand({ Bucket: B, Key: 'rw', Body: 'two', Metadata: { b: '2' } }));
    const got = await s3.send(new GetObjectCommand({ Bucket: B, Key: 'rw' }));
    expect([await got.Body?.transformToString(), got.Metadata]).toEqual(['two', { b: '2' }]);
    expect((await signed('DELETE', `/${B}/rw`)).status).toBe(204);
    expect((await signed('DELETE', `/${B}/rw`)).status).toBe(204);
    expect((await signed('GET', `/${B}/rw`)).status).toBe(404);
  });

  it('test_ranged_request_response_code / invalid_range / empty_object', async () => {
    await signed('PUT', `/${B}/range`, { body: Buffer.from('testcontent') });
    const r = await signed('GET', `/${B}/range`, { headers: { range: 'bytes=4-7' } });
    expect([r.status, r.headers['content-range'], r.body.toString()]).toEqual([206, 'bytes 4-7/11', 'cont']);
    const suffix = await signed('GET', `/${B}/range`, { headers: { range: 'bytes=-3' } });
    expect([suffix.status, suffix.body.toString()]).toEqual([206, 'ent']);
    const bad = await signed('GET', `/${B}/range`, { headers: { range: 'bytes=40-50' } });
    expect([bad.status, code(bad)]).toEqual([416, 'InvalidRange']);
    const empty = await signed('GET', `/${B}/zero`, { headers: { range: 'bytes=0-' } });
    expect([empty.status, code(empty)]).toEqual([416, 'InvalidRange']);
  });

  it('test_get_object_ifmatch_* / ifnonematch_* / if(un)modified_since / put_object_ifnonmatch', async () => {
    const put = await signed('PUT', `/${B}/cond`, { body: Buffer.from('cond') });
    const etag = String(put.headers.etag);
    expect((await signed('GET', `/${B}/cond`, { headers: { 'if-match': etag } })).status).toBe(200);
    const failed = await signed('GET', `/${B}/cond`, { headers: { 'if-match': '"nope"' } });
    expect([failed.status, code(failed)]).toEqual([412, 'PreconditionFailed']);
    const notModified = await signed('GET', `/${B}/cond`, { headers: { 'if-none-match': etag } });
    expect([notModified.status, notModified.body.length, notModified.headers.etag]).toEqual([304, 0, etag]);
    expect((await signed('GET', `/${B}/cond`, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    const future = new Date(Date.now() + 3600_000).toUTCString();
    const past = new Date(Date.now() - 3600_000).toUTCString();
    expect((await signed('GET', `/${B}/cond`, { headers: { 'if-modified-since': future } })).status).toBe(304);
    expect((await signed('GET', `/${B}/cond`, { headers: { 'if-unmodified-since': past } })).status).toBe(412);
    expect((await signed('GET', `/${B}/cond`, { headers: { 'if-match': etag, 'if-unmodified-since': past } })).status).toBe(200);
    const create = await signed('PUT', `/${B}/cond`, { body: Buffer.from('again'), headers: { 'if-none-match': '*' } });
    expect([create.status, code(create)]).toEqual([412, 'PreconditionFailed']);
    expect((await signed('PUT', `/${B}/cond-new`, { body: Buffer.from('new'), headers: { 'if-none-match': '*' } })).status).toBe(200);
    expect((await signed('GET', `/${B}/cond`)).body.toString()).toBe('cond');
  });

  it('keeps `..`, `//` and leading-slash keys as plain index entries and refuses 1025-byte keys', async () => {
    for (const key of ['../../escape', 'a/../b', '/leading', 'double//slash', './dot']) {
      expect((await signed('PUT', `/${B}/${key}`, { body: Buffer.from(key) })).status).toBe(200);
      expect((await signed('GET', `/${B}/${key}`)).body.toString()).toBe(key);
    }
    // On disk only random blob ids exist: no key ever became a path.
    const files = readdirSync(join(platform.dataDir, 'objects'), { recursive: true }).map(String);
    expect(files.filter((f) => !/^(tmp|parts|blobs|blobs\/[0-9a-f]{2}|blobs\/[0-9a-f]{2}\/[0-9a-f]{32})$/.test(f))).toEqual([]);
    const long = await signed('PUT', `/${B}/${'k'.repeat(1025)}`, { body: Buffer.from('x') });
    expect([long.status, code(long)]).toEqual([400, 'KeyTooLongError']);
    expect((await signed('PUT', `/${B}/${'k'.repeat(1024)}`, { body: Buffer.from('x') })).status).toBe(200);
  });

  it('verifies Content-MD5, x-amz-content-sha256 and x-amz-checksum-* and stores nothing on mismatch', async () => {
    const body = Buffer.from('integrity');
    const md5 = await signed('PUT', `/${B}/integrity`, { body, headers: { 'content-md5': createHash('md5').update('other').digest('base64') } });
    expect([md5.status, code(md5)]).toEqual([400, 'BadDigest']);
    const invalid = await signed('PUT', `/${B}/integrity`, { body, headers: { 'content-md5': 'not-base64!' } });
    expect([invalid.status, code(invalid)]).toEqual([400, 'InvalidDigest']);
    const shaBad = await signed('PUT', `/${B}/integrity`, { body, payloadHash: sha('something else') });
    expect([shaBad.status, code(shaBad)]).toEqual([400, 'XAmzContentSHA256Mismatch']);
    const crc = await signed('PUT', `/${B}/integrity`, { body, headers: { 'x-amz-checksum-crc32': 'AAAAAA==' } });
    expect([crc.status, code(crc)]).toEqual([400, 'BadDigest']);
    expect((await signed('HEAD', `/${B}/integrity`)).status).toBe(404);
    const sha1 = await signed('PUT', `/${B}/integrity`, { body, headers: { 'x-amz-checksum-sha1': createHash('sha1').update(body).digest('base64') } });
    expect(sha1.status).toBe(200);
    expect((await signed('GET', `/${B}/integrity`)).body.toString()).toBe('integrity');
    const good = await signed('PUT', `/${B}/integrity2`, { body, headers: { 'content-md5': createHash('md5').update(body).digest('base64') } });
    expect(good.status).toBe(200);
  });

  it('hashes large bodies (off the event loop) to the same ETag and Content-MD5 check', async () => {
    const body = randomBytes(3 * 1024 * 1024 + 4321);
    const digest = createHash('md5').update(body);
    const hex = digest.copy().digest('hex');
    const wrong = await signed('PUT', `/${B}/large`, { body, headers: { 'content-md5': createHash('md5').update('other').digest('base64') } });
    expect([wrong.status, code(wrong)]).toEqual([400, 'BadDigest']);
    expect((await signed('HEAD', `/${B}/large`)).status).toBe(404);
    const good = await signed('PUT', `/${B}/large`, { body, headers: { 'content-md5': digest.digest('base64') } });
    expect([good.status, good.headers.etag]).toEqual([200, `"${hex}"`]);
    expect((await signed('GET', `/${B}/large`)).body.equals(body)).toBe(true);
  });

  it('verifies signatures over non-ASCII metadata sent as latin1 characters (Node) or as UTF-8 bytes (other clients)', async () => {
    const host = new URL(platform.endpoint).host;
    const put = (key: string, wire: string) => {
      const s = signV4(
        'PUT',
        `/${B}/${key}`,
        {},
        { 'x-amz-meta-name': 'caf\u00e9', 'content-length': '1' },
        {
          ak: platform.credentials.access_key,
          sk: platform.credentials.secret_key,
          host,
          payloadHash: sha('x'),
        },
      );
      return raw(platform.endpoint, 'PUT', `/${B}/${key}`, { ...s.headers, 'x-amz-meta-name': wire }, Buffer.from('x'));
    };
    expect((await put('meta-latin1', 'caf\u00e9')).status).toBe(200);
    const utf8 = Buffer.from('caf\u00e9', 'utf8').toString('latin1');
    expect((await put('meta-utf8', utf8)).status).toBe(200);
    expect((await signed('HEAD', `/${B}/meta-utf8`)).headers['x-amz-meta-name']).toBe(utf8);
    expect((await put('meta-wrong', 'cafe')).status).toBe(403);
  });

  it('accepts signed aws-chunked bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) and refuses a tampered chunk', async () => {
    const data = randomBytes(200_000);
    const send = async (key: string, tamper: boolean) => {
      const host = new URL(platform.endpoint).host;
      const headers = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(data.length) };
      const s = signV4('PUT', `/${B}/${key}`, {}, headers, {
        ak: platform.credentials.access_key,
        sk: platform.credentials.secret_key,
        host,
        payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      });
      const body = signedChunks(data, 65536, s.key, s.date, s.scope, s.signature, tamper);
      // Transfer-Encoding is never signed; the body goes out HTTP-chunked in two writes.
      return raw(platform.endpoint, 'PUT', `/${B}/${key}`, { ...s.headers, 'transfer-encoding': 'chunked' }, [body.subarray(0, 1000), body.subarray(1000)]);
    };
    expect((await send('chunked-signed', false)).status).toBe(200);
    const got = await signed('GET', `/${B}/chunked-signed`);
    expect(sha(got.body)).toBe(sha(data));
    const bad = await send('chunked-tampered', true);
    expect([bad.status, code(bad)]).toEqual([403, 'SignatureDoesNotMatch']);
    expect((await signed('HEAD', `/${B}/chunked-tampered`)).status).toBe(404);
  });

  it('verifies the trailer checksum of unsigned aws-chunked bodies', async () => {
    const host = new URL(platform.endpoint).host;
    const send = (key: string, crc: string) => {
      const headers = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '12', 'x-amz-trailer': 'x-amz-checksum-crc32' };
      const s = signV4('PUT', `/${B}/${key}`, {}, headers, {
        ak: platform.credentials.access_key,
        sk: platform.credentials.secret_key,
        host,
        payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      });
      return raw(platform.endpoint, 'PUT', `/${B}/${key}`, s.headers, [Buffer.from(`c\r\nhello world\n\r\n0\r\nx-amz-checksum-crc32:${crc}\r\n\r\n`)]);
    };
    expect((await send('trailer-good', 'rwg7LQ==')).status).toBe(200);
    expect((await signed('GET', `/${B}/trailer-good`)).body.toString()).toBe('hello world\n');
    const bad = await send('trailer-bad', 'AAAAAA==');
    expect([bad.status, code(bad)]).toEqual([400, 'BadDigest']);
    expect((await signed('HEAD', `/${B}/trailer-bad`)).status).toBe(404);
  });

  it('answers MissingContentLength for a PUT with neither length nor chunked transfer', async () => {
    const url = new URL(platform.endpoint);
    const s = signV4(
      'PUT',
      `/${B}/nolength`,
      {},
      {},
      { ak: platform.credentials.access_key, sk: platform.credentials.secret_key, host: url.host, payloadHash: 'UNSIGNED-PAYLOAD' },
    );
    const head = Object.entries(s.headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write(`PUT /${B}/nolength HTTP/1.1\r\n${head}connection: close\r\n\r\n`));
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 411/);
    expect(answer).toContain('<Code>MissingContentLength</Code>');
  });

  it('refuses requests signed 20 minutes ago (RequestTimeTooSkewed) and presigned URLs with X-Amz-Expires=0', async () => {
    const old = await signed('GET', `/${B}/etag`, { date: new Date(Date.now() - 20 * 60_000) });
    expect([old.status, code(old)]).toEqual([403, 'RequestTimeTooSkewed']);
    const host = new URL(platform.endpoint).host;
    const now = new Date();
    const d = now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const q = {
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${platform.credentials.access_key}/${d.slice(0, 8)}/us-east-1/s3/aws4_request`,
      'X-Amz-Date': d,
      'X-Amz-Expires': '0',
      'X-Amz-SignedHeaders': 'host',
    };
    const r = await raw(platform.endpoint, 'GET', `/${B}/etag?${new URLSearchParams({ ...q, 'X-Amz-Signature': '0'.repeat(64) })}`, { host });
    expect([r.status, code(r)]).toEqual([403, 'AccessDenied']);
  });
});

describe('listing', () => {
  const L = 'listing';
  beforeAll(async () => {
    await signed('PUT', `/${L}`);
    for (const k of [
      'asdf+b',
      'foo+1/bar',
      'foo/bar/xyzzy',
      'quux ab/thud',
      'foo/bar',
      'foo/baz/xyzzy',
      'b%c',
      'cab',
      'abc',
      '\u00e9t\u00e9',
      `${'x'.repeat(1000)}`,
    ]) {
      await signed('PUT', `/${L}/${k}`, { body: Buffer.from(k) });
    }
  });
  const s3 = () => s3Client(platform);

  it('test_bucket_list_delimiter_basic / listv2_delimiter_prefix', async () => {
    const v1 = await s3().send(new ListObjectsCommand({ Bucket: L, Delimiter: '/' }));
    expect(v1.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['foo+1/', 'foo/', 'quux ab/']);
    expect(v1.Contents?.map((c) => c.Key)).toEqual(['abc', 'asdf+b', 'b%c', 'cab', 'x'.repeat(1000), '\u00e9t\u00e9']);
    const v2 = await s3().send(new ListObjectsV2Command({ Bucket: L, Prefix: 'foo/', Delimiter: '/' }));
    expect([v2.Contents?.map((c) => c.Key), v2.CommonPrefixes?.map((p) => p.Prefix), v2.KeyCount]).toEqual([['foo/bar'], ['foo/bar/', 'foo/baz/'], 3]);
  });

  it('test_bucket_list_delimiter_empty / alt / percentage', async () => {
    const empty = await signed('GET', `/${L}`, { query: { delimiter: '' } });
    expect(empty.body.toString()).not.toContain('<Delimiter>');
    expect(empty.body.toString().match(/<Key>/g)?.length).toBe(11);
    const alt = await s3().send(new ListObjectsCommand({ Bucket: L, Delimiter: 'a' }));
    expect(alt.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a', 'ca', 'foo+1/ba', 'foo/ba', 'quux a']);
    const pct = await s3().send(new ListObjectsCommand({ Bucket: L, Delimiter: '%' }));
    expect(pct.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['b%']);
  });

  it('test_bucket_list_maxkeys_one / listv2_continuationtoken / maxkeys_zero / marker_after_list / start-after', async () => {
    const keys: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await s3().send(new ListObjectsCommand({ Bucket: L, MaxKeys: 1, ...(marker ? { Marker: marker } : {}) }));
      keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ''));
      if (!page.IsTruncated) break;
      marker = page.NextMarker;
    }
    expect(keys.length).toBe(11);
    const v2keys: string[] = [];
    let token: string | undefined;
    for (;;) {
      const page = await s3().send(new ListObjectsV2Command({ Bucket: L, MaxKeys: 2, Delimiter: '/', ...(token ? { ContinuationToken: token } : {}) }));
      v2keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ''), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''));
      if (!page.IsTruncated) break;
      token = page.NextContinuationToken;
    }
    expect(v2keys.sort()).toEqual(['abc', 'asdf+b', 'b%c', 'cab', 'foo+1/', 'foo/', 'quux ab/', 'x'.repeat(1000), '\u00e9t\u00e9'].sort());
    const zero = await s3().send(new ListObjectsCommand({ Bucket: L, MaxKeys: 0 }));
    expect([zero.Contents, zero.IsTruncated]).toEqual([undefined, false]);
    const after = await s3().send(new ListObjectsCommand({ Bucket: L, Marker: '\u{10FFFF}' }));
    expect([after.Contents, after.IsTruncated]).toEqual([undefined, false]);
    const start = await s3().send(new ListObjectsV2Command({ Bucket: L, StartAfter: 'quux ab/thud' }));
    expect(start.Contents?.map((c) => c.Key)).toEqual(['x'.repeat(1000), '\u00e9t\u00e9']);
  });

  it('test_bucket_list_encoding_basic / listv2_encoding_basic', async () => {
    const r = await signed('GET', `/${L}`, { query: { 'list-type': '2', delimiter: '/', 'encoding-type': 'url' } });
    const xml = r.body.toString();
    expect(xml).toContain('<EncodingType>url</EncodingType>');
    expect(xml).toContain('<Key>asdf%2Bb</Key>');
    expect(xml).toContain('<Prefix>foo%2B1/</Prefix>');
    expect(xml).toContain('<Prefix>quux%20ab/</Prefix>');
    expect(xml).toContain('<Key>%C3%A9t%C3%A9</Key>');
  });
});

describe('multipart', () => {
  const M = 'multipart';
  beforeAll(async () => {
    await signed('PUT', `/${M}`);
  });
  const MiB = 1024 * 1024;

  it('test_multipart_upload: 30 MB in 5 MB parts, md5-of-md5s-6 ETag, data and metadata intact, repeated Complete', async () => {
    const s3 = s3Client(platform);
    const data = randomBytes(30 * 1000 * 1000);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: M, Key: 'mp', ContentType: 'text/x-mp', Metadata: { foo: 'bar' } }));
    const parts: Array<{ PartNumber: number; ETag: string }> = [];
    const md5s: Buffer[] = [];
    for (let i = 0; i * 5 * MiB < data.length; i++) {
      const chunk = data.subarray(i * 5 * MiB, (i + 1) * 5 * MiB);
      const r = await s3.send(new UploadPartCommand({ Bucket: M, Key: 'mp', UploadId, PartNumber: i + 1, Body: chunk }));
      parts.push({ PartNumber: i + 1, ETag: r.ETag ?? '' });
      md5s.push(createHash('md5').update(chunk).digest());
    }
    const listed = await s3.send(new ListPartsCommand({ Bucket: M, Key: 'mp', UploadId }));
    expect(listed.Parts?.map((p) => p.Size)).toEqual([5, 5, 5, 5, 5, 5].map((n, i) => (i < 5 ? n * MiB : data.length - 25 * MiB)));
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: M }));
    expect(uploads.Uploads?.map((u) => u.UploadId)).toContain(UploadId);
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: M, Key: 'mp', UploadId, MultipartUpload: { Parts: parts } }));
    expect(done.ETag).toBe(`"${md5hex(Buffer.concat(md5s))}-6"`);
    const again = await s3.send(new CompleteMultipartUploadCommand({ Bucket: M, Key: 'mp', UploadId, MultipartUpload: { Parts: parts } }));
    expect(again.ETag).toBe(done.ETag);
    const got = await s3.send(new GetObjectCommand({ Bucket: M, Key: 'mp' }));
    expect([got.ContentType, got.Metadata, got.ContentLength]).toEqual(['text/x-mp', { foo: 'bar' }, data.length]);
    expect(sha(Buffer.from(await (got.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array()))))).toBe(sha(data));
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: M }))).Uploads ?? []).toEqual([]);
  });

  it('test_multipart_upload_empty / incorrect_etag / size_too_small / abort_not_found; loose XML accepted', async () => {
    const s3 = s3Client(platform);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: M, Key: 'bad' }));
    const id = UploadId ?? '';
    const complete = (xml: string) => signed('POST', `/${M}/bad`, { query: { uploadId: id }, body: Buffer.from(xml) });
    const empty = await complete('<CompleteMultipartUpload></CompleteMultipartUpload>');
    expect([empty.status, code(empty)]).toEqual([400, 'MalformedXML']);
    const p1 = await s3.send(new UploadPartCommand({ Bucket: M, Key: 'bad', UploadId, PartNumber: 1, Body: Buffer.alloc(1024, 1) }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: M, Key: 'bad', UploadId, PartNumber: 2, Body: Buffer.alloc(1024, 2) }));
    const wrong = await complete(`<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"${'0'.repeat(32)}"</ETag></Part></CompleteMultipartUpload>`);
    expect([wrong.status, code(wrong)]).toEqual([400, 'InvalidPart']);
    const order = await complete(
      `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>${p2.ETag}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>${p1.ETag}</ETag></Part></CompleteMultipartUpload>`,
    );
    expect([order.status, code(order)]).toEqual([400, 'InvalidPartOrder']);
    // s3cmd style: no namespace, PartNumber first, unquoted ETags.
    const small = await complete(
      `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${p1.ETag?.replace(/"/g, '')}</ETag></Part><Part><PartNumber>2</PartNumber><ETag>${p2.ETag?.replace(/"/g, '')}</ETag></Part></CompleteMultipartUpload>`,
    );
    expect([small.status, code(small)]).toEqual([400, 'EntityTooSmall']);
    const single = await complete(
      `<?xml version="1.0"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n  <Part><ETag>&#34;${p1.ETag?.replace(/"/g, '')}&#34;</ETag><PartNumber>1</PartNumber></Part>\n</CompleteMultipartUpload>`,
    );
    expect(single.status).toBe(200);
    expect((await signed('GET', `/${M}/bad`)).body.equals(Buffer.alloc(1024, 1))).toBe(true);
    const abort = await errorOf(s3.send(new AbortMultipartUploadCommand({ Bucket: M, Key: 'bad', UploadId: 'no-such-upload' })));
    expect([abort.name, abort.$metadata.httpStatusCode]).toEqual(['NoSuchUpload', 404]);
  });

  it('copies ranges into parts (UploadPartCopy) and aborts uploads', async () => {
    const s3 = s3Client(platform);
    const src = randomBytes(6 * MiB);
    await s3.send(new PutObjectCommand({ Bucket: M, Key: 'copy-src', Body: src }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: M, Key: 'copied' }));
    const a = await s3.send(
      new UploadPartCopyCommand({ Bucket: M, Key: 'copied', UploadId, PartNumber: 1, CopySource: `${M}/copy-src`, CopySourceRange: `bytes=0-${5 * MiB - 1}` }),
    );
    const b = await s3.send(
      new UploadPartCopyCommand({
        Bucket: M,
        Key: 'copied',
        UploadId,
        PartNumber: 2,
        CopySource: `${M}/copy-src`,
        CopySourceRange: `bytes=${5 * MiB}-${6 * MiB - 1}`,
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: M,
        Key: 'copied',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: a.CopyPartResult?.ETag ?? '' },
            { PartNumber: 2, ETag: b.CopyPartResult?.ETag ?? '' },
          ],
        },
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: M, Key: 'copied' }));
    expect(sha(Buffer.from(await (got.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array()))))).toBe(sha(src));
    const other = await s3.send(new CreateMultipartUploadCommand({ Bucket: M, Key: 'aborted' }));
    await s3.send(new UploadPartCommand({ Bucket: M, Key: 'aborted', UploadId: other.UploadId, PartNumber: 1, Body: 'x' }));
    await s3.send(new AbortMultipartUploadCommand({ Bucket: M, Key: 'aborted', UploadId: other.UploadId }));
    const gone = await errorOf(s3.send(new ListPartsCommand({ Bucket: M, Key: 'aborted', UploadId: other.UploadId })));
    expect(gone.name).toBe('NoSuchUpload');
    const head = await errorOf(s3.send(new HeadObjectCommand({ Bucket: M, Key: 'aborted' })));
    expect(head.$metadata.httpStatusCode).toBe(404);
  });
});
