import { formatObsLocation, type ObsLocation, parseObsLocation } from '@modelarts-ts/contract';

export type { ObsLocation };

export class ObsUrlError extends Error {
  override name = 'ObsUrlError';
}

/** Parses an OBS URL; throws ObsUrlError for anything else (relative paths, bad bucket names, control characters). */
export function parseObsUrl(url: string): ObsLocation {
  const loc = parseObsLocation(url);
  if ('error' in loc) throw new ObsUrlError(loc.error);
  const { bucket, key } = loc;
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

export const formatObsUrl = formatObsLocation;

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
