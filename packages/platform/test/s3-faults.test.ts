import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../src/testing.js';
import { type Child, startChild, stopChild } from './platform-process.js';
import { s3Client, sha256Of, signV4 } from './s3-helpers.js';

const MiB = 1024 * 1024;

/** Deterministic bytes at disk speed: a random MiB with the block number stamped in. */
function block(seed: Buffer, n: number): Buffer {
  const b = Buffer.from(seed);
  b.writeUInt32BE(n, 0);
  return b;
}

/** Streams `blocks` MiB as a chunked UNSIGNED-PAYLOAD PUT; `onBlock` runs after each block is handed to the socket. */
function streamedPut(c: Child, path: string, seed: Buffer, blocks: number, onBlock?: (n: number) => void): Promise<number> {
  const url = new URL(c.endpoint);
  const s = signV4('PUT', path, {}, {}, { ak: c.credentials.access_key, sk: c.credentials.secret_key, host: url.host, payloadHash: 'UNSIGNED-PAYLOAD' });
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: 'PUT', path, headers: { ...s.headers, 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    let n = 0;
    const pump = () => {
      while (n < blocks) {
        const ok = req.write(block(seed, n));
        onBlock?.(n);
        n++;
        if (!ok) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

function expectedSha(seed: Buffer, blocks: number): string {
  const h = createHash('sha256');
  for (let n = 0; n < blocks; n++) h.update(block(seed, n));
  return h.digest('hex');
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

const dirs: string[] = [];
const children: Child[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) await stopChild(c, 'SIGKILL');
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('crash safety (issue 3 item 7)', () => {
  it('SIGKILL during a large streamed upload leaves the object absent or whole, listings consistent, no temp or stray part files', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 's3-crash-'));
    dirs.push(dataDir);
    const first = await startChild(dataDir);
    children.push(first);
    const s3 = s3Client(first);
    await s3.send(new CreateBucketCommand({ Bucket: 'crash' }));
    await s3.send(new PutObjectCommand({ Bucket: 'crash', Key: 'big', Body: 'the previous version' }));
    await s3.send(new PutObjectCommand({ Bucket: 'crash', Key: 'small', Body: 'survives' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'crash', Key: 'multi' }));
    await s3.send(new UploadPartCommand({ Bucket: 'crash', Key: 'multi', UploadId, PartNumber: 1, Body: randomBytes(5 * MiB) }));

    const seed = randomBytes(MiB);
    let sent = 0;
    let killed: Promise<void> | undefined;
    // A part in flight too, so the kill also interrupts a part write.
    const part = streamedPut(first, `/crash/multi?partNumber=2&uploadId=${encodeURIComponent(UploadId ?? '')}`, seed, 400).catch(() => 0);
    // And a key with no earlier version: after the restart it must be absent, or whole.
    const fresh = streamedPut(first, '/crash/fresh', seed, 400).catch(() => 0);
    const upload = streamedPut(first, '/crash/big', seed, 400, (n) => {
      sent = n + 1;
      if (n === 120 && !killed) killed = stopChild(first, 'SIGKILL');
    }).catch((e: Error) => e);
    const outcome = await upload;
    await killed;
    await part;
    await fresh;
    expect(outcome).toBeInstanceOf(Error);
    expect(sent).toBeLessThan(400);
    expect(readdirSync(join(dataDir, 'objects', 'tmp')).length).toBeGreaterThan(0);

    const second = await startChild(dataDir);
    children.push(second);
    const again = s3Client(second);
    expect(readdirSync(join(dataDir, 'objects', 'tmp'))).toEqual([]);
    const big = await again.send(new GetObjectCommand({ Bucket: 'crash', Key: 'big' }));
    const bytes = Buffer.from(await (big.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())));
    // The interrupted write never committed: the previous version is intact (a completed one would hash to the full stream).
    expect([bytes.toString(), sha256Of(bytes)]).toContain('the previous version');
    // On a loaded machine the fresh upload may have finished before the kill: then it must be whole and listed.
    let freshWhole = false;
    try {
      const f = await again.send(new GetObjectCommand({ Bucket: 'crash', Key: 'fresh' }));
      const h = createHash('sha256');
      for await (const c of f.Body as AsyncIterable<Uint8Array>) h.update(c);
      expect(h.digest('hex')).toBe(expectedSha(seed, 400));
      freshWhole = true;
    } catch (e) {
      expect((e as S3ServiceException).name).toBe('NoSuchKey');
    }
    const listed = await again.send(new ListObjectsV2Command({ Bucket: 'crash' }));
    expect(listed.Contents?.map((c) => [c.Key, c.Size])).toEqual([['big', 20], ...(freshWhole ? [['fresh', 400 * MiB]] : []), ['small', 8]]);
    for (const c of listed.Contents ?? []) {
      const head = await again.send(new HeadObjectCommand({ Bucket: 'crash', Key: c.Key }));
      expect(head.ContentLength).toBe(c.Size);
    }
    const blobFiles = readdirSync(join(dataDir, 'objects', 'blobs'), { recursive: true }).filter((f) => String(f).includes('/'));
    expect(blobFiles.length).toBe(freshWhole ? 3 : 2);
    const parts = await again.send(new ListPartsCommand({ Bucket: 'crash', Key: 'multi', UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, 5 * MiB]]);
    expect(readdirSync(join(dataDir, 'objects', 'parts')).length).toBe(1);
    await again.send(new AbortMultipartUploadCommand({ Bucket: 'crash', Key: 'multi', UploadId }));
    expect(readdirSync(join(dataDir, 'objects', 'parts'))).toEqual([]);
    const gone = await errorOf(again.send(new ListPartsCommand({ Bucket: 'crash', Key: 'multi', UploadId })));
    expect(gone.name).toBe('NoSuchUpload');
  });

  it('moves 1 GiB through the platform with flat memory (child peak RSS < 300 MiB) and intact bytes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 's3-memory-'));
    dirs.push(dataDir);
    const child = await startChild(dataDir);
    children.push(child);
    const s3 = s3Client(child);
    await s3.send(new CreateBucketCommand({ Bucket: 'memory' }));
    const seed = randomBytes(MiB);
    expect(await streamedPut(child, '/memory/gib', seed, 1024)).toBe(200);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'memory', Key: 'gib' }));
    const hash = createHash('sha256');
    for await (const c of got.Body as AsyncIterable<Uint8Array>) hash.update(c);
    expect(hash.digest('hex')).toBe(expectedSha(seed, 1024));
    const status = readFileSync(`/proc/${child.proc.pid}/status`, 'utf8');
    const peakKiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    expect(peakKiB).toBeGreaterThan(0);
    expect(peakKiB / 1024).toBeLessThan(300);
  }, 180_000);
});

describe('atomic visibility', () => {
  let platform: TestPlatform | undefined;
  afterAll(async () => platform?.close());

  it('concurrent readers only ever see whole versions while one key is overwritten again and again', async () => {
    platform = await startPlatform();
    const s3 = s3Client(platform);
    await s3.send(new CreateBucketCommand({ Bucket: 'atomic' }));
    const versions = [randomBytes(3 * MiB), randomBytes(1 * MiB + 7), randomBytes(4 * MiB + 1), randomBytes(64 * 1024)];
    const known = new Set(versions.map(sha256Of));
    await s3.send(new PutObjectCommand({ Bucket: 'atomic', Key: 'hot', Body: versions[0] }));
    let writing = true;
    const seen = new Map<string, number>();
    const reader = async () => {
      const client = s3Client(platform as TestPlatform);
      while (writing) {
        const r = await client.send(new GetObjectCommand({ Bucket: 'atomic', Key: 'hot' }));
        const body = Buffer.from(await (r.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())));
        const h = sha256Of(body);
        expect(known.has(h)).toBe(true);
        expect(body.length).toBe(Number(r.ContentLength));
        seen.set(h, (seen.get(h) ?? 0) + 1);
      }
    };
    const writer = async () => {
      for (let i = 1; i <= 40; i++) await s3.send(new PutObjectCommand({ Bucket: 'atomic', Key: 'hot', Body: versions[i % versions.length] }));
      writing = false;
    };
    await Promise.all([writer(), reader(), reader(), reader(), reader()]);
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(8);
    expect(seen.size).toBeGreaterThan(1);
    // Every replaced version's blob is gone once its readers finished.
    await new Promise((r) => setTimeout(r, 100));
    const blobs = readdirSync(join(platform.dataDir, 'objects', 'blobs'), { recursive: true }).filter((f) => String(f).includes('/'));
    expect(blobs.length).toBe(1);
    expect(existsSync(join(platform.dataDir, 'objects', 'tmp'))).toBe(true);
  });
});
