import { describe, expect, it } from 'vitest';
import { verifySdkHmac } from './sdk-hmac-verifier.js';

const at = (iso: string) => Date.parse(iso);
const keys = (ak: string, sk: string) => (a: string) => (a === ak ? { secret_key: sk, user_id: 'u1' } : undefined);

// The worked example of Huawei Cloud's API-gateway signing documentation: the same vectors the SDK signer is tested with.
describe('SDK-HMAC-SHA256 verifier: the documented worked example', () => {
  const goNow = at('2006-01-02T15:05:00Z');

  it('accepts the Go GET vector', () => {
    const r = verifySdkHmac({
      method: 'GET',
      rawUrl: '/path?limit=1',
      headers: {
        'x-sdk-date': '20060102T150405Z',
        authorization: 'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624',
      },
      body: undefined,
      now: goNow,
      secretFor: keys('AccessKey', 'SecretKey'),
    });
    expect(r).toEqual({ ok: true, access_key: 'AccessKey', user_id: 'u1' });
  });

  const postVector = (body: string, secret = 'SecretKey', now = goNow) =>
    verifySdkHmac({
      method: 'POST',
      rawUrl: '/path?key=value',
      headers: {
        'x-sdk-date': '20060102T150405Z',
        authorization: 'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59',
      },
      body: Buffer.from(body),
      now,
      secretFor: keys('AccessKey', secret),
    });

  it('accepts the Go POST vector only over the exact bytes (trailing newline)', () => {
    expect(postVector('{"Name":"test","Id":1}\n').ok).toBe(true);
    expect(postVector('{"Name":"test","Id":1}')).toMatchObject({ ok: false, code: 'APIGW.0301' });
  });

  it('rejects a wrong secret, an unknown AK and a stale date with the gateway codes', () => {
    expect(postVector('{"Name":"test","Id":1}\n', 'WrongKey')).toMatchObject({ ok: false, code: 'APIGW.0301' });
    expect(postVector('{"Name":"test","Id":1}\n', 'SecretKey', goNow + 20 * 60_000)).toMatchObject({ ok: false, code: 'APIGW.0303' });
    const unknown = verifySdkHmac({
      method: 'GET',
      rawUrl: '/path',
      headers: { 'x-sdk-date': '20060102T150405Z', authorization: `SDK-HMAC-SHA256 Access=Nobody, SignedHeaders=x-sdk-date, Signature=${'0'.repeat(64)}` },
      body: undefined,
      now: goNow,
      secretFor: keys('AccessKey', 'SecretKey'),
    });
    expect(unknown).toMatchObject({ ok: false, code: 'APIGW.0301' });
    if (!unknown.ok) expect(unknown.message).toMatch(/ak not exist/);
  });

  it('accepts the worked ModelArts GET example (host and x-project-id signed, %20 in the query)', () => {
    const project = '0123456789abcdef0123456789abcdef';
    const r = verifySdkHmac({
      method: 'GET',
      rawUrl: `/v2/${project}/datasets?offset=0&limit=10&search_content=my%20data`,
      headers: {
        host: 'modelarts.cn-north-4.myhuaweicloud.com',
        'x-project-id': project,
        'x-sdk-date': '20240102T030405Z',
        authorization:
          'SDK-HMAC-SHA256 Access=EXAMPLEAK0000000000, SignedHeaders=host;x-project-id;x-sdk-date, Signature=a53ef92340453417eb07c6ec6853a3dc5b8e543e1980309d8f7feec85e33c4f3',
      },
      body: undefined,
      now: at('2024-01-02T03:10:00Z'),
      secretFor: keys('EXAMPLEAK0000000000', 'EXAMPLESK0000000000000000000000000000000'),
    });
    expect(r.ok).toBe(true);
  });

  it('accepts the worked ModelArts POST example and rejects its tampered body', () => {
    const project = '0123456789abcdef0123456789abcdef';
    const run = (body: string) =>
      verifySdkHmac({
        method: 'POST',
        rawUrl: `/v2/${project}/datasets/abcDEF123/versions`,
        headers: {
          host: 'modelarts.cn-north-4.myhuaweicloud.com',
          'content-type': 'application/json',
          'x-project-id': project,
          'x-sdk-date': '20240102T030405Z',
          authorization:
            'SDK-HMAC-SHA256 Access=EXAMPLEAK0000000000, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=b0b7587117cc5c55d68f047ba7b95575c64cecca81ce6f4c024133a88e98259d',
        },
        body: Buffer.from(body),
        now: at('2024-01-02T03:00:00Z'),
        secretFor: keys('EXAMPLEAK0000000000', 'EXAMPLESK0000000000000000000000000000000'),
      });
    expect(run('{"version_name":"V001"}').ok).toBe(true);
    expect(run('{"version_name":"V002"}').ok).toBe(false);
  });
});
