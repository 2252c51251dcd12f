import { createHash, createHmac } from 'node:crypto';
import { S3Error } from './errors.js';
import type { HeaderMap } from './headers.js';
import { awsUriEncode, percentDecode } from './uri.js';

/** AWS Signature Version 4 for S3: parsing, canonical request, signing key, chunk signatures. */

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** Longest validity of a presigned URL: 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800;

export interface SigV4Credential {
  accessKey: string;
  /** yyyymmdd */
  date: string;
  region: string;
  service: string;
  /** `<date>/<region>/<service>/aws4_request` */
  scope: string;
}

export interface SigV4Auth {
  credential: SigV4Credential;
  signedHeaders: string[];
  /** Lower-case hex. */
  signature: string;
  /** `yyyyMMddTHHmmssZ` as signed. */
  amzDate: string;
  payloadHash: string;
  /** Present for query (presigned) authentication. */
  expiresSeconds?: number;
}

export interface SigV4Request {
  method: string;
  /** The path as sent, still encoded. */
  rawPath: string;
  /** Decoded query parameters in order. */
  query: ReadonlyArray<readonly [string, string]>;
  headers: HeaderMap;
}

const AMZ_DATE = /^(\d{8})T\d{6}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

function parseCredential(value: string, fail: (m: string) => S3Error): SigV4Credential {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !parts[0] || !/^\d{8}$/.test(parts[1] ?? '') || !parts[2] || !parts[3]) {
    throw fail(`The credential "${value}" is not <access key>/<yyyymmdd>/<region>/<service>/aws4_request`);
  }
  const [accessKey, date, region, service] = parts as [string, string, string, string];
  return { accessKey, date, region, service, scope: `${date}/${region}/${service}/aws4_request` };
}

function checkDates(credential: SigV4Credential, amzDate: string, fail: (m: string) => S3Error): void {
  const m = AMZ_DATE.exec(amzDate);
  if (!m) throw fail(`The date "${amzDate}" is not yyyyMMddTHHmmssZ`);
  if (m[1] !== credential.date) throw fail(`Invalid credential date "${credential.date}". This date is not the same as X-Amz-Date: "${m[1]}".`);
}

/** `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` (with or without spaces after commas). */
export function parseAuthorizationHeader(value: string, headers: HeaderMap): SigV4Auth {
  const fail = (m: string) => new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; ${m}`);
  if (!value.startsWith(`${SIGV4_ALGORITHM} `)) throw fail(`the algorithm must be ${SIGV4_ALGORITHM}`);
  const fields = new Map<string, string>();
  for (const item of value.slice(SIGV4_ALGORITHM.length + 1).split(',')) {
    const t = item.trim();
    const eq = t.indexOf('=');
    if (eq > 0) fields.set(t.slice(0, eq), t.slice(eq + 1));
  }
  const cred = fields.get('Credential');
  const signed = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!cred || !signed || !signature) throw fail('Credential, SignedHeaders and Signature are required');
  const credential = parseCredential(cred, fail);
  const amzDate = headers.get('x-amz-date') ?? headers.get('date') ?? '';
  checkDates(credential, amzDate, fail);
  const payloadHash = headers.get('x-amz-content-sha256');
  if (payloadHash === undefined) throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  return { credential, signedHeaders: signed.toLowerCase().split(';'), signature: signature.toLowerCase(), amzDate, payloadHash };
}

export function isPresignedV4(params: ReadonlyMap<string, string>): boolean {
  return params.has('X-Amz-Algorithm') || params.has('X-Amz-Signature');
}

/** `?X-Amz-Algorithm=...&X-Amz-Credential=...&X-Amz-Date=...&X-Amz-Expires=...&X-Amz-SignedHeaders=...&X-Amz-Signature=...` */
export function parsePresignedQuery(params: ReadonlyMap<string, string>): SigV4Auth {
  const fail = (m: string) => new S3Error('AuthorizationQueryParametersError', m);
  if (params.get('X-Amz-Algorithm') !== SIGV4_ALGORITHM) throw fail(`X-Amz-Algorithm only supports "${SIGV4_ALGORITHM}"`);
  const cred = params.get('X-Amz-Credential');
  const amzDate = params.get('X-Amz-Date');
  const expires = params.get('X-Amz-Expires');
  const signed = params.get('X-Amz-SignedHeaders');
  const signature = params.get('X-Amz-Signature');
  if (!cred || !amzDate || expires === undefined || !signed || !signature) {
    throw fail(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  const credential = parseCredential(cred, fail);
  checkDates(credential, amzDate, fail);
  if (!/^\d+$/.test(expires)) throw fail('X-Amz-Expires should be a number');
  const expiresSeconds = Number(expires);
  if (expiresSeconds > MAX_PRESIGN_SECONDS) throw fail('X-Amz-Expires must be less than a week (in seconds) that is; 604800');
  return {
    credential,
    signedHeaders: signed.toLowerCase().split(';'),
    signature: signature.toLowerCase(),
    amzDate,
    payloadHash: params.get('X-Amz-Content-Sha256') ?? UNSIGNED_PAYLOAD,
    expiresSeconds,
  };
}

/** Header value as SigV4 canonicalises it: trimmed, inner runs of spaces collapsed, duplicates joined by `,`. */
function canonicalHeaderValue(values: readonly string[], utf8: boolean): string {
  return values.map((v) => (utf8 ? latin1ToUtf8(v) : v).trim().replace(/\s+/g, ' ')).join(',');
}

/**
 * Node decodes header bytes as latin1. Node clients send non-ASCII values as latin1 bytes and sign the
 * same characters; other clients send (and sign) UTF-8 bytes, which this recovers.
 */
export function latin1ToUtf8(v: string): string {
  return Buffer.from(v, 'latin1').toString('utf8');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching non-ASCII is the point
const NON_ASCII = /[^\x00-\x7f]/;
export const hasNonAscii = (values: Iterable<string>) => [...values].some((v) => NON_ASCII.test(v));

export function canonicalQuery(query: ReadonlyArray<readonly [string, string]>): string {
  return query
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([n, v]) => [awsUriEncode(n), awsUriEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([n, v]) => `${n}=${v}`)
    .join('&');
}

export function canonicalRequest(req: SigV4Request, auth: SigV4Auth, canonicalUri: string, utf8Headers = false): string {
  const headerLines = auth.signedHeaders.map((h) => `${h}:${canonicalHeaderValue(req.headers.list(h), utf8Headers)}\n`).join('');
  return [req.method, canonicalUri, canonicalQuery(req.query), headerLines, auth.signedHeaders.join(';'), auth.payloadHash].join('\n');
}

const sha256Hex = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

export function signingKey(secret: string, c: Pick<SigV4Credential, 'date' | 'region' | 'service'>): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, c.date), c.region), c.service), 'aws4_request');
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}

export function signHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** Signature of one aws-chunked chunk (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`), chained from the previous one (the seed first). */
export function chunkSignature(key: Buffer, amzDate: string, scope: string, previous: string, chunkSha256Hex: string): string {
  return signHex(key, `${SIGV4_ALGORITHM}-PAYLOAD\n${amzDate}\n${scope}\n${previous}\n${EMPTY_SHA256}\n${chunkSha256Hex}`);
}

/** Signature of the trailer section: `name:value\n` lines, chained from the final chunk's signature. */
export function trailerSignature(key: Buffer, amzDate: string, scope: string, previous: string, trailerLines: string): string {
  return signHex(key, `AWS4-HMAC-SHA256-TRAILER\n${amzDate}\n${scope}\n${previous}\n${sha256Hex(trailerLines)}`);
}

/** The path as clients encode it (`/` kept, everything else outside the unreserved set as %XX). */
function reencodedPath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((seg) => awsUriEncode(percentDecode(seg)))
    .join('/');
}

export type SigV4Verdict = { ok: true; signingKey: Buffer } | { ok: false; stringToSign: string; canonicalRequest: string };

/**
 * Recomputes the signature with the secret and compares in constant time. The path is tried as sent
 * (every client tested signs it so), then decoded and re-encoded (MinIO's fallback); non-ASCII header
 * values as latin1 characters, then as UTF-8.
 */
export function verifySigV4(req: SigV4Request, auth: SigV4Auth, secret: string, equal: (a: string, b: string) => boolean): SigV4Verdict {
  const key = signingKey(secret, auth.credential);
  let first: { stringToSign: string; canonicalRequest: string } | undefined;
  const uris = [req.rawPath];
  const alt = reencodedPath(req.rawPath);
  if (alt !== req.rawPath) uris.push(alt);
  const decodings = hasNonAscii(auth.signedHeaders.flatMap((h) => req.headers.list(h))) ? [false, true] : [false];
  for (const uri of uris) {
    for (const utf8 of decodings) {
      const canonical = canonicalRequest(req, auth, uri, utf8);
      const sts = stringToSign(auth.amzDate, auth.credential.scope, canonical);
      if (equal(signHex(key, sts), auth.signature)) return { ok: true, signingKey: key };
      first ??= { stringToSign: sts, canonicalRequest: canonical };
    }
  }
  return { ok: false, ...(first ?? { stringToSign: '', canonicalRequest: '' }) };
}

export const isHexSha256 = (s: string) => HEX64.test(s);
