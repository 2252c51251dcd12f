/** The console's session on the platform: login, the cookie as a token source (REST and S3), CSRF, logout, lockout. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../src/testing.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startPlatform({ loginMaxFailures: 2 });
});
afterAll(async () => {
  await p?.close();
});

const json = { 'content-type': 'application/json' };

async function login(user = p.credentials.username, password = p.credentials.password, extra: Record<string, string> = {}) {
  return fetch(`${p.endpoint}/-/console/api/login`, { method: 'POST', headers: json, body: JSON.stringify({ user_name: user, password, ...extra }) });
}

/** A session of the platform's own user (its account named: the tenants added below have users of the same name). */
async function session() {
  const r = await login(undefined, undefined, { domain_name: p.credentials.account });
  expect(r.status).toBe(200);
  const setCookie = r.headers.get('set-cookie') ?? '';
  const body = (await r.json()) as { csrf_token: string; project_id: string; user_name: string; domain_name: string; region: string };
  return { setCookie, cookie: setCookie.split(';')[0] as string, ...body };
}

describe('console sessions', () => {
  it('logs in with the credentials file user: an HttpOnly, SameSite=Strict cookie and the session view', async () => {
    const s = await session();
    expect(s.setCookie).toMatch(/^modelarts_console=MII[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=86400$/);
    expect(s).toMatchObject({
      user_name: p.credentials.username,
      domain_name: p.credentials.account,
      project_id: p.credentials.project_id,
      region: p.config.region,
    });
    const again = await fetch(`${p.endpoint}/-/console/api/session`, { headers: { cookie: s.cookie } });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({
      user_name: s.user_name,
      domain_name: s.domain_name,
      project_id: s.project_id,
      region: s.region,
      csrf_token: s.csrf_token,
    });
    // The account name, when given, must be the user's.
    expect((await login(undefined, undefined, { domain_name: p.credentials.account })).status).toBe(200);
    expect((await login(undefined, undefined, { domain_name: 'someone-else' })).status).toBe(401);
    // The secrets never reach the log.
    expect(p.logs()).not.toContain(s.cookie.split('=')[1]);
    expect(p.logs()).not.toContain(s.csrf_token);
  });

  it('takes the cookie on REST and object APIs; a change needs the CSRF header; an explicit token wins', async () => {
    const s = await session();
    const base = `${p.endpoint}/v2/${s.project_id}`;
    const search = (headers: Record<string, string>) =>
      fetch(`${base}/training-job-searches`, { method: 'POST', headers: { ...json, ...headers }, body: '{}' });
    expect((await search({ cookie: s.cookie, 'x-csrf-token': s.csrf_token })).status).toBe(200);
    const refused = await search({ cookie: s.cookie });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error_code: 'ModelArts.0211' });
    expect((await fetch(`${base}/training-job-flavors`, { headers: { cookie: s.cookie } })).status).toBe(200);
    // Another account's token in X-Auth-Token wins over the cookie: its project, not the cookie's.
    const other = p.addTenant();
    const tokenRes = await fetch(`${p.endpoint}/v3/auth/tokens`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: other.username, password: other.password, domain: { name: other.account } } } },
          scope: { project: { id: other.project_id } },
        },
      }),
    });
    const token = tokenRes.headers.get('x-subject-token') ?? '';
    const asOther = await fetch(`${base}/training-job-flavors`, { headers: { cookie: s.cookie, 'x-auth-token': token } });
    expect(asOther.status).toBe(403);
    expect(await asOther.json()).toMatchObject({ error_code: 'ModelArts.0210' });

    // The object API: reading with the cookie, a bucket made only with the CSRF header; objects come sandboxed.
    expect((await fetch(`${p.endpoint}/console-b`, { method: 'PUT', headers: { cookie: s.cookie } })).status).toBe(403);
    expect((await fetch(`${p.endpoint}/console-b`, { method: 'PUT', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf_token } })).status).toBe(200);
    const put = await fetch(`${p.endpoint}/console-b/page.html`, {
      method: 'PUT',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf_token, 'content-type': 'text/html' },
      body: '<script>alert(1)</script>',
    });
    expect(put.status).toBe(200);
    const got = await fetch(`${p.endpoint}/console-b/page.html`, { headers: { cookie: s.cookie } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    // A forged cookie is a bad token (401), not an anonymous request.
    const forged = await fetch(`${p.endpoint}/console-b/page.html`, { headers: { cookie: `modelarts_console=MII${'x'.repeat(64)}` } });
    expect(forged.status).toBe(401);
  });

  it('logs out: the token is revoked everywhere and the cookie cleared', async () => {
    const s = await session();
    const noCsrf = await fetch(`${p.endpoint}/-/console/api/logout`, { method: 'POST', headers: { cookie: s.cookie } });
    expect(noCsrf.status).toBe(403);
    const out = await fetch(`${p.endpoint}/-/console/api/logout`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf_token } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^modelarts_console=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
    expect((await fetch(`${p.endpoint}/-/console/api/session`, { headers: { cookie: s.cookie } })).status).toBe(401);
    expect((await fetch(`${p.endpoint}/v2/${s.project_id}/training-job-flavors`, { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('counts failed console logins toward the same lockout as IAM password logins', async () => {
    const user = p.addTenant();
    const account = { domain_name: user.account };
    for (let i = 0; i < 2; i++) expect((await login(user.username, 'wrong', account)).status).toBe(401);
    const iam = await fetch(`${p.endpoint}/v3/auth/tokens`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        auth: { identity: { methods: ['password'], password: { user: { name: user.username, password: user.password, domain: { name: user.account } } } } },
      }),
    });
    // The same login name (account and user) is locked for both, even with the right password.
    expect(iam.status).toBe(429);
    const locked = await login(user.username, user.password, account);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
