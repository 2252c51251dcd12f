import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BATCH, StreamMd5 } from './md5-threads.js';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/** Feeds `data` in chunks of the given sizes (cycled), waiting for each hand-over like a Writable does. */
async function hashInChunks(data: Buffer, sizes: number[]): Promise<string> {
  const h = new StreamMd5();
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = Math.min(sizes[i % sizes.length] as number, data.length - at);
    await new Promise<void>((resolve, reject) => h.update(data.subarray(at, at + n), (e) => (e ? reject(e) : resolve())));
    at += n;
  }
  return (await h.digest()).toString('hex');
}

describe('StreamMd5', () => {
  it('gives the MD5 of the bytes at every size around a batch, however they are chunked', async () => {
    for (const size of [0, 1, BATCH - 1, BATCH, BATCH + 1, 3 * BATCH + 12_345]) {
      const data = randomBytes(size);
      for (const sizes of [[65_536], [1, 7_000, 300_000], [BATCH + 3]]) {
        expect(await hashInChunks(data, sizes), `${size} bytes in chunks of ${sizes}`).toBe(md5(data));
      }
    }
  });

  it('keeps many uploads apart and in order when they outrun the buffer pool', async () => {
    // 12 uploads of 6 MiB at once need 72 batches: more than the pool has, so some wait for buffers to come back.
    const datas = Array.from({ length: 12 }, () => randomBytes(6 * BATCH + 999));
    const got = await Promise.all(datas.map((d, i) => hashInChunks(d, [16_384 * (1 + (i % 5))])));
    expect(got).toEqual(datas.map(md5));
  });

  it('forgets a dropped upload without disturbing the others', async () => {
    const dropped = new StreamMd5();
    await new Promise((r) => dropped.update(randomBytes(2 * BATCH), r));
    dropped.drop();
    const data = randomBytes(5 * BATCH);
    expect(await hashInChunks(data, [100_000])).toBe(md5(data));
  });

  it('lets the process exit once the hashes are done (the thread never holds it)', () => {
    const module = fileURLToPath(new URL('../../dist/storage/md5-threads.js', import.meta.url));
    const script = `
      import { StreamMd5 } from ${JSON.stringify(module)};
      const h = new StreamMd5();
      await new Promise((r) => h.update(Buffer.alloc(3 * 1024 * 1024, 1), r));
      console.log((await h.digest()).toString('hex'));`;
    // A thread that kept the process alive would make this time out; one unref'd too early would exit before the digest.
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(out.trim()).toBe(md5(Buffer.alloc(3 * 1024 * 1024, 1)));
  });
});
