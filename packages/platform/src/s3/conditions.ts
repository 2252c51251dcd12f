import type { ByteRange, ObjectInfo } from '../storage/object-store.js';
import { S3Error } from './errors.js';
import type { HeaderMap } from './headers.js';

/** HTTP dates have second resolution: compare Last-Modified at that resolution. */
const seconds = (ms: number) => Math.floor(ms / 1000);

function etagListMatches(list: string, etag: string): boolean {
  return list.split(',').some((e) => {
    const t = e.trim().replace(/^W\//, '');
    return t === '*' || t.replace(/^"|"$/g, '') === etag;
  });
}

function dateOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : seconds(t);
}

/**
 * GET/HEAD conditionals with S3's precedence: If-Match decides over If-Unmodified-Since (412 on failure);
 * If-None-Match decides over If-Modified-Since (304 when the client's copy is current).
 */
export function readConditions(headers: HeaderMap, info: ObjectInfo): 'ok' | 'not-modified' {
  const modified = seconds(info.lastModified);
  const ifMatch = headers.get('if-match');
  if (ifMatch !== undefined) {
    if (!etagListMatches(ifMatch, info.etag)) throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-Match' });
  } else {
    const ius = dateOf(headers.get('if-unmodified-since'));
    if (ius !== undefined && modified > ius) throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-Unmodified-Since' });
  }
  const ifNoneMatch = headers.get('if-none-match');
  if (ifNoneMatch !== undefined) return etagListMatches(ifNoneMatch, info.etag) ? 'not-modified' : 'ok';
  const ims = dateOf(headers.get('if-modified-since'));
  if (ims !== undefined && modified <= ims) return 'not-modified';
  return 'ok';
}

/** `x-amz-copy-source-if-*` (and `x-obs-`): any failure is 412. */
export function copySourceConditions(headers: HeaderMap, info: ObjectInfo): void {
  const h = (s: string) => headers.get(`x-amz-copy-source-${s}`) ?? headers.get(`x-obs-copy-source-${s}`);
  const fail = (c: string) => new S3Error('PreconditionFailed', undefined, { Condition: `x-amz-copy-source-${c}` });
  const modified = seconds(info.lastModified);
  const ifMatch = h('if-match');
  const ifNoneMatch = h('if-none-match');
  if (ifMatch !== undefined && !etagListMatches(ifMatch, info.etag)) throw fail('if-match');
  if (ifNoneMatch !== undefined && etagListMatches(ifNoneMatch, info.etag)) throw fail('if-none-match');
  const ius = dateOf(h('if-unmodified-since'));
  if (ifMatch === undefined && ius !== undefined && modified > ius) throw fail('if-unmodified-since');
  const ims = dateOf(h('if-modified-since'));
  if (ifNoneMatch === undefined && ims !== undefined && modified <= ims) throw fail('if-modified-since');
}

/**
 * One `bytes=` range resolved against `size`: undefined when absent or not understood (answered with the
 * whole object, as S3 does), 'unsatisfiable' for a range that selects nothing (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined | 'unsatisfiable' {
  if (header === undefined) return undefined;
  const m = /^\s*bytes=(\d*)-(\d*)\s*$/.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1) };
}
