import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signaturesEqual } from './auth.js';
import { HeaderMap } from './headers.js';
import { chunkSignature, parseAuthorizationHeader, parsePresignedQuery, signingKey, verifySigV4 } from './sigv4.js';
import { parseTarget } from './uri.js';

// The examples of the AWS S3 API documentation ("Signature Version 4" pages), with their published signatures.
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const AK = 'AKIAIOSFODNN7EXAMPLE';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const headers = (pairs: Record<string, string>) => new HeaderMap(Object.entries(pairs).flat());

describe('SigV4 verifier (AWS test vectors)', () => {
  it('accepts the GET /test.txt header-signed example and rejects a wrong secret', () => {
    const sig = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41';
    const h = headers({
      Host: 'examplebucket.s3.amazonaws.com',
      Range: 'bytes=0-9',
      'x-amz-content-sha256': EMPTY,
      'x-amz-date': '20130524T000000Z',
      Authorization: `AWS4-HMAC-SHA256 Credential=${AK}/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=${sig}`,
    });
    const auth = parseAuthorizationHeader(h.get('authorization') ?? '', h);
    expect(auth.credential).toMatchObject({ accessKey: AK, region: 'us-east-1', service: 's3' });
    const req = { method: 'GET', rawPath: '/test.txt', query: [], headers: h };
    expect(verifySigV4(req, auth, SECRET, signaturesEqual).ok).toBe(true);
    const bad = verifySigV4(req, auth, `${SECRET}x`, signaturesEqual);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.canonicalRequest).toContain('range:bytes=0-9\n');
  });

  it('accepts the presigned GET example', () => {
    const url =
      '/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
    const t = parseTarget(url);
    const auth = parsePresignedQuery(t.params);
    expect(auth.expiresSeconds).toBe(86400);
    expect(auth.payloadHash).toBe('UNSIGNED-PAYLOAD');
    const h = headers({ Host: 'examplebucket.s3.amazonaws.com' });
    expect(verifySigV4({ method: 'GET', rawPath: t.rawPath, query: t.query, headers: h }, auth, SECRET, signaturesEqual).ok).toBe(true);
    expect(verifySigV4({ method: 'PUT', rawPath: t.rawPath, query: t.query, headers: h }, auth, SECRET, signaturesEqual).ok).toBe(false);
  });

  it('reproduces the aws-chunked seed and chunk signatures', () => {
    const seed = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
    const h = headers({
      Host: 's3.amazonaws.com',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'content-encoding': 'aws-chunked',
      'content-length': '66824',
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'x-amz-decoded-content-length': '66560',
      Authorization: `AWS4-HMAC-SHA256 Credential=${AK}/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${seed}`,
    });
    const auth = parseAuthorizationHeader(h.get('authorization') ?? '', h);
    const v = verifySigV4({ method: 'PUT', rawPath: '/examplebucket/chunkObject.txt', query: [], headers: h }, auth, SECRET, signaturesEqual);
    expect(v.ok).toBe(true);
    const key = signingKey(SECRET, auth.credential);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const s1 = chunkSignature(key, auth.amzDate, auth.credential.scope, seed, sha(Buffer.alloc(65536, 'a')));
    expect(s1).toBe('ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648');
    const s2 = chunkSignature(key, auth.amzDate, auth.credential.scope, s1, sha(Buffer.alloc(1024, 'a')));
    expect(s2).toBe('0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497');
    expect(chunkSignature(key, auth.amzDate, auth.credential.scope, s2, EMPTY)).toBe('b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9');
  });

  it('refuses malformed headers and out-of-range expiries', () => {
    const h = headers({ 'x-amz-date': '20130524T000000Z', 'x-amz-content-sha256': EMPTY });
    expect(() => parseAuthorizationHeader('AWS4-HMAC-SHA256 Credential=AK/2013/x', h)).toThrow(/malformed/);
    expect(() => parseAuthorizationHeader(`AWS4-HMAC-SHA256 Credential=${AK}/20130525/us-east-1/s3/aws4_request,SignedHeaders=host,Signature=00`, h)).toThrow(
      /not the same as X-Amz-Date/,
    );
    const q = (expires: string) =>
      parseTarget(
        `/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${AK}%2F20130524%2Fr%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=${expires}&X-Amz-SignedHeaders=host&X-Amz-Signature=00`,
      ).params;
    expect(() => parsePresignedQuery(q('604801'))).toThrow(/less than a week/);
    expect(() => parsePresignedQuery(q('-1'))).toThrow(/number/);
    expect(parsePresignedQuery(q('604800')).expiresSeconds).toBe(604800);
  });
});
