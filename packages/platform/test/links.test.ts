import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Client } from './s3-helpers.js';
import { Client, type Fixture, jobBody, trainingFixture } from './training/helpers.js';

let f: Fixture;
beforeAll(async () => {
  f = await trainingFixture();
});
afterAll(async () => f?.close());

/** A request with exactly these headers (fetch would not let a test forge Host). */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(f.p.endpoint);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function token(): Promise<string> {
  const c = f.p.credentials;
  const res = await fetch(`${f.p.endpoint}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: c.username, password: c.password, domain: { name: c.account } } } },
        scope: { project: { id: c.project_id } },
      },
    }),
  });
  return res.headers.get('x-subject-token') as string;
}

describe('links the platform hands out (issue 12)', () => {
  it('a log link takes its origin from the platform endpoint, not from a forged Host header', async () => {
    const c = new Client(f.p.endpoint, f.p.credentials);
    try {
      await c.bucket('links-bkt');
      await c.put('links-bkt', 'code/hello.py', "print('hello')\n");
      const job = await c.create(jobBody('link', { code_dir: 'obs://links-bkt/code/', boot_file: 'hello.py' }));
      await c.waitPhase(job.metadata.id, ['Completed', 'Failed', 'Abnormal']);
      const res = await get(`/v2/${f.p.credentials.project_id}/training-jobs/${job.metadata.id}/tasks/worker-0/logs/url`, {
        host: 'evil.example',
        'x-auth-token': await token(),
      });
      expect(res.status).toBe(200);
      const link = (JSON.parse(res.body) as { obs_url: string }).obs_url;
      expect(link.startsWith(`${f.p.endpoint}/`)).toBe(true);
      expect(link).not.toContain('evil.example');
      const log = await fetch(link);
      expect(await log.text()).toContain('hello');
    } finally {
      c.close();
    }
  });

  it('a SigV2 query-signed link is refused when it expires more than 7 days ahead, as SigV4 presigning is', async () => {
    const s3 = s3Client(f.p);
    await s3.send(new CreateBucketCommand({ Bucket: 'v2-links' }));
    await s3.send(new PutObjectCommand({ Bucket: 'v2-links', Key: 'k', Body: 'signed bytes' }));
    const { access_key: ak, secret_key: sk } = f.p.credentials;
    const signed = (expires: number) => {
      const signature = createHmac('sha1', sk).update(`GET\n\n\n${expires}\n/v2-links/k`).digest('base64');
      return `/v2-links/k?AWSAccessKeyId=${ak}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
    };
    const now = Math.floor(Date.now() / 1000);
    expect(await get(signed(now + 3600), {})).toMatchObject({ status: 200, body: 'signed bytes' });
    expect(await get(signed(now + 6 * 24 * 3600), {})).toMatchObject({ status: 200 });
    for (const far of [now + 8 * 24 * 3600, Math.floor(Date.UTC(2100, 0, 1) / 1000)]) {
      const r = await get(signed(far), {});
      expect(r.status).toBe(400);
      expect(r.body).toContain('AuthorizationQueryParametersError');
    }
  });
});
