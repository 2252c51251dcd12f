import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { localPathForKey, walkFiles, writeFileFromStream } from './local-files.js';
import { asDirectoryUrl, isDirectoryUrl, joinObsUrl, parseObsUrl } from './obs-url.js';
import { resolveInside } from './safe-path.js';
import type { DownloadResult, StoragePort } from './storage-port.js';

/**
 * A StoragePort over a local folder: `obs://bucket/key` is `<root>/bucket/key`. For tests and for running
 * a job fully offline; it follows the same directory/file rules as the real ports.
 */
export class DirectoryStorage implements StoragePort {
  constructor(readonly root: string) {}

  /** The local path behind an OBS URL (inside the root). */
  pathOf(obsUrl: string): string {
    const { bucket, key } = parseObsUrl(obsUrl);
    return key === '' ? resolveInside(this.root, bucket, 'bucket') : resolveInside(this.root, `${bucket}/${key}`, 'object key');
  }

  async download(obsUrl: string, targetDir: string, signal?: AbortSignal): Promise<DownloadResult> {
    const source = this.pathOf(obsUrl);
    const st = await stat(source).catch(() => undefined);
    if (!st) throw new Error(`Nothing exists at ${obsUrl}`);
    await mkdir(targetDir, { recursive: true });
    if (st.isFile() && !isDirectoryUrl(obsUrl)) {
      const dest = join(targetDir, basename(source));
      await writeFileFromStream(dest, createReadStream(source), signal);
      return { kind: 'file', files: [dest] };
    }
    const files: string[] = [];
    for (const rel of await walkFiles(source)) {
      const dest = localPathForKey(targetDir, rel);
      await writeFileFromStream(dest, createReadStream(join(source, rel)), signal);
      files.push(dest);
    }
    return { kind: 'directory', files };
  }

  async uploadFile(localFile: string, obsUrl: string, signal?: AbortSignal): Promise<void> {
    const target = isDirectoryUrl(obsUrl) ? joinObsUrl(obsUrl, basename(localFile)) : obsUrl;
    await writeFileFromStream(this.pathOf(target), createReadStream(localFile), signal);
  }

  async uploadDir(localDir: string, obsUrl: string, signal?: AbortSignal): Promise<number> {
    const files = await walkFiles(localDir);
    for (const rel of files) await this.uploadFile(join(localDir, rel), joinObsUrl(asDirectoryUrl(obsUrl), rel), signal);
    return files.length;
  }
}
