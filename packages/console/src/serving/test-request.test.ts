import { describe, expect, it } from 'vitest';
import { apiChoices, buildTestRequest, exampleBody, inferUrl, sendTestRequest, TestRequestError } from './test-request.js';

describe('inferUrl', () => {
  it('appends the API path to the service inference address', () => {
    expect(inferUrl('abc', '/')).toBe('/v1/infers/abc');
    expect(inferUrl('abc', '')).toBe('/v1/infers/abc');
    expect(inferUrl('abc', '/v1/predict')).toBe('/v1/infers/abc/v1/predict');
    expect(inferUrl('abc', 'a b')).toBe('/v1/infers/abc/a%20b');
    expect(() => inferUrl('abc', '/../x')).toThrow(TestRequestError);
  });
});

describe('buildTestRequest', () => {
  it('sends JSON text as application/json with the session headers', () => {
    const { url, init } = buildTestRequest(
      { serviceId: 's1', path: '/', method: 'post', body: { kind: 'json', text: ' {"x":[1,2]} ' } },
      { 'X-Csrf-Token': 't' },
    );
    expect(url).toBe('/v1/infers/s1');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"x":[1,2]}');
    expect(init.headers).toEqual({ 'X-Csrf-Token': 't', 'Content-Type': 'application/json' });
    expect(init.credentials).toBe('same-origin');
  });

  it('refuses a body that is not JSON', () => {
    expect(() => buildTestRequest({ serviceId: 's1', path: '/', method: 'POST', body: { kind: 'json', text: '{x:' } })).toThrow(/not JSON/);
  });

  it('sends a file as multipart form data in the named field', async () => {
    const file = new Blob(['hello'], { type: 'text/plain' });
    const { init } = buildTestRequest({ serviceId: 's1', path: '/', method: 'POST', body: { kind: 'file', file, fileName: 'a.txt', field: 'files' } });
    expect(init.body).toBeInstanceOf(FormData);
    const got = (init.body as FormData).get('files') as File;
    expect(got.name).toBe('a.txt');
    expect(await got.text()).toBe('hello');
    expect(init.headers).toEqual({});
  });
});

describe('sendTestRequest', () => {
  it('pretty-prints a JSON answer and measures the latency around the fetch', async () => {
    let clock = 100;
    const fake: typeof fetch = async (url, init) => {
      expect(url).toBe('/v1/infers/s1');
      expect(init?.body).toBe('{"x":[1]}');
      clock += 42;
      return new Response('{"sum":1}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const r = await sendTestRequest(
      { serviceId: 's1', path: '/', method: 'POST', body: { kind: 'json', text: '{"x":[1]}' } },
      { fetch: fake, now: () => clock },
    );
    expect(r).toMatchObject({ status: 200, ok: true, latencyMs: 42, answer: { kind: 'json', value: { sum: 1 }, text: '{\n  "sum": 1\n}' } });
  });

  it('reads text, images and other bytes by content type, and keeps error statuses', async () => {
    const answer = (body: BodyInit, type: string, status = 200) =>
      sendTestRequest(
        { serviceId: 's', path: '/', method: 'POST', body: { kind: 'json', text: '' } },
        { fetch: async () => new Response(body, { status, headers: { 'content-type': type } }) },
      );
    expect((await answer('plain words', 'text/plain')).answer).toEqual({ kind: 'text', text: 'plain words' });
    const img = await answer(new Uint8Array([137, 80, 78, 71]), 'image/png');
    expect(img.answer.kind).toBe('image');
    expect((await answer(new Uint8Array(5), 'application/octet-stream')).answer).toEqual({ kind: 'binary', size: 5 });
    const err = await answer('{"error_code":"ModelArts.4203","error_msg":"not running"}', 'application/json', 503);
    expect(err).toMatchObject({ ok: false, status: 503, answer: { kind: 'json', value: { error_code: 'ModelArts.4203' } } });
  });
});

describe('apiChoices', () => {
  it('reads the path, method, body kind and file field of each API', () => {
    const apis = JSON.stringify([
      { url: '/', method: 'post', request: { 'Content-type': 'application/json', data: { type: 'object' } } },
      { url: '/upload', method: 'post', request: { 'Content-type': 'multipart/form-data', data: { type: 'object', properties: { files: { type: 'file' } } } } },
    ]);
    expect(apiChoices(apis)).toEqual([
      { path: '/', method: 'POST', body: 'json', field: 'images' },
      { path: '/upload', method: 'POST', body: 'file', field: 'files' },
    ]);
  });

  it('falls back to the default API', () => {
    expect(apiChoices('not json')).toEqual([{ path: '/', method: 'POST', body: 'json', field: 'images' }]);
    expect(apiChoices(undefined)).toHaveLength(1);
  });
});

describe('exampleBody', () => {
  it('fills the request schema of the chosen API', () => {
    const apis = JSON.stringify([
      {
        url: '/',
        request: {
          data: {
            type: 'object',
            properties: {
              data: { type: 'object', properties: { req_data: { type: 'array', items: [{ type: 'object', properties: { x: { type: 'number' } } }] } } },
            },
          },
        },
      },
    ]);
    expect(JSON.parse(exampleBody(apis, '/'))).toEqual({ data: { req_data: [{ x: 0 }] } });
    expect(exampleBody(apis, '/other')).toBe('{}');
    expect(exampleBody('nonsense', '/')).toBe('{}');
  });
});
