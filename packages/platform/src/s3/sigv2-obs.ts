import { createHmac } from 'node:crypto';
import type { HeaderMap } from './headers.js';
import { latin1ToUtf8 } from './sigv4.js';

/**
 * Signature Version 2 (`AWS AK:sig`) and the OBS signature (`OBS AK:sig`): the same HMAC-SHA1 over
 * METHOD, Content-MD5, Content-Type, Date, the `x-amz-*` (or `x-obs-*`) headers and the resource.
 */

export type V2Dialect = 'aws' | 'obs';

/** Query names that are part of the canonical resource (S3 V2 list plus OBS's own). */
const SUBRESOURCES = new Set([
  'acl',
  'append',
  'attname',
  'backtosource',
  'cors',
  'customdomain',
  'delete',
  'deletebucket',
  'directcoldaccess',
  'encryption',
  'inventory',
  'length',
  'lifecycle',
  'location',
  'logging',
  'metadata',
  'modify',
  'name',
  'notification',
  'partNumber',
  'policy',
  'position',
  'quota',
  'rename',
  'replication',
  'requestPayment',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'storageClass',
  'storagePolicy',
  'storageinfo',
  'tagging',
  'torrent',
  'truncate',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'website',
  'x-image-process',
  'x-image-save-bucket',
  'x-image-save-object',
  'x-obs-security-token',
]);

export interface V2Request {
  method: string;
  /** The path as sent, still encoded (path style: `/bucket/key`). */
  rawPath: string;
  query: ReadonlyArray<readonly [string, string]>;
  headers: HeaderMap;
}

/**
 * The string to sign. `dateLine` is the Date header, '' when `x-amz-date`/`x-obs-date` is sent, or the
 * `Expires` value for query authentication.
 */
export function v2StringToSign(req: V2Request, dialect: V2Dialect, dateLine: string, utf8Headers = false): string {
  const prefix = dialect === 'obs' ? 'x-obs-' : 'x-amz-';
  const names = [...req.headers.names()].filter((n) => n.startsWith(prefix)).sort();
  const value = (v: string) => (utf8Headers ? latin1ToUtf8(v) : v).trim();
  const canonicalHeaders = names.map((n) => `${n}:${req.headers.list(n).map(value).join(',')}\n`).join('');
  const sub = req.query
    .filter(([n]) => SUBRESOURCES.has(n))
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([n, v]) => (v === '' ? n : `${n}=${v}`))
    .join('&');
  const resource = sub ? `${req.rawPath}?${sub}` : req.rawPath;
  return [req.method, req.headers.get('content-md5') ?? '', req.headers.get('content-type') ?? '', dateLine, `${canonicalHeaders}${resource}`].join('\n');
}

export function v2Signature(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
}

/** `AWS AK:sig` / `OBS AK:sig`; undefined when the header is not one of them. */
export function parseV2Header(value: string): { dialect: V2Dialect; accessKey: string; signature: string } | undefined {
  const m = /^(AWS|OBS) ([^:\s]+):(\S+)$/.exec(value.trim());
  if (!m) return undefined;
  return { dialect: m[1] === 'OBS' ? 'obs' : 'aws', accessKey: m[2] ?? '', signature: m[3] ?? '' };
}
