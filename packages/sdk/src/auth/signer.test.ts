import { sdkHmac } from '@modelarts-ts/contract';
import { describe, expect, it } from 'vitest';
import { sdkSignature, signRequest } from './signer.js';

// The worked example of Huawei Cloud's API-gateway signing documentation (SDK-HMAC-SHA256).
describe('SDK-HMAC-SHA256 signer: the documented worked example', () => {
  it('GET /path?limit=1 with only x-sdk-date signed (Go signer_test)', () => {
    const req = { method: 'GET', url: new URL('https://example.huaweicloud.com/path?limit=1'), headers: { 'x-sdk-date': '20060102T150405Z' } };
    expect(sdkSignature(req, ['x-sdk-date'], 'SecretKey')).toBe('5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624');
  });

  it('POST /path?key=value hashes the exact bytes, trailing newline included', () => {
    const body = Buffer.from('{"Name":"test","Id":1}\n');
    const req = { method: 'POST', url: new URL('https://example.huaweicloud.com/path?key=value'), headers: { 'x-sdk-date': '20060102T150405Z' }, body };
    expect(sdkSignature(req, ['x-sdk-date'], 'SecretKey')).toBe('cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59');
    // Without the newline the signature differs: the hash must cover what is sent, not a re-serialization.
    expect(sdkSignature({ ...req, body: Buffer.from('{"Name":"test","Id":1}') }, ['x-sdk-date'], 'SecretKey')).not.toBe(
      'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59',
    );
  });

  const project = '0123456789abcdef0123456789abcdef';
  const cred = { access_key: 'EXAMPLEAK0000000000', secret_key: 'EXAMPLESK0000000000000000000000000000000' };
  const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

  it('worked ModelArts GET example: full Authorization header', () => {
    const url = new URL(`https://modelarts.cn-north-4.myhuaweicloud.com/v2/${project}/datasets?offset=0&limit=10&search_content=my%20data`);
    const headers: Record<string, string> = { 'x-project-id': project };
    signRequest({ method: 'GET', url, headers }, cred, date);
    expect(headers.authorization).toBe(
      'SDK-HMAC-SHA256 Access=EXAMPLEAK0000000000, SignedHeaders=host;x-project-id;x-sdk-date, Signature=a53ef92340453417eb07c6ec6853a3dc5b8e543e1980309d8f7feec85e33c4f3',
    );
    expect(headers['x-sdk-date']).toBe('20240102T030405Z');
  });

  it('worked ModelArts POST example with content-type signed', () => {
    const url = new URL(`https://modelarts.cn-north-4.myhuaweicloud.com/v2/${project}/datasets/abcDEF123/versions`);
    const headers: Record<string, string> = { 'x-project-id': project, 'content-type': 'application/json' };
    signRequest({ method: 'POST', url, headers, body: Buffer.from('{"version_name":"V001"}') }, cred, date);
    expect(headers.authorization).toBe(
      'SDK-HMAC-SHA256 Access=EXAMPLEAK0000000000, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=b0b7587117cc5c55d68f047ba7b95575c64cecca81ce6f4c024133a88e98259d',
    );
  });

  it('canonical URI always ends with "/" and query values are escaped with %20', () => {
    expect(sdkHmac.canonicalUri(['', 'v2', 'p', 'datasets'])).toBe('/v2/p/datasets/');
    expect(
      sdkHmac.canonicalQuery([
        ['search_content', 'my data'],
        ['limit', '10'],
      ]),
    ).toBe('limit=10&search_content=my%20data');
  });
});
