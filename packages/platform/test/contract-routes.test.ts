import { type OperationSpec, operations, routerPath } from '@modelarts-ts/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../src/testing.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startPlatform();
});
afterAll(async () => {
  await p?.close();
});

describe('the contract is the spine', () => {
  it('every operation has a route and every API route an operation', () => {
    const api = p.app.routeTable.filter((r) => r.protocol !== 's3' && r.protocol !== 'files');
    for (const op of operations as readonly OperationSpec[]) {
      expect(
        api.some((r) => r.operationId === op.id && (op.method === 'ANY' || r.method === op.method) && r.url === routerPath(op.path)),
        `${op.id} has no route`,
      ).toBe(true);
    }
    for (const r of api) {
      const op = (operations as readonly OperationSpec[]).find((o) => o.id === r.operationId);
      expect(op, `route ${r.method} ${r.url} has no operation`).toBeDefined();
    }
  });

  it('serves an OpenAPI document generated from the contract', async () => {
    const res = await fetch(`${p.endpoint}/-/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.openapi).toBe('3.1.0');
    const ids = Object.values(doc.paths).flatMap((m) => Object.values(m).map((o) => o.operationId));
    expect(ids.sort()).toEqual(operations.map((o) => o.id).sort());
  });

  it('answers health without credentials and echoes X-Request-Id', async () => {
    const res = await fetch(`${p.endpoint}/-/health`, { headers: { 'x-request-id': 'my-req-1' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('my-req-1');
    expect(await res.json()).toMatchObject({ status: 'ok', region: p.config.region });
  });

  it('unknown APIs get the ModelArts 404 body', async () => {
    const res = await fetch(`${p.endpoint}/v2/${p.credentials.project_id}/no-such-api`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as Record<string, string>;
    expect(body.error_code).toBe('ModelArts.4204');
    expect(body.request_id).toBe(res.headers.get('x-request-id'));
  });

  it('validates bodies against the contract before doing anything (400 ModelArts.0101, field named)', async () => {
    const res = await fetch(`${p.endpoint}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'] } } }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, string>;
    expect(body.error_code).toBe('ModelArts.0101');
    expect(body.error_msg).toMatch(/password/);
    const bad = await fetch(`${p.endpoint}/v3/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Record<string, string>).error_code).toBe('ModelArts.0101');
  });

  it('refuses bodies over 12 MB with 413 ModelArts.4104', async () => {
    const res = await fetch(`${p.endpoint}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"pad":"${'x'.repeat(12 * 1024 * 1024 + 10)}"}`,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as Record<string, string>).error_code).toBe('ModelArts.4104');
  });

  it('never sends stack traces: an internal failure is a generic 500 with the request id, logged', async () => {
    const broken = await startPlatform();
    try {
      broken.app.platform.db.close(); // every provider call now fails inside SQLite
      const res = await fetch(`${broken.endpoint}/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'x', password: 'y' } } } } }),
      });
      expect(res.status).toBe(500);
      const rid = res.headers.get('x-request-id') as string;
      const body = (await res.json()) as Record<string, string>;
      expect(body.error_code).toBe('ModelArts.0010');
      expect(body.error_msg).toContain(rid);
      expect(JSON.stringify(body)).not.toMatch(/database|sqlite|\.ts:\d+|\.js:\d+/i);
      expect(broken.logs()).toContain(rid);
      expect(broken.logs()).toMatch(/internal error/);
    } finally {
      await broken.close();
    }
  });
});
