import { signRequest } from '@modelarts-ts/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, signV4 } from './s3-helpers.js';
import { type Fixture, jobBody, trainingFixture } from './training/helpers.js';

/** Client input that once caused 500s (or was stored unchecked): each is a 400 with the S3 or ModelArts code. */
describe('client input is checked at the edge', () => {
  let f: Fixture;
  const host = () => new URL(f.p.endpoint).host;
  const keys = () => ({ ak: f.p.credentials.access_key, sk: f.p.credentials.secret_key });

  /** A SigV4-signed object-API request; `query` is sent encoded exactly as signed. */
  function s3(method: string, path: string, query: Record<string, string> = {}, body?: Buffer) {
    const payloadHash = 'UNSIGNED-PAYLOAD';
    const signed = signV4(method, path, query, body ? { 'content-length': String(body.length) } : {}, { ...keys(), payloadHash, host: host() });
    return raw(f.p.endpoint, method, signed.query ? `${path}?${signed.query}` : path, signed.headers, body);
  }

  /** An AK/SK-signed ModelArts API request with exactly these body bytes. */
  function api(method: string, path: string, body: string) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const bytes = Buffer.from(body);
    signRequest({ method, url: new URL(path, f.p.endpoint), headers, body: bytes }, f.p.credentials);
    return raw(f.p.endpoint, method, path, headers, bytes);
  }

  const s3Code = (r: { body: Buffer; headers: Record<string, unknown> }) =>
    /<Code>([^<]*)<\/Code>/.exec(r.body.toString())?.[1] ?? r.headers['x-amz-error-code'];
  const apiCode = (r: { body: Buffer }) => (JSON.parse(r.body.toString()) as { error_code: string }).error_code;

  beforeAll(async () => {
    f = await trainingFixture();
    await f.client.bucket('edge-bkt');
    await f.client.put('edge-bkt', 'k', 'hello');
  });
  afterAll(() => f.close());

  it('refuses response-* overrides that are not header-safe (CRLF, non-ASCII) on GET and HEAD', async () => {
    for (const method of ['GET', 'HEAD']) {
      const crlf = await s3(method, '/edge-bkt/k', { 'response-content-type': 'text/plain\r\nSet-Cookie: a=b' });
      expect(crlf.status).toBe(400);
      expect(s3Code(crlf)).toBe('InvalidArgument');
      const euro = await s3(method, '/edge-bkt/k', { 'response-content-disposition': '€' });
      expect(euro.status).toBe(400);
      expect(s3Code(euro)).toBe('InvalidArgument');
    }
    const fine = await s3('GET', '/edge-bkt/k', { 'response-content-disposition': 'attachment; filename="k.txt"' });
    expect(fine.status).toBe(200);
    expect(fine.headers['content-disposition']).toBe('attachment; filename="k.txt"');
  });

  it('refuses a LocationConstraint that is not a region name, and stores nothing', async () => {
    const config = (region: string) =>
      Buffer.from(
        `<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`,
      );
    for (const [bucket, region] of [
      ['loc-evil', '&lt;evil/&gt;'],
      ['loc-newline', 'cn&#10;north'],
      ['loc-long', 'a'.repeat(60_000)],
    ] as const) {
      const r = await s3('PUT', `/${bucket}`, {}, config(region));
      expect(r.status, bucket).toBe(400);
      expect(s3Code(r)).toBe('InvalidLocationConstraint');
      expect((await s3('HEAD', `/${bucket}`)).status).toBe(404);
    }
    const ok = await s3('PUT', '/loc-ok', {}, config('cn-north-4'));
    expect(ok.status).toBe(200);
    const head = await s3('HEAD', '/loc-ok');
    expect(head.headers['x-amz-bucket-region']).toBe('cn-north-4');
  });

  it('refuses reserved bucket names (xn--, -s3alias) at create', async () => {
    for (const name of ['xn--bucket', 'data-s3alias', 'sthree-data']) {
      const r = await s3('PUT', `/${name}`);
      expect(r.status, name).toBe(400);
      expect(s3Code(r)).toBe('InvalidBucketName');
    }
  });

  it('answers JSON nested 100,000 deep with 400 ModelArts.0101, signed or not', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const token = await raw(f.p.endpoint, 'POST', '/v3/auth/tokens', { 'content-type': 'application/json' }, Buffer.from(deep));
    expect(token.status).toBe(400);
    expect(apiCode(token)).toBe('ModelArts.0101');
    const nested = `{"kind":"job","metadata":{"name":"x"},"algorithm":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const r = await api('POST', `/v2/${f.p.credentials.project_id}/training-jobs`, nested);
    expect(r.status).toBe(400);
    expect(apiCode(r)).toBe('ModelArts.0101');
    // Brackets inside strings do not count as nesting.
    const inString = await api(
      'POST',
      `/v2/${f.p.credentials.project_id}/training-job-searches`,
      JSON.stringify({ filters: [{ key: 'name', operator: 'like', value: ['['.repeat(1000)] }] }),
    );
    expect(inString.status).not.toBe(500);
  });

  it('refuses environment names with "=" and NUL in environment or parameter values at create, with ModelArts.2788', async () => {
    await f.client.put('edge-bkt', 'code/train.py', 'print(1)\n');
    const algorithm = { code_dir: 'obs://edge-bkt/code/', boot_file: 'obs://edge-bkt/code/train.py' };
    const create = (extra: object, name: string) =>
      api('POST', `/v2/${f.p.credentials.project_id}/training-jobs`, JSON.stringify(jobBody(name, { ...algorithm, ...extra })));
    for (const [name, extra] of [
      ['env-equals', { environments: { 'A=B': 'x' } }],
      ['env-nul', { environments: { GOOD: 'a\u0000b' } }],
      ['param-nul', { parameters: [{ name: 'lr', value: '0.1\u0000' }] }],
    ] as const) {
      const r = await create(extra, name);
      expect(r.status, name).toBe(400);
      expect(apiCode(r), name).toBe('ModelArts.2788');
    }
    const list = await api('POST', `/v2/${f.p.credentials.project_id}/training-job-searches`, '{}');
    expect(list.body.toString()).not.toMatch(/env-equals|env-nul|param-nul/);
  });
});
