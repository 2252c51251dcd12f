import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { sdkHmac } from '@modelarts-ts/contract';

export interface VerifyInput {
  method: string;
  /** The request target as received: raw path and query, still percent-encoded. */
  rawUrl: string;
  /** Header values by lower-case name. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The exact body bytes received. */
  body: Uint8Array | undefined;
  now: number;
  secretFor: (accessKey: string) => { secret_key: string; user_id: string } | undefined;
}

export type VerifyResult =
  | { ok: true; access_key: string; user_id: string }
  | { ok: false; code: 'APIGW.0301' | 'APIGW.0303'; message: string; access_key?: string };

export type HeaderCheck =
  | { ok: true; access_key: string; user_id: string; secret_key: string; signed: string[]; date: string; signature: string }
  | Extract<VerifyResult, { ok: false }>;

/**
 * What can be checked from the headers alone (before a body is read): a well-formed Authorization, a signed
 * and fresh X-Sdk-Date, a known AK. Messages never echo a key.
 */
export function checkSdkHmacHeaders(r: Pick<VerifyInput, 'headers' | 'now' | 'secretFor'>): HeaderCheck {
  const header = one(r.headers.authorization);
  const auth = header ? sdkHmac.parseAuthorization(header) : undefined;
  if (!auth)
    return {
      ok: false,
      code: 'APIGW.0301',
      message: 'Incorrect IAM authentication information: the Authorization header is not a valid SDK-HMAC-SHA256 signature',
    };
  const signed = auth.signedHeaders.map((h) => h.toLowerCase());
  const dateValue = one(r.headers[sdkHmac.HEADER_SDK_DATE]);
  if (!signed.includes(sdkHmac.HEADER_SDK_DATE) || !dateValue) {
    return { ok: false, code: 'APIGW.0301', message: 'Incorrect IAM authentication information: X-Sdk-Date must be sent and signed', access_key: auth.access };
  }
  const date = sdkHmac.parseSdkDate(dateValue);
  if (!date)
    return {
      ok: false,
      code: 'APIGW.0301',
      message: `Incorrect IAM authentication information: X-Sdk-Date "${dateValue.slice(0, 64)}" is not YYYYMMDDTHHMMSSZ`,
      access_key: auth.access,
    };
  if (Math.abs(r.now - date.getTime()) > sdkHmac.SDK_DATE_MAX_SKEW_MS) {
    return {
      ok: false,
      code: 'APIGW.0303',
      message: `Incorrect app authentication information: X-Sdk-Date ${dateValue} is more than 15 minutes away from the server time; check the clock`,
      access_key: auth.access,
    };
  }
  const key = r.secretFor(auth.access);
  if (!key)
    return { ok: false, code: 'APIGW.0301', message: 'Incorrect IAM authentication information: Get secretKey failed, ak not exist', access_key: auth.access };
  return { ok: true, access_key: auth.access, user_id: key.user_id, secret_key: key.secret_key, signed, date: dateValue, signature: auth.signature };
}

/** Checks an SDK-HMAC-SHA256 signature (headers first, then the canonical request over the exact body). Messages never echo the expected signature or the key. */
export function verifySdkHmac(r: VerifyInput): VerifyResult {
  const checked = checkSdkHmacHeaders(r);
  if (!checked.ok) return checked;
  const { signed, date: dateValue } = checked;
  const auth = { access: checked.access_key, signature: checked.signature };
  const key = { secret_key: checked.secret_key, user_id: checked.user_id };
  const q = r.rawUrl.indexOf('?');
  const rawPath = q < 0 ? r.rawUrl : r.rawUrl.slice(0, q);
  const segments = sdkHmac.decodePathSegments(rawPath);
  const query = sdkHmac.decodeQueryPairs(q < 0 ? '' : r.rawUrl.slice(q + 1));
  if (!segments || !query)
    return { ok: false, code: 'APIGW.0301', message: 'Incorrect IAM authentication information: the URL is not well encoded', access_key: auth.access };
  const headers: Record<string, string> = {};
  for (const n of signed) headers[n] = one(r.headers[n]) ?? '';
  const bodyHash = createHash('sha256')
    .update(r.body ?? new Uint8Array())
    .digest('hex');
  // A signed X-Sdk-Content-Sha256 replaces the body hash; only UNSIGNED-PAYLOAD may differ from the real one.
  const declared = headers[sdkHmac.HEADER_CONTENT_SHA256];
  if (declared && declared !== 'UNSIGNED-PAYLOAD' && declared !== bodyHash) {
    return {
      ok: false,
      code: 'APIGW.0301',
      message: 'Incorrect IAM authentication information: X-Sdk-Content-Sha256 does not match the body',
      access_key: auth.access,
    };
  }
  const payloadHash = declared || bodyHash;
  const canonical = sdkHmac.canonicalRequest({ method: r.method, pathSegments: segments, query, headers, signedHeaders: signed, payloadHash });
  const toSign = sdkHmac.stringToSign(dateValue, createHash('sha256').update(canonical).digest('hex'));
  const expected = createHmac('sha256', key.secret_key).update(toSign).digest();
  const given = Buffer.from(auth.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'APIGW.0301', message: 'Incorrect IAM authentication information: verify aksk signature fail', access_key: auth.access };
  }
  return { ok: true, access_key: auth.access, user_id: key.user_id };
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}
