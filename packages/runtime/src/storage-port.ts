/**
 * How the runner reaches OBS. Each user implements it over its own transport: the platform over its object
 * store, the SDK's local mode over `session.obs`. URLs are `obs://bucket/key` or `/bucket/key`.
 */
export interface StoragePort {
  /**
   * Copies `obsUrl` into `targetDir` (created if missing). A directory (a URL ending in `/`, or a key with
   * objects below `key/`) lands as its contents, with relative paths kept; a single object lands inside
   * `targetDir` under its base name. Throws when nothing exists at the URL. Files appear whole or not at all.
   */
  download(obsUrl: string, targetDir: string, signal?: AbortSignal): Promise<DownloadResult>;
  /** Uploads one local file to the object `obsUrl`; a URL ending in `/` gets the file's base name appended. */
  uploadFile(localFile: string, obsUrl: string, signal?: AbortSignal): Promise<void>;
  /** Uploads every file under `localDir` below the prefix `obsUrl` (key = prefix + relative path). Returns the file count. */
  uploadDir(localDir: string, obsUrl: string, signal?: AbortSignal): Promise<number>;
}

export interface DownloadResult {
  kind: 'file' | 'directory';
  /** Absolute paths of the files written. */
  files: string[];
}
