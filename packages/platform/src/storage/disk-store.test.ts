import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../db/sqlite.js';
import { DiskObjectStore } from './disk-store.js';
import { StorageError } from './errors.js';
import { ObjectIndex } from './object-index.js';

const OWNER = { domainId: 'd1', projectId: 'p1', region: 'r1' };
const attrs = { headers: {}, metadata: {} };
const body = (s: string | Buffer) => Readable.from([Buffer.from(s)]);
const md5 = (s: string | Buffer) => createHash('md5').update(s).digest('hex');

async function read(store: DiskObjectStore, bucket: string, key: string, range?: { start: number; end: number }): Promise<string> {
  const r = await store.get(bucket, key);
  const chunks: Buffer[] = [];
  for await (const c of r.stream(range)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

let dir: string;
let db: Db;
let store: DiskObjectStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'disk-store-'));
  db = openDatabase(join(dir, 'meta.db'));
  store = new DiskObjectStore({ root: join(dir, 'objects'), db, minPartSize: 5, abandonedUploadAgeMs: 60_000 });
  await store.createBucket('bucket', OWNER);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('DiskObjectStore', () => {
  it('stores bytes under random blob ids, never under the key', async () => {
    const info = await store.put('bucket', '../../etc/passwd', body('payload'), { attributes: attrs });
    expect(info.etag).toBe(md5('payload'));
    expect(await read(store, 'bucket', '../../etc/passwd')).toBe('payload');
    const files = readdirSync(join(dir, 'objects', 'blobs'), { recursive: true }).map(String);
    expect(files.some((f) => /^[0-9a-f]{2}\/[0-9a-f]{32}$/.test(f))).toBe(true);
    expect(files.every((f) => !f.includes('passwd') && !f.includes('..'))).toBe(true);
    expect(existsSync(join(dir, 'etc'))).toBe(false);
  });

  it('validates names before touching storage', async () => {
    await expect(store.put('bucket', 'k'.repeat(1025), body('x'), { attributes: attrs })).rejects.toMatchObject({ code: 'KeyTooLong' });
    await expect(store.put('bucket', 'a\u0000b', body('x'), { attributes: attrs })).rejects.toMatchObject({ code: 'InvalidKey' });
    await expect(store.createBucket('Bad_Name', OWNER)).rejects.toMatchObject({ code: 'InvalidBucketName' });
    await expect(store.createBucket('192.168.1.1', OWNER)).rejects.toMatchObject({ code: 'InvalidBucketName' });
    await expect(store.put('nobucket', 'k', body('x'), { attributes: attrs })).rejects.toMatchObject({ code: 'BucketNotFound' });
    expect(readdirSync(join(dir, 'objects', 'tmp'))).toEqual([]);
  });

  it('discards a body that fails its Content-MD5 and keeps the old version', async () => {
    await store.put('bucket', 'k', body('old'), { attributes: attrs });
    const wrong = createHash('md5').update('other').digest();
    await expect(store.put('bucket', 'k', body('new'), { attributes: attrs, contentMd5: wrong })).rejects.toMatchObject({ code: 'DigestMismatch' });
    expect(await read(store, 'bucket', 'k')).toBe('old');
    expect(readdirSync(join(dir, 'objects', 'tmp'))).toEqual([]);
  });

  it('keeps a version readable while it is overwritten and deletes it after the reader closes', async () => {
    await store.put('bucket', 'k', body('version-1'), { attributes: attrs });
    const reader = await store.get('bucket', 'k');
    await store.put('bucket', 'k', body('version-2'), { attributes: attrs });
    const blobs = () => readdirSync(join(dir, 'objects', 'blobs'), { recursive: true }).filter((f) => String(f).includes('/')).length;
    expect(blobs()).toBe(2);
    const chunks: Buffer[] = [];
    for await (const c of reader.stream()) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('version-1');
    await new Promise((r) => setTimeout(r, 50));
    expect(blobs()).toBe(1);
    expect(await read(store, 'bucket', 'k')).toBe('version-2');
  });

  it('serves ranges across multipart segments and refuses bad part lists', async () => {
    const up = await store.createMultipartUpload('bucket', 'mp', { contentType: 'text/plain', headers: {}, metadata: { a: 'b' } }, OWNER);
    const ref = { bucket: 'bucket', key: 'mp', uploadId: up.uploadId };
    const p1 = await store.uploadPart(ref, 1, body('hello '), {});
    const p2 = await store.uploadPart(ref, 2, body('world'), {});
    await expect(store.completeMultipartUpload(ref, [])).rejects.toMatchObject({ code: 'NoParts' });
    await expect(
      store.completeMultipartUpload(ref, [
        { partNumber: 2, etag: p2.etag },
        { partNumber: 1, etag: p1.etag },
      ]),
    ).rejects.toMatchObject({ code: 'InvalidPartOrder' });
    await expect(store.completeMultipartUpload(ref, [{ partNumber: 1, etag: 'bad' }])).rejects.toMatchObject({ code: 'InvalidPart' });
    const parts = [
      { partNumber: 1, etag: p1.etag },
      { partNumber: 2, etag: p2.etag },
    ];
    const info = await store.completeMultipartUpload(ref, parts);
    const expected = createHash('md5')
      .update(Buffer.concat([Buffer.from(p1.etag, 'hex'), Buffer.from(p2.etag, 'hex')]))
      .digest('hex');
    expect(info.etag).toBe(`${expected}-2`);
    expect((await store.completeMultipartUpload(ref, parts)).etag).toBe(info.etag);
    expect(await read(store, 'bucket', 'mp')).toBe('hello world');
    expect(await read(store, 'bucket', 'mp', { start: 4, end: 7 })).toBe('o wo');
    expect((await store.head('bucket', 'mp')).metadata).toEqual({ a: 'b' });
    expect(readdirSync(join(dir, 'objects', 'parts'))).toEqual([]);
  });

  it('refuses small middle parts', async () => {
    const up = await store.createMultipartUpload('bucket', 'small', attrs, OWNER);
    const ref = { bucket: 'bucket', key: 'small', uploadId: up.uploadId };
    const p1 = await store.uploadPart(ref, 1, body('1234'), {});
    const p2 = await store.uploadPart(ref, 2, body('5678'), {});
    await expect(
      store.completeMultipartUpload(ref, [
        { partNumber: 1, etag: p1.etag },
        { partNumber: 2, etag: p2.etag },
      ]),
    ).rejects.toMatchObject({ code: 'PartTooSmall' });
  });

  it('refuses to complete with a part whose file lost data (parts are fsynced only at Complete)', async () => {
    const up = await store.createMultipartUpload('bucket', 'lost', attrs, OWNER);
    const ref = { bucket: 'bucket', key: 'lost', uploadId: up.uploadId };
    const p1 = await store.uploadPart(ref, 1, body('123456'), {});
    const [file] = readdirSync(join(dir, 'objects', 'parts'));
    truncateSync(join(dir, 'objects', 'parts', String(file)), 2);
    await expect(store.completeMultipartUpload(ref, [{ partNumber: 1, etag: p1.etag }])).rejects.toMatchObject({ code: 'InvalidPart' });
    await expect(store.head('bucket', 'lost')).rejects.toMatchObject({ code: 'ObjectNotFound' });
    const again = await store.uploadPart(ref, 1, body('123456'), {});
    expect((await store.completeMultipartUpload(ref, [{ partNumber: 1, etag: again.etag }])).size).toBe(6);
  });

  it('at start-up clears temp files and abandoned uploads, and moves unclaimed blobs and parts to quarantine', async () => {
    await store.put('bucket', 'keep', body('keep'), { attributes: attrs });
    const up = await store.createMultipartUpload('bucket', 'old', attrs, OWNER);
    await store.uploadPart({ bucket: 'bucket', key: 'old', uploadId: up.uploadId }, 1, body('part'), {});
    writeFileSync(join(dir, 'objects', 'tmp', 'half-written'), 'x');
    // A blob whose record names a known bucket: a write interrupted before its commit.
    const [kept] = readdirSync(join(dir, 'objects', 'blobs'), { recursive: true })
      .map(String)
      .filter((f) => f.includes('/'));
    mkdirSync(join(dir, 'objects', 'blobs', 'ff'), { recursive: true });
    copyFileSync(join(dir, 'objects', 'blobs', String(kept)), join(dir, 'objects', 'blobs', 'ff', 'ff'.repeat(16)));
    writeFileSync(join(dir, 'objects', 'parts', 'ee'.repeat(16)), 'orphan part');
    const later = new DiskObjectStore({ root: join(dir, 'objects'), db, minPartSize: 5, abandonedUploadAgeMs: 60_000, now: () => Date.now() + 120_000 });
    const report = await later.startUp();
    expect(report).toMatchObject({ tmp: 1, quarantined: 2, abortedUploads: 1, finishedCompletes: 0 });
    expect(readdirSync(join(dir, 'objects', 'parts'))).toEqual([]);
    expect(readdirSync(String(report.quarantineDir), { recursive: true }).map(String).sort()).toEqual([
      'blobs',
      `blobs/${'ff'.repeat(16)}`,
      'parts',
      `parts/${'ee'.repeat(16)}`,
    ]);
    expect(await read(later, 'bucket', 'keep')).toBe('keep');
    await expect(later.listParts({ bucket: 'bucket', key: 'old', uploadId: up.uploadId }, { partNumberMarker: 0, maxParts: 10 })).rejects.toBeInstanceOf(
      StorageError,
    );
  });

  it('refuses to start when blobs have no place in the index, changing nothing', async () => {
    await store.put('bucket', 'keep', body('keep'), { attributes: attrs });
    mkdirSync(join(dir, 'objects', 'blobs', 'ff'), { recursive: true });
    writeFileSync(join(dir, 'objects', 'blobs', 'ff', 'ff'.repeat(16)), 'no record');
    await expect(store.startUp()).rejects.toMatchObject({ name: 'DataDirError', reason: 'disagreement' });
    expect(existsSync(join(dir, 'objects', 'blobs', 'ff', 'ff'.repeat(16)))).toBe(true);
  });
});

describe('recover', () => {
  it('rebuilds lost index rows from the blob records, drops objects whose bytes are gone, and quarantines what it cannot place', async () => {
    await store.put('bucket', 'plain', body('plain bytes'), {
      attributes: { contentType: 'text/x-plain', headers: { 'cache-control': 'no-cache' }, metadata: { a: '1' } },
    });
    const up = await store.createMultipartUpload('bucket', 'multi', attrs, OWNER);
    const ref = { bucket: 'bucket', key: 'multi', uploadId: up.uploadId };
    const p1 = await store.uploadPart(ref, 1, body('12345'), {});
    const p2 = await store.uploadPart(ref, 2, body('678'), {});
    const multi = await store.completeMultipartUpload(ref, [
      { partNumber: 1, etag: p1.etag },
      { partNumber: 2, etag: p2.etag },
    ]);
    await store.put('bucket', 'gone', body('bytes lost'), { attributes: attrs });
    const goneBlob = (db.prepare("SELECT blob_id FROM objects WHERE key = CAST('gone' AS BLOB)").pluck().get() as string) ?? '';
    rmSync(join(dir, 'objects', 'blobs', goneBlob.slice(0, 2), goneBlob));
    mkdirSync(join(dir, 'objects', 'blobs', 'ff'), { recursive: true });
    writeFileSync(join(dir, 'objects', 'blobs', 'ff', 'ff'.repeat(16)), 'no record');
    db.exec("DELETE FROM object_segments; DELETE FROM objects WHERE key != CAST('gone' AS BLOB); DELETE FROM uploads;");

    const report = await store.recover();
    expect(report).toMatchObject({ restored: expect.arrayContaining(['bucket/plain', 'bucket/multi']), lost: ['bucket/gone'], quarantined: 1 });
    expect(report.restored).toHaveLength(2);
    expect(await read(store, 'bucket', 'plain')).toBe('plain bytes');
    expect(await store.head('bucket', 'plain')).toMatchObject({ contentType: 'text/x-plain', headers: { 'cache-control': 'no-cache' }, metadata: { a: '1' } });
    expect(await read(store, 'bucket', 'multi')).toBe('12345678');
    expect((await store.head('bucket', 'multi')).etag).toBe(multi.etag);
    await expect(store.head('bucket', 'gone')).rejects.toMatchObject({ code: 'ObjectNotFound' });
    expect(readdirSync(String(report.quarantineDir), { recursive: true }).map(String)).toContain(`blobs/${'ff'.repeat(16)}`);
    // A second run finds everything in place.
    expect(await store.recover()).toMatchObject({ restored: [], alreadyIndexed: 2, lost: [], quarantined: 0 });
  });
});

describe('listing', () => {
  const keys = ['a', 'a/b', 'a/c/d', 'a/c/e', 'b%c', 'b+c', 'quux ab/x', 'x/y/z', 'zz', '\u00e9', '\u{1F600}', '\uFFFD'];

  beforeEach(async () => {
    for (const k of keys) await store.put('bucket', k, body(k), { attributes: attrs });
  });

  const all = async (q: { prefix?: string; delimiter?: string; maxKeys?: number }) => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 100; page++) {
      const r = await store.list('bucket', {
        prefix: q.prefix ?? '',
        ...(q.delimiter ? { delimiter: q.delimiter } : {}),
        ...(after !== undefined ? { after } : {}),
        maxKeys: q.maxKeys ?? 1000,
      });
      seen.push(...r.objects.map((o) => o.key), ...r.commonPrefixes.map((p) => `P:${p}`));
      if (!r.isTruncated) return seen;
      after = r.last;
    }
    throw new Error('no end');
  };

  it('orders by UTF-8 bytes, not UTF-16 units', async () => {
    const r = await store.list('bucket', { prefix: '', maxKeys: 1000 });
    const sorted = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(r.objects.map((o) => o.key)).toEqual(sorted);
    expect(sorted.indexOf('\uFFFD')).toBeLessThan(sorted.indexOf('\u{1F600}'));
  });

  it('rolls up by any delimiter and pages one entry at a time without repeats', async () => {
    expect(await all({ delimiter: '/' })).toEqual(['a', 'b%c', 'b+c', 'zz', '\u00e9', '\uFFFD', '\u{1F600}', 'P:a/', 'P:quux ab/', 'P:x/'].sort(byPageOrder));
    const paged = await all({ delimiter: '/', maxKeys: 1 });
    expect(new Set(paged).size).toBe(paged.length);
    expect(paged.sort()).toEqual((await all({ delimiter: '/' })).sort());
    expect(await all({ prefix: 'a/', delimiter: '/' })).toEqual(['a/b', 'P:a/c/']);
    expect(await all({ delimiter: 'c' })).toEqual(
      ['a', 'a/b', 'quux ab/x', 'x/y/z', 'zz', '\u00e9', '\uFFFD', '\u{1F600}', 'P:a/c', 'P:b%c', 'P:b+c'].sort(byPageOrder),
    );
  });

  it('handles max-keys 0, markers past the end and prefixes that are keys', async () => {
    expect(await store.list('bucket', { prefix: '', maxKeys: 0 })).toEqual({ objects: [], commonPrefixes: [], isTruncated: false });
    const past = await store.list('bucket', { prefix: '', after: '\u{10FFFF}', maxKeys: 10 });
    expect(past.objects).toEqual([]);
    expect(past.isTruncated).toBe(false);
    expect((await store.list('bucket', { prefix: 'a', maxKeys: 10 })).objects.map((o) => o.key)).toEqual(['a', 'a/b', 'a/c/d', 'a/c/e']);
  });

  it('lists 100k keys through the primary-key index', async () => {
    const index = new ObjectIndex(db);
    db.transaction(() => {
      for (let i = 0; i < 100_000; i++) {
        const key = Buffer.from(`big/${String(i).padStart(6, '0')}`);
        index.commitObject(
          {
            bucket: 'bucket',
            key,
            version: `v${i}`,
            size: 1,
            etag: 'e',
            last_modified: 0,
            content_type: null,
            headers: '{}',
            metadata: '{}',
            blob_id: `b${i}`,
            parts_count: null,
          },
          undefined,
        );
      }
    })();
    const r = await store.list('bucket', { prefix: 'big/', after: 'big/099990', maxKeys: 5 });
    expect(r.objects.map((o) => o.key)).toEqual(['big/099991', 'big/099992', 'big/099993', 'big/099994', 'big/099995']);
    expect(r.isTruncated).toBe(true);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT key, size, etag, last_modified FROM objects WHERE bucket = ? AND key > ? AND key < ? ORDER BY key LIMIT ?')
      .all('bucket', Buffer.from('a'), Buffer.from('b'), 5) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/SEARCH objects USING PRIMARY KEY/);
    expect(readFileSync(join(dir, 'meta.db')).length).toBeGreaterThan(0);
  });
});

/** Objects before common prefixes, each group in byte order (how the helper concatenates pages). */
function byPageOrder(x: string, y: string): number {
  const px = x.startsWith('P:');
  const py = y.startsWith('P:');
  if (px !== py) return px ? 1 : -1;
  return Buffer.compare(Buffer.from(x), Buffer.from(y));
}

describe('DiskObjectStore large bodies', () => {
  const MiB = 1024 * 1024;
  const random = (n: number) => randomBytes(n);
  /** A body delivered the way a socket delivers it: many small pieces, some asynchronously. */
  async function* trickle(data: Buffer, piece: number) {
    for (let i = 0; i < data.length; i += piece) {
      if (i % (64 * piece) === 0) await new Promise((r) => setImmediate(r));
      yield data.subarray(i, i + piece);
    }
  }
  /**
   * A sink like a socket: it copies each chunk out at once, so it never has anything left to write. Records the
   * buffers it was handed, to see whether the reader reused them.
   */
  async function drain(stream: NodeJS.ReadableStream & { pipe: unknown }, sink: { writableLength: number; seen: Set<ArrayBuffer> }) {
    const out: Buffer[] = [];
    for await (const c of stream as AsyncIterable<Buffer>) {
      out.push(Buffer.from(c));
      sink.seen.add(c.buffer as ArrayBuffer);
    }
    return Buffer.concat(out);
  }

  it('writes a body of many small pieces byte for byte, with the MD5 ETag, and still refuses a wrong Content-MD5', async () => {
    const data = random(3 * MiB + 12_345);
    const info = await store.put('bucket', 'pieces', Readable.from(trickle(data, 3000)), { attributes: attrs });
    expect(info.etag).toBe(md5(data));
    expect(info.size).toBe(data.length);
    const r = await store.get('bucket', 'pieces');
    const chunks: Buffer[] = [];
    for await (const c of r.stream()) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);

    const wrong = createHash('md5').update('other').digest();
    await expect(store.put('bucket', 'pieces', Readable.from(trickle(random(2 * MiB), 5000)), { attributes: attrs, contentMd5: wrong })).rejects.toMatchObject({
      code: 'DigestMismatch',
    });
    expect((await store.head('bucket', 'pieces')).etag).toBe(md5(data));
    expect(readdirSync(join(dir, 'objects', 'tmp'))).toEqual([]);
  });

  it('drops a body that fails after several batches went to disk, leaving no temp file and the old version', async () => {
    const old = random(1234);
    await store.put('bucket', 'cut', Readable.from([old]), { attributes: attrs });
    async function* cut() {
      yield* trickle(random(3 * MiB), 64 * 1024);
      throw new Error('connection reset');
    }
    await expect(store.put('bucket', 'cut', Readable.from(cut()), { attributes: attrs })).rejects.toThrow('connection reset');
    expect(readdirSync(join(dir, 'objects', 'tmp'))).toEqual([]);
    const r = await store.get('bucket', 'cut');
    const chunks: Buffer[] = [];
    for await (const c of r.stream()) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(old)).toBe(true);
  });

  it('reads into reused buffers once the sink has flushed them, and the bytes stay right', async () => {
    const data = random(6 * MiB + 777);
    await store.put('bucket', 'big', Readable.from(trickle(data, 64 * 1024)), { attributes: attrs });
    const sink = { writableLength: 0, seen: new Set<ArrayBuffer>() };
    const whole = await drain((await store.get('bucket', 'big')).stream(undefined, sink), sink);
    expect(whole.equals(data)).toBe(true);
    // 7 chunks of up to 1 MiB through a sink that is always empty: a few buffers, not one per chunk.
    expect(sink.seen.size).toBeLessThan(4);

    const range = { start: MiB - 10, end: 5 * MiB + 99 };
    const ranged = await drain((await store.get('bucket', 'big')).stream(range, sink), sink);
    expect(ranged.equals(data.subarray(range.start, range.end + 1))).toBe(true);
  });

  it('reuses buffers behind a slow sink (a socket to a slow client), but never one it has not written yet', async () => {
    const data = random(9 * MiB + 5);
    await store.put('bucket', 'slow', Readable.from([data]), { attributes: attrs });
    // Like a socket to a slow client: each write completes a little later, and until then its chunk must not change.
    const out: Buffer[] = [];
    const seen = new Set<ArrayBuffer>();
    let changed = 0;
    const slow = new Writable({
      write(chunk: Buffer, _enc, done) {
        const copy = Buffer.from(chunk);
        seen.add(chunk.buffer as ArrayBuffer);
        setTimeout(() => {
          if (!chunk.equals(copy)) changed++;
          out.push(copy);
          done();
        }, 2);
      },
    });
    await pipeline((await store.get('bucket', 'slow')).stream(undefined, slow), slow);
    expect(Buffer.concat(out).equals(data)).toBe(true);
    expect(changed).toBe(0);
    // 10 chunks of up to 1 MiB, each read when the sink has drained: a few buffers, not one per chunk.
    expect(out.length).toBe(10);
    expect(seen.size).toBeLessThan(5);
  });

  it('never reuses a buffer the sink still holds, nor one without a sink', async () => {
    const data = random(5 * MiB + 3);
    await store.put('bucket', 'held', Readable.from([data]), { attributes: attrs });
    // A sink that never runs empty: every chunk stays its own buffer (kept chunks must not change under it).
    const busy = { writableLength: 1, seen: new Set<ArrayBuffer>() };
    const kept: Buffer[] = [];
    for await (const c of (await store.get('bucket', 'held')).stream(undefined, busy)) {
      kept.push(c as Buffer);
      busy.seen.add((c as Buffer).buffer as ArrayBuffer);
    }
    expect(Buffer.concat(kept).equals(data)).toBe(true);
    expect(busy.seen.size).toBe(kept.length);
    const plain: Buffer[] = [];
    for await (const c of (await store.get('bucket', 'held')).stream()) plain.push(c as Buffer);
    expect(Buffer.concat(plain).equals(data)).toBe(true);
    expect(new Set(plain.map((c) => c.buffer)).size).toBe(plain.length);
  });
});
