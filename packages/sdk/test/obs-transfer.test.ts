import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIUserAbortError, type ObsProgress, Session, TransferError } from '../src/index.js';
import { countCommands, exists, hashTree, MiB, obsFixture, randomFile, sha256File, writeTree } from './obs-helpers.js';

let f: Awaited<ReturnType<typeof obsFixture>>;
let counts: Map<string, number>;
beforeAll(async () => {
  f = await obsFixture();
  await f.session.obs.makeBucket('transfers');
  counts = countCommands(f.session);
});
afterAll(async () => {
  await f?.close();
});

function monotonic(events: ObsProgress[]): void {
  for (let i = 1; i < events.length; i++) {
    const [a, b] = [events[i - 1] as ObsProgress, events[i] as ObsProgress];
    expect(b.loaded).toBeGreaterThanOrEqual(a.loaded);
    expect(b.files_done).toBeGreaterThanOrEqual(a.files_done);
    expect(b.total).toBe(a.total);
  }
  const last = events.at(-1) as ObsProgress;
  expect(last.loaded).toBe(last.total);
  expect(last.files_done).toBe(last.files_total);
}

describe('multipart transfers', () => {
  it('uploads and downloads a 40 MiB file in parts, byte for byte, with monotonic progress', async () => {
    const dir = f.tempDir('mp');
    const src = join(dir, 'big.bin');
    const hash = randomFile(src, 40 * MiB + 123);
    const checkpointDir = f.tempDir('mp-cp');
    counts.clear();
    const up: ObsProgress[] = [];
    const r = await f.session.obs.uploadFile(src, 'obs://transfers/mp/', { onProgress: (p) => up.push(p), progressIntervalMs: 0, checkpointDir });
    expect(r).toMatchObject({ files: 1, bytes: 40 * MiB + 123, bytes_transferred: 40 * MiB + 123 });
    expect(counts.get('UploadPartCommand')).toBe(3); // 16 MiB parts: 16 + 16 + 8 MiB and 123 bytes
    expect(counts.get('CompleteMultipartUploadCommand')).toBe(1);
    monotonic(up);
    expect(up.at(-1)?.total).toBe(40 * MiB + 123);

    counts.clear();
    const down: ObsProgress[] = [];
    const out = f.tempDir('mp-out');
    await f.session.obs.downloadFile('obs://transfers/mp/big.bin', `${out}/`, { onProgress: (p) => down.push(p), progressIntervalMs: 0, checkpointDir });
    expect(await sha256File(join(out, 'big.bin'))).toBe(hash);
    expect(counts.get('GetObjectCommand')).toBe(3); // ranged GETs of 16 MiB
    monotonic(down);
    expect(readdirSync(out)).toEqual(['big.bin']); // temp file renamed away
    expect(readdirSync(checkpointDir)).toEqual([]); // checkpoints deleted on success
  });
});

describe('abort and resume from the checkpoint', () => {
  it('resumes a multipart upload without re-sending finished parts', async () => {
    const dir = f.tempDir('ru');
    const src = join(dir, 'resume.bin');
    const hash = randomFile(src, 40 * MiB);
    const checkpointDir = f.tempDir('ru-cp');
    const opts = { partSize: 5 * MiB, partConcurrency: 1, progressIntervalMs: 0, checkpointDir };
    const ac = new AbortController();
    counts.clear();
    const first = f.session.obs.uploadFile(src, 'obs://transfers/ru/', {
      ...opts,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.loaded >= 15 * MiB) ac.abort();
      },
    });
    await expect(first).rejects.toBeInstanceOf(APIUserAbortError);
    const sentBefore = counts.get('UploadPartCommand') ?? 0;
    expect(sentBefore).toBeGreaterThanOrEqual(3);
    expect(sentBefore).toBeLessThan(8);
    expect(readdirSync(checkpointDir).length).toBe(1);
    expect(await f.session.obs.exists('obs://transfers/ru/resume.bin')).toBe(false);

    counts.clear();
    const events: ObsProgress[] = [];
    const r = await f.session.obs.uploadFile(src, 'obs://transfers/ru/', { ...opts, onProgress: (p) => events.push(p) });
    const sentAfter = counts.get('UploadPartCommand') ?? 0;
    expect(counts.get('CreateMultipartUploadCommand') ?? 0).toBe(0); // same upload id
    expect(sentAfter).toBeLessThanOrEqual(8 - 3);
    expect(r.bytes_transferred).toBeLessThanOrEqual(40 * MiB - 15 * MiB);
    expect(events[0]?.loaded).toBeGreaterThanOrEqual(15 * MiB); // resumed bytes count from the start
    monotonic(events);
    expect(readdirSync(checkpointDir)).toEqual([]);
    const out = f.tempDir('ru-out');
    await f.session.obs.downloadFile('obs://transfers/ru/resume.bin', `${out}/`);
    expect(await sha256File(join(out, 'resume.bin'))).toBe(hash);
  });

  it('resumes a ranged download into the same temp file', async () => {
    const dir = f.tempDir('rd');
    const src = join(dir, 'dl.bin');
    const hash = randomFile(src, 40 * MiB);
    await f.session.obs.uploadFile(src, 'obs://transfers/rd/');
    const out = f.tempDir('rd-out');
    const checkpointDir = f.tempDir('rd-cp');
    const opts = { partSize: 5 * MiB, partConcurrency: 1, progressIntervalMs: 0, checkpointDir };
    const ac = new AbortController();
    counts.clear();
    await expect(
      f.session.obs.downloadFile('obs://transfers/rd/dl.bin', `${out}/`, {
        ...opts,
        signal: ac.signal,
        onProgress: (p) => {
          if (p.loaded >= 15 * MiB) ac.abort();
        },
      }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    expect(exists(join(out, 'dl.bin'))).toBe(false);
    expect(exists(join(out, 'dl.bin.obs-tmp'))).toBe(true);
    counts.clear();
    const r = await f.session.obs.downloadFile('obs://transfers/rd/dl.bin', `${out}/`, opts);
    expect(counts.get('GetObjectCommand') ?? 0).toBeLessThanOrEqual(8 - 3);
    expect(r.bytes_transferred).toBeLessThanOrEqual(25 * MiB);
    expect(await sha256File(join(out, 'dl.bin'))).toBe(hash);
    expect(readdirSync(out)).toEqual(['dl.bin']);
  });

  it('resumes a folder upload and a folder download, skipping files already done', async () => {
    const dir = f.tempDir('rf');
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`d${i % 7}/f${i}.txt`] = `file ${i} `.repeat(50);
    const tree = writeTree(join(dir, 'set'), files);
    const checkpointDir = f.tempDir('rf-cp');
    const opts = { concurrency: 4, progressIntervalMs: 0, checkpointDir };
    const ac = new AbortController();
    await expect(
      f.session.obs.uploadDir(join(dir, 'set'), 'obs://transfers/rf/', {
        ...opts,
        signal: ac.signal,
        onProgress: (p) => {
          if (p.files_done >= 100) ac.abort();
        },
      }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    counts.clear();
    const up = await f.session.obs.uploadDir(join(dir, 'set'), 'obs://transfers/rf/', opts);
    expect(up.files).toBe(300);
    expect(up.files_skipped).toBeGreaterThanOrEqual(100);
    expect(counts.get('PutObjectCommand') ?? 0).toBe(300 - up.files_skipped);
    expect(counts.get('PutObjectCommand') ?? 0).toBeLessThanOrEqual(200);

    const out = f.tempDir('rf-out');
    const ac2 = new AbortController();
    await expect(
      f.session.obs.downloadDir('obs://transfers/rf/set/', `${out}/`, {
        ...opts,
        signal: ac2.signal,
        onProgress: (p) => {
          if (p.files_done >= 100) ac2.abort();
        },
      }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    // A file the checkpoint says is done but that was deleted since is fetched again.
    const gone = Object.keys(await hashTree(join(out, 'set')))[0] as string;
    rmSync(join(out, 'set', gone));
    counts.clear();
    const down = await f.session.obs.downloadDir('obs://transfers/rf/set/', `${out}/`, opts);
    expect(down.files_skipped).toBeGreaterThanOrEqual(99);
    expect(counts.get('GetObjectCommand') ?? 0).toBe(300 - down.files_skipped);
    expect(await hashTree(join(out, 'set'))).toEqual(tree);
    expect(readdirSync(checkpointDir)).toEqual([]);
  });

  it('starts a file over when it changed since the checkpoint', async () => {
    const dir = f.tempDir('st');
    const src = join(dir, 'changing.bin');
    randomFile(src, 30 * MiB);
    const checkpointDir = f.tempDir('st-cp');
    const opts = { partSize: 5 * MiB, partConcurrency: 1, progressIntervalMs: 0, checkpointDir };
    const ac = new AbortController();
    await expect(
      f.session.obs.uploadFile(src, 'obs://transfers/st/', {
        ...opts,
        signal: ac.signal,
        onProgress: (p) => {
          if (p.loaded >= 10 * MiB) ac.abort();
        },
      }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    const hash = randomFile(src, 30 * MiB); // new content, new mtime
    counts.clear();
    const r = await f.session.obs.uploadFile(src, 'obs://transfers/st/', opts);
    expect(r.bytes_transferred).toBe(30 * MiB);
    expect(counts.get('UploadPartCommand')).toBe(6);
    const out = f.tempDir('st-out');
    await f.session.obs.downloadFile('obs://transfers/st/changing.bin', `${out}/`);
    expect(await sha256File(join(out, 'changing.bin'))).toBe(hash);
  });
});

describe('retries', () => {
  it('retries a part that fails (503 on an upload part, a body cut short on a ranged GET) and still moves every byte', async () => {
    const session = new Session({
      access_key: f.p.credentials.access_key,
      secret_key: f.p.credentials.secret_key,
      project_id: f.p.credentials.project_id,
      region_name: f.p.credentials.region_name,
      endpoint: f.p.endpoint,
    });
    const failed = { put: 0, get: 0 };
    session.obs.s3.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { PartNumber?: number };
        if (context.commandName === 'UploadPartCommand' && input.PartNumber === 2 && failed.put++ === 0) {
          throw new S3ServiceException({ name: 'ServiceUnavailable', $fault: 'server', $metadata: { httpStatusCode: 503 }, message: 'injected' });
        }
        return next(args);
      },
      { step: 'build', name: 'fail-part-2-once' },
    );
    session.obs.s3.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        const input = args.input as { Range?: string };
        if (context.commandName === 'GetObjectCommand' && input.Range?.startsWith('bytes=0-') && failed.get++ === 0) {
          const body = (out.output as { Body: Readable }).Body;
          body.destroy();
          (out.output as { Body: Readable }).Body = Readable.from([Buffer.alloc(1000)]); // 1000 bytes, then the end
        }
        return out;
      },
      { step: 'initialize', name: 'cut-first-range-once' },
    );
    try {
      const dir = f.tempDir('retry');
      const hash = randomFile(join(dir, 'r.bin'), 20 * MiB);
      await session.obs.uploadFile(join(dir, 'r.bin'), 'obs://transfers/retry/', { checkpoint: false });
      const out = f.tempDir('retry-out');
      await session.obs.downloadFile('obs://transfers/retry/r.bin', `${out}/`, { checkpoint: false });
      expect(failed).toEqual({ put: 2, get: 2 });
      expect(await sha256File(join(out, 'r.bin'))).toBe(hash);
    } finally {
      await session.close();
    }
  });
});

describe('failures', () => {
  it('a file OBS refuses in a folder upload ends in TransferError with completed and failed lists', async () => {
    const dir = f.tempDir('fail');
    writeTree(join(dir, 'set'), { 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' });
    // A session of its own, so the fault is in its client before the first request.
    const session = new Session({
      access_key: f.p.credentials.access_key,
      secret_key: f.p.credentials.secret_key,
      project_id: f.p.credentials.project_id,
      region_name: f.p.credentials.region_name,
      endpoint: f.p.endpoint,
    });
    // A wrong Content-MD5 on one key: the server refuses that PUT (400 BadDigest, not retryable).
    session.obs.s3.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Key?: string };
        const req = args.request as { headers?: Record<string, string> };
        if (context.commandName === 'PutObjectCommand' && input.Key?.endsWith('set/b.txt') && req.headers)
          req.headers['content-md5'] = '1B2M2Y8AsgTpgAmY7PhCfg==';
        return next(args);
      },
      { step: 'build', name: 'break-b' },
    );
    try {
      const err = await session.obs.uploadDir(join(dir, 'set'), 'obs://transfers/fail/').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransferError);
      const te = err as TransferError;
      expect(te.failed.map((x) => x.path)).toEqual([join(dir, 'set', 'b.txt')]);
      expect([...te.completed].sort()).toEqual([join(dir, 'set', 'a.txt'), join(dir, 'set', 'c.txt')]);
      expect(te.message).toMatch(/failed for 1 of 3 files/);
      expect(te.failed[0]?.error).toMatchObject({ status: 400 });
      expect(await f.session.obs.exists('obs://transfers/fail/set/b.txt')).toBe(false);
    } finally {
      await session.close();
    }
  });

  it('a missing bucket stops the batch early instead of failing every file', async () => {
    const dir = f.tempDir('nb');
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`f${i}`] = 'x';
    writeTree(dir, files);
    const err = (await f.session.obs.uploadDir(dir, 'obs://no-such-bucket-2/', { concurrency: 4 }).catch((e: unknown) => e)) as TransferError;
    expect(err).toBeInstanceOf(TransferError);
    expect(err.failed.length).toBeLessThan(20);
    expect(err.failed[0]?.error).toMatchObject({ status: 404, error_code: 'NoSuchBucket' });
  });

  it('a download refuses object keys that would escape the target folder', async () => {
    await f.session.obs.s3.send(new PutObjectCommand({ Bucket: 'transfers', Key: 'zs/ok.txt', Body: 'fine' }));
    let stored = true;
    try {
      await f.session.obs.s3.send(new PutObjectCommand({ Bucket: 'transfers', Key: 'zs/../../evil.txt', Body: 'evil' }));
    } catch {
      stored = false; // the server may refuse such keys itself; the client check is then covered by paths.test.ts
    }
    const out = f.tempDir('zs');
    const target = join(out, 'inside');
    const result = await f.session.obs.downloadDir('obs://transfers/zs/', `${target}/`).catch((e: unknown) => e);
    if (stored) {
      expect(result).toBeInstanceOf(TransferError);
      expect((result as TransferError).failed.map((x) => x.path)).toEqual(['obs://transfers/zs/../../evil.txt']);
    }
    expect(exists(join(target, 'zs', 'ok.txt'))).toBe(true);
    expect(exists(join(out, 'evil.txt'))).toBe(false);
    expect(exists(join(target, 'evil.txt'))).toBe(false);
  });
});

describe('performance shape', () => {
  it('moves many small files with files in parallel (no request per file beyond the PUT/GET)', async () => {
    const dir = f.tempDir('many');
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 1000; i++) files[`x${i % 10}/f${i}.bin`] = Buffer.alloc(4096, i % 251);
    writeTree(join(dir, 'small'), files);
    counts.clear();
    const up = await f.session.obs.uploadDir(join(dir, 'small'), 'obs://transfers/many/');
    expect(up.files).toBe(1000);
    expect(counts.get('PutObjectCommand')).toBe(1000);
    expect(counts.size).toBe(1);
    counts.clear();
    const out = f.tempDir('many-out');
    await f.session.obs.downloadDir('obs://transfers/many/small/', `${out}/`);
    expect(counts.get('GetObjectCommand')).toBe(1000);
    expect(counts.get('ListObjectsCommand')).toBeLessThanOrEqual(3); // a probe + one page per 1000 keys
    expect(Object.keys(await hashTree(join(out, 'small'))).length).toBe(1000);
  });
});
