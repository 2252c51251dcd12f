import { join } from 'node:path';
import { moveMetaDbAside, openMetaDb, prepareDataDir } from './data-dir.js';
import { DataDirError } from './data-dir-error.js';
import type { Db } from './db/sqlite.js';
import { assertNotRunning } from './server.js';
import { DiskObjectStore, type RecoverReport } from './storage/disk-store.js';

export interface DataDirRecovery extends RecoverReport {
  dataDir: string;
  /** Where a damaged meta.db was moved before a new one was made. */
  damagedIndex?: string;
}

/**
 * `modelarts local recover`: rebuilds the object index of a data dir from the records its blobs carry,
 * with no platform running on it. A meta.db that is not a database is moved aside first. No blob is
 * deleted: the ones that cannot be placed go to `objects/quarantine/`.
 */
export async function recoverDataDir(dataDir: string): Promise<DataDirRecovery> {
  await assertNotRunning(dataDir);
  prepareDataDir(dataDir);
  let damagedIndex: string | undefined;
  let db: Db;
  try {
    db = openMetaDb(dataDir);
  } catch (e) {
    if (!(e instanceof DataDirError) || e.reason !== 'damaged-index') throw e;
    damagedIndex = moveMetaDbAside(dataDir);
    db = openMetaDb(dataDir);
  }
  try {
    const store = new DiskObjectStore({ root: join(dataDir, 'objects'), db, minPartSize: 0, abandonedUploadAgeMs: Number.MAX_SAFE_INTEGER });
    const report = await store.recover();
    await store.close();
    return { dataDir, ...report, ...(damagedIndex ? { damagedIndex } : {}) };
  } finally {
    db.close();
  }
}
