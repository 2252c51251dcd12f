import { inspect } from 'node:util';
import { type EmbeddedPlatformOptions, Type } from '@modelarts-ts/contract';
import { IdentityOptions, localLayer, type ResolvedConfig, resolveConfig } from './auth/config.js';
import { ModelArtsClient, type TransportOptions } from './client.js';
import { ConfigError } from './core/error.js';
import { defineSignature } from './internal/arguments.js';
import { RequestOptionsSchema, TransportOptionsProps } from './internal/common-args.js';
import type { RequestOptions } from './internal/transport.js';
import { findRunningLocal, localDataDir, startEmbeddedLocal } from './local/discover.js';
import { OBS } from './obs/obs.js';

/** Options of `new Session(...)`: the manual's chapter-5 names, our endpoint overrides, and transport settings. */
export interface SessionOptions extends IdentityOptions, TransportOptions {
  /** Environment to read settings from instead of `process.env` (the CLI passes its own). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface LocalSessionOptions extends TransportOptions {
  /** Data dir of the ModelArts Local to use (default `MODELARTS_LOCAL_DATA_DIR` or `~/.local/share/modelarts-local`). */
  data_dir?: string;
  /** Start an embedded ModelArts Local when none is running on the data dir (default true). */
  start?: boolean;
  /** Port for an embedded start (default 0: any free port). */
  port?: number;
  host?: string;
  /** Log level of an embedded ModelArts Local (default `warn`); its log goes to this process's stdout. */
  log_level?: EmbeddedPlatformOptions['logLevel'];
}

const NEW_SESSION = defineSignature(
  'new Session',
  [],
  Type.Object({
    ...IdentityOptions.properties,
    ...TransportOptionsProps,
    env: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Undefined()]))),
  }),
);
const LOCAL_SESSION = defineSignature(
  'Session.local',
  [],
  Type.Object({
    data_dir: Type.Optional(Type.String()),
    start: Type.Optional(Type.Boolean()),
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    host: Type.Optional(Type.String()),
    log_level: Type.Optional(Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)))),
    ...TransportOptionsProps,
  }),
);
const GET_PROJECT_ID = defineSignature('session.getProjectId', [], RequestOptionsSchema);

/**
 * The manual's Session (chapter 5): authenticates and holds the clients every other API uses.
 *
 * - `new Session({ access_key, secret_key, project_id, region_name })`: AK/SK signing.
 * - `new Session({ username, password, region_name, project_id })`: account login (IAM token).
 * - `new Session({ account, username, password, region_name, project_id })`: IAM-user login.
 * - `new Session()`: options from the environment, the profile file, or a running ModelArts Local.
 * - `await Session.local()`: a running ModelArts Local, or one started in this process (stopped by `close()`).
 */
export class Session {
  readonly client: ModelArtsClient;
  readonly obs_endpoint: string;
  /** OBS management (manual chapter 6): `copy`, `uploadFile`, `uploadDir`, `downloadFile`, `downloadDir`, ... */
  readonly obs: OBS;
  private closer: (() => Promise<void>) | undefined;

  constructor(options: SessionOptions = {}) {
    NEW_SESSION.check(options);
    const cfg: ResolvedConfig = resolveConfig(options, options.env ?? process.env);
    this.obs_endpoint = cfg.obs_endpoint;
    this.client = new ModelArtsClient({
      ...pickTransport(options),
      credentials: cfg.credentials,
      endpoint: cfg.endpoint,
      iam_endpoint: cfg.iam_endpoint,
      region_name: cfg.region_name,
      project_id: cfg.project_id,
    });
    // The S3 client behind it is made on first use, so a password session fails only when it touches OBS.
    this.obs = new OBS({ endpoint: cfg.obs_endpoint, region: () => this.region_name, credentials: () => this.client.obsCredentials() });
  }

  static async local(options: LocalSessionOptions = {}): Promise<Session> {
    LOCAL_SESSION.check(options);
    const dataDir = localDataDir(options.data_dir);
    const running = await findRunningLocal(dataDir, options.fetch);
    if (running) return new Session({ ...pickTransport(options), ...localLayer(running.credentials, running.endpoint) });
    if (options.start === false)
      throw new ConfigError(`No ModelArts Local is running on ${dataDir}: start one with \`modelarts local start --data-dir ${dataDir}\`.`);
    const embedded = await startEmbeddedLocal({ dataDir, port: options.port ?? 0, host: options.host ?? '127.0.0.1', logLevel: options.log_level ?? 'warn' });
    const session = new Session({ ...pickTransport(options), ...localLayer(embedded.credentials, embedded.endpoint) });
    session.closer = () => embedded.close();
    return session;
  }

  get endpoint(): string {
    return this.client.endpoint;
  }

  get region_name(): string | undefined {
    return this.client.region_name;
  }

  /** The project id, resolved from IAM on first use when it was not given. */
  async getProjectId(options?: RequestOptions): Promise<string> {
    GET_PROJECT_ID.check(options);
    return this.client.getProjectId(options);
  }

  /** Releases what the session holds: OBS sockets, an embedded ModelArts Local it started. Safe to call twice. */
  async close(): Promise<void> {
    this.obs.destroy();
    const c = this.closer;
    this.closer = undefined;
    await c?.();
  }

  [inspect.custom](): string {
    return `Session { endpoint: '${this.client.endpoint}', region_name: ${JSON.stringify(this.region_name)}, auth: '${this.client.credentialKind}' }`;
  }
}

function pickTransport(o: TransportOptions): TransportOptions {
  const { timeout, maxRetries, headers, logger, logLevel, fetch } = o;
  return Object.fromEntries(Object.entries({ timeout, maxRetries, headers, logger, logLevel, fetch }).filter(([, v]) => v !== undefined));
}
