import { mkdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { DownloadResult, StoragePort } from '@modelarts-ts/runtime';
import { APIError } from '../core/error.js';
import type { OBS } from '../obs/obs.js';
import { folderPrefix, formatObsPath, isFolderKey, lastSegment, parseObsPath } from '../obs/paths.js';
import { obsUri } from './data.js';

// Jobs move their own folders each run: an OBS checkpoint would only resume a copy that is not wanted any more.
const NO_CHECKPOINT = { checkpoint: false } as const;

/** The runtime's StoragePort over `session.obs`: how local mode downloads inputs and uploads outputs and logs. */
export class ObsStorage implements StoragePort {
  constructor(private readonly obs: OBS) {}

  async download(obsUrl: string, targetDir: string, signal?: AbortSignal): Promise<DownloadResult> {
    const loc = parseObsPath(obsUrl);
    const into = targetDir.endsWith(sep) ? targetDir : targetDir + sep;
    await mkdir(into, { recursive: true });
    const opts = { ...NO_CHECKPOINT, ...(signal ? { signal } : {}) };
    if (!isFolderKey(loc.key) && (await this.isObject(obsUrl, loc.key, signal))) {
      await this.obs.copy(formatObsPath(loc), into, opts);
      return { kind: 'file', files: [join(into, lastSegment(loc.key))] };
    }
    const prefix = { bucket: loc.bucket, key: folderPrefix(loc.key) };
    const files: string[] = [];
    for await (const o of this.obs.list(formatObsPath(prefix), { recursive: true, ...(signal ? { signal } : {}) })) {
      if (!o.is_dir) files.push(join(into, o.key.slice(prefix.key.length)));
    }
    if (files.length === 0) {
      throw APIError.from({ status: 404, error_code: 'NoSuchKey', error_msg: `Nothing exists at ${obsUrl}`, request: `GET ${formatObsPath(loc)}` });
    }
    await this.obs.copy(formatObsPath(prefix), into, { ...opts, keep_last_dir: false });
    return { kind: 'directory', files };
  }

  async uploadFile(localFile: string, obsUrl: string, signal?: AbortSignal): Promise<void> {
    await this.obs.copy(localFile, obsUri(obsUrl), { ...NO_CHECKPOINT, ...(signal ? { signal } : {}) });
  }

  async uploadDir(localDir: string, obsUrl: string, signal?: AbortSignal): Promise<number> {
    const loc = parseObsPath(obsUrl);
    const dst = formatObsPath({ bucket: loc.bucket, key: folderPrefix(loc.key) });
    const r = await this.obs.copy(localDir, dst, { ...NO_CHECKPOINT, keep_last_dir: false, ...(signal ? { signal } : {}) });
    return r.files;
  }

  /** True when an object has exactly this key (not only keys below it). */
  private async isObject(obsUrl: string, key: string, signal?: AbortSignal): Promise<boolean> {
    for await (const o of this.obs.list(obsUrl, signal ? { signal } : {})) if (o.key === key && !o.is_dir) return true;
    return false;
  }
}
