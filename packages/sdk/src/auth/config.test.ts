import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/error.js';
import { cloudEndpoint, resolveConfig } from './config.js';

const home = () => mkdtempSync(join(tmpdir(), 'ma-home-'));

describe('resolveConfig: options > env > profile > local > defaults', () => {
  it('derives the cloud endpoints from the region', () => {
    const c = resolveConfig({ access_key: 'AK', secret_key: 'SK', region_name: 'cn-north-4' }, {}, home());
    expect(c.endpoint).toBe('https://modelarts.cn-north-4.myhuaweicloud.com');
    expect(c.iam_endpoint).toBe('https://iam.cn-north-4.myhuaweicloud.com');
    expect(c.obs_endpoint).toBe('https://obs.cn-north-4.myhuaweicloud.com');
    expect(cloudEndpoint('modelarts', 'ap-southeast-1')).toBe('https://modelarts.ap-southeast-1.myhuaweicloud.cn');
  });

  it('uses one endpoint for everything when it is not a cloud host (ModelArts Local)', () => {
    const c = resolveConfig({}, { HUAWEICLOUD_SDK_AK: 'AK', HUAWEICLOUD_SDK_SK: 'SK', MODELARTS_ENDPOINT: 'http://127.0.0.1:8780/' }, home());
    expect(c).toMatchObject({
      endpoint: 'http://127.0.0.1:8780',
      iam_endpoint: 'http://127.0.0.1:8780',
      obs_endpoint: 'http://127.0.0.1:8780',
      credentials_source: 'env',
    });
  });

  it('options beat the environment, the environment beats the profile', () => {
    const h = home();
    const file = join(h, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({ version: 1, profiles: { default: { access_key: 'PAK', secret_key: 'PSK', region_name: 'cn-east-3', project_id: 'pp' } } }),
    );
    const env = { MODELARTS_CONFIG_FILE: file, MODELARTS_REGION: 'cn-south-1' };
    const fromProfile = resolveConfig({}, env, h);
    expect(fromProfile.credentials).toMatchObject({ kind: 'aksk', access_key: 'PAK' });
    expect(fromProfile.region_name).toBe('cn-south-1');
    expect(fromProfile.project_id).toBe('pp');
    const fromOptions = resolveConfig({ access_key: 'OAK', secret_key: 'OSK', region_name: 'cn-north-4' }, env, h);
    expect(fromOptions.credentials).toMatchObject({ access_key: 'OAK' });
    expect(fromOptions.region_name).toBe('cn-north-4');
  });

  it('account login uses the user name as the account; IAM-user login keeps both', () => {
    expect(resolveConfig({ username: 'acme', password: 'pw', region_name: 'cn-north-4' }, {}, home()).credentials).toEqual({
      kind: 'password',
      account: 'acme',
      username: 'acme',
      password: 'pw',
    });
    expect(resolveConfig({ account: 'acme', username: 'bob', password: 'pw', region_name: 'cn-north-4' }, {}, home()).credentials).toMatchObject({
      account: 'acme',
      username: 'bob',
    });
  });

  it('fails with a ConfigError that says what to do', () => {
    expect(() => resolveConfig({}, {}, home())).toThrow(ConfigError);
    expect(() => resolveConfig({}, {}, home())).toThrow(/HUAWEICLOUD_SDK_AK/);
    expect(() => resolveConfig({ access_key: 'AK' }, {}, home())).toThrow(/secret_key/);
    expect(() => resolveConfig({ access_key: 'AK', secret_key: 'SK' }, {}, home())).toThrow(/region_name/);
    expect(() => resolveConfig({ profile: '../evil' }, {}, home())).toThrow(/Invalid profile name/);
    expect(() => resolveConfig({ profile: 'missing' }, {}, home())).toThrow(/Cannot read the profile file/);
  });
});
