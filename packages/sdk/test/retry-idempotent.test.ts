import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { TrainingJobCreateBody } from '@modelarts-ts/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIConnectionError, type APIError, ConflictError, Session } from '../src/index.js';
import { shouldRetry } from '../src/internal/retry.js';
import { createS3Client } from '../src/obs/client.js';
import { type PlatformFixture, platformFixture } from './fixture.js';

/** What the proxy does with the answer to one request: pass it on, lose it after the platform acted, or hold it. */
type Fate = 'pass' | 'drop' | { delayMs: number };

interface Proxy {
  url: string;
  seen: Array<{ method: string; path: string }>;
  /** The fate of the next request matching `method` and `path` (a substring of the URL); later ones pass. */
  once(method: string, path: string, fate: Fate): void;
  close(): Promise<void>;
}

/** A proxy in front of ModelArts Local that can drop or delay the first answer to a chosen request. */
async function proxyTo(target: string): Promise<Proxy> {
  const seen: Proxy['seen'] = [];
  const rules: Array<{ method: string; path: string; fate: Fate }> = [];
  const up = new URL(target);
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ method: req.method ?? 'GET', path });
    const i = rules.findIndex((r) => r.method === req.method && path.includes(r.path));
    const fate: Fate = i >= 0 ? (rules.splice(i, 1)[0]?.fate ?? 'pass') : 'pass';
    const fwd = request({ host: up.hostname, port: up.port, method: req.method, path, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        // The platform has acted and answered; the client never learns it.
        if (fate === 'drop') return req.socket.destroy();
        const send = () => {
          if (res.destroyed) return;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        };
        if (fate === 'pass') send();
        else setTimeout(send, fate.delayMs);
      });
    });
    req.pipe(fwd);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    once: (method, path, fate) => rules.push({ method, path, fate }),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const jobBody = (name: string): TrainingJobCreateBody => ({
  kind: 'job',
  metadata: { name, description: 'retry test' },
  algorithm: { command: 'true', engine: { image_url: 'retry-test:1' } },
  spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
});

let f: PlatformFixture;
let proxy: Proxy;
let session: Session;
beforeAll(async () => {
  f = await platformFixture();
  proxy = await proxyTo(f.p.endpoint);
  const c = f.p.credentials;
  session = new Session({
    access_key: c.access_key,
    secret_key: c.secret_key,
    project_id: c.project_id,
    region_name: c.region_name,
    endpoint: proxy.url,
    timeout: 1500,
  });
});
afterAll(async () => {
  await session.close();
  await proxy.close();
  await f.close();
});

const posts = (path: string) => proxy.seen.filter((s) => s.method === 'POST' && s.path.endsWith(path)).length;

describe('retries never turn a create into a duplicate', () => {
  it('a create whose answer is lost is not sent again: a connection error, and exactly one job on the platform', async () => {
    proxy.once('POST', '/training-jobs', 'drop');
    const before = posts('/training-jobs');
    const err = await session.client.trainingJobs.create(jobBody('dropped-answer')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(err).not.toBeInstanceOf(ConflictError);
    expect(posts('/training-jobs') - before).toBe(1);
    const found = await f.session.client.trainingJobs.search({ filters: [{ key: 'name', operator: 'like', value: ['dropped-answer'] }] });
    expect(found.items.map((j) => j.metadata.name)).toEqual(['dropped-answer']);
  });

  it('a create whose answer is late (client timeout) is not sent again either', async () => {
    proxy.once('POST', '/training-jobs', { delayMs: 3000 });
    const before = posts('/training-jobs');
    const err = await session.client.trainingJobs.create(jobBody('late-answer')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(posts('/training-jobs') - before).toBe(1);
  });

  it('a name clash (ModelArts.2751) is answered once, not retried', async () => {
    await session.client.trainingJobs.create(jobBody('twice'));
    const before = posts('/training-jobs');
    const err = await session.client.trainingJobs.create(jobBody('twice')).catch((e: unknown) => e);
    expect((err as APIError).error_code).toBe('ModelArts.2751');
    expect(posts('/training-jobs') - before).toBe(1);
  });

  it('idempotent operations (a GET, the search the contract marks idempotent) are retried after a lost or late answer', async () => {
    const job = await session.client.trainingJobs.create(jobBody('read-back'));
    proxy.once('GET', `/training-jobs/${job.metadata.id}`, 'drop');
    expect((await session.client.trainingJobs.get(job.metadata.id)).metadata.name).toBe('read-back');
    expect(proxy.seen.filter((s) => s.method === 'GET' && s.path.endsWith(`/training-jobs/${job.metadata.id}`))).toHaveLength(2);

    proxy.once('POST', '/training-job-searches', { delayMs: 3000 });
    const before = posts('/training-job-searches');
    const page = await session.client.trainingJobs.search({ filters: [{ key: 'name', operator: 'like', value: ['read-back'] }] });
    expect(page.items.map((j) => j.metadata.name)).toEqual(['read-back']);
    expect(posts('/training-job-searches') - before).toBe(2);
  });
});

describe('OBS uses the same classifier', () => {
  it('the S3 client retries a GET whose answer was lost, but not a POST that creates a multipart upload', async () => {
    const c = f.p.credentials;
    const s3 = createS3Client({
      endpoint: proxy.url,
      region: c.region_name,
      credentials: { access_key: c.access_key, secret_key: c.secret_key },
      maxSockets: 4,
      maxAttempts: 3,
      socketTimeout: 1500,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'retry-obs' }));
    await s3.send(new PutObjectCommand({ Bucket: 'retry-obs', Key: 'a.txt', Body: 'hello' }));

    proxy.once('GET', '/retry-obs/a.txt', 'drop');
    const got = await s3.send(new GetObjectCommand({ Bucket: 'retry-obs', Key: 'a.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello');
    expect(proxy.seen.filter((s) => s.method === 'GET' && s.path.startsWith('/retry-obs/a.txt'))).toHaveLength(2);

    proxy.once('POST', '/retry-obs/big.bin?uploads', 'drop');
    const err = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'retry-obs', Key: 'big.bin' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(proxy.seen.filter((s) => s.method === 'POST' && s.path.startsWith('/retry-obs/big.bin?uploads'))).toHaveLength(1);
    s3.destroy();
  });

  it('the rules: a conflict never, refused connections and throttling always, lost answers only when idempotent', () => {
    expect(shouldRetry({ kind: 'status', status: 409 }, true)).toBe(false);
    expect(shouldRetry({ kind: 'status', status: 503 }, false)).toBe(false);
    expect(shouldRetry({ kind: 'status', status: 503 }, true)).toBe(true);
    expect(shouldRetry({ kind: 'status', status: 429 }, false)).toBe(true);
    expect(shouldRetry({ kind: 'status', status: 503, code: 'SlowDown' }, false)).toBe(true);
    expect(shouldRetry({ kind: 'connection', refused: true }, false)).toBe(true);
    expect(shouldRetry({ kind: 'connection', refused: false }, false)).toBe(false);
    expect(shouldRetry({ kind: 'connection', refused: false }, true)).toBe(true);
  });
});
