/**
 * The API-gateway signature `SDK-HMAC-SHA256` of Huawei Cloud's API gateway, as pure string functions.
 * The SDK's signer and the platform's verifier both build the canonical request here, so they cannot disagree;
 * each side does the hashing with its own crypto.
 */

export const SDK_SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** Requests whose X-Sdk-Date is further than this from the server clock are rejected (`APIGW.0303`). */
export const SDK_DATE_MAX_SKEW_MS = 15 * 60 * 1000;
export const HEADER_SDK_DATE = 'x-sdk-date';
export const HEADER_CONTENT_SHA256 = 'x-sdk-content-sha256';

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function parseSdkDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** Percent-encodes UTF-8 bytes, keeping only `A-Z a-z 0-9 - _ . ~`. */
export function sdkEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Canonical URI from the decoded path segments: each escaped, and always a trailing `/`. */
export function canonicalUri(decodedSegments: readonly string[]): string {
  const uri = decodedSegments.map(sdkEscape).join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/** Canonical query from decoded name/value pairs: escaped, sorted by name then value. */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs
    .map(([k, v]) => [sdkEscape(k), sdkEscape(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export interface CanonicalRequestInput {
  method: string;
  /** Decoded path segments (`'/v3/projects'.split('/')` after decoding each). */
  pathSegments: readonly string[];
  query: ReadonlyArray<readonly [string, string]>;
  /** Header values by lower-case name. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Lower-case names, in any order; they are sorted here. */
  signedHeaders: readonly string[];
  payloadHash: string;
}

export function signedHeaderList(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.toLowerCase()))].sort();
}

export function canonicalRequest(r: CanonicalRequestInput): string {
  const signed = signedHeaderList(r.signedHeaders);
  const headerBlock = signed.map((n) => `${n}:${(r.headers[n] ?? '').trim()}\n`).join('');
  return [r.method.toUpperCase(), canonicalUri(r.pathSegments), canonicalQuery(r.query), headerBlock, signed.join(';'), r.payloadHash].join('\n');
}

export function stringToSign(sdkDate: string, canonicalRequestHashHex: string): string {
  return `${SDK_SIGNING_ALGORITHM}\n${sdkDate}\n${canonicalRequestHashHex}`;
}

export interface SdkAuthorization {
  access: string;
  signedHeaders: string[];
  signature: string;
}

export function formatAuthorization(a: SdkAuthorization): string {
  return `${SDK_SIGNING_ALGORITHM} Access=${a.access}, SignedHeaders=${a.signedHeaders.join(';')}, Signature=${a.signature}`;
}

/** Parses `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`; undefined when it is not that scheme or is malformed. */
export function parseAuthorization(header: string): SdkAuthorization | undefined {
  const prefix = `${SDK_SIGNING_ALGORITHM} `;
  if (!header.startsWith(prefix)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(prefix.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const access = fields.get('Access');
  const signed = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!access || !signed || !signature || !/^[0-9a-f]{64}$/.test(signature)) return undefined;
  return { access, signedHeaders: signed.split(';').filter(Boolean), signature };
}

/** Splits a raw request path (as sent, percent-encoded) into decoded segments; undefined if an escape is malformed. */
export function decodePathSegments(rawPath: string): string[] | undefined {
  try {
    return rawPath.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

/** Decoded name/value pairs of a raw query string (`+` is a space, as form decoding reads it); undefined if malformed. */
export function decodeQueryPairs(rawQuery: string): Array<[string, string]> | undefined {
  if (!rawQuery) return [];
  const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  try {
    return rawQuery
      .split('&')
      .filter(Boolean)
      .map((p) => {
        const eq = p.indexOf('=');
        return eq < 0 ? [dec(p), ''] : [dec(p.slice(0, eq)), dec(p.slice(eq + 1))];
      });
  } catch {
    return undefined;
  }
}
