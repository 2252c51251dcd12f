import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FAULT_POINT_ENV } from '../src/storage/fault-points.js';
import { type Child, runCli, startChild, stopChild, waitForStderr } from './platform-process.js';
import { s3Client } from './s3-helpers.js';

const SMALL_PARTS = { MODELARTS_LOCAL_MIN_PART_SIZE: '1' };
const dirs: string[] = [];
const children: Child[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) await stopChild(c, 'SIGKILL');
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'data-safety-'));
  dirs.push(d);
  return d;
}

async function start(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ child: Child; s3: S3Client }> {
  const child = await startChild(dataDir, { ...SMALL_PARTS, ...env });
  children.push(child);
  return { child, s3: s3Client(child) };
}

async function bytesOf(s3: S3Client, Bucket: string, Key: string): Promise<Buffer> {
  const r = await s3.send(new GetObjectCommand({ Bucket, Key }));
  return Buffer.from(await (r.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())));
}

/** Every file under `objects/blobs` (ids only). */
function blobFiles(dataDir: string): string[] {
  const root = join(dataDir, 'objects', 'blobs');
  return readdirSync(root).flatMap((d) => readdirSync(join(root, d)));
}

function quarantined(dataDir: string): string[] {
  const q = join(dataDir, 'objects', 'quarantine');
  return existsSync(q)
    ? readdirSync(q, { recursive: true })
        .map(String)
        .filter((f) => /[0-9a-f]{32}$/.test(f))
    : [];
}

async function uploadParts(s3: S3Client, Bucket: string, Key: string, parts: Buffer[]) {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'application/x-parts' }));
  const done: Array<{ PartNumber: number; ETag: string }> = [];
  for (const [i, Body] of parts.entries()) {
    const r = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body }));
    done.push({ PartNumber: i + 1, ETag: r.ETag ?? '' });
  }
  return { UploadId: UploadId ?? '', parts: done };
}

describe('no start-up deletes stored data (issue 12)', () => {
  it('a lost meta.db: start-up refuses, naming the data dir and the choices; recover rebuilds the index from the blobs', async () => {
    const dataDir = tempDataDir();
    const { child, s3 } = await start(dataDir);
    await s3.send(new CreateBucketCommand({ Bucket: 'keep' }));
    const single = randomBytes(70_000);
    await s3.send(new PutObjectCommand({ Bucket: 'keep', Key: 'dir/one ü.bin', Body: single, ContentType: 'image/png', Metadata: { origin: 'camera' } }));
    await s3.send(new PutObjectCommand({ Bucket: 'keep', Key: 'overwritten', Body: 'old' }));
    await s3.send(new PutObjectCommand({ Bucket: 'keep', Key: 'overwritten', Body: 'new' }));
    const parts = [randomBytes(3000), randomBytes(2000), randomBytes(10)];
    const up = await uploadParts(s3, 'keep', 'multi', parts);
    const completed = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: 'keep', Key: 'multi', UploadId: up.UploadId, MultipartUpload: { Parts: up.parts } }),
    );
    await stopChild(child);
    const before = blobFiles(dataDir).sort();
    expect(before.length).toBe(5);

    for (const f of ['meta.db', 'meta.db-wal', 'meta.db-shm']) rmSync(join(dataDir, f), { force: true });
    const refused = await runCli(['local', 'start', '--port', '0', '--data-dir', dataDir], SMALL_PARTS);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`will not start on ${dataDir}`);
    expect(refused.stderr).toContain(`modelarts local recover --data-dir ${dataDir}`);
    expect(blobFiles(dataDir).sort()).toEqual(before);

    const recovered = await runCli(['local', 'recover', '--data-dir', dataDir, '--json']);
    expect(recovered.code).toBe(0);
    const report = JSON.parse(recovered.stdout) as { restored: number; lost: string[]; quarantined: number };
    expect(report).toMatchObject({ restored: 3, lost: [], quarantined: 0 });

    const again = await start(dataDir);
    expect((await bytesOf(again.s3, 'keep', 'dir/one ü.bin')).equals(single)).toBe(true);
    const head = await again.s3.send(new HeadObjectCommand({ Bucket: 'keep', Key: 'dir/one ü.bin' }));
    expect([head.ContentType, head.Metadata]).toEqual(['image/png', { origin: 'camera' }]);
    expect((await bytesOf(again.s3, 'keep', 'overwritten')).toString()).toBe('new');
    expect((await bytesOf(again.s3, 'keep', 'multi')).equals(Buffer.concat(parts))).toBe(true);
    const multiHead = await again.s3.send(new HeadObjectCommand({ Bucket: 'keep', Key: 'multi' }));
    expect([multiHead.ETag, multiHead.ContentType]).toEqual([completed.ETag, 'application/x-parts']);
  });

  it('unreferenced blobs of a known bucket (interrupted writes) go to quarantine, never deleted; a blob of unknown origin stops the start', async () => {
    const dataDir = tempDataDir();
    const { child, s3 } = await start(dataDir);
    await s3.send(new CreateBucketCommand({ Bucket: 'bkt' }));
    await s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'k', Body: 'kept' }));
    await stopChild(child);
    const [id] = blobFiles(dataDir);
    const path = (x: string) => join(dataDir, 'objects', 'blobs', x.slice(0, 2), x);
    // A copy under a new id is what a PUT killed between its publish and its commit leaves.
    const stray = `${String(id).slice(0, 2)}${'ab'.repeat(15)}`;
    copyFileSync(path(String(id)), path(stray));
    const second = await start(dataDir);
    expect((await bytesOf(second.s3, 'bkt', 'k')).toString()).toBe('kept');
    expect(existsSync(path(stray))).toBe(false);
    expect(quarantined(dataDir)).toEqual([expect.stringContaining(stray)]);
    await stopChild(second.child);

    const foreign = `${String(id).slice(0, 2)}${'cd'.repeat(15)}`;
    writeFileSync(path(foreign), 'bytes without a record');
    const refused = await runCli(['local', 'start', '--port', '0', '--data-dir', dataDir]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(foreign);
    expect(readFileSync(path(foreign), 'utf8')).toBe('bytes without a record');
  });
});

describe('CompleteMultipartUpload survives kill -9 at every step (issue 12)', () => {
  for (const point of ['complete:sealed', 'complete:committed', 'complete:moving']) {
    it(`killed at ${point}: after a restart the retried Complete answers the whole object`, async () => {
      const dataDir = tempDataDir();
      const first = await start(dataDir, { [FAULT_POINT_ENV]: point });
      await first.s3.send(new CreateBucketCommand({ Bucket: 'mpu' }));
      await first.s3.send(new PutObjectCommand({ Bucket: 'mpu', Key: 'obj', Body: 'previous version' }));
      const parts = [randomBytes(200_000), randomBytes(200_000), randomBytes(5)];
      const up = await uploadParts(first.s3, 'mpu', 'obj', parts);
      const complete = { Bucket: 'mpu', Key: 'obj', UploadId: up.UploadId, MultipartUpload: { Parts: up.parts } };
      const pending = first.s3.send(new CompleteMultipartUploadCommand(complete)).catch((e: Error) => e);
      await waitForStderr(first.child, `fault point ${point} reached`);
      await stopChild(first.child, 'SIGKILL');
      expect(await pending).toBeInstanceOf(Error);

      const second = await start(dataDir);
      const done = await second.s3.send(new CompleteMultipartUploadCommand(complete));
      expect(done.ETag).toMatch(/-3"$/);
      expect((await bytesOf(second.s3, 'mpu', 'obj')).equals(Buffer.concat(parts))).toBe(true);
      expect(readdirSync(join(dataDir, 'objects', 'parts'))).toEqual([]);
      await stopChild(second.child);
      // And a third start finds nothing to repair or quarantine but the replaced version.
      const third = await start(dataDir);
      expect((await bytesOf(third.s3, 'mpu', 'obj')).equals(Buffer.concat(parts))).toBe(true);
      expect(statSync(join(dataDir, 'meta.db')).mode & 0o777).toBe(0o600);
    });
  }
});
