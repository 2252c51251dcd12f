import { createHash, createHmac } from 'node:crypto';
import { startPlatform, type TestPlatform } from '@modelarts-ts/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type APIError, AuthenticationError, type Logger, PermissionDeniedError, Session } from '../src/index.js';

let p: TestPlatform;
const sdkLog: string[] = [];
const logger: Logger = {
  error: (m, ...r) => sdkLog.push([m, ...r].map(String).join(' ')),
  warn: (m, ...r) => sdkLog.push([m, ...r].map(String).join(' ')),
  info: (m, ...r) => sdkLog.push([m, ...r].map(String).join(' ')),
  debug: (m, ...r) => sdkLog.push([m, ...r].map(String).join(' ')),
};
const errors: string[] = [];

beforeAll(async () => {
  p = await startPlatform();
});
afterAll(async () => {
  await p?.close();
});

const aksk = () =>
  new Session({
    access_key: p.credentials.access_key,
    secret_key: p.credentials.secret_key,
    region_name: p.credentials.region_name,
    endpoint: p.endpoint,
    logger,
    logLevel: 'debug',
  });

/** Sends a request signed like the SDK-HMAC scheme, with knobs to break it. */
async function signedFetch(
  path: string,
  o: { method?: string; body?: string; sendBody?: string; secret?: string; ak?: string; date?: Date; authorization?: string | null } = {},
): Promise<{ status: number; body: Record<string, string> }> {
  const url = new URL(p.endpoint + path);
  const date = (o.date ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const headers: Record<string, string> = { host: url.host, 'x-sdk-date': date, 'content-type': 'application/json' };
  const signed = Object.keys(headers).sort();
  const body = o.body ?? '';
  const canonical = [
    o.method ?? 'GET',
    url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`,
    [...url.searchParams]
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .sort()
      .join('&'),
    signed.map((h) => `${h}:${headers[h]}\n`).join(''),
    signed.join(';'),
    createHash('sha256').update(body).digest('hex'),
  ].join('\n');
  const toSign = `SDK-HMAC-SHA256\n${date}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const sig = createHmac('sha256', o.secret ?? p.credentials.secret_key)
    .update(toSign)
    .digest('hex');
  const auth = `SDK-HMAC-SHA256 Access=${o.ak ?? p.credentials.access_key}, SignedHeaders=${signed.join(';')}, Signature=${sig}`;
  const sendHeaders: Record<string, string> = { ...headers };
  if (o.authorization !== null) sendHeaders.authorization = o.authorization ?? auth;
  const res = await fetch(url, { method: o.method ?? 'GET', headers: sendHeaders, ...(o.method === 'POST' ? { body: o.sendBody ?? body } : {}) });
  const text = await res.text();
  errors.push(text);
  return { status: res.status, body: JSON.parse(text) as Record<string, string> };
}

describe('AK/SK sessions', () => {
  it('list projects and resolve the project id from IAM by region name', async () => {
    const s = aksk();
    const page = await s.client.iam.listProjects({ name: p.credentials.region_name });
    expect(page.projects.map((x) => x.id)).toEqual([p.credentials.project_id]);
    expect(await s.getProjectId()).toBe(p.credentials.project_id);
    const all = [];
    for await (const project of s.client.iam.listProjects()) all.push(project.name);
    expect(all).toContain(p.credentials.region_name);
  });

  it('reach project-scoped ModelArts APIs and send a signed body', async () => {
    const s = aksk();
    const created = await s.client.authorizations.create({ type: 'agency', content: 'my_agency' });
    expect(created).toMatchObject({ user_id: p.credentials.user_id, type: 'agency', content: 'my_agency' });
    const list = await s.client.authorizations.list();
    expect(list.auth.find((a) => a.user_id === p.credentials.user_id)?.content).toBe('my_agency');
  });

  const project = () => `/v2/${p.credentials.project_id}/authorizations`;
  const body = JSON.stringify({ type: 'agency', content: 'modelarts_agency' });

  it('accept a correctly signed raw request (the test signer agrees with the platform)', async () => {
    const r = await signedFetch(project(), { method: 'POST', body });
    expect(r.status).toBe(200);
  });

  it('answer 401 with an error body to a wrong secret, a tampered body, a stale date, no Authorization and an unknown AK', async () => {
    const wrongSecret = await signedFetch(project(), { method: 'POST', body, secret: 'x'.repeat(40) });
    expect(wrongSecret).toMatchObject({ status: 401, body: { error_code: 'APIGW.0301' } });
    expect(wrongSecret.body.request_id).toMatch(/\w+/);

    const tampered = await signedFetch(project(), { method: 'POST', body, sendBody: body.replace('modelarts_agency', 'evil_agency') });
    expect(tampered).toMatchObject({ status: 401, body: { error_code: 'APIGW.0301' } });

    const stale = await signedFetch(project(), { date: new Date(Date.now() - 20 * 60_000) });
    expect(stale).toMatchObject({ status: 401, body: { error_code: 'APIGW.0303' } });

    const missing = await signedFetch(project(), { authorization: null });
    expect(missing).toMatchObject({ status: 401, body: { error_code: 'ModelArts.0201' } });

    const unknown = await signedFetch(project(), { ak: 'NOSUCHKEY00000000000' });
    expect(unknown).toMatchObject({ status: 401, body: { error_code: 'APIGW.0301' } });
    expect(unknown.body.error_msg).toMatch(/ak not exist/);

    // Nothing was changed by the rejected write.
    const list = await aksk().client.authorizations.list();
    expect(list.auth.map((a) => a.content)).not.toContain('evil_agency');
  });

  it('answer 403 ModelArts.0210 for a project id that is not the caller’s', async () => {
    const foreign = `/v2/${'f'.repeat(32)}/authorizations`;
    expect(await signedFetch(foreign)).toMatchObject({ status: 403, body: { error_code: 'ModelArts.0210' } });
    const other = p.addTenant();
    const s = aksk();
    const crossed = await s.client
      .request((await import('@modelarts-ts/contract')).getOperation('authorizations.list'), { params: { project_id: other.project_id } })
      .catch((e: unknown) => e);
    expect(crossed).toBeInstanceOf(PermissionDeniedError);
    expect((crossed as APIError).error_code).toBe('ModelArts.0210');
  });
});

describe('password sessions', () => {
  it('account login (username = account) gets a token and lists projects with it', async () => {
    // The bootstrap user is named differently from its account, so make an account whose user has the account's name.
    const t = p.addTenant();
    const acct = { ...t, username: t.account };
    p.app.platform.iam.upsertIdentity(acct);
    const s = new Session({ username: acct.username, password: acct.password, region_name: acct.region_name, endpoint: p.endpoint });
    const projects = await s.client.iam.listAuthProjects();
    expect(projects.projects.map((x) => x.id)).toEqual([acct.project_id]);
    expect(await s.getProjectId()).toBe(acct.project_id);
  });

  it('IAM-user login (account + username) gets a token scoped to the project and uses it', async () => {
    const s = new Session({
      account: p.credentials.account,
      username: p.credentials.username,
      password: p.credentials.password,
      region_name: p.credentials.region_name,
      endpoint: p.endpoint,
      logger,
      logLevel: 'debug',
    });
    const projects = await s.client.iam.listProjects();
    expect(projects.projects.map((x) => x.id)).toContain(p.credentials.project_id);
    expect(await s.getProjectId()).toBe(p.credentials.project_id);
    const auth = await s.client.authorizations.list();
    expect(auth.total_count).toBeGreaterThan(0);
    const domains = await s.client.iam.listAuthDomains();
    expect(domains.domains[0]?.name).toBe(p.credentials.account);
  });

  it('a wrong password is a 401 with a body, and the token endpoint checks shape first', async () => {
    const s = new Session({
      account: p.credentials.account,
      username: p.credentials.username,
      password: 'wrong',
      region_name: p.credentials.region_name,
      endpoint: p.endpoint,
    });
    const err = await s.client.iam.listProjects().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as APIError).error_code).toBe('IAM.0001');
  });

  it('expired, garbled and missing tokens get 0202, 0203 and 0201; the SDK renews an expired token by itself', async () => {
    const short = await startPlatform({ tokenTtlSeconds: 1 });
    try {
      const c = short.credentials;
      const res = await fetch(`${short.endpoint}/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          auth: {
            identity: { methods: ['password'], password: { user: { name: c.username, password: c.password, domain: { name: c.account } } } },
            scope: { project: { id: c.project_id } },
          },
        }),
      });
      expect(res.status).toBe(201);
      const token = res.headers.get('x-subject-token') as string;
      expect(token).toMatch(/^MII/);
      const tokenBody = (await res.json()) as { token: { expires_at: string; project: { id: string } } };
      expect(tokenBody.token.project.id).toBe(c.project_id);
      const url = `${short.endpoint}/v2/${c.project_id}/authorizations`;
      expect((await fetch(url, { headers: { 'x-auth-token': token } })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      const expired = await fetch(url, { headers: { 'x-auth-token': token } });
      expect(expired.status).toBe(401);
      expect(((await expired.json()) as Record<string, string>).error_code).toBe('ModelArts.0202');
      const garbled = await fetch(url, { headers: { 'x-auth-token': 'not-a-token' } });
      expect(((await garbled.json()) as Record<string, string>).error_code).toBe('ModelArts.0203');
      const missing = await fetch(url);
      expect(((await missing.json()) as Record<string, string>).error_code).toBe('ModelArts.0201');

      // The SDK keeps working across expiries: it refreshes before expiry, or renews once on 0202.
      const s = new Session({ account: c.account, username: c.username, password: c.password, region_name: c.region_name, endpoint: short.endpoint });
      await s.client.authorizations.list();
      await new Promise((r) => setTimeout(r, 1100));
      const again = await s.client.authorizations.list();
      expect(again.total_count).toBeGreaterThan(0);
    } finally {
      await short.close();
    }
  });
});

describe('secrets stay secret', () => {
  it('no log line, SDK debug line or error body contains the secret key or password', async () => {
    // Make sure something was logged on both sides.
    await aksk().client.iam.listAuthProjects();
    expect(sdkLog.length).toBeGreaterThan(0);
    const everything = [p.logs(), sdkLog.join('\n'), errors.join('\n')].join('\n');
    expect(p.logs().length).toBeGreaterThan(1000);
    for (const secret of [p.credentials.secret_key, p.credentials.password]) expect(everything).not.toContain(secret);
    // Errors and inspected sessions don't carry them either.
    const s = aksk();
    const { inspect } = await import('node:util');
    expect(inspect(s, { depth: 10 })).not.toContain(p.credentials.secret_key);
    expect(inspect(s.client, { depth: 10 })).not.toContain(p.credentials.secret_key);
    expect(JSON.stringify(s.client)).not.toContain(p.credentials.secret_key);
    const bad = new Session({
      access_key: p.credentials.access_key,
      secret_key: 'wrong-secret-value',
      region_name: p.credentials.region_name,
      endpoint: p.endpoint,
    });
    const err = (await bad.client.iam.listAuthProjects().catch((e: unknown) => e)) as APIError;
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(`${err.message} ${err.stack} ${JSON.stringify(err)}`).not.toContain('wrong-secret-value');
  });
});
