import { timingSafeEqual } from 'node:crypto';
import type { Caller } from '../auth/caller.js';
import type { IamStore } from '../providers/iam/store.js';
import { TemporaryCredentials } from '../providers/iam/temporary.js';
import { type ChecksumAlgorithm, checksumAlgorithmOf } from './checksums.js';
import { S3Error } from './errors.js';
import type { HeaderMap } from './headers.js';
import type { BodyChecks, PayloadSpec } from './payload.js';
import { parseV2Header, type V2Dialect, v2Signature, v2StringToSign } from './sigv2-obs.js';
import {
  hasNonAscii,
  isHexSha256,
  isPresignedV4,
  MAX_PRESIGN_SECONDS,
  parseAuthorizationHeader,
  parsePresignedQuery,
  type SigV4Auth,
  UNSIGNED_PAYLOAD,
  verifySigV4,
} from './sigv4.js';

/** AWS and OBS both refuse requests whose time is more than 15 minutes from theirs. */
export const MAX_SKEW_MS = 15 * 60 * 1000;

export interface AuthInput {
  method: string;
  rawPath: string;
  query: ReadonlyArray<readonly [string, string]>;
  params: ReadonlyMap<string, string>;
  headers: HeaderMap;
  now: number;
}

export interface S3Principal {
  caller: Caller;
  accessKey: string;
  /** OBS when the request speaks it (OBS signature or `x-obs-` headers): answers use `x-obs-` names. */
  dialect: V2Dialect;
  /** Region of the SigV4 credential scope, if any. */
  region?: string;
  /** How to read and verify the body. */
  body: BodyChecks;
}

/** Compares two signatures in constant time (for equal lengths; lengths are not secret). */
export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseAmzDate(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Date.parse(s);
}

function checkSkew(requestTime: number, now: number): void {
  if (!Number.isFinite(requestTime)) throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  if (Math.abs(now - requestTime) > MAX_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
      RequestTime: new Date(requestTime).toISOString(),
      ServerTime: new Date(now).toISOString(),
      MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
    });
  }
}

/**
 * Authenticates an object-API request against the AK/SK table: SigV4 (header or presigned), SigV2
 * (`AWS`, header or `AWSAccessKeyId` query) or OBS (`OBS`, header or `AccessKeyId` query); else by `consoleSession`.
 * Secrets never leave this function; failures carry only what AWS itself reveals.
 */
export function authenticate(input: AuthInput, iam: IamStore, consoleSession?: () => Caller | undefined): S3Principal {
  const authorization = input.headers.get('authorization');
  if (authorization?.startsWith('AWS4-HMAC-SHA256')) return sigV4(input, parseAuthorizationHeader(authorization, input.headers), iam);
  if (authorization) {
    const v2 = parseV2Header(authorization);
    if (!v2) throw new S3Error('InvalidArgument', 'Unsupported Authorization Type', { ArgumentName: 'Authorization' });
    const dateHeader = v2.dialect === 'obs' ? 'x-obs-date' : 'x-amz-date';
    const amzDate = input.headers.get(dateHeader);
    const date = amzDate ?? input.headers.get('date') ?? '';
    return v2Auth(input, iam, v2.dialect, v2.accessKey, v2.signature, amzDate !== undefined ? '' : date, () => checkSkew(parseAmzDate(date), input.now));
  }
  if (isPresignedV4(input.params)) return sigV4(input, parsePresignedQuery(input.params), iam);
  const signature = input.params.get('Signature');
  const expires = input.params.get('Expires');
  const v2Key = input.params.get('AWSAccessKeyId');
  const obsKey = input.params.get('AccessKeyId');
  if (signature !== undefined && expires !== undefined && (v2Key || obsKey)) {
    const dialect: V2Dialect = v2Key ? 'aws' : 'obs';
    return v2Auth(input, iam, dialect, v2Key ?? obsKey ?? '', signature, expires, () => {
      if (!/^\d+$/.test(expires) || Number(expires) * 1000 < input.now) throw new S3Error('AccessDenied', 'Request has expired', { Expires: expires });
      // The same week as SigV4 presigning: a link valid for decades is a leaked key in all but name.
      if (Number(expires) * 1000 - input.now > MAX_PRESIGN_SECONDS * 1000) {
        throw new S3Error('AuthorizationQueryParametersError', `Expires must be at most ${MAX_PRESIGN_SECONDS} seconds (a week) from now`, {
          Expires: expires,
        });
      }
    });
  }
  // The web console's session cookie (only when nothing else authenticates the request; its bodies are sent as is).
  const caller = consoleSession?.();
  if (caller) return { caller, accessKey: '', dialect: dialectOf(input.headers, 'aws'), body: bodyChecks({ kind: 'raw' }, input.headers) };
  throw new S3Error('AccessDenied', 'Anonymous access is not allowed: sign the request with an access key');
}

/** Where a request carries an IAM security token: the S3 and OBS headers, or the presigned query. */
const TOKEN_HEADERS = ['x-amz-security-token', 'x-obs-security-token'];
const TOKEN_PARAMS = ['X-Amz-Security-Token', 'x-amz-security-token', 'x-obs-security-token'];

function securityToken(input: AuthInput): string | undefined {
  for (const h of TOKEN_HEADERS) {
    const v = input.headers.get(h);
    if (v) return v;
  }
  for (const p of TOKEN_PARAMS) {
    const v = input.params.get(p);
    if (v) return v;
  }
  return undefined;
}

/** The caller and secret of an access key: a permanent one from the table, or a temporary one with its security token. */
function principal(iam: IamStore, accessKey: string, input: AuthInput): { caller: Caller; secret: string } {
  if (TemporaryCredentials.isTemporaryAccessKey(accessKey)) {
    const token = securityToken(input);
    if (!token) throw new S3Error('InvalidAccessKeyId', 'A temporary access key needs its security token (x-amz-security-token or x-obs-security-token)');
    const id = iam.temporary.verify(accessKey, token, input.now);
    if (id === 'expired') throw new S3Error('ExpiredToken', undefined, { 'X-Amz-Security-Token': '<redacted>' });
    const caller = id !== 'invalid' ? iam.caller(id.user_id, 'aksk') : undefined;
    if (id === 'invalid' || !caller) throw new S3Error('InvalidToken');
    return { caller, secret: id.secret };
  }
  const key = iam.accessKey(accessKey);
  const caller = key && iam.caller(key.user_id, 'aksk');
  if (!key || !caller) throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: accessKey });
  return { caller, secret: key.secret_key };
}

function sigV4(input: AuthInput, auth: SigV4Auth, iam: IamStore): S3Principal {
  const { caller, secret } = principal(iam, auth.credential.accessKey, input);
  const signedAt = parseAmzDate(auth.amzDate);
  if (auth.expiresSeconds !== undefined) {
    if (signedAt - input.now > MAX_SKEW_MS) throw new S3Error('AccessDenied', 'Request is not valid yet');
    if (auth.expiresSeconds === 0 || signedAt + auth.expiresSeconds * 1000 < input.now) {
      throw new S3Error('AccessDenied', 'Request has expired', { 'X-Amz-Expires': String(auth.expiresSeconds) });
    }
  } else {
    checkSkew(signedAt, input.now);
  }
  if (!auth.signedHeaders.includes('host')) throw new S3Error('AccessDenied', 'The host header must be signed');
  const verdict = verifySigV4(input, auth, secret, signaturesEqual);
  if (!verdict.ok) {
    throw new S3Error('SignatureDoesNotMatch', undefined, {
      AWSAccessKeyId: auth.credential.accessKey,
      StringToSign: verdict.stringToSign,
      SignatureProvided: auth.signature,
      CanonicalRequest: verdict.canonicalRequest,
    });
  }
  const payload = payloadOf(auth.payloadHash, {
    key: verdict.signingKey,
    amzDate: auth.amzDate,
    scope: auth.credential.scope,
    seed: auth.signature,
    equal: signaturesEqual,
  });
  return {
    caller,
    accessKey: auth.credential.accessKey,
    dialect: dialectOf(input.headers, 'aws'),
    region: auth.credential.region,
    body: bodyChecks(payload, input.headers),
  };
}

function v2Auth(
  input: AuthInput,
  iam: IamStore,
  dialect: V2Dialect,
  accessKey: string,
  signature: string,
  dateLine: string,
  checkTime: () => void,
): S3Principal {
  const { caller, secret } = principal(iam, accessKey, input);
  checkTime();
  const sts = v2StringToSign(input, dialect, dateLine);
  const matches = (candidate: string) => signaturesEqual(v2Signature(secret, candidate), signature);
  const nonAscii = hasNonAscii([...input.headers.names()].flatMap((n) => input.headers.list(n)));
  if (!matches(sts) && !(nonAscii && matches(v2StringToSign(input, dialect, dateLine, true)))) {
    throw new S3Error('SignatureDoesNotMatch', undefined, { AWSAccessKeyId: accessKey, StringToSign: sts, SignatureProvided: signature });
  }
  // V2/OBS signatures do not cover the body; a hex x-amz-content-sha256 is still honoured.
  const declared = input.headers.get('x-amz-content-sha256');
  const payload: PayloadSpec = declared && isHexSha256(declared) ? { kind: 'sha256', expected: declared } : { kind: 'raw' };
  return { caller, accessKey, dialect: dialectOf(input.headers, dialect), body: bodyChecks(payload, input.headers) };
}

function payloadOf(hash: string, signer: NonNullable<Extract<PayloadSpec, { kind: 'chunked' }>['signer']>): PayloadSpec {
  switch (hash) {
    case UNSIGNED_PAYLOAD:
      return { kind: 'raw' };
    case 'STREAMING-UNSIGNED-PAYLOAD-TRAILER':
      return { kind: 'chunked', trailer: true };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD':
      return { kind: 'chunked', trailer: false, signer };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER':
      return { kind: 'chunked', trailer: true, signer };
    default:
      if (isHexSha256(hash)) return { kind: 'sha256', expected: hash };
      if (hash.startsWith('STREAMING-')) throw new S3Error('NotImplemented', `x-amz-content-sha256 "${hash}" is not supported here`);
      throw new S3Error('InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-* or a hex SHA-256', {
        ArgumentName: 'x-amz-content-sha256',
      });
  }
}

function bodyChecks(payload: PayloadSpec, headers: HeaderMap): BodyChecks {
  const checks: BodyChecks = { payload };
  for (const name of headers.names()) {
    const algorithm = checksumAlgorithmOf(name);
    const value = headers.get(name);
    if (algorithm && value !== undefined) checks.checksum = { algorithm, expected: value };
  }
  if (payload.kind === 'chunked') {
    const declared = headers.get('x-amz-trailer');
    const trailerAlgorithm: ChecksumAlgorithm | undefined = declared ? checksumAlgorithmOf(declared.trim()) : undefined;
    if (trailerAlgorithm) checks.trailerChecksum = trailerAlgorithm;
    const decoded = headers.get('x-amz-decoded-content-length');
    if (decoded !== undefined) {
      if (!/^\d+$/.test(decoded))
        throw new S3Error('InvalidArgument', 'x-amz-decoded-content-length must be a number', { ArgumentName: 'x-amz-decoded-content-length' });
      checks.decodedLength = Number(decoded);
    }
  }
  return checks;
}

function dialectOf(headers: HeaderMap, fallback: V2Dialect): V2Dialect {
  if (fallback === 'obs') return 'obs';
  for (const n of headers.names()) if (n.startsWith('x-obs-')) return 'obs';
  return 'aws';
}
