import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js';
import { startPlatform, type TestPlatform } from '@modelarts-ts/platform/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, Session } from '../src/index.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startPlatform();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await p?.close();
});

describe('new Session() from the environment', () => {
  it('reaches the platform with HUAWEICLOUD_SDK_AK/SK and an endpoint override', async () => {
    vi.stubEnv('HUAWEICLOUD_SDK_AK', p.credentials.access_key);
    vi.stubEnv('HUAWEICLOUD_SDK_SK', p.credentials.secret_key);
    vi.stubEnv('MODELARTS_ENDPOINT', p.endpoint);
    vi.stubEnv('MODELARTS_REGION', '');
    try {
      const s = new Session();
      // No region and no project id given: the only project the AK reaches is found through IAM.
      expect(await s.getProjectId()).toBe(p.credentials.project_id);
      expect(s.region_name).toBe(p.credentials.region_name);
      const auth = await s.client.authorizations.list();
      expect(auth.auth[0]?.user_id).toBe(p.credentials.user_id);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('Session.local()', () => {
  it('connects to a ModelArts Local already running on the data dir', async () => {
    const s = await Session.local({ data_dir: p.dataDir, start: false });
    expect(s.endpoint).toBe(p.endpoint);
    expect(await s.getProjectId()).toBe(p.credentials.project_id);
    await s.close(); // does not stop a platform it did not start
    expect((await fetch(`${p.endpoint}/-/health`)).status).toBe(200);
  });

  it('starts an embedded one when none is running, and close() stops it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ma-local-'));
    try {
      await expect(Session.local({ data_dir: dir, start: false })).rejects.toBeInstanceOf(ConfigError);
      const s = await Session.local({ data_dir: dir });
      expect(s.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const projects = await s.client.iam.listAuthProjects();
      expect(projects.projects).toHaveLength(1);
      // A second Session.local() on the same dir finds the running one instead of starting another.
      const s2 = await Session.local({ data_dir: dir, start: false });
      expect(s2.endpoint).toBe(s.endpoint);
      await s.close();
      await expect(fetch(`${s.endpoint}/-/health`)).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('interop with Huawei’s own signer', () => {
  const creds = () => new BasicCredentials().withAk(p.credentials.access_key).withSk(p.credentials.secret_key);
  const send = async (method: string, path: string, data?: Record<string, unknown>, queryParams: Record<string, string> = {}) => {
    const qs = new URLSearchParams(queryParams).toString();
    const headers = AKSKSigner.sign(
      {
        method,
        endpoint: `${p.endpoint}${path}`,
        headers: { 'content-type': 'application/json', 'x-project-id': p.credentials.project_id },
        queryParams,
        data,
      } as never,
      creds(),
    ) as Record<string, string>;
    // Huawei's signer hashes JSON.stringify(data): send exactly those bytes.
    return fetch(`${p.endpoint}${path}${qs ? `?${qs}` : ''}`, { method, headers, ...(data ? { body: JSON.stringify(data) } : {}) });
  };

  it('accepts a GET signed by AKSKSigner of @huaweicloud/huaweicloud-sdk-core', async () => {
    const res = await send('GET', `/v2/${p.credentials.project_id}/authorizations`, undefined, { limit: '10', sort_by: 'create_time' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { total_count: number }).total_count).toBeGreaterThan(0);
  });

  it('accepts a POST with a JSON body signed by AKSKSigner, and rejects it when the signer used another key', async () => {
    const res = await send('POST', `/v2/${p.credentials.project_id}/authorizations`, { type: 'agency', content: 'hw_signed' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { content: string }).content).toBe('hw_signed');
    const wrong = AKSKSigner.sign(
      { method: 'GET', endpoint: `${p.endpoint}/v3/auth/projects`, headers: {}, queryParams: {} } as never,
      new BasicCredentials().withAk(p.credentials.access_key).withSk('not-the-secret'),
    ) as Record<string, string>;
    expect((await fetch(`${p.endpoint}/v3/auth/projects`, { headers: wrong })).status).toBe(401);
  });
});
