import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySdkHmac } from '@modelarts-ts/platform/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, ConflictError, InternalServerError, ModelArtsClient } from '../src/index.js';

const AK = 'RETRYTESTAK000000000';
const SK = 'retry-test-secret-key-0000000000000000000';
const PROJECT = '0123456789abcdef0123456789abcdef';

interface Seen {
  at: number;
  date: string;
  retry: string | undefined;
  ok: boolean;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(answer: (n: number) => { status: number; headers?: Record<string, string>; body: unknown }): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const srv = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const v = verifySdkHmac({
        method: req.method ?? 'GET',
        rawUrl: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks),
        now: Date.now(),
        secretFor: (ak) => (ak === AK ? { secret_key: SK, user_id: 'u' } : undefined),
      });
      seen.push({ at: Date.now(), date: String(req.headers['x-sdk-date']), retry: req.headers['x-sdk-retry-count'] as string | undefined, ok: v.ok });
      const a = answer(seen.length);
      res.writeHead(a.status, { 'content-type': 'application/json', 'x-request-id': `req-${seen.length}`, ...a.headers });
      res.end(JSON.stringify(a.body));
    });
  });
  server = srv;
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, seen };
}

const client = (url: string) =>
  new ModelArtsClient({
    credentials: { kind: 'aksk', access_key: AK, secret_key: SK },
    endpoint: url,
    iam_endpoint: url,
    project_id: PROJECT,
    region_name: 'cn-north-4',
  });

describe('retries', () => {
  it('succeeds on the third attempt after two 503s, each attempt signed afresh with its own X-Sdk-Date', async () => {
    const { url, seen } = await serve((n) =>
      n <= 2
        ? { status: 503, headers: { 'retry-after': '1' }, body: { error_code: 'ModelArts.0010', error_msg: 'busy' } }
        : { status: 200, body: { auth: [], total_count: 0 } },
    );
    const out = await client(url).authorizations.list();
    expect(out).toEqual({ auth: [], total_count: 0 });
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => s.ok)).toBe(true);
    expect(new Set(seen.map((s) => s.date)).size).toBe(3);
    expect(seen.map((s) => s.retry)).toEqual([undefined, '1', '2']);
    // Retry-After: 1 was honoured.
    expect((seen[1] as Seen).at - (seen[0] as Seen).at).toBeGreaterThanOrEqual(950);
  });

  it('gives up after maxRetries with the last error, and never retries a 400', async () => {
    const busy = await serve(() => ({ status: 503, headers: { 'retry-after': '0' }, body: { error_code: 'ModelArts.0010', error_msg: 'busy' } }));
    const err = await client(busy.url)
      .authorizations.list({}, { maxRetries: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as InternalServerError).request_id).toBe('req-2');
    expect(busy.seen).toHaveLength(2);
    await new Promise<void>((r) => server?.close(() => r()));

    const bad = await serve(() => ({ status: 400, body: { error_code: 'ModelArts.0101', error_msg: 'nope', error_solution: 'fix it' } }));
    const e400 = (await client(bad.url)
      .authorizations.list()
      .catch((e: unknown) => e)) as BadRequestError;
    expect(e400).toBeInstanceOf(BadRequestError);
    expect(e400).toMatchObject({ status: 400, error_code: 'ModelArts.0101', error_msg: 'nope', error_solution: 'fix it', request_id: 'req-1' });
    expect(bad.seen).toHaveLength(1);
    await new Promise<void>((r) => server?.close(() => r()));

    // A conflict stays a conflict however often it is asked, even for an idempotent call.
    const clash = await serve(() => ({ status: 409, body: { error_code: 'ModelArts.0100', error_msg: 'busy with another change' } }));
    expect(
      await client(clash.url)
        .authorizations.list()
        .catch((e: unknown) => e),
    ).toBeInstanceOf(ConflictError);
    expect(clash.seen).toHaveLength(1);
  });

  it('retries a dropped connection, and reports a connection error when every attempt fails', async () => {
    let n = 0;
    server = createServer((req, res) => {
      n++;
      if (n === 1) return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"auth":[],"total_count":0}');
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await client(url).authorizations.list()).toEqual({ auth: [], total_count: 0 });
    expect(n).toBe(2);
    const { APIConnectionError } = await import('../src/index.js');
    const down = await client('http://127.0.0.1:1')
      .authorizations.list({}, { maxRetries: 1 })
      .catch((e: unknown) => e);
    expect(down).toBeInstanceOf(APIConnectionError);
  });
});

describe('user agent', () => {
  it('carries the version of the package, not a hard-coded one', async () => {
    const { readFileSync } = await import('node:fs');
    const { USER_AGENT } = await import('../src/internal/transport.js');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(USER_AGENT).toBe(`modelarts-ts/${pkg.version}`);
    const seen: string[] = [];
    server = createServer((req, res) => {
      seen.push(String(req.headers['user-agent']));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"auth":[],"total_count":0}');
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    await client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`).authorizations.list();
    expect(seen).toEqual([USER_AGENT]);
  });
});
