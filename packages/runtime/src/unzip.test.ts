import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UnsafePathError } from './safe-path.js';
import { extractZip, ZipError } from './unzip.js';

const dir = mkdtempSync(join(tmpdir(), 'runtime-unzip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Builds a zip with Python's zipfile: entries [name, content, deflate?]. */
function makeZip(name: string, entries: Array<[string, string, boolean]>): string {
  const file = join(dir, name);
  const script = `
import sys, json, zipfile
entries = json.loads(sys.argv[2])
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    for n, content, deflate in entries:
        z.writestr(n, content, compress_type=zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED)
`;
  execFileSync('python3', ['-c', script, file, JSON.stringify(entries)]);
  return file;
}

describe('extractZip', () => {
  it('extracts stored and deflated entries with their folders', async () => {
    const big = 'x'.repeat(100_000);
    const zip = makeZip('ok.zip', [
      ['a.txt', 'hello', false],
      ['sub/', '', false],
      ['sub/b.txt', big, true],
      ['empty.txt', '', true],
    ]);
    const out = join(dir, 'ok');
    const files = await extractZip(zip, out);
    expect(files.map((f) => f.slice(out.length + 1)).sort()).toEqual(['a.txt', 'empty.txt', 'sub/b.txt']);
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('hello');
    expect(readFileSync(join(out, 'sub/b.txt'), 'utf8')).toBe(big);
    expect(readFileSync(join(out, 'empty.txt'), 'utf8')).toBe('');
  });

  it('refuses a zip-slip archive before writing anything', async () => {
    const zip = makeZip('slip.zip', [
      ['fine.txt', 'ok', false],
      ['../../escaped.txt', 'boom', false],
    ]);
    const out = join(dir, 'slip', 'target');
    await expect(extractZip(zip, out)).rejects.toThrow(UnsafePathError);
    expect(existsSync(join(dir, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(out, 'fine.txt'))).toBe(false);
  });

  it('refuses absolute entry names', async () => {
    const zip = makeZip('abs.zip', [['/tmp/abs-entry.txt', 'x', false]]);
    await expect(extractZip(zip, join(dir, 'abs'))).rejects.toThrow(UnsafePathError);
  });

  it('detects corruption by CRC', async () => {
    const zip = makeZip('bad.zip', [['a.txt', 'hello world', false]]);
    const bytes = readFileSync(zip);
    const at = bytes.indexOf(Buffer.from('hello world'));
    bytes[at] = 'j'.charCodeAt(0);
    writeFileSync(zip, bytes);
    await expect(extractZip(zip, join(dir, 'bad'))).rejects.toThrow(ZipError);
    expect(existsSync(join(dir, 'bad', 'a.txt'))).toBe(false);
  });

  it('says so when the file is not a zip', async () => {
    const f = join(dir, 'not.zip');
    writeFileSync(f, 'plain text');
    await expect(extractZip(f, join(dir, 'not'))).rejects.toThrow(/not a zip/);
  });
});
