/** OBS locations as users write them: `obs://bucket/key`, the manual's `/bucket/key`, or `s3://bucket/key`. */
export interface ObsLocation {
  bucket: string;
  /** Object key or prefix, without a leading `/`; `''` is the bucket root. */
  key: string;
}

export class ObsUrlError extends Error {
  override name = 'ObsUrlError';
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses an OBS URL; throws ObsUrlError for anything else (relative paths, bad bucket names, control characters). */
export function parseObsUrl(url: string): ObsLocation {
  const m = /^(?:obs:\/\/|s3:\/\/|\/)([^/]+)(?:\/(.*))?$/s.exec(url);
  if (!m?.[1]) throw new ObsUrlError(`"${url}" is not an OBS path: use obs://bucket/path or /bucket/path`);
  const bucket = m[1];
  const key = m[2] ?? '';
  if (!BUCKET.test(bucket)) throw new ObsUrlError(`"${bucket}" in "${url}" is not a valid bucket name`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f]/.test(key)) throw new ObsUrlError(`"${url}" contains control characters`);
  return { bucket, key };
}

export function isObsUrl(url: string): boolean {
  try {
    parseObsUrl(url);
    return true;
  } catch {
    return false;
  }
}

export function formatObsUrl(loc: ObsLocation): string {
  return `obs://${loc.bucket}/${loc.key}`;
}

/** A URL ending in `/` names a directory (a key prefix). */
export function isDirectoryUrl(url: string): boolean {
  return url.endsWith('/');
}

/** `obs://b/path/demo-code/` -> `demo-code`; the bucket name when the URL is the bucket root. */
export function lastSegment(url: string): string {
  const { bucket, key } = parseObsUrl(url);
  const parts = key.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? bucket;
}

/** The URL with exactly one trailing `/` (a prefix under which relative keys are appended). */
export function asDirectoryUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** `obs://b/out/` + `a/b.txt` -> `obs://b/out/a/b.txt`. */
export function joinObsUrl(dirUrl: string, relative: string): string {
  return asDirectoryUrl(dirUrl) + relative.replace(/^\/+/, '');
}
