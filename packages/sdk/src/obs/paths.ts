import { isAbsolute, join, resolve, sep } from 'node:path';
import { InvalidArgumentError } from '../core/error.js';

/** A location in OBS: the bucket and a key, which may be empty (the bucket root) or end with `/` (a folder). */
export interface ObsLocation {
  bucket: string;
  key: string;
}

// OBS bucket rules: 3-63 chars of lowercase letters, digits, '-' and '.', starting and ending with a letter or digit.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const SCHEME = /^(obs|s3):\/\//i;

/** True when `p` names OBS explicitly (`obs://...`, or `s3://...`): what `copy` uses to pick a direction. */
export function isObsUri(p: string): boolean {
  return SCHEME.test(p);
}

/**
 * Parses `obs://bucket/key` (also `s3://bucket/key`) or the manual's dataset form `/bucket/key`.
 * `slashForm: false` accepts only the URI forms (in `copy`, `/home/...` is a local path).
 */
export function parseObsPath(p: string, options: { slashForm?: boolean } = {}): ObsLocation {
  let rest: string;
  if (SCHEME.test(p)) rest = p.replace(SCHEME, '');
  else if (options.slashForm !== false && p.startsWith('/')) rest = p.slice(1);
  else throw new InvalidArgumentError(`Not an OBS path: "${p}". Use obs://bucket/key${options.slashForm === false ? '' : ' or /bucket/key'}.`);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  if (!BUCKET.test(bucket)) {
    throw new InvalidArgumentError(`Invalid bucket name "${bucket}" in "${p}": 3-63 lowercase letters, digits, "-" or ".".`);
  }
  if (key.length > 1024) throw new InvalidArgumentError(`Object key longer than 1024 characters in "${p}".`);
  return { bucket, key };
}

/** `obs://bucket/key`. */
export function formatObsPath(loc: ObsLocation): string {
  return `obs://${loc.bucket}/${loc.key}`;
}

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
