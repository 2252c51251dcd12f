import { createHash, createHmac } from 'node:crypto';
import { sdkHmac } from '@modelarts-ts/contract';

export interface AkSk {
  access_key: string;
  secret_key: string;
  /** Temporary (STS) credentials carry a security token, sent as X-Security-Token and signed. */
  security_token?: string | undefined;
}

export interface SignableRequest {
  method: string;
  url: URL;
  /** Lower-case header names; `host` is added from the URL when missing. */
  headers: Record<string, string>;
  /** The exact bytes that will be sent. */
  body?: Uint8Array | undefined;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The hex signature of a request over the given signed headers (which must include `x-sdk-date`). */
export function sdkSignature(req: SignableRequest, signedHeaders: readonly string[], secretKey: string): string {
  const h = req.headers;
  const payloadHash = h[sdkHmac.HEADER_CONTENT_SHA256] ?? (req.body && req.body.length > 0 ? sha256Hex(req.body) : sdkHmac.EMPTY_BODY_SHA256);
  const canonical = sdkHmac.canonicalRequest({
    method: req.method,
    pathSegments: sdkHmac.decodePathSegments(req.url.pathname) ?? req.url.pathname.split('/'),
    query: [...req.url.searchParams],
    headers: h,
    signedHeaders,
    payloadHash,
  });
  const toSign = sdkHmac.stringToSign(h[sdkHmac.HEADER_SDK_DATE] ?? '', sha256Hex(canonical));
  return createHmac('sha256', secretKey).update(toSign).digest('hex');
}

/**
 * Signs a request with SDK-HMAC-SHA256 (Huawei Cloud's API-gateway signature): adds `x-sdk-date`, `host` and `authorization` to `req.headers`.
 * Every header present is signed except `content-length`, so what is sent is what is covered.
 */
export function signRequest(req: SignableRequest, cred: AkSk, now: Date = new Date()): void {
  const h = req.headers;
  h[sdkHmac.HEADER_SDK_DATE] = sdkHmac.formatSdkDate(now);
  h.host ??= req.url.host;
  if (cred.security_token) h['x-security-token'] = cred.security_token;
  const signedHeaders = sdkHmac.signedHeaderList(Object.keys(h).filter((n) => n !== 'content-length' && n !== 'authorization'));
  const signature = sdkSignature(req, signedHeaders, cred.secret_key);
  h.authorization = sdkHmac.formatAuthorization({ access: cred.access_key, signedHeaders, signature });
}
