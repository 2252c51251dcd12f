import { availableParallelism, homedir } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_LOCAL_PORT, INFERENCE_BODY_LIMIT_BYTES, INFERENCE_TIMEOUT_MS, LOCAL_DATA_DIR_ENV, resolveLocalDataDir } from '@modelarts-ts/contract';
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
  /** Smallest multipart part but the last, in bytes (S3: 5 MiB; real OBS allows 100 KB). */
  objectMinPartSize: Type.Integer({ minimum: 0 }),
  /** Multipart uploads left open longer than this are aborted (their parts deleted) at start-up. */
  multipartMaxAgeSeconds: Type.Integer({ minimum: 1 }),
  /** A client must send its whole request head (line and headers) within this time. */
  headersTimeoutSeconds: Type.Number({ exclusiveMinimum: 0 }),
  /** A connection on which nothing moves for this long while the platform waits on the client (head, body, or reading the answer) is closed; active transfers of any length are never cut. */
  idleTimeoutSeconds: Type.Number({ exclusiveMinimum: 0 }),
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutSeconds: Type.Number({ exclusiveMinimum: 0 }),
  /** Open connections beyond this are refused at accept (each costs a file descriptor). */
  maxConnections: Type.Integer({ minimum: 1 }),
  /** Failed password logins of one user before its logins are refused for `loginLockoutSeconds` (AK/SK is never locked). */
  loginMaxFailures: Type.Integer({ minimum: 1 }),
  loginLockoutSeconds: Type.Number({ exclusiveMinimum: 0 }),
  /** CPU cores the training scheduler hands out (a job takes its flavor's cores per node); default: this machine's. */
  trainingCpuCapacity: Type.Integer({ minimum: 1 }),
  /** How often a running job's outputs are uploaded to OBS (the cloud's default period is 30 s). */
  trainingOutputIntervalSeconds: Type.Number({ exclusiveMinimum: 0 }),
  /** Time between SIGTERM and SIGKILL when a job is terminated. */
  trainingTerminateGraceSeconds: Type.Number({ minimum: 0 }),
  /** How often worker CPU and memory are sampled for the metrics API. */
  trainingMetricsIntervalSeconds: Type.Number({ exclusiveMinimum: 0 }),
  /** The Python for `.py` boot files and pip (a name on PATH or a path). */
  trainingPython: Type.String({ minLength: 1 }),
  /** Interpreter per engine name (e.g. {"PyTorch": "/opt/torch/bin/python"}), overriding trainingPython for that engine's jobs. */
  trainingEngineInterpreters: Type.Record(Type.String(), Type.String({ minLength: 1 })),
  /** How long a Lite Server operation takes before its target status is reached (0: at the next request). */
  liteServerTransitionSeconds: Type.Number({ minimum: 0 }),
  /** Largest inference request body (the cloud's gateway: 12 MB; above it 413 ModelArts.4104). */
  inferenceBodyLimitBytes: Type.Integer({ minimum: 1 }),
  /** Longest wait for a model's answer (the cloud: 40 s; then ModelArts.4205). */
  inferenceTimeoutSeconds: Type.Number({ exclusiveMinimum: 0 }),
  /** Longest wait for a model server to become healthy before the deployment fails. */
  servingStartTimeoutSeconds: Type.Number({ exclusiveMinimum: 0 }),
  /** Models a project may have (the cloud's quota; above it ModelArts.3578). */
  modelQuota: Type.Integer({ minimum: 1 }),
  /** Services a project may have (the cloud's quota; above it ModelArts.3520). */
  serviceQuota: Type.Integer({ minimum: 1 }),
  /** Services of a project that may run at once (above it ModelArts.3521). */
  runningServiceQuota: Type.Integer({ minimum: 1 }),
  /** Model-server instances the running services of a project may have together (above it ModelArts.3522). */
  serviceInstanceQuota: Type.Integer({ minimum: 1 }),
  /** Minimum seconds between two published versions of one dataset (the cloud allows one a minute; 0: no limit). */
  datasetVersionIntervalSeconds: Type.Integer({ minimum: 0 }),
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
  MIN_PART_SIZE: 'MODELARTS_LOCAL_MIN_PART_SIZE',
  MULTIPART_MAX_AGE: 'MODELARTS_LOCAL_MULTIPART_MAX_AGE_SECONDS',
  HEADERS_TIMEOUT: 'MODELARTS_LOCAL_HEADERS_TIMEOUT_SECONDS',
  IDLE_TIMEOUT: 'MODELARTS_LOCAL_IDLE_TIMEOUT_SECONDS',
  KEEP_ALIVE_TIMEOUT: 'MODELARTS_LOCAL_KEEP_ALIVE_TIMEOUT_SECONDS',
  MAX_CONNECTIONS: 'MODELARTS_LOCAL_MAX_CONNECTIONS',
  LOGIN_MAX_FAILURES: 'MODELARTS_LOCAL_LOGIN_MAX_FAILURES',
  LOGIN_LOCKOUT: 'MODELARTS_LOCAL_LOGIN_LOCKOUT_SECONDS',
  TRAINING_CPUS: 'MODELARTS_LOCAL_TRAINING_CPUS',
  TRAINING_OUTPUT_INTERVAL: 'MODELARTS_LOCAL_TRAINING_OUTPUT_INTERVAL_SECONDS',
  TRAINING_TERMINATE_GRACE: 'MODELARTS_LOCAL_TRAINING_TERMINATE_GRACE_SECONDS',
  TRAINING_METRICS_INTERVAL: 'MODELARTS_LOCAL_TRAINING_METRICS_INTERVAL_SECONDS',
  TRAINING_PYTHON: 'MODELARTS_LOCAL_PYTHON',
  /** JSON object: engine name -> interpreter. */
  TRAINING_ENGINE_INTERPRETERS: 'MODELARTS_LOCAL_ENGINE_INTERPRETERS',
  LITE_SERVER_TRANSITION: 'MODELARTS_LOCAL_LITE_SERVER_TRANSITION_SECONDS',
  INFERENCE_BODY_LIMIT: 'MODELARTS_LOCAL_INFERENCE_BODY_LIMIT_BYTES',
  INFERENCE_TIMEOUT: 'MODELARTS_LOCAL_INFERENCE_TIMEOUT_SECONDS',
  SERVING_START_TIMEOUT: 'MODELARTS_LOCAL_SERVING_START_TIMEOUT_SECONDS',
  MODEL_QUOTA: 'MODELARTS_LOCAL_MODEL_QUOTA',
  SERVICE_QUOTA: 'MODELARTS_LOCAL_SERVICE_QUOTA',
  RUNNING_SERVICE_QUOTA: 'MODELARTS_LOCAL_RUNNING_SERVICE_QUOTA',
  SERVICE_INSTANCE_QUOTA: 'MODELARTS_LOCAL_SERVICE_INSTANCE_QUOTA',
  DATASET_VERSION_INTERVAL: 'MODELARTS_LOCAL_DATASET_VERSION_INTERVAL_SECONDS',
} as const;

const check = Compile(PlatformConfig);

export class ConfigValidationError extends Error {
  override name = 'ConfigValidationError';
}

/** Flags > environment > defaults, validated; a bad key fails fast with its name. */
export function resolvePlatformConfig(flags: Partial<PlatformConfig> = {}, env: Readonly<Record<string, string | undefined>> = process.env): PlatformConfig {
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  // A value that is not JSON stays a string, so validation names the key instead of JSON.parse failing.
  const json = (v: string | undefined): unknown => {
    if (v === undefined || v === '') return undefined;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  };
  const fromEnv: Partial<Record<keyof PlatformConfig, unknown>> = {
    host: env[PLATFORM_ENV.HOST],
    port: num(env[PLATFORM_ENV.PORT]),
    dataDir: env[PLATFORM_ENV.DATA_DIR],
    region: env[PLATFORM_ENV.REGION],
    logLevel: env[PLATFORM_ENV.LOG_LEVEL],
    tokenTtlSeconds: num(env[PLATFORM_ENV.TOKEN_TTL]),
    objectMinPartSize: num(env[PLATFORM_ENV.MIN_PART_SIZE]),
    multipartMaxAgeSeconds: num(env[PLATFORM_ENV.MULTIPART_MAX_AGE]),
    headersTimeoutSeconds: num(env[PLATFORM_ENV.HEADERS_TIMEOUT]),
    idleTimeoutSeconds: num(env[PLATFORM_ENV.IDLE_TIMEOUT]),
    keepAliveTimeoutSeconds: num(env[PLATFORM_ENV.KEEP_ALIVE_TIMEOUT]),
    maxConnections: num(env[PLATFORM_ENV.MAX_CONNECTIONS]),
    loginMaxFailures: num(env[PLATFORM_ENV.LOGIN_MAX_FAILURES]),
    loginLockoutSeconds: num(env[PLATFORM_ENV.LOGIN_LOCKOUT]),
    trainingCpuCapacity: num(env[PLATFORM_ENV.TRAINING_CPUS]),
    trainingOutputIntervalSeconds: num(env[PLATFORM_ENV.TRAINING_OUTPUT_INTERVAL]),
    trainingTerminateGraceSeconds: num(env[PLATFORM_ENV.TRAINING_TERMINATE_GRACE]),
    trainingMetricsIntervalSeconds: num(env[PLATFORM_ENV.TRAINING_METRICS_INTERVAL]),
    trainingPython: env[PLATFORM_ENV.TRAINING_PYTHON] || undefined,
    trainingEngineInterpreters: json(env[PLATFORM_ENV.TRAINING_ENGINE_INTERPRETERS]),
    liteServerTransitionSeconds: num(env[PLATFORM_ENV.LITE_SERVER_TRANSITION]),
    inferenceBodyLimitBytes: num(env[PLATFORM_ENV.INFERENCE_BODY_LIMIT]),
    inferenceTimeoutSeconds: num(env[PLATFORM_ENV.INFERENCE_TIMEOUT]),
    servingStartTimeoutSeconds: num(env[PLATFORM_ENV.SERVING_START_TIMEOUT]),
    modelQuota: num(env[PLATFORM_ENV.MODEL_QUOTA]),
    serviceQuota: num(env[PLATFORM_ENV.SERVICE_QUOTA]),
    runningServiceQuota: num(env[PLATFORM_ENV.RUNNING_SERVICE_QUOTA]),
    serviceInstanceQuota: num(env[PLATFORM_ENV.SERVICE_INSTANCE_QUOTA]),
    datasetVersionIntervalSeconds: num(env[PLATFORM_ENV.DATASET_VERSION_INTERVAL]),
  };
  const defaults: PlatformConfig = {
    host: '127.0.0.1',
    port: DEFAULT_LOCAL_PORT,
    dataDir: resolveLocalDataDir(env, homedir()),
    region: 'cn-north-4',
    logLevel: 'info',
    tokenTtlSeconds: 24 * 3600,
    objectMinPartSize: 5 * 1024 * 1024,
    multipartMaxAgeSeconds: 7 * 24 * 3600,
    headersTimeoutSeconds: 30,
    idleTimeoutSeconds: 60,
    keepAliveTimeoutSeconds: 30,
    maxConnections: 4096,
    loginMaxFailures: 5,
    loginLockoutSeconds: 300,
    trainingCpuCapacity: availableParallelism(),
    trainingOutputIntervalSeconds: 30,
    trainingTerminateGraceSeconds: 10,
    trainingMetricsIntervalSeconds: 5,
    trainingPython: 'python3',
    trainingEngineInterpreters: {},
    liteServerTransitionSeconds: 3,
    inferenceBodyLimitBytes: INFERENCE_BODY_LIMIT_BYTES,
    inferenceTimeoutSeconds: INFERENCE_TIMEOUT_MS / 1000,
    servingStartTimeoutSeconds: 120,
    modelQuota: 1000,
    serviceQuota: 100,
    runningServiceQuota: 32,
    serviceInstanceQuota: 64,
    datasetVersionIntervalSeconds: 0,
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
