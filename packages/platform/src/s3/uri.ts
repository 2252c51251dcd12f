import { S3Error } from './errors.js';

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** AWS URI encoding: every byte but `A-Z a-z 0-9 - _ . ~` (and `/` when kept) as upper-case `%XX` of its UTF-8. */
export function awsUriEncode(s: string, keepSlash = false): string {
  let out = '';
  for (const ch of s) {
    if (UNRESERVED.test(ch) || (keepSlash && ch === '/')) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Percent-decodes once; `+` stays `+` (S3 clients send a space as `%20`). */
export function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    throw new S3Error('InvalidURI', `Couldn't parse the specified URI: bad percent-encoding in "${s}"`);
  }
}

export interface RequestTarget {
  /** The path exactly as sent (still encoded): signatures cover it. */
  rawPath: string;
  /** First path segment, decoded; undefined for `/`. */
  bucket?: string;
  /** The rest after `/<bucket>/`, decoded once; undefined for bucket-level requests. Repeated slashes are kept. */
  key?: string;
  /** The first path segment as sent, for routing decisions before decoding. */
  firstSegment: string;
  /** Query parameters decoded, in order; a name without `=` has value ''. */
  query: Array<[string, string]>;
  params: Map<string, string>;
}

/** Splits the raw request target by hand: `new URL()` would treat `//k` as a host and normalise dot segments. */
export function parseTarget(rawUrl: string): RequestTarget {
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
  if (!rawPath.startsWith('/')) throw new S3Error('InvalidURI');
  const slash = rawPath.indexOf('/', 1);
  const firstSegment = slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash);
  const query: Array<[string, string]> = [];
  const params = new Map<string, string>();
  if (rawQuery) {
    for (const part of rawQuery.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const name = percentDecode(eq < 0 ? part : part.slice(0, eq));
      const value = eq < 0 ? '' : percentDecode(part.slice(eq + 1));
      query.push([name, value]);
      if (!params.has(name)) params.set(name, value);
    }
  }
  const target: RequestTarget = { rawPath, firstSegment, query, params };
  if (firstSegment) target.bucket = percentDecode(firstSegment);
  if (slash >= 0 && slash < rawPath.length - 1) target.key = percentDecode(rawPath.slice(slash + 1));
  return target;
}
