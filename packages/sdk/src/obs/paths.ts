import { isAbsolute, join, resolve, sep } from 'node:path';
import { formatObsLocation, isObsUri, type ObsLocation, parseObsLocation } from '@modelarts-ts/contract';
import { InvalidArgumentError } from '../core/error.js';

export { isObsUri, type ObsLocation };

/**
 * Parses `obs://bucket/key` (also `s3://bucket/key`) or the manual's dataset form `/bucket/key`.
 * `slashForm: false` accepts only the URI forms (in `copy`, `/home/...` is a local path).
 */
export function parseObsPath(p: string, options: { slashForm?: boolean } = {}): ObsLocation {
  const loc = parseObsLocation(p, options);
  if ('error' in loc) throw new InvalidArgumentError(`${loc.error}.`);
  if (loc.key.length > 1024) throw new InvalidArgumentError(`Object key longer than 1024 characters in "${p}".`);
  return loc;
}

/** `obs://bucket/key`. */
export const formatObsPath = formatObsLocation;

/** A folder location: the bucket root, or a key ending with `/`. */
export function isFolderKey(key: string): boolean {
  return key === '' || key.endsWith('/');
}

/** The key as a folder prefix: `''` stays the bucket root, anything else gets one trailing `/`. */
export function folderPrefix(key: string): string {
  return key === '' || key.endsWith('/') ? key : `${key}/`;
}

/** The last path segment of a key, ignoring trailing slashes (`a/b/` -> `b`); `''` for the bucket root. */
export function lastSegment(key: string): string {
  const trimmed = key.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** True when a local path is written as a folder (ends with `/`, or the platform separator). */
export function endsWithSep(p: string): boolean {
  return p.endsWith('/') || p.endsWith(sep);
}

/** A local relative path (any separator) as a key suffix with `/`. */
export function toKeySuffix(rel: string): string {
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * Where the object with key suffix `rel` lands under `root`, or an InvalidArgumentError when the key would write
 * outside it: absolute keys, `..` segments, NUL or backslashes are refused (a "zip slip" through object names).
 */
export function safeLocalPath(root: string, rel: string): string {
  const segments = rel.split('/');
  if (rel === '' || rel.includes('\0') || rel.includes('\\') || isAbsolute(rel) || /^[A-Za-z]:/.test(rel) || segments.some((s) => s === '..' || s === '.')) {
    throw new InvalidArgumentError(`Refusing object key part "${rel}": it would be written outside ${root}.`);
  }
  const base = resolve(root);
  const target = resolve(join(base, ...segments.filter((s) => s !== '')));
  if (!target.startsWith(base === sep ? base : base + sep)) {
    throw new InvalidArgumentError(`Refusing object key part "${rel}": it would be written outside ${root}.`);
  }
  return target;
}
