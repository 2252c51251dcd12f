import { request } from 'node:http';
import { signRequest } from '@modelarts-ts/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, trainingFixture } from '../training/helpers.js';
import { deploy, getService, infer, jsonModelFiles, publishModel, realtime, token, until, waitService } from './helpers.js';

// The router caches identities for a few seconds (every request authenticates): these tests show that whatever
// revokes a token or a key takes effect on the very next inference request, and that the cache keeps every check.
let f: Fixture;
let serviceId: string;

beforeAll(async () => {
  f = await trainingFixture({ inferenceTimeoutSeconds: 5, inferenceBodyLimitBytes: 1024 * 1024, tokenTtlSeconds: 2 });
  await f.client.bucket('router');
  const model = await publishModel(f.client, 'router', 'sum/1/', 'sum', '1.0.0', jsonModelFiles('1.0.0'));
  serviceId = await deploy(f.client, realtime('router-auth', [{ model_id: model }]));
  expect((await waitService(f.client, serviceId, ['running', 'failed'])).status).toBe('running');
}, 120_000);
afterAll(async () => {
  await f?.close();
});

/** An inference request signed with AK/SK `c`. */
async function signedInfer(c: { access_key: string; secret_key: string }, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const url = new URL(`${f.p.endpoint}/v1/infers/${serviceId}/`);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  signRequest({ method: 'POST', url, headers, body: Buffer.from(body) }, c);
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Posts `size` bytes of a JSON string in chunks, without Content-Length; resolves with the status and body. */
function chunkedInfer(tok: string, size: number): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${f.p.endpoint}/v1/infers/${serviceId}/`,
      { method: 'POST', headers: { 'x-auth-token': tok, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString('utf8')) }));
      },
    );
    // The platform may answer 413 and close before the whole body is sent.
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    req.write('{"pad":"');
    for (let sent = 0; sent < size; sent += chunk.length) req.write(chunk);
    req.end('"}');
  });
}

describe('the router authenticates every request, with identities cached', () => {
  it('counts each call in req_count_per_min and answers 401 without credentials', async () => {
    const tok = await token(f.p);
    for (let i = 0; i < 5; i++) expect((await infer(f.p, tok, serviceId, `{"x":[${i}]}`)).json.sum).toBe(i);
    const monitor = await f.client.call('services.monitor', { params: { service_id: serviceId } });
    expect(monitor.req_count_per_min).toBe(5);
    const anon = await fetch(`${f.p.endpoint}/v1/infers/${serviceId}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as Record<string, unknown>).error_code).toBe('ModelArts.0201');
    const forged = await infer(f.p, `MII${'A'.repeat(64)}`, serviceId, '{"x":[1]}');
    expect(forged.status).toBe(401);
    expect(forged.json.error_code).toBe('ModelArts.0203');
  });

  it('an expired token is refused although it was just used', async () => {
    const tok = await token(f.p);
    expect((await infer(f.p, tok, serviceId, '{"x":[1]}')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2100));
    const late = await infer(f.p, tok, serviceId, '{"x":[1]}');
    expect(late.status).toBe(401);
    expect(late.json.error_code).toBe('ModelArts.0202');
  });

  it('a body over the limit is 413 ModelArts.4104, with or without Content-Length, and counted nowhere', async () => {
    const tok = await token(f.p);
    const before = await getService(f.client, serviceId);
    const declared = await infer(f.p, tok, serviceId, JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }));
    expect(declared.status).toBe(413);
    expect(declared.json.error_code).toBe('ModelArts.4104');
    const chunked = await chunkedInfer(tok, 2 * 1024 * 1024);
    expect(chunked.status).toBe(413);
    expect(chunked.json.error_code).toBe('ModelArts.4104');
    expect((await infer(f.p, tok, serviceId, '{"x":[4]}')).json.sum).toBe(4);
    const after = await until(
      'counters',
      () => getService(f.client, serviceId),
      (s) => s.invocation_times > before.invocation_times,
    );
    expect(after.invocation_times - before.invocation_times).toBe(1);
  });

  it('a rotated password revokes its tokens at the router on the very next request', async () => {
    const tok = await token(f.p);
    // Twice: the second answer comes from the cached identity.
    expect((await infer(f.p, tok, serviceId, '{"x":[1]}')).status).toBe(200);
    expect((await infer(f.p, tok, serviceId, '{"x":[2]}')).status).toBe(200);
    // What an edit of credentials.json applies (the platform watches the file).
    f.p.app.platform.iam.upsertIdentity({ ...f.p.credentials, password: 'a-rotated-password-1' });
    const revoked = await infer(f.p, tok, serviceId, '{"x":[3]}');
    expect(revoked.status).toBe(401);
    expect(revoked.json.error_code).toBe('ModelArts.0203');
  });

  it('a rotated AK/SK is refused by the router on the very next request, and the new one works', async () => {
    const old = { ...f.p.credentials };
    expect((await signedInfer(old, '{"x":[1]}')).json.sum).toBe(1);
    expect((await signedInfer(old, '{"x":[2]}')).json.sum).toBe(2);
    const rotated = { ...old, access_key: 'ROTATEDROUTERKEY0001', secret_key: 's'.repeat(40) };
    f.p.app.platform.iam.upsertIdentity(rotated);
    const refused = await signedInfer(old, '{"x":[3]}');
    expect(refused.status).toBe(401);
    expect(refused.json.error_code).toBe('APIGW.0301');
    expect((await signedInfer(rotated, '{"x":[4]}')).json.sum).toBe(4);
  });
});
