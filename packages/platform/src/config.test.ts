import { describe, expect, it } from 'vitest';
import { ConfigValidationError, resolvePlatformConfig } from './config.js';

describe('platform config: flags > environment > defaults, validated at boot', () => {
  it('layers the sources', () => {
    const env = { MODELARTS_LOCAL_PORT: '9000', MODELARTS_LOCAL_DATA_DIR: '/tmp/x', MODELARTS_LOCAL_REGION: 'cn-east-3' };
    expect(resolvePlatformConfig({}, env)).toMatchObject({ port: 9000, dataDir: '/tmp/x', region: 'cn-east-3', host: '127.0.0.1', tokenTtlSeconds: 86400 });
    expect(resolvePlatformConfig({ port: 0 }, env).port).toBe(0);
    expect(resolvePlatformConfig({}, { HOME: '/h' }).port).toBe(8780);
  });

  it('fails fast naming the bad key', () => {
    expect(() => resolvePlatformConfig({}, { MODELARTS_LOCAL_PORT: 'eighty' })).toThrow(ConfigValidationError);
    expect(() => resolvePlatformConfig({}, { MODELARTS_LOCAL_PORT: '70000' })).toThrow(/"port"/);
    expect(() => resolvePlatformConfig({ region: 'Bad Region!' }, {})).toThrow(/"region"/);
    expect(() => resolvePlatformConfig({ logLevel: 'loud' as never }, {})).toThrow(/"logLevel"/);
  });
});
