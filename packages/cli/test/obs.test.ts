import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliFixture, cliFixture } from './platform.js';

let f: CliFixture;

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  f = await cliFixture('obs');
});
afterAll(async () => {
  await f?.close();
});

const run = (args: string[], tty = false) => f.run(args, tty);

describe('modelarts obs', () => {
  it('mb, cp a folder up and down, ls, rm: bytes survive the round trip', async () => {
    const src = join(f.work, 'data');
    mkdirSync(join(src, 'sub'), { recursive: true });
    writeFileSync(join(src, 'a.txt'), 'hello');
    writeFileSync(join(src, 'sub', 'b.bin'), Buffer.alloc(3 * 1024 * 1024, 9));
    expect((await run(['obs', 'mb', 'clibucket'])).code).toBe(0);

    const folderWithoutFlag = await run(['obs', 'cp', src, 'obs://clibucket/up/']);
    expect(folderWithoutFlag.code).toBe(2);
    expect(folderWithoutFlag.err).toMatch(/--recursive/);

    const up = await run(['obs', 'cp', '--recursive', src, 'obs://clibucket/up/']);
    expect(up.code).toBe(0);
    // Not a terminal: plain lines, no carriage-return bar.
    expect(up.err).not.toContain('\r');

    const ls = await run(['--json', 'obs', 'ls', '--recursive', 'obs://clibucket/up/']);
    expect(ls.code).toBe(0);
    const listed = (JSON.parse(ls.out) as Array<{ path: string; size: number }>).map((o) => `${o.path}:${o.size}`).sort();
    expect(listed).toEqual(['obs://clibucket/up/data/a.txt:5', `obs://clibucket/up/data/sub/b.bin:${3 * 1024 * 1024}`]);

    const top = await run(['obs', 'ls', 'obs://clibucket/up/data/']);
    expect(top.out).toMatch(/DIR\s+obs:\/\/clibucket\/up\/data\/sub\//);

    const down = join(f.work, 'down');
    const dl = await run(['obs', 'cp', '--recursive', 'obs://clibucket/up/data/', `${down}/`], true);
    expect(dl.code).toBe(0);
    expect(dl.err).toContain('\r'); // a terminal gets a bar redrawn in place
    expect(sha(join(down, 'data', 'sub', 'b.bin'))).toBe(sha(join(src, 'sub', 'b.bin')));
    expect(readFileSync(join(down, 'data', 'a.txt'), 'utf8')).toBe('hello');

    const rm = await run(['--json', 'obs', 'rm', '--recursive', 'obs://clibucket/up/']);
    expect(JSON.parse(rm.out)).toEqual({ deleted: 2 });
    const empty = await run(['--json', 'obs', 'ls', '--recursive', 'obs://clibucket/up/']);
    expect(JSON.parse(empty.out)).toEqual([]);
  });

  it('reports a missing object as an API error in JSON', async () => {
    const r = await run(['--json', 'obs', 'cp', 'obs://clibucket/none.txt', `${f.work}/x/`]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ error: {} });
  });
});
