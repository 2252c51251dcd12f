import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { resolveInside } from './safe-path.js';

/** Every regular file under `dir`, as paths relative to it with `/` separators, sorted. Symlinks are not followed. */
export async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function visit(d: string): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) await visit(full);
      else if (e.isFile()) out.push(relative(dir, full).split('\\').join('/'));
    }
  }
  await visit(dir);
  return out.sort();
}

/**
 * Publishes a file so that a reader sees the whole file or none of it: `write` fills a hidden temp file
 * beside `path`, which is fsynced, then renamed over it. Parent folders are created.
 */
export async function writeFileAtomically(path: string, write: (tmpPath: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
  try {
    await write(tmp);
    const fh = await open(tmp, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Streams `body` into `path` atomically (see writeFileAtomically). */
export async function writeFileFromStream(path: string, body: Readable, signal?: AbortSignal): Promise<void> {
  await writeFileAtomically(path, (tmp) => pipeline(body, createWriteStream(tmp, { flags: 'wx' }), ...(signal ? [{ signal }] : [])));
}

/** Where an object whose key is `prefix + rel` lands under `targetDir`; throws UnsafePathError for keys that would escape it. */
export function localPathForKey(targetDir: string, rel: string): string {
  return resolveInside(targetDir, rel, 'object key');
}
