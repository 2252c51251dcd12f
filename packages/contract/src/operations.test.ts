import { describe, expect, it } from 'vitest';
import { expandPath, pathParamNames, routerPath } from './common/operation.js';
import { getOperation, operations } from './operations.js';
import { canonicalRequest, decodeQueryPairs, formatSdkDate, parseAuthorization, parseSdkDate } from './signing/sdk-hmac.js';

describe('operation table', () => {
  it('has unique ids and unique method+path pairs', () => {
    const ids = operations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    const routes = operations.map((o) => `${o.method} ${o.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('declares a params schema property for every {name} in a path, and nothing more', () => {
    for (const op of operations) {
      const names = pathParamNames(op.path).sort();
      const declared = Object.keys(('params' in op && op.params?.properties) || {}).sort();
      expect(declared, op.id).toEqual(names);
    }
  });

  it('declares exactly one success status per operation', () => {
    for (const op of operations) {
      const ok = Object.keys(op.responses)
        .map(Number)
        .filter((s) => s >= 200 && s < 300);
      expect(ok.length, op.id).toBe(1);
    }
  });

  it('keeps the cloud paths: IAM under /v3 (and /v3.0 for OS-CREDENTIAL), ModelArts under /v1 or /v2, ours under /-/', () => {
    for (const op of operations) {
      const prefix = { iam: /^\/v3(\.0)?\//, modelarts: /^\/v[12]\/\{project_id\}\//, local: /^\/-\//, inference: /^\/v1\/infers\// }[op.service];
      expect(op.path, op.id).toMatch(prefix);
    }
    expect(getOperation('iam.createToken').path).toBe('/v3/auth/tokens');
  });

  it('expands and converts path templates', () => {
    expect(routerPath('/v2/{project_id}/authorizations')).toBe('/v2/:project_id/authorizations');
    expect(expandPath('/v2/{project_id}/x/{id}', { project_id: 'p', id: 'a b' })).toBe('/v2/p/x/a%20b');
    expect(() => expandPath('/v2/{project_id}', {})).toThrow(/project_id/);
    expect(routerPath('/v1/infers/{service_id}/{path*}')).toBe('/v1/infers/:service_id/*');
    expect(expandPath('/v1/infers/{service_id}/{path*}', { service_id: 's', path: '/a b/c' })).toBe('/v1/infers/s/a%20b/c');
    expect(expandPath('/v1/infers/{service_id}/{path*}', { service_id: 's' })).toBe('/v1/infers/s/');
  });
});

describe('SDK-HMAC-SHA256 canonical request (the documented worked example)', () => {
  it('builds the documented canonical request text', () => {
    const text = canonicalRequest({
      method: 'GET',
      pathSegments: ['', 'v2', '0123456789abcdef0123456789abcdef', 'datasets'],
      query: decodeQueryPairs('offset=0&limit=10&search_content=my%20data') ?? [],
      headers: { host: 'modelarts.cn-north-4.myhuaweicloud.com', 'x-project-id': '0123456789abcdef0123456789abcdef', 'x-sdk-date': '20240102T030405Z' },
      signedHeaders: ['x-sdk-date', 'host', 'x-project-id'],
      payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    });
    expect(text).toBe(
      [
        'GET',
        '/v2/0123456789abcdef0123456789abcdef/datasets/',
        'limit=10&offset=0&search_content=my%20data',
        'host:modelarts.cn-north-4.myhuaweicloud.com',
        'x-project-id:0123456789abcdef0123456789abcdef',
        'x-sdk-date:20240102T030405Z',
        '',
        'host;x-project-id;x-sdk-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
  });

  it('round-trips dates and parses the Authorization header', () => {
    const d = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(formatSdkDate(d)).toBe('20240102T030405Z');
    expect(parseSdkDate('20240102T030405Z')?.getTime()).toBe(d.getTime());
    expect(parseSdkDate('2024-01-02')).toBeUndefined();
    const sig = 'a'.repeat(64);
    expect(parseAuthorization(`SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=${sig}`)).toEqual({
      access: 'AK',
      signedHeaders: ['host', 'x-sdk-date'],
      signature: sig,
    });
    expect(parseAuthorization('Bearer x')).toBeUndefined();
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=zz')).toBeUndefined();
  });
});
