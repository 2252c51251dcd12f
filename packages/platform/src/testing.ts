import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { LocalCredentials } from '@modelarts-ts/contract';
import type { PlatformConfig } from './config.js';
import { generateCredentials } from './providers/iam/bootstrap.js';
import { type RunningPlatform, startPlatform as start } from './server.js';

export { verifySdkHmac } from './auth/sdk-hmac-verifier.js';

export interface TestPlatform extends RunningPlatform {
  /** Everything the platform logged so far (debug level), to assert that no secret ever appears. */
  logs(): string;
  /** Adds another account with its own user, project and AK/SK, for tenancy tests. */
  addTenant(region?: string): LocalCredentials;
}

/** Training settings a test may set (capacity, upload period, grace, sampling, interpreters). */
export type TestTrainingOptions = Partial<
  Pick<
    PlatformConfig,
    | 'trainingCpuCapacity'
    | 'trainingOutputIntervalSeconds'
    | 'trainingTerminateGraceSeconds'
    | 'trainingMetricsIntervalSeconds'
    | 'trainingPython'
    | 'trainingEngineInterpreters'
    | 'inferenceBodyLimitBytes'
    | 'inferenceTimeoutSeconds'
    | 'servingStartTimeoutSeconds'
    | 'modelQuota'
    | 'serviceQuota'
    | 'runningServiceQuota'
    | 'serviceInstanceQuota'
  >
>;

export interface TestPlatformOptions extends TestTrainingOptions {
  /** Lite Server operations take this long (default 0 in tests: the target status is reached at the next request). */
  liteServerTransitionSeconds?: number;
  dataDir?: string;
  port?: number;
  tokenTtlSeconds?: number;
  region?: string;
  /** Connection and login limits a test may make small. */
  headersTimeoutSeconds?: number;
  idleTimeoutSeconds?: number;
  keepAliveTimeoutSeconds?: number;
  maxConnections?: number;
  loginMaxFailures?: number;
  loginLockoutSeconds?: number;
}

/** Starts a real ModelArts Local on 127.0.0.1, port 0 and a temp data dir (removed by close() if it made it). */
export async function startPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'modelarts-local-test-'));
  const chunks: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const p = await start({ liteServerTransitionSeconds: 0, ...options, dataDir, host: '127.0.0.1', port: options.port ?? 0, logLevel: 'debug', logStream });
  return {
    ...p,
    logs: () => chunks.join(''),
    addTenant: (region = p.config.region) => {
      const generated = generateCredentials(region);
      const c = { ...generated, account: `tenant-${generated.domain_id.slice(0, 8)}` };
      p.app.platform.iam.upsertIdentity(c);
      return c;
    },
    close: async () => {
      await p.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
