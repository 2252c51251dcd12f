import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A user-supplied path that would leave its root (absolute, `..`, NUL, drive letters). */
export class UnsafePathError extends Error {
  override name = 'UnsafePathError';
}

/**
 * Normalizes a relative path given by a user (boot file, channel name, archive entry, object key suffix) to
 * POSIX form, refusing anything that could escape the folder it is joined to. Backslashes count as separators
 * so archives made on Windows cannot smuggle `..\\`.
 */
export function safeRelativePath(p: string, what = 'path'): string {
  if (p.includes('\u0000')) throw new UnsafePathError(`${what} "${p}" contains a NUL character`);
  const unified = p.replace(/\\/g, '/');
  if (unified.startsWith('/') || /^[A-Za-z]:/.test(unified)) throw new UnsafePathError(`${what} "${p}" must be relative`);
  const parts = unified.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.some((s) => s === '..')) throw new UnsafePathError(`${what} "${p}" must not contain ".."`);
  if (parts.length === 0) throw new UnsafePathError(`${what} "${p}" is empty`);
  return parts.join('/');
}

/** `root/rel`, after checking that `rel` stays inside `root` (also after resolution). */
export function resolveInside(root: string, rel: string, what = 'path'): string {
  const clean = safeRelativePath(rel, what);
  const absRoot = resolve(root);
  const full = resolve(join(absRoot, clean));
  const back = relative(absRoot, full);
  if (back === '' || back.startsWith('..') || isAbsolute(back)) throw new UnsafePathError(`${what} "${rel}" leaves its folder`);
  return full;
}

/** Whether `p` is `root` itself or inside it. */
export function isInside(root: string, p: string): boolean {
  const back = relative(resolve(root), resolve(p));
  return back === '' || (!back.startsWith(`..${sep}`) && back !== '..' && !isAbsolute(back));
}
