import type { Dirent, Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { forEachLimit } from './pool.js';

/** A local file to upload: absolute path, path relative to the walked folder (with `/`), size and mtime. */
export interface LocalFile {
  path: string;
  rel: string;
  size: number;
  mtime_ms: number;
}

export interface WalkResult {
  files: LocalFile[];
  /** Entries that could not be read (broken links, permission errors): reported as failed files. */
  errors: Array<{ path: string; error: Error }>;
}

/**
 * Every regular file under `root`, following symbolic links (a linked folder is entered once: loops are cut by
 * device + inode). Folders themselves produce nothing, so empty folders are not uploaded (manual §6.4).
 */
export async function walkDir(root: string): Promise<WalkResult> {
  const files: LocalFile[] = [];
  const errors: WalkResult['errors'] = [];
  const rootStat = await stat(root);
  const seen = new Set<string>([`${rootStat.dev}:${rootStat.ino}`]);
  let level: Array<{ dir: string; rel: string }> = [{ dir: root, rel: '' }];
  while (level.length > 0) {
    const next: typeof level = [];
    await forEachLimit(level, 16, async ({ dir, rel }) => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        errors.push({ path: dir, error: e as Error });
        return;
      }
      await forEachLimit(entries, 32, async (ent) => {
        const path = join(dir, ent.name);
        const childRel = rel ? `${rel}/${ent.name}` : ent.name;
        if (!ent.isFile() && !ent.isDirectory() && !ent.isSymbolicLink()) return; // sockets, fifos, devices
        let st: Stats;
        try {
          st = await stat(path);
        } catch (e) {
          errors.push({ path, error: e as Error });
          return;
        }
        if (st.isFile()) files.push({ path, rel: childRel, size: st.size, mtime_ms: st.mtimeMs });
        else if (st.isDirectory()) {
          const id = `${st.dev}:${st.ino}`;
          if (seen.has(id)) return;
          seen.add(id);
          next.push({ dir: path, rel: childRel });
        }
      });
    });
    level = next;
  }
  return { files, errors };
}
