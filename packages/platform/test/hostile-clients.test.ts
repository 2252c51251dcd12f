import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sdkHmac } from '@modelarts-ts/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../src/testing.js';
import { raw, signV4 } from './s3-helpers.js';

const MiB = 1024 * 1024;
const BIN = new URL('../../cli/dist/bin.js', import.meta.url).pathname;

/** A raw TCP connection to the platform: what was received, and a promise that settles when the server closes it. */
function open(endpoint: string): { socket: Socket; received: () => string; closed: Promise<void> } {
  const url = new URL(endpoint);
  const socket = connect(Number(url.port), url.hostname);
  let data = '';
  socket.on('data', (c: Buffer) => {
    data += c.toString('latin1');
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => data, closed };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the first line the server sends on the socket. */
async function firstLine(c: { socket: Socket; received: () => string; closed: Promise<void> }): Promise<string> {
  while (!c.received().includes('\r\n')) {
    if (c.socket.destroyed) break;
    await new Promise((r) => c.socket.once('data', r).once('close', r));
  }
  return c.received().split('\r\n')[0] ?? '';
}

function sdkDate(offsetMs = 0): string {
  return sdkHmac.formatSdkDate(new Date(Date.now() + offsetMs));
}

describe('hostile clients: refusals decided from the headers, before any body byte', () => {
  let p: TestPlatform;
  let project: string;
  beforeAll(async () => {
    p = await startPlatform();
    project = p.credentials.project_id;
  });
  afterAll(() => p.close());

  /** Sends only the request head (the body is promised by Content-Length, never sent) and returns the answer. */
  async function headOnly(path: string, headers: Record<string, string>, method = 'POST'): Promise<{ line: string; text: string }> {
    const c = open(p.endpoint);
    const lines = Object.entries({ host: new URL(p.endpoint).host, ...headers }).map(([k, v]) => `${k}: ${v}`);
    c.socket.write(`${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    const line = await firstLine(c);
    await sleep(50);
    const text = c.received();
    c.socket.destroy();
    return { line, text };
  }

  it('answers the ModelArts API without reading the body: no auth, unknown AK, stale date, token errors, over-limit Content-Length', async () => {
    const path = `/v2/${project}/training-jobs`;
    const json = { 'content-type': 'application/json', 'content-length': String(12 * MiB) };
    const none = await headOnly(path, json);
    expect(none.line).toMatch(/ 401 /);
    expect(none.text).toContain('ModelArts.0201');
    const unknownAk = `SDK-HMAC-SHA256 Access=NOSUCHAK, SignedHeaders=content-type;x-sdk-date, Signature=${'0'.repeat(64)}`;
    const unknown = await headOnly(path, { ...json, 'x-sdk-date': sdkDate(), authorization: unknownAk });
    expect(unknown.line).toMatch(/ 401 /);
    expect(unknown.text).toContain('APIGW.0301');
    const staleAuth = `SDK-HMAC-SHA256 Access=${p.credentials.access_key}, SignedHeaders=content-type;x-sdk-date, Signature=${'0'.repeat(64)}`;
    const stale = await headOnly(path, { ...json, 'x-sdk-date': sdkDate(-3600_000), authorization: staleAuth });
    expect(stale.text).toContain('APIGW.0303');
    const badToken = await headOnly(path, { ...json, 'x-auth-token': 'not-a-token' });
    expect(badToken.text).toContain('ModelArts.0203');
    const tooBig = await headOnly('/v3/auth/tokens', { 'content-type': 'application/json', 'content-length': String(13 * MiB) });
    expect(tooBig.line).toMatch(/ 413 /);
    expect(tooBig.text).toContain('ModelArts.4104');
  });

  it('answers the object API without reading the body: anonymous and unknown-AK PUTs', async () => {
    const anonymous = await headOnly('/bucket-x/key', { 'content-length': String(12 * MiB) }, 'PUT');
    expect(anonymous.line).toMatch(/ 403 /);
    expect(anonymous.text).toContain('<Code>AccessDenied</Code>');
    const host = new URL(p.endpoint).host;
    const signed = signV4(
      'PUT',
      '/bucket-x/key',
      {},
      { 'content-length': String(12 * MiB) },
      {
        ak: 'NOSUCHAK',
        sk: 'x',
        payloadHash: 'UNSIGNED-PAYLOAD',
        host,
      },
    );
    const unknown = await headOnly('/bucket-x/key', signed.headers, 'PUT');
    expect(unknown.text).toContain('<Code>InvalidAccessKeyId</Code>');
  });

  it('answers a request it cannot parse with the ModelArts error body and closes the connection', async () => {
    const c = open(p.endpoint);
    c.socket.write('GET /-/health HTTP/1.1\r\nBad Header Without Colon\r\n\r\n');
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(c.received().split('\r\n\r\n')[1] ?? '')).toMatchObject({ error_code: 'ModelArts.0101' });
  });

  it('sends 100 Continue only to an authenticated request', async () => {
    const host = new URL(p.endpoint).host;
    const anonymous = await headOnly('/bucket-x/key', { 'content-length': '1000', expect: '100-continue' }, 'PUT');
    expect(anonymous.line).toMatch(/^HTTP\/1\.1 403 /);
    expect(anonymous.text).not.toContain('100 Continue');
    const api = await headOnly(`/v2/${project}/training-jobs`, { 'content-type': 'application/json', 'content-length': '1000', expect: '100-continue' });
    expect(api.line).toMatch(/^HTTP\/1\.1 401 /);

    await raw(p.endpoint, 'PUT', '/continue-bkt', signV4('PUT', '/continue-bkt', {}, {}, { ...keys(), payloadHash: 'UNSIGNED-PAYLOAD', host }).headers);
    const signed = signV4(
      'PUT',
      '/continue-bkt/k',
      {},
      { 'content-length': '5', expect: '100-continue' },
      { ...keys(), payloadHash: 'UNSIGNED-PAYLOAD', host },
    );
    const c = open(p.endpoint);
    c.socket.write(
      `PUT /continue-bkt/k HTTP/1.1\r\n${Object.entries(signed.headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n`,
    );
    expect(await firstLine(c)).toBe('HTTP/1.1 100 Continue');
    c.socket.write('hello');
    while (!/HTTP\/1\.1 200/.test(c.received())) await new Promise((r) => c.socket.once('data', r));
    c.socket.destroy();
  });

  function keys() {
    return { ak: p.credentials.access_key, sk: p.credentials.secret_key };
  }
});

describe('hostile clients: idle connections are closed, active transfers are not', () => {
  let p: TestPlatform;
  const host = () => new URL(p.endpoint).host;
  beforeAll(async () => {
    p = await startPlatform({ headersTimeoutSeconds: 0.5, idleTimeoutSeconds: 0.5, keepAliveTimeoutSeconds: 0.3, maxConnections: 20 });
    const h = signV4('PUT', '/idle-bkt', {}, {}, { ak: p.credentials.access_key, sk: p.credentials.secret_key, payloadHash: 'UNSIGNED-PAYLOAD', host: host() });
    expect((await raw(p.endpoint, 'PUT', '/idle-bkt', h.headers)).status).toBe(200);
  });
  afterAll(() => p.close());

  const putHeaders = (key: string, length: number) =>
    signV4(
      'PUT',
      `/idle-bkt/${key}`,
      {},
      { 'content-length': String(length) },
      { ak: p.credentials.access_key, sk: p.credentials.secret_key, payloadHash: 'UNSIGNED-PAYLOAD', host: host() },
    ).headers;

  it('closes half-sent request heads', async () => {
    const conns = Array.from({ length: 10 }, () => open(p.endpoint));
    for (const c of conns) c.socket.write('PUT /idle-bkt/k HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    await Promise.all(conns.map((c) => c.closed));
    expect(conns.every((c) => c.socket.destroyed)).toBe(true);
  });

  it('closes a head trickled byte by byte (slowloris), though bytes keep arriving', async () => {
    const c = open(p.endpoint);
    const head =
      'GET /-/health HTTP/1.1\r\nHost: x\r\nX-A: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    let sent = 0;
    const timer = setInterval(() => {
      if (!c.socket.destroyed && sent < head.length) c.socket.write(head[sent++] ?? '');
    }, 100);
    await c.closed;
    clearInterval(timer);
    expect(sent).toBeLessThan(head.length);
  });

  it('closes a body that stops arriving, and stores nothing of it', async () => {
    const conns = Array.from({ length: 5 }, (_, i) => {
      const c = open(p.endpoint);
      const h = putHeaders(`trickle-${i}`, 1000);
      c.socket.write(
        `PUT /idle-bkt/trickle-${i} HTTP/1.1\r\n${Object.entries(h)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('')}\r\nfirst bytes`,
      );
      return c;
    });
    await Promise.all(conns.map((c) => c.closed));
    const signed = signV4(
      'GET',
      '/idle-bkt',
      { 'list-type': '2' },
      {},
      { ak: p.credentials.access_key, sk: p.credentials.secret_key, payloadHash: 'UNSIGNED-PAYLOAD', host: host() },
    );
    const list = await raw(p.endpoint, 'GET', '/idle-bkt?list-type=2', signed.headers);
    expect(list.body.toString()).not.toContain('trickle-');
  });

  it('closes a body that stops arriving on a kept-alive connection (its second request)', async () => {
    const c = open(p.endpoint);
    c.socket.write('GET /-/health HTTP/1.1\r\nHost: x\r\n\r\n');
    while (!/\r\n\r\n/.test(c.received())) await new Promise((r) => c.socket.once('data', r));
    const h = putHeaders('second-trickle', 1000);
    c.socket.write(
      `PUT /idle-bkt/second-trickle HTTP/1.1\r\n${Object.entries(h)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\nsome`,
    );
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('closes an idle keep-alive connection after its answer', async () => {
    const c = open(p.endpoint);
    c.socket.write('GET /-/health HTTP/1.1\r\nHost: x\r\n\r\n');
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('never cuts an upload that keeps moving, however long it takes in total', async () => {
    const chunks = 12; // 12 x 200 ms: several times the idle, header and keep-alive timeouts
    const piece = Buffer.alloc(64 * 1024, 7);
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(p.endpoint);
      const req = httpRequest(
        { host: url.hostname, port: url.port, method: 'PUT', path: '/idle-bkt/slow-but-alive', headers: putHeaders('slow-but-alive', piece.length * chunks) },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      let n = 0;
      const tick = () => {
        req.write(piece);
        if (++n < chunks) setTimeout(tick, 200);
        else req.end();
      };
      tick();
    });
    expect(status).toBe(200);
    const get = signV4(
      'HEAD',
      '/idle-bkt/slow-but-alive',
      {},
      {},
      { ak: p.credentials.access_key, sk: p.credentials.secret_key, payloadHash: 'UNSIGNED-PAYLOAD', host: host() },
    );
    const head = await raw(p.endpoint, 'HEAD', '/idle-bkt/slow-but-alive', get.headers);
    expect(head.headers['content-length']).toBe(String(piece.length * chunks));
  });

  it('refuses connections beyond the cap, and serves again once they are gone', async () => {
    const idle = Array.from({ length: 20 }, () => open(p.endpoint));
    await Promise.all(idle.map((c) => new Promise((r) => c.socket.once('connect', r))));
    await sleep(50);
    const refused = await raw(p.endpoint, 'GET', '/-/health', { connection: 'close' }).then(
      () => 'served',
      (e: NodeJS.ErrnoException) => e.code,
    );
    expect(refused).not.toBe('served');
    for (const c of idle) c.socket.destroy();
    await Promise.all(idle.map((c) => c.closed));
    await sleep(50);
    expect((await raw(p.endpoint, 'GET', '/-/health', { connection: 'close' })).status).toBe(200);
  });
});

describe('hostile clients: password logins', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startPlatform({ loginMaxFailures: 3, loginLockoutSeconds: 600 });
  });
  afterAll(() => p.close());

  const login = (user: string, password: string, domain = p.credentials.account) =>
    raw(
      p.endpoint,
      'POST',
      '/v3/auth/tokens',
      { 'content-type': 'application/json' },
      Buffer.from(JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: user, password, domain: { name: domain } } } } } })),
    );

  it('locks a user out after repeated failures with APIGW.0308 (429, Retry-After); the AK/SK and other users still work', async () => {
    const other = p.addTenant();
    expect((await login(p.credentials.username, p.credentials.password)).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await login(p.credentials.username, 'wrong')).status).toBe(401);
    const locked = await login(p.credentials.username, p.credentials.password);
    expect(locked.status).toBe(429);
    expect(JSON.parse(locked.body.toString()).error_code).toBe('APIGW.0308');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // An unknown user is answered like a known one (no account probing through the lock).
    for (let i = 0; i < 3; i++) await login('nobody-here', 'x');
    expect((await login('nobody-here', 'x')).status).toBe(429);
    expect((await login(other.username, other.password, other.account)).status).toBe(201);
    const projects = await signedApiGet(p, '/v3/auth/projects');
    expect(projects.status).toBe(200);
  });

  it('hashes off the event loop: health answers while many logins are being checked', async () => {
    const tenants = Array.from({ length: 12 }, () => p.addTenant());
    let healthDone = false;
    let loginsDoneBeforeHealth = 0;
    const logins = tenants.map((t) =>
      login(t.username, 'wrong-password', t.account).then((r) => {
        if (!healthDone) loginsDoneBeforeHealth++;
        return r.status;
      }),
    );
    await sleep(5);
    const health = await raw(p.endpoint, 'GET', '/-/health', {});
    healthDone = true;
    expect(health.status).toBe(200);
    expect(await Promise.all(logins)).toEqual(tenants.map(() => 401));
    expect(loginsDoneBeforeHealth).toBeLessThan(tenants.length);
  });
});

async function signedApiGet(p: TestPlatform, path: string) {
  const url = new URL(path, p.endpoint);
  const { signRequest } = await import('@modelarts-ts/sdk');
  const headers: Record<string, string> = {};
  signRequest({ method: 'GET', url, headers }, p.credentials);
  return raw(p.endpoint, 'GET', path, headers);
}

interface Child {
  proc: ChildProcess;
  endpoint: string;
  dataDir: string;
}

async function startChild(): Promise<Child> {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelarts-hostile-'));
  const proc = spawn(process.execPath, [BIN, 'local', 'start', '--port', '0', '--data-dir', dataDir, '--json', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout as NodeJS.ReadableStream }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`platform exited with ${code}`)));
  });
  return { proc, endpoint: (JSON.parse(line) as { endpoint: string }).endpoint, dataDir };
}

const rssMiB = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Sends `body` and resolves with the answer's status (or the connection error's code when the server hung up first). */
function send(endpoint: string, method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<number | string> {
  const url = new URL(endpoint);
  return new Promise((resolve) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    req.end(body);
  });
}

describe('hostile clients: many unauthenticated 12 MB bodies (platform in its own process)', () => {
  let child: Child;
  beforeAll(async () => {
    child = await startChild();
  });
  afterAll(async () => {
    if (child.proc.exitCode === null) {
      const exited = new Promise((r) => child.proc.once('exit', r));
      child.proc.kill('SIGTERM');
      await exited;
    }
    rmSync(child.dataDir, { recursive: true, force: true });
  });

  it('refuses them all without buffering them and stays responsive', async () => {
    const pid = child.proc.pid as number;
    for (let i = 0; i < 5; i++) await raw(child.endpoint, 'GET', '/-/health', {});
    const before = rssMiB(pid, 'VmRSS');
    const body = Buffer.alloc(12 * MiB - 1024, 0x61);
    const api = Array.from({ length: 25 }, () =>
      send(child.endpoint, 'POST', '/v2/0123456789abcdef0123456789abcdef/training-jobs', { 'content-type': 'application/json' }, body),
    );
    const s3 = Array.from({ length: 25 }, (_, i) => send(child.endpoint, 'PUT', `/some-bucket/object-${i}`, {}, body));
    const health = await raw(child.endpoint, 'GET', '/-/health', {});
    const statuses = await Promise.all([...api, ...s3]);
    expect(health.status).toBe(200);
    // Each refusal is the cloud's (401 for the API, 403 for OBS); a client still sending when the server hung up sees a reset instead.
    const answered = statuses.filter((s) => typeof s === 'number');
    expect(answered.length).toBeGreaterThan(0);
    for (const [i, s] of statuses.entries()) {
      if (typeof s === 'number') expect(s).toBe(i < 25 ? 401 : 403);
      else expect(['ECONNRESET', 'EPIPE']).toContain(s);
    }
    expect((await raw(child.endpoint, 'GET', '/-/health', {})).status).toBe(200);
    // Buffering them would need 600 MiB; reading each only up to the discard limit needs a few.
    expect(rssMiB(pid, 'VmHWM') - before).toBeLessThan(150);
  });
});
