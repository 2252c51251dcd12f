import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../src/testing.js';
import { raw, xmlValue } from './s3-helpers.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(async () => platform?.close());

describe('one port, two APIs', () => {
  it('answers unknown /v1/, /v2/, /v3/ and /-/ paths with the ModelArts JSON 404, never as buckets', async () => {
    for (const [method, path] of [
      ['GET', '/v1/nothing/here'],
      ['PUT', '/v2/x'],
      ['DELETE', '/v3/unknown/thing'],
      ['GET', '/-/no-such-page'],
      ['HEAD', '/v1'],
    ] as const) {
      const r = await raw(platform.endpoint, method, path, {});
      expect(r.status).toBe(404);
      if (method !== 'HEAD') expect(JSON.parse(r.body.toString())).toMatchObject({ error_code: 'ModelArts.4204' });
    }
  });

  it('treats everything else as the object API, with S3 XML errors and request ids', async () => {
    const r = await raw(platform.endpoint, 'GET', '/some-bucket/key', {});
    expect([r.status, xmlValue(r.body, 'Code'), r.headers['content-type']]).toEqual([403, 'AccessDenied', 'application/xml']);
    expect(r.headers['x-amz-request-id']).toBe(xmlValue(r.body, 'RequestId'));
    expect(r.headers['x-obs-request-id']).toBe(r.headers['x-amz-request-id']);
    const head = await raw(platform.endpoint, 'HEAD', '/some-bucket/key', {});
    expect([head.status, head.body.length, head.headers['x-amz-error-code']]).toEqual([403, 0, 'AccessDenied']);
    const health = await raw(platform.endpoint, 'GET', '/-/health', {});
    expect(health.status).toBe(200);
  });

  it('marks object-API routes with protocol s3 in the route table', () => {
    const s3 = platform.app.routeTable.filter((r) => r.protocol === 's3');
    expect(s3.map((r) => `${r.method} ${r.url}`).sort()).toEqual(['DELETE', 'GET', 'HEAD', 'POST', 'PUT'].flatMap((m) => [`${m} /`, `${m} /*`]).sort());
    expect(s3.every((r) => r.operationId === undefined)).toBe(true);
  });
});
