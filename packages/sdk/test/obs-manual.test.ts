import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError } from '../src/index.js';
import { exists, foldersOf, hashTree, obsFixture, sha256, sha256Stream, writeTree } from './obs-helpers.js';

let f: Awaited<ReturnType<typeof obsFixture>>;
beforeAll(async () => {
  f = await obsFixture();
  await f.session.obs.makeBucket('bucket-name');
});
afterAll(async () => {
  await f?.close();
});

/** A stand-in for the manual's /home/ma-user: a file1.txt, sub-folders, and an empty folder. */
function maUser(): { home: string; user: string; tree: Record<string, string> } {
  const home = join(f.tempDir('home'), 'home');
  const user = join(home, 'ma-user');
  const tree = writeTree(user, {
    'file1.txt': 'hello from file1\n',
    'data/a.csv': 'x,y\n1,2\n',
    'data/deep/b.bin': Buffer.from([0, 1, 2, 255]),
    'notes.md': '# notes\n',
  });
  mkdirSync(join(user, 'empty', 'nested'), { recursive: true });
  return { home, user, tree };
}

async function objectHash(path: string): Promise<string> {
  return sha256Stream(await f.session.obs.read(path));
}

async function keysUnder(prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of f.session.obs.list(prefix, { recursive: true })) out.push(o.key);
  return out.sort();
}

describe('manual §6.2 copy examples', () => {
  it('1. uploads a local file to obs://bucket-name/dir1/file1.txt', async () => {
    const { user, tree } = maUser();
    const r = await f.session.obs.copy(join(user, 'file1.txt'), 'obs://bucket-name/ex1/dir1/file1.txt');
    expect(r).toMatchObject({ destination: 'obs://bucket-name/ex1/dir1/file1.txt', files: 1, bytes: 17 });
    expect(await objectHash('obs://bucket-name/ex1/dir1/file1.txt')).toBe(tree['file1.txt']);
  });

  it('2. downloads obs://bucket-name/dir1/file1.txt to a local file path', async () => {
    const { user, tree } = maUser();
    await f.session.obs.copy(join(user, 'file1.txt'), 'obs://bucket-name/ex2/dir1/file1.txt');
    const target = join(f.tempDir('ex2'), 'home', 'ma-user', 'file1.txt');
    await f.session.obs.copy('obs://bucket-name/ex2/dir1/file1.txt', target);
    expect(sha256(readFileSync(target))).toBe(tree['file1.txt']);
  });

  it('3. uploads a local folder with keep_last_dir=True: dir1/ma-user/...', async () => {
    const { user, tree } = maUser();
    const r = await f.session.obs.copy(user, 'obs://bucket-name/ex3/dir1', { keep_last_dir: true });
    expect(r.files).toBe(4);
    expect(r.destination).toBe('obs://bucket-name/ex3/dir1/ma-user/');
    expect(await keysUnder('obs://bucket-name/ex3/')).toEqual(
      Object.keys(tree)
        .map((k) => `ex3/dir1/ma-user/${k}`)
        .sort(),
    );
    for (const [rel, h] of Object.entries(tree)) expect(await objectHash(`obs://bucket-name/ex3/dir1/ma-user/${rel}`)).toBe(h);
  });

  it('4. downloads obs://bucket-name/dir1 into /home/ma-user with keep_last_dir=True: /home/ma-user/dir1/...', async () => {
    const { user, tree } = maUser();
    await f.session.obs.copy(user, 'obs://bucket-name/ex4/dir1', { keep_last_dir: false });
    const home = join(f.tempDir('ex4'), 'ma-user');
    mkdirSync(home);
    const r = await f.session.obs.copy('obs://bucket-name/ex4/dir1', home, { keep_last_dir: true });
    expect(r.destination).toBe(join(home, 'dir1'));
    expect(await hashTree(join(home, 'dir1'))).toEqual(tree);
    expect(foldersOf(home)).toEqual(['dir1', 'dir1/data', 'dir1/data/deep']); // no empty/ nor empty/nested
  });
});

describe('manual §6.3-6.6 upload/download examples', () => {
  it('upload_file(src_local_file, dst_obs_dir) -> obs://bucket-name/dir1/file1.txt', async () => {
    const { user, tree } = maUser();
    await f.session.obs.uploadFile(join(user, 'file1.txt'), 'obs://bucket-name/up1/dir1/');
    expect(await objectHash('obs://bucket-name/up1/dir1/file1.txt')).toBe(tree['file1.txt']);
  });

  it('upload_dir("/home/ma-user/", "obs://bucket-name/dir1/") -> obs://bucket-name/dir1/ma-user/, no empty folders', async () => {
    const { user, tree } = maUser();
    const r = await f.session.obs.uploadDir(`${user}/`, 'obs://bucket-name/up2/dir1/');
    expect(r).toMatchObject({ destination: 'obs://bucket-name/up2/dir1/ma-user/', files: 4, files_skipped: 0 });
    expect(await keysUnder('obs://bucket-name/up2/')).toEqual(
      Object.keys(tree)
        .map((k) => `up2/dir1/ma-user/${k}`)
        .sort(),
    );
  });

  it('download_file("obs://bucket-name/dir1/file1.txt", "/home/ma-user/") -> /home/ma-user/file1.txt', async () => {
    const { user, tree } = maUser();
    await f.session.obs.uploadFile(join(user, 'file1.txt'), 'obs://bucket-name/dl1/dir1/');
    const dst = join(f.tempDir('dl1'), 'home', 'ma-user');
    const r = await f.session.obs.downloadFile('obs://bucket-name/dl1/dir1/file1.txt', `${dst}/`);
    expect(r.destination).toBe(join(dst, 'file1.txt'));
    expect(sha256(readFileSync(join(dst, 'file1.txt')))).toBe(tree['file1.txt']);
  });

  it('download_dir("obs://bucket-name/dir1/", "/home/ma-user/work/") -> /home/ma-user/work/dir1/', async () => {
    const { user, tree } = maUser();
    await f.session.obs.uploadDir(user, 'obs://bucket-name/dl2/');
    // An empty folder in OBS (a zero-byte "dir/" marker) is not created locally.
    await f.session.obs.s3.send(new PutObjectCommand({ Bucket: 'bucket-name', Key: 'dl2/ma-user/hollow/', Body: '' }));
    const work = join(f.tempDir('dl2'), 'work');
    await f.session.obs.downloadDir('obs://bucket-name/dl2/ma-user/', `${work}/`);
    expect(await hashTree(join(work, 'ma-user'))).toEqual(tree);
    expect(foldersOf(work)).toEqual(['ma-user', 'ma-user/data', 'ma-user/data/deep']);
  });

  it('accepts the manual dataset form /bucket/key wherever a parameter is an OBS path', async () => {
    const { user, tree } = maUser();
    await f.session.obs.uploadFile(join(user, 'notes.md'), '/bucket-name/slash/');
    expect(await f.session.obs.exists('/bucket-name/slash/notes.md')).toBe(true);
    const dst = f.tempDir('slash');
    await f.session.obs.downloadFile('/bucket-name/slash/notes.md', `${dst}/`);
    expect(sha256(readFileSync(join(dst, 'notes.md')))).toBe(tree['notes.md']);
  });
});

describe('trailing slashes and keep_last_dir', () => {
  it('refuses directory parameters without the trailing slash the manual requires', async () => {
    const { user } = maUser();
    await expect(f.session.obs.uploadFile(join(user, 'file1.txt'), 'obs://bucket-name/ts/dir1')).rejects.toThrow(InvalidArgumentError);
    await expect(f.session.obs.uploadDir(user, 'obs://bucket-name/ts/dir1')).rejects.toThrow(/must end with "\/"/);
    await expect(f.session.obs.downloadDir('obs://bucket-name/ts/dir1', `${user}/`)).rejects.toThrow(InvalidArgumentError);
    await expect(f.session.obs.downloadFile('obs://bucket-name/ts/x', user)).rejects.toThrow(/dst_local_dir must end/);
    await expect(f.session.obs.downloadFile('obs://bucket-name/ts/dir/', `${user}/`)).rejects.toThrow(/use downloadDir/);
    await expect(f.session.obs.uploadFile(user, 'obs://bucket-name/ts/')).rejects.toThrow(/use uploadDir/);
  });

  it('bucket roots count as folders', async () => {
    const { user, tree } = maUser();
    await f.session.obs.makeBucket('root-bucket');
    await f.session.obs.uploadFile(join(user, 'file1.txt'), 'obs://root-bucket');
    expect(await objectHash('obs://root-bucket/file1.txt')).toBe(tree['file1.txt']);
  });

  it('copy: a trailing slash on the source does not drop its last dir; keep_last_dir=false copies the contents', async () => {
    const { user, tree } = maUser();
    await f.session.obs.copy(`${user}/`, 'obs://bucket-name/kl/a/');
    await f.session.obs.copy(user, 'obs://bucket-name/kl/b', { keep_last_dir: false });
    expect(await keysUnder('obs://bucket-name/kl/a/')).toEqual(
      Object.keys(tree)
        .map((k) => `kl/a/ma-user/${k}`)
        .sort(),
    );
    expect(await keysUnder('obs://bucket-name/kl/b/')).toEqual(
      Object.keys(tree)
        .map((k) => `kl/b/${k}`)
        .sort(),
    );
    // OBS folder named with or without "/" is the same folder; keep_last_dir picks the layout.
    const d1 = f.tempDir('kl1');
    const d2 = f.tempDir('kl2');
    await f.session.obs.copy('obs://bucket-name/kl/b/', d1);
    await f.session.obs.copy('obs://bucket-name/kl/b', d2, { keep_last_dir: false });
    expect(await hashTree(join(d1, 'b'))).toEqual(tree);
    expect(await hashTree(d2)).toEqual(tree);
  });

  it('copy: a file into an OBS folder keeps its name; an OBS file into an existing local folder too', async () => {
    const { user, tree } = maUser();
    await f.session.obs.copy(join(user, 'notes.md'), 'obs://bucket-name/kf/dir/');
    expect(await objectHash('obs://bucket-name/kf/dir/notes.md')).toBe(tree['notes.md']);
    const d = f.tempDir('kf');
    await f.session.obs.copy('obs://bucket-name/kf/dir/notes.md', d);
    expect(sha256(readFileSync(join(d, 'notes.md')))).toBe(tree['notes.md']);
  });

  it('copy inside OBS: files and folders, with the same rules', async () => {
    const { user, tree } = maUser();
    await f.session.obs.uploadDir(user, 'obs://bucket-name/oo/');
    await f.session.obs.copy('obs://bucket-name/oo/ma-user/file1.txt', 'obs://bucket-name/oo2/renamed.txt');
    expect(await objectHash('obs://bucket-name/oo2/renamed.txt')).toBe(tree['file1.txt']);
    const r = await f.session.obs.copy('obs://bucket-name/oo/ma-user', 'obs://bucket-name/oo2/', { keep_last_dir: true });
    expect(r.files).toBe(4);
    expect(await keysUnder('obs://bucket-name/oo2/ma-user/')).toEqual(
      Object.keys(tree)
        .map((k) => `oo2/ma-user/${k}`)
        .sort(),
    );
    expect(await objectHash('obs://bucket-name/oo2/ma-user/data/deep/b.bin')).toBe(tree['data/deep/b.bin']);
  });

  it('refuses local -> local and a missing source', async () => {
    const { user } = maUser();
    await expect(f.session.obs.copy(user, f.tempDir('ll'))).rejects.toThrow(/obs:\/\/ path on at least one side/);
    await expect(f.session.obs.copy('obs://bucket-name/nothing/here', f.tempDir('nf'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(f.session.obs.copy(join(user, 'missing.txt'), 'obs://bucket-name/x/')).rejects.toThrow(InvalidArgumentError);
  });
});

describe('list, exists, remove, read, write, makeBucket', () => {
  it('lists one level or recursively, and tells files from folders', async () => {
    const { user } = maUser();
    await f.session.obs.uploadDir(user, 'obs://bucket-name/ls/');
    const level: string[] = [];
    for await (const o of f.session.obs.list('obs://bucket-name/ls/ma-user/')) level.push(`${o.is_dir ? 'D' : 'F'} ${o.key}`);
    expect(level).toEqual(['D ls/ma-user/data/', 'F ls/ma-user/file1.txt', 'F ls/ma-user/notes.md']);
    const all: Array<{ key: string; size: number }> = [];
    for await (const o of f.session.obs.list('obs://bucket-name/ls/', { recursive: true })) all.push({ key: o.key, size: o.size });
    expect(all.map((o) => o.key)).toEqual(['ls/ma-user/data/a.csv', 'ls/ma-user/data/deep/b.bin', 'ls/ma-user/file1.txt', 'ls/ma-user/notes.md']);
    expect(all[1]?.size).toBe(4);
  });

  it('exists knows objects, folders and buckets', async () => {
    const { user } = maUser();
    await f.session.obs.uploadDir(user, 'obs://bucket-name/ex/');
    expect(await f.session.obs.exists('obs://bucket-name/ex/ma-user/file1.txt')).toBe(true);
    expect(await f.session.obs.exists('obs://bucket-name/ex/ma-user/data')).toBe(true);
    expect(await f.session.obs.exists('obs://bucket-name/ex/ma-user/data/')).toBe(true);
    expect(await f.session.obs.exists('obs://bucket-name/ex/ma-user/nope')).toBe(false);
    expect(await f.session.obs.exists('obs://bucket-name')).toBe(true);
    expect(await f.session.obs.exists('obs://no-such-bucket-1')).toBe(false);
  });

  it('remove deletes one object, or a folder recursively (more than one delete batch)', async () => {
    const dir = f.tempDir('rm');
    const files: Record<string, string> = {};
    for (let i = 0; i < 1100; i++) files[`many/f${i}.txt`] = `${i}`;
    writeTree(dir, files);
    writeFileSync(join(dir, 'keep.txt'), 'k');
    await f.session.obs.uploadDir(dir, 'obs://bucket-name/rm/');
    const base = `obs://bucket-name/rm/${dir.split('/').pop()}`;
    await f.session.obs.remove(`${base}/keep.txt`);
    expect(await f.session.obs.exists(`${base}/keep.txt`)).toBe(false);
    await expect(f.session.obs.remove('obs://bucket-name')).rejects.toThrow(/recursive/);
    const r = await f.session.obs.remove(`${base}/many`, { recursive: true });
    expect(r.deleted).toBeGreaterThanOrEqual(1100);
    expect(await f.session.obs.exists(`${base}/many/`)).toBe(false);
  });

  it('write takes strings, bytes and streams of unknown length (multipart past one part); read streams and ranges', async () => {
    await f.session.obs.write('obs://bucket-name/rw/s.txt', 'text');
    expect(await sha256Stream(await f.session.obs.read('obs://bucket-name/rw/s.txt'))).toBe(sha256('text'));
    const big = Buffer.alloc(12 * 1024 * 1024 + 5, 7);
    big.write('start', 0);
    async function* chunks() {
      for (let o = 0; o < big.length; o += 1 << 20) yield big.subarray(o, Math.min(o + (1 << 20), big.length));
    }
    const seen: number[] = [];
    await f.session.obs.write('obs://bucket-name/rw/big.bin', Readable.from(chunks()), { partSize: 5 * 1024 * 1024, onProgress: (p) => seen.push(p.loaded) });
    expect(await sha256Stream(await f.session.obs.read('obs://bucket-name/rw/big.bin'))).toBe(sha256(big));
    expect(seen.at(-1)).toBe(big.length);
    const part = await sha256Stream(await f.session.obs.read('obs://bucket-name/rw/big.bin', { range: { start: 0, end: 4 } }));
    expect(part).toBe(sha256('start'));
    await expect(f.session.obs.read('obs://bucket-name/rw/missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('makeBucket is idempotent for the owner', async () => {
    await f.session.obs.makeBucket('obs://made-twice');
    await f.session.obs.makeBucket('made-twice');
    expect(await f.session.obs.exists('obs://made-twice/')).toBe(true);
  });

  it('an unreadable entry in a folder upload is reported, the rest still goes', async () => {
    const { user, tree } = maUser();
    symlinkSync(join(user, 'gone.txt'), join(user, 'broken-link.txt'));
    const err = await f.session.obs.uploadDir(user, 'obs://bucket-name/broken/').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TransferError' });
    const te = err as { completed: string[]; failed: Array<{ path: string; error: Error }> };
    expect(te.failed.map((x) => x.path)).toEqual([join(user, 'broken-link.txt')]);
    expect(te.completed.sort()).toEqual(
      Object.keys(tree)
        .map((k) => join(user, k))
        .sort(),
    );
    expect(exists(join(user, 'file1.txt'))).toBe(true);
  });
});
