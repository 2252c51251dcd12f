import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkpoint } from './checkpoint.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'obs-cp-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Checkpoint', () => {
  it('replays finished files and parts of an interrupted run with the same identity', async () => {
    const dir = tempDir();
    const id = { op: 'upload', local: '/data', bucket: 'b01', key: 'x/' };
    const a = await Checkpoint.open(dir, id);
    a.fileDone('/data/1', 10, '111');
    a.start('/data/big', { size: 100, stamp: '222', part_size: 40, upload_id: 'U1' });
    a.part('/data/big', 1, '"e1"');
    a.part('/data/big', 3, '"e3"');
    await a.close(false);

    const b = await Checkpoint.open(dir, id);
    expect(b.done.get('/data/1')).toEqual({ size: 10, stamp: '111' });
    const p = b.partial.get('/data/big');
    expect(p?.upload_id).toBe('U1');
    expect([...(p?.parts ?? [])]).toEqual([
      [1, '"e1"'],
      [3, '"e3"'],
    ]);
    // Restarting a file forgets its old parts; finishing it moves it to done.
    b.start('/data/big', { size: 100, stamp: '333', part_size: 40, upload_id: 'U2' });
    b.fileDone('/data/big', 100, '333');
    await b.close(false);
    const c = await Checkpoint.open(dir, id);
    expect(c.partial.size).toBe(0);
    expect(c.done.get('/data/big')).toEqual({ size: 100, stamp: '333' });
    await c.close(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('starts over for another identity and ignores a torn last line', async () => {
    const dir = tempDir();
    const a = await Checkpoint.open(dir, { op: 'download', key: 'a/' });
    a.fileDone('obs://b01/a/1', 1, 'e');
    await a.close(false);
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file as string), `${readFileSync(join(dir, file as string), 'utf8')}{"t":"d","f":"obs://b01/a/2","si`);
    const again = await Checkpoint.open(dir, { op: 'download', key: 'a/' });
    expect([...again.done.keys()]).toEqual(['obs://b01/a/1']);
    await again.close(false);
    const other = await Checkpoint.open(dir, { op: 'download', key: 'b/' });
    expect(other.done.size).toBe(0);
    await other.close(false);
  });

  it('drops checkpoints abandoned for more than a week when another transfer starts', async () => {
    const dir = tempDir();
    const old = await Checkpoint.open(dir, { op: 'old' });
    await old.close(false);
    const [file] = readdirSync(dir);
    const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    utimesSync(join(dir, file as string), weekAgo, weekAgo);
    const fresh = await Checkpoint.open(dir, { op: 'new' });
    await fresh.close(false);
    expect(readdirSync(dir)).not.toContain(file);
    expect(readdirSync(dir).length).toBe(1);
  });

  it('batches lines: nothing is written per record until a flush', async () => {
    const dir = tempDir();
    const cp = await Checkpoint.open(dir, { op: 'upload' }, 60_000);
    const [file] = readdirSync(dir);
    const before = readFileSync(join(dir, file as string), 'utf8');
    for (let i = 0; i < 1000; i++) cp.fileDone(`/f/${i}`, 1, '1');
    expect(readFileSync(join(dir, file as string), 'utf8')).toBe(before);
    await cp.flush();
    expect(readFileSync(join(dir, file as string), 'utf8').split('\n').length).toBe(1002);
    await cp.close(false);
  });
});
