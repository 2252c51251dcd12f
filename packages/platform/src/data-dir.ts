import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirError } from './data-dir-error.js';
import { type Db, openDatabase } from './db/sqlite.js';

export const META_DB = 'meta.db';
/** SQLite's companions of a WAL database. */
const DB_COMPANIONS = ['-wal', '-shm'];

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

const FS_CODES: Readonly<Record<string, string>> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  ENOTDIR: 'a file stands where a folder is expected',
  SQLITE_READONLY: 'read-only database',
  SQLITE_CANTOPEN: 'cannot open the file',
  SQLITE_FULL: 'no space left on the device',
};

/** A file-system failure on the data dir as a refusal naming the path and the way out; anything else unchanged. */
export function explainDataDirFailure(e: unknown, path: string, dataDir: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  const what = code ? FS_CODES[code] : undefined;
  if (!what) return e;
  return new DataDirError(`ModelArts Local cannot use its data dir: ${path}: ${what} (${code}).`, [
    `make ${dataDir} writable by this user (remount it read-write, free space, or fix its owner and permissions)`,
    'or start on another data dir: --data-dir <dir> or MODELARTS_LOCAL_DATA_DIR',
  ]);
}

/**
 * Makes the data dir private before anything is written: the folder and its sub-folders 0700, its
 * files 0600 (they hold the secret key and the password). Answers warnings for what was wider, e.g. a
 * folder the user made with the default umask. Throws a DataDirError when the dir cannot be written.
 */
export function prepareDataDir(dataDir: string): string[] {
  const warnings: string[] = [];
  try {
    if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR });
    const st = statSync(dataDir);
    if (!st.isDirectory()) throw Object.assign(new Error(`${dataDir} is not a folder`), { code: 'ENOTDIR' });
    if ((st.mode & 0o777) !== PRIVATE_DIR) {
      chmodSync(dataDir, PRIVATE_DIR);
      warnings.push(`data dir ${dataDir} was mode ${octal(st.mode)}, open to other users; it is now 0700 (it holds the platform's secrets)`);
    }
    for (const e of readdirSync(dataDir, { withFileTypes: true })) {
      if (e.isSymbolicLink()) continue;
      const path = join(dataDir, e.name);
      const mode = statSync(path).mode & 0o777;
      const want = e.isDirectory() ? PRIVATE_DIR : PRIVATE_FILE;
      if ((mode & 0o077) === 0) continue;
      chmodSync(path, want);
      warnings.push(`${path} was mode ${octal(mode)}; it is now ${octal(want)}`);
    }
    // A read-only mount lets the checks above pass when nothing needed changing: probe a write.
    const probe = join(dataDir, `.write-probe-${process.pid}`);
    closeSync(openSync(probe, 'w', PRIVATE_FILE));
    rmSync(probe);
  } catch (e) {
    throw explainDataDirFailure(e, dataDir, dataDir);
  }
  return warnings;
}

/**
 * Opens `<dataDir>/meta.db` private (0600, and so its WAL and shared-memory files, which SQLite creates
 * with the database's mode). A file that is not a SQLite database is refused with the way to rebuild it.
 */
export function openMetaDb(dataDir: string): Db {
  const file = join(dataDir, META_DB);
  try {
    if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE));
    for (const f of [file, ...DB_COMPANIONS.map((c) => file + c)]) if (existsSync(f)) chmodSync(f, PRIVATE_FILE);
  } catch (e) {
    throw explainDataDirFailure(e, file, dataDir);
  }
  try {
    return openDatabase(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new DataDirError(
        `ModelArts Local will not start: ${file} is not a readable SQLite database (${(e as Error).message}); it was damaged or replaced. Nothing was changed. Choices:`,
        [
          `rebuild it: modelarts local recover --data-dir ${dataDir} (moves the damaged file aside as ${META_DB}.damaged-<time>, then indexes the objects again from their blobs; job history is not recoverable)`,
          `or restore ${file} from a backup taken with ${join(dataDir, 'objects')}, then start again`,
        ],
        'damaged-index',
      );
    }
    throw explainDataDirFailure(e, file, dataDir);
  }
}

/** Moves a damaged meta.db (and its WAL files) aside; answers the new name. */
export function moveMetaDbAside(dataDir: string): string {
  const file = join(dataDir, META_DB);
  const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const c of ['', ...DB_COMPANIONS]) if (existsSync(file + c)) renameSync(file + c, aside + c);
  return aside;
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}
