import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_LOCAL_PORT, LOCAL_DATA_DIR_ENV, resolveLocalDataDir } from '@modelarts-ts/contract';
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';

export const PlatformConfig = Type.Object({
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  dataDir: Type.String({ minLength: 1 }),
  /** Region id; the bootstrap project is named after it, as in the cloud. */
  region: Type.String({ pattern: '^[a-z0-9-]{2,32}$' }),
  logLevel: Type.Union([
    Type.Literal('fatal'),
    Type.Literal('error'),
    Type.Literal('warn'),
    Type.Literal('info'),
    Type.Literal('debug'),
    Type.Literal('trace'),
    Type.Literal('silent'),
  ]),
  /** Lifetime of IAM tokens (24 h in the cloud). */
  tokenTtlSeconds: Type.Integer({ minimum: 1 }),
});
export type PlatformConfig = Static<typeof PlatformConfig>;

/** Every environment variable the platform reads. */
export const PLATFORM_ENV = {
  HOST: 'MODELARTS_LOCAL_HOST',
  PORT: 'MODELARTS_LOCAL_PORT',
  DATA_DIR: LOCAL_DATA_DIR_ENV,
  REGION: 'MODELARTS_LOCAL_REGION',
  LOG_LEVEL: 'MODELARTS_LOCAL_LOG_LEVEL',
  TOKEN_TTL: 'MODELARTS_LOCAL_TOKEN_TTL_SECONDS',
} as const;

const check = Compile(PlatformConfig);

export class ConfigValidationError extends Error {
  override name = 'ConfigValidationError';
}

/** Flags > environment > defaults, validated; a bad key fails fast with its name. */
export function resolvePlatformConfig(flags: Partial<PlatformConfig> = {}, env: Readonly<Record<string, string | undefined>> = process.env): PlatformConfig {
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  const fromEnv: Partial<Record<keyof PlatformConfig, unknown>> = {
    host: env[PLATFORM_ENV.HOST],
    port: num(env[PLATFORM_ENV.PORT]),
    dataDir: env[PLATFORM_ENV.DATA_DIR],
    region: env[PLATFORM_ENV.REGION],
    logLevel: env[PLATFORM_ENV.LOG_LEVEL],
    tokenTtlSeconds: num(env[PLATFORM_ENV.TOKEN_TTL]),
  };
  const defaults: PlatformConfig = {
    host: '127.0.0.1',
    port: DEFAULT_LOCAL_PORT,
    dataDir: resolveLocalDataDir(env, homedir()),
    region: 'cn-north-4',
    logLevel: 'info',
    tokenTtlSeconds: 24 * 3600,
  };
  const merged: Record<string, unknown> = { ...defaults };
  for (const layer of [fromEnv, flags] as Array<Record<string, unknown>>) {
    for (const [k, v] of Object.entries(layer)) if (v !== undefined) merged[k] = v;
  }
  if (!check.Check(merged)) {
    const first = [...check.Errors(merged)][0];
    const key = first?.instancePath.replace(/^\//, '') || 'config';
    throw new ConfigValidationError(`Invalid platform setting "${key}" (${JSON.stringify(merged[key])}): ${first?.message ?? 'invalid'}`);
  }
  return { ...(merged as PlatformConfig), dataDir: resolve(merged.dataDir as string) };
}
