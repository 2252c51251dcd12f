import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../src/testing.js';
import { s3Client, sha256Of } from './s3-helpers.js';

let platform: TestPlatform;
let work: string;

async function errorOf(p: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await p;
  } catch (e) {
    if (e instanceof S3ServiceException) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  platform = await startPlatform();
  work = mkdtempSync(join(tmpdir(), 's3-sdk-'));
});
afterAll(async () => {
  await platform?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('@aws-sdk/client-s3 at default settings', () => {
  it('creates, finds, lists and deletes buckets', async () => {
    const s3 = s3Client(platform);
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-buckets' }));
    const again = await errorOf(s3.send(new CreateBucketCommand({ Bucket: 'sdk-buckets' })));
    expect([again.name, again.$metadata.httpStatusCode]).toEqual(['BucketAlreadyOwnedByYou', 409]);
    await s3.send(new HeadBucketCommand({ Bucket: 'sdk-buckets' }));
    const list = await s3.send(new ListBucketsCommand({}));
    expect(list.Buckets?.map((b) => b.Name)).toContain('sdk-buckets');
    expect(list.Owner?.ID).toBe(platform.credentials.domain_id);
    const loc = await s3.send(new GetBucketLocationCommand({ Bucket: 'sdk-buckets' }));
    expect(loc.LocationConstraint).toBe(platform.credentials.region_name);
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-buckets', Key: 'k', Body: 'x' }));
    const notEmpty = await errorOf(s3.send(new DeleteBucketCommand({ Bucket: 'sdk-buckets' })));
    expect([notEmpty.name, notEmpty.$metadata.httpStatusCode]).toEqual(['BucketNotEmpty', 409]);
    const missing = await errorOf(s3.send(new HeadBucketCommand({ Bucket: 'sdk-missing' })));
    expect(missing.$metadata.httpStatusCode).toBe(404);
    const bad = await errorOf(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Bucket' })));
    expect([bad.name, bad.$metadata.httpStatusCode]).toEqual(['InvalidBucketName', 400]);
  });

  it('round-trips buffer bodies (CRC32 header) with metadata and content type', async () => {
    const s3 = s3Client(platform);
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-objects' }));
    const data = randomBytes(100_000);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'sdk-objects',
        Key: 'dir/file.bin',
        Body: data,
        ContentType: 'application/x-test',
        Metadata: { owner: 'me', 'mixed-case': 'v' },
      }),
    );
    expect(put.ETag).toBe(`"${createHash('md5').update(data).digest('hex')}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'sdk-objects', Key: 'dir/file.bin' }));
    expect(Buffer.from(await (got.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array()))).equals(data)).toBe(true);
    expect(got.ContentType).toBe('application/x-test');
    expect(got.Metadata).toEqual({ owner: 'me', 'mixed-case': 'v' });
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'sdk-objects', Key: 'dir/file.bin' }));
    expect(head.ContentLength).toBe(100_000);
    const missing = await errorOf(s3.send(new GetObjectCommand({ Bucket: 'sdk-objects', Key: 'nope' })));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['NoSuchKey', 404]);
  });

  it('stores stream bodies sent aws-chunked with a CRC32 trailer as the exact bytes', async () => {
    const s3 = s3Client(platform);
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-stream' }));
    const file = join(work, 'stream.bin');
    const data = randomBytes(3 * 1024 * 1024 + 17);
    writeFileSync(file, data);
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-stream', Key: 'stream.bin', Body: createReadStream(file) }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'sdk-stream', Key: 'stream.bin' }));
    const bytes = Buffer.from(await (got.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())));
    expect(bytes.length).toBe(data.length);
    expect(sha256Of(bytes)).toBe(sha256Of(data));
    writeFileSync(join(work, 'hello.txt'), 'hello world\n');
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-stream', Key: 'hello.txt', Body: createReadStream(join(work, 'hello.txt')), ContentEncoding: 'gzip' }));
    const hello = await s3.send(new GetObjectCommand({ Bucket: 'sdk-stream', Key: 'hello.txt' }));
    expect(hello.ContentEncoding).toBe('gzip');
    expect(await hello.Body?.transformToString()).toBe('hello world\n');
  });

  it('uploads 25 MiB with lib-storage in 5 MiB parts and reads back the same bytes', async () => {
    const s3 = s3Client(platform);
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-multipart' }));
    const file = join(work, 'big.bin');
    const data = randomBytes(25 * 1024 * 1024);
    writeFileSync(file, data);
    const done = await new Upload({
      client: s3,
      params: { Bucket: 'sdk-multipart', Key: 'big.bin', Body: createReadStream(file) },
      partSize: 5 * 1024 * 1024,
    }).done();
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-5"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'sdk-multipart', Key: 'big.bin' }));
    const hash = createHash('sha256');
    for await (const c of got.Body as AsyncIterable<Uint8Array>) hash.update(c);
    expect(hash.digest('hex')).toBe(sha256Of(data));
    const ranged = await s3.send(new GetObjectCommand({ Bucket: 'sdk-multipart', Key: 'big.bin', Range: 'bytes=5242870-5242889' }));
    expect(ranged.ContentRange).toBe(`bytes 5242870-5242889/${data.length}`);
    expect(Buffer.from(await (ranged.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array()))).equals(data.subarray(5242870, 5242890))).toBe(true);
  });

  it('serves the same bytes to slow and fast readers at once, whole and by range (read buffers are reused)', async () => {
    const s3 = s3Client(platform);
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-readers' }));
    const data = randomBytes(9 * 1024 * 1024 + 5);
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-readers', Key: 'r.bin', Body: data }));
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const read = async (range: string | undefined, pause: number) => {
      const got = await s3.send(new GetObjectCommand({ Bucket: 'sdk-readers', Key: 'r.bin', ...(range ? { Range: range } : {}) }));
      const chunks: Buffer[] = [];
      for await (const c of got.Body as AsyncIterable<Uint8Array>) {
        // A slow reader lets the socket fill, so the server has unsent chunks when it reads the next one.
        chunks.push(Buffer.from(c));
        if (pause) await sleep(pause);
      }
      return Buffer.concat(chunks);
    };
    const [slow, fast, slowRange, fastRange] = await Promise.all([
      read(undefined, 2),
      read(undefined, 0),
      read('bytes=1048000-7340000', 3),
      read('bytes=5-9437188', 0),
    ]);
    expect(sha256Of(slow)).toBe(sha256Of(data));
    expect(sha256Of(fast)).toBe(sha256Of(data));
    expect(slowRange.equals(data.subarray(1048000, 7340001))).toBe(true);
    expect(fastRange.equals(data.subarray(5, 9437189))).toBe(true);
  });

  it('honours presigned URLs and refuses expired ones', async () => {
    const s3 = s3Client(platform);
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-presign' }));
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'sdk-presign', Key: 'p.txt' }), { expiresIn: 60 });
    expect(putUrl).toContain('x-amz-checksum-crc32');
    const put = await fetch(putUrl, { method: 'PUT', body: 'presigned body' });
    expect(put.status).toBe(200);
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'sdk-presign', Key: 'p.txt' }), { expiresIn: 60 });
    const get = await fetch(getUrl);
    expect([get.status, await get.text()]).toEqual([200, 'presigned body']);
    const expiredUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'sdk-presign', Key: 'p.txt' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3600_000),
    });
    const expired = await fetch(expiredUrl);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('<Code>AccessDenied</Code>');
    const tampered = await fetch(getUrl.replace('p.txt', 'q.txt'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('copies with COPY and REPLACE directives and refuses a plain copy onto itself', async () => {
    const s3 = s3Client(platform);
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-copy' }));
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-copy', Key: 'src key+1', Body: 'copy me', ContentType: 'text/plain', Metadata: { a: '1' } }));
    await s3.send(new CopyObjectCommand({ Bucket: 'sdk-copy', Key: 'dst', CopySource: 'sdk-copy/src%20key%2B1' }));
    const kept = await s3.send(new GetObjectCommand({ Bucket: 'sdk-copy', Key: 'dst' }));
    expect([await kept.Body?.transformToString(), kept.ContentType, kept.Metadata]).toEqual(['copy me', 'text/plain', { a: '1' }]);
    await s3.send(new CopyObjectCommand({ Bucket: 'sdk-copy', Key: 'dst2', CopySource: 'sdk-copy/dst', MetadataDirective: 'REPLACE', Metadata: { b: '2' } }));
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'sdk-copy', Key: 'dst2' }))).Metadata).toEqual({ b: '2' });
    const self = await errorOf(s3.send(new CopyObjectCommand({ Bucket: 'sdk-copy', Key: 'dst', CopySource: 'sdk-copy/dst' })));
    expect([self.name, self.$metadata.httpStatusCode]).toEqual(['InvalidRequest', 400]);
    await s3.send(new CopyObjectCommand({ Bucket: 'sdk-copy', Key: 'dst', CopySource: 'sdk-copy/dst', MetadataDirective: 'REPLACE', Metadata: { c: '3' } }));
    const replaced = await s3.send(new GetObjectCommand({ Bucket: 'sdk-copy', Key: 'dst' }));
    expect([await replaced.Body?.transformToString(), replaced.Metadata]).toEqual(['copy me', { c: '3' }]);
    const missing = await errorOf(s3.send(new CopyObjectCommand({ Bucket: 'sdk-copy', Key: 'x', CopySource: 'sdk-copy/absent' })));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['NoSuchKey', 404]);
  });

  it('deletes many keys at once (CRC32, no Content-MD5), reporting missing keys as deleted', async () => {
    const s3 = s3Client(platform);
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-delete' }));
    for (const k of ['a', 'b']) await s3.send(new PutObjectCommand({ Bucket: 'sdk-delete', Key: k, Body: k }));
    const r = await s3.send(new DeleteObjectsCommand({ Bucket: 'sdk-delete', Delete: { Objects: [{ Key: 'a' }, { Key: 'b' }, { Key: 'never' }] } }));
    expect(r.Deleted?.map((d) => d.Key).sort()).toEqual(['a', 'b', 'never']);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'sdk-delete' }))).KeyCount).toBe(0);
    const tooMany = await errorOf(
      s3.send(new DeleteObjectsCommand({ Bucket: 'sdk-delete', Delete: { Objects: Array.from({ length: 1001 }, (_, i) => ({ Key: `k${i}` })) } })),
    );
    expect([tooMany.name, tooMany.$metadata.httpStatusCode]).toEqual(['MalformedXML', 400]);
  });

  it('keeps buckets to their account: another tenant gets AccessDenied and cannot take the name', async () => {
    const s3 = s3Client(platform);
    await s3.send(new CreateBucketCommand({ Bucket: 'sdk-private' }));
    await s3.send(new PutObjectCommand({ Bucket: 'sdk-private', Key: 'secret', Body: 'mine' }));
    const other = platform.addTenant();
    const them = s3Client({ endpoint: platform.endpoint, credentials: other });
    for (const call of [
      () => them.send(new GetObjectCommand({ Bucket: 'sdk-private', Key: 'secret' })),
      () => them.send(new PutObjectCommand({ Bucket: 'sdk-private', Key: 'x', Body: 'y' })),
      () => them.send(new ListObjectsV2Command({ Bucket: 'sdk-private' })),
      () => them.send(new DeleteBucketCommand({ Bucket: 'sdk-private' })),
    ]) {
      const e = await errorOf(call());
      expect([e.name, e.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    }
    const taken = await errorOf(them.send(new CreateBucketCommand({ Bucket: 'sdk-private' })));
    expect([taken.name, taken.$metadata.httpStatusCode]).toEqual(['BucketAlreadyExists', 409]);
    expect((await them.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    const wrongKey = s3Client({ endpoint: platform.endpoint, credentials: { ...other, secret_key: 'wrong' } });
    const sig = await errorOf(wrongKey.send(new ListBucketsCommand({})));
    expect([sig.name, sig.$metadata.httpStatusCode]).toEqual(['SignatureDoesNotMatch', 403]);
    const unknown = s3Client({ endpoint: platform.endpoint, credentials: { access_key: 'NOSUCHKEY', secret_key: 'x' } });
    const ak = await errorOf(unknown.send(new ListBucketsCommand({})));
    expect([ak.name, ak.$metadata.httpStatusCode]).toEqual(['InvalidAccessKeyId', 403]);
    const skewed = s3Client(platform, { systemClockOffset: -20 * 60_000, maxAttempts: 1 });
    const skew = await errorOf(skewed.send(new ListBucketsCommand({})));
    expect([skew.name, skew.$metadata.httpStatusCode]).toEqual(['RequestTimeTooSkewed', 403]);
    expect(platform.logs()).not.toContain(platform.credentials.secret_key);
    expect(platform.logs()).not.toContain(other.secret_key);
  });
});
