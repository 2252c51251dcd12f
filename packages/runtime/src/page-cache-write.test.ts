import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PAGE_CACHE_WRITE, writeAllSync } from './page-cache-write.js';

describe('writeAllSync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'page-cache-write-'));
  afterEach(() => rmSync(join(dir, 'f'), { force: true }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const pattern = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251));

  it('writes a buffer of several write sizes whole, at a position, leaving the bytes around it alone', () => {
    const path = join(dir, 'f');
    const fd = openSync(path, 'w');
    writeSync(fd, Buffer.alloc(10, 0xaa));
    const data = pattern(3 * PAGE_CACHE_WRITE + 123, 7);
    writeAllSync(fd, data, 5);
    closeSync(fd);
    const out = readFileSync(path);
    expect(out.length).toBe(5 + data.length);
    expect(out.subarray(0, 5)).toEqual(Buffer.alloc(5, 0xaa));
    expect(out.subarray(5).equals(data)).toBe(true);
  });

  it('appends at the file offset without a position, and writes an empty buffer as nothing', () => {
    const path = join(dir, 'f');
    const fd = openSync(path, 'w');
    const a = pattern(PAGE_CACHE_WRITE + 1, 1);
    const b = pattern(2 * PAGE_CACHE_WRITE, 2);
    writeAllSync(fd, a);
    writeAllSync(fd, Buffer.alloc(0));
    writeAllSync(fd, b);
    closeSync(fd);
    expect(readFileSync(path).equals(Buffer.concat([a, b]))).toBe(true);
  });
});
