import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ObsClient from 'esdk-obs-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../src/testing.js';
import { raw, signV2, xmlValue } from './s3-helpers.js';

let platform: TestPlatform;
let obs: ObsClient;
let work: string;
const B = 'obs-bucket';

beforeAll(async () => {
  platform = await startPlatform();
  work = mkdtempSync(join(tmpdir(), 's3-obs-'));
  // An IP endpoint makes esdk-obs use path style and V2 (`AWS AK:sig`) signing, no negotiation.
  obs = new ObsClient({ access_key_id: platform.credentials.access_key, secret_access_key: platform.credentials.secret_key, server: platform.endpoint });
  // esdk-obs finishes its set-up asynchronously after the constructor returns.
  await new Promise((r) => setTimeout(r, 20));
  expect((await obs.createBucket({ Bucket: B })).CommonMsg.Status).toBe(200);
});
afterAll(async () => {
  obs?.close();
  await platform?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('esdk-obs-nodejs, unchanged', () => {
  it('putObject / getObject with metadata', async () => {
    const put = await obs.putObject({ Bucket: B, Key: 'dir/hello.txt', Body: 'hello obs', Metadata: { m1: 'v1' } });
    expect(put.CommonMsg.Status).toBe(200);
    expect(put.InterfaceResult.ETag).toBe(`"${createHash('md5').update('hello obs').digest('hex')}"`);
    const get = await obs.getObject({ Bucket: B, Key: 'dir/hello.txt' });
    expect([get.CommonMsg.Status, String(get.InterfaceResult.Content), get.InterfaceResult.Metadata]).toEqual([200, 'hello obs', { m1: 'v1' }]);
    const missing = await obs.getObject({ Bucket: B, Key: 'dir/none' });
    expect([missing.CommonMsg.Status, missing.CommonMsg.Code]).toEqual([404, 'NoSuchKey']);
  });

  it('uploadFile (parallel parts) and downloadFile (ranged GETs) keep the bytes', async () => {
    const src = join(work, 'up.bin');
    const data = randomBytes(12 * 1024 * 1024 + 5);
    writeFileSync(src, data);
    const up = await obs.uploadFile({ Bucket: B, Key: 'big/up.bin', UploadFile: src, PartSize: 5 * 1024 * 1024, TaskNum: 3 });
    expect(up.CommonMsg.Status).toBe(200);
    expect(up.InterfaceResult.ETag).toMatch(/-3"$/);
    const dst = join(work, 'down.bin');
    const down = await obs.downloadFile({ Bucket: B, Key: 'big/up.bin', DownloadFile: dst, PartSize: 5 * 1024 * 1024 });
    expect(down.CommonMsg.Status).toBe(200);
    expect(readFileSync(dst).equals(data)).toBe(true);
  });

  it('listObjects (v1, raw query values), deleteObjects (Content-MD5) and copyObject (encoded source)', async () => {
    await obs.putObject({ Bucket: B, Key: 'list/a b+c.txt', Body: '1' });
    await obs.putObject({ Bucket: B, Key: 'list/sub/x.txt', Body: '2' });
    const list = await obs.listObjects({ Bucket: B, Prefix: 'list/', Delimiter: '/' });
    expect(list.CommonMsg.Status).toBe(200);
    expect(list.InterfaceResult.Contents.map((c) => c.Key)).toEqual(['list/a b+c.txt']);
    expect(list.InterfaceResult.CommonPrefixes.map((p) => p.Prefix)).toEqual(['list/sub/']);
    const copy = await obs.copyObject({ Bucket: B, Key: 'list/copy.txt', CopySource: `${B}/list/a b+c.txt` });
    expect(copy.CommonMsg.Status).toBe(200);
    expect(String((await obs.getObject({ Bucket: B, Key: 'list/copy.txt' })).InterfaceResult.Content)).toBe('1');
    const del = await obs.deleteObjects({ Bucket: B, Quiet: false, Objects: [{ Key: 'list/a b+c.txt' }, { Key: 'list/never' }] });
    expect(del.CommonMsg.Status).toBe(200);
    expect(del.InterfaceResult.Deleteds.map((d) => d.Key).sort()).toEqual(['list/a b+c.txt', 'list/never']);
    const after = await obs.listObjects({ Bucket: B, Prefix: 'list/' });
    expect(after.InterfaceResult.Contents.map((c) => c.Key)).toEqual(['list/copy.txt', 'list/sub/x.txt']);
  });
});

describe('OBS dialect on the wire', () => {
  const ak = () => platform.credentials.access_key;
  const sk = () => platform.credentials.secret_key;

  it('answers the unauthenticated apiversion probe with x-obs-api: 3.0', async () => {
    for (const path of ['/?apiversion', `/${B}?apiversion`]) {
      const r = await raw(platform.endpoint, 'HEAD', path, {});
      expect([r.status, r.headers['x-obs-api']]).toEqual([200, '3.0']);
    }
  });

  it('accepts the OBS signature with x-obs-date and x-obs-meta-*, answering in x-obs- names', async () => {
    const date = new Date().toUTCString();
    const put = `PUT\n\ntext/plain\n\nx-obs-date:${date}\nx-obs-meta-color:blue\n/${B}/native.txt`;
    const r = await raw(
      platform.endpoint,
      'PUT',
      `/${B}/native.txt`,
      { 'content-type': 'text/plain', 'x-obs-date': date, 'x-obs-meta-color': 'blue', authorization: signV2('OBS', ak(), sk(), put), 'content-length': '6' },
      Buffer.from('native'),
    );
    expect(r.status).toBe(200);
    expect(r.headers['x-obs-request-id']).toBeTruthy();
    const get = `GET\n\n\n\nx-obs-date:${date}\n/${B}/native.txt`;
    const g = await raw(platform.endpoint, 'GET', `/${B}/native.txt`, { 'x-obs-date': date, authorization: signV2('OBS', ak(), sk(), get) });
    expect([g.status, g.body.toString(), g.headers['x-obs-meta-color'], g.headers['content-type']]).toEqual([200, 'native', 'blue', 'text/plain']);
    const bad = await raw(platform.endpoint, 'GET', `/${B}/native.txt`, { 'x-obs-date': date, authorization: signV2('OBS', ak(), 'wrong', get) });
    expect([bad.status, xmlValue(bad.body, 'Code')]).toEqual([403, 'SignatureDoesNotMatch']);
    const old = new Date(Date.now() - 20 * 60_000).toUTCString();
    const skewed = await raw(platform.endpoint, 'GET', `/${B}/native.txt`, {
      'x-obs-date': old,
      authorization: signV2('OBS', ak(), sk(), `GET\n\n\n\nx-obs-date:${old}\n/${B}/native.txt`),
    });
    expect([skewed.status, xmlValue(skewed.body, 'Code')]).toEqual([403, 'RequestTimeTooSkewed']);
  });

  it('accepts V2 and OBS query signatures until they expire', async () => {
    const url = (scheme: 'AWSAccessKeyId' | 'AccessKeyId', expires: number) => {
      const signature = createHmac('sha1', sk()).update(`GET\n\n\n${expires}\n/${B}/native.txt`).digest('base64');
      return `/${B}/native.txt?${scheme}=${ak()}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
    };
    const later = Math.floor(Date.now() / 1000) + 300;
    for (const scheme of ['AWSAccessKeyId', 'AccessKeyId'] as const) {
      const ok = await raw(platform.endpoint, 'GET', url(scheme, later), {});
      expect([ok.status, ok.body.toString()]).toEqual([200, 'native']);
    }
    const expired = await raw(platform.endpoint, 'GET', url('AWSAccessKeyId', Math.floor(Date.now() / 1000) - 10), {});
    expect([expired.status, xmlValue(expired.body, 'Code')]).toEqual([403, 'AccessDenied']);
  });
});
