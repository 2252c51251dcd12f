import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import ObsClient from 'esdk-obs-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../src/testing.js';

let p: TestPlatform;
const B = 'sts-bucket';

interface Temporary {
  access: string;
  secret: string;
  securitytoken: string;
  expires_at: string;
}

async function passwordToken(user: string, account: string, password = p.credentials.password): Promise<Response> {
  return fetch(`${p.endpoint}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: user, password, domain: { name: account } } } },
        scope: { project: { id: p.credentials.project_id } },
      },
    }),
  });
}

async function securityTokens(token: string | undefined, body: unknown = { auth: { identity: { methods: ['token'] } } }): Promise<Response> {
  return fetch(`${p.endpoint}/v3.0/OS-CREDENTIAL/securitytokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-auth-token': token } : {}) },
    body: JSON.stringify(body),
  });
}

async function temporary(): Promise<Temporary> {
  const token = (await passwordToken(p.credentials.username, p.credentials.account)).headers.get('x-subject-token') as string;
  const res = await securityTokens(token);
  expect(res.status).toBe(201);
  return ((await res.json()) as { credential: Temporary }).credential;
}

const s3 = (c: { access: string; secret: string; securitytoken?: string }) =>
  new S3Client({
    endpoint: p.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: c.access, secretAccessKey: c.secret, ...(c.securitytoken ? { sessionToken: c.securitytoken } : {}) },
  });

async function s3Code(run: Promise<unknown>): Promise<{ code: string | undefined; status: number | undefined }> {
  const e = (await run.then(
    () => undefined,
    (x: unknown) => x,
  )) as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return { code: e?.name, status: e?.$metadata?.httpStatusCode };
}

beforeAll(async () => {
  p = await startPlatform();
  const admin = s3({ access: p.credentials.access_key, secret: p.credentials.secret_key });
  await admin.send(new CreateBucketCommand({ Bucket: B }));
  await admin.send(new PutObjectCommand({ Bucket: B, Key: 'seed.txt', Body: 'seed' }));
});
afterAll(async () => {
  await p?.close();
});

describe('IAM temporary credentials (POST /v3.0/OS-CREDENTIAL/securitytokens)', () => {
  it('exchanges a token for {access, secret, securitytoken, expires_at}, 15 minutes by default; needs a token', async () => {
    const before = Date.now();
    const c = await temporary();
    expect(c.access).toMatch(/^[A-Z0-9]{20}$/);
    expect(c.secret.length).toBe(40);
    const ttl = Date.parse(c.expires_at) - before;
    expect(ttl).toBeGreaterThan(890_000);
    expect(ttl).toBeLessThan(910_000);
    expect(await (await securityTokens(undefined)).json()).toMatchObject({ error_code: 'ModelArts.0201' });
    const token = (await passwordToken(p.credentials.username, p.credentials.account)).headers.get('x-subject-token') as string;
    const tooShort = await securityTokens(token, { auth: { identity: { methods: ['token'], token: { duration_seconds: 60 } } } });
    expect(tooShort.status).toBe(400);
  });

  it('the object API takes them with x-amz-security-token (SigV4), and refuses a missing or edited token', async () => {
    const c = await temporary();
    await s3(c).send(new PutObjectCommand({ Bucket: B, Key: 'sts/a.txt', Body: 'written with temporary keys' }));
    const got = await s3(c).send(new GetObjectCommand({ Bucket: B, Key: 'sts/a.txt' }));
    expect(await got.Body?.transformToString()).toBe('written with temporary keys');
    expect(await s3Code(s3({ access: c.access, secret: c.secret }).send(new GetObjectCommand({ Bucket: B, Key: 'seed.txt' })))).toEqual({
      code: 'InvalidAccessKeyId',
      status: 403,
    });
    const edited = `${c.securitytoken.slice(0, -2)}${c.securitytoken.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await s3Code(s3({ ...c, securitytoken: edited }).send(new GetObjectCommand({ Bucket: B, Key: 'seed.txt' })))).toEqual({
      code: 'InvalidToken',
      status: 403,
    });
  });

  it('presigned URLs carry the token as X-Amz-Security-Token', async () => {
    const c = await temporary();
    const url = await getSignedUrl(s3(c), new GetObjectCommand({ Bucket: B, Key: 'seed.txt' }), { expiresIn: 60 });
    expect(url).toContain('X-Amz-Security-Token=');
    const res = await fetch(url);
    expect([res.status, await res.text()]).toEqual([200, 'seed']);
  });

  it('esdk-obs-nodejs takes them with x-obs-security-token (OBS signature)', async () => {
    const c = await temporary();
    const obs = new ObsClient({ access_key_id: c.access, secret_access_key: c.secret, security_token: c.securitytoken, server: p.endpoint, signature: 'obs' });
    await new Promise((r) => setTimeout(r, 20));
    try {
      const put = await obs.putObject({ Bucket: B, Key: 'sts/obs.txt', Body: 'via obs' });
      expect(put.CommonMsg.Status).toBe(200);
      const get = await obs.getObject({ Bucket: B, Key: 'sts/obs.txt' });
      expect([get.CommonMsg.Status, String(get.InterfaceResult.Content)]).toEqual([200, 'via obs']);
    } finally {
      obs.close();
    }
  });

  it('expired credentials get 403 ExpiredToken', async () => {
    const expired = p.app.platform.iam.temporary.issue(p.credentials.user_id, null, 1000, Date.now() - 60_000);
    expect(await s3Code(s3(expired).send(new GetObjectCommand({ Bucket: B, Key: 'seed.txt' })))).toEqual({ code: 'ExpiredToken', status: 403 });
  });

  it('account login: the account name as user name gets a token, as on the cloud', async () => {
    const res = await passwordToken(p.credentials.account, p.credentials.account);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { token: { user: { name: string }; project: { id: string } } };
    expect(body.token.user.name).toBe(p.credentials.account);
    expect(body.token.project.id).toBe(p.credentials.project_id);
    expect((await passwordToken(p.credentials.account, p.credentials.account, 'wrong')).status).toBe(401);
  });
});
