import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { walkFiles } from './local-files.js';
import { joinObsUrl } from './obs-url.js';
import type { StoragePort } from './storage-port.js';

export interface SyncTarget {
  /** Channel name, for events. */
  name: string;
  localDir: string;
  obsUrl: string;
}

export interface SyncReport {
  name: string;
  uploaded: number;
}

/**
 * Uploads output folders to OBS, each time only the files that changed (size or mtime) since the last
 * upload. Calls never overlap: a periodic sync still running when the final one starts is waited for.
 */
export class OutputSync {
  private readonly sent = new Map<string, string>();
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storage: StoragePort,
    readonly targets: readonly SyncTarget[],
  ) {}

  sync(signal?: AbortSignal): Promise<SyncReport[]> {
    const next = this.running.then(
      () => this.pass(signal),
      () => this.pass(signal),
    );
    this.running = next.catch(() => undefined);
    return next;
  }

  private async pass(signal?: AbortSignal): Promise<SyncReport[]> {
    const reports: SyncReport[] = [];
    for (const t of this.targets) {
      let uploaded = 0;
      for (const rel of await walkFiles(t.localDir)) {
        const file = join(t.localDir, rel);
        const st = await stat(file).catch(() => undefined);
        if (!st) continue;
        const stamp = `${st.size}:${st.mtimeMs}`;
        const id = `${t.name}\u0000${rel}`;
        if (this.sent.get(id) === stamp) continue;
        await this.storage.uploadFile(file, joinObsUrl(t.obsUrl, rel), signal);
        this.sent.set(id, stamp);
        uploaded++;
      }
      reports.push({ name: t.name, uploaded });
    }
    return reports;
  }
}
