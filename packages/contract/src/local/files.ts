import { type Static, Type } from 'typebox';

/**
 * Files of a ModelArts Local data dir that the SDK and the CLI read:
 * `credentials.json` (mode 0600, written at first start) and `endpoint.json` (the live endpoint, while running).
 */

export const CREDENTIALS_FILE = 'credentials.json';
export const ENDPOINT_FILE = 'endpoint.json';
export const LOCAL_DATA_DIR_ENV = 'MODELARTS_LOCAL_DATA_DIR';
export const DEFAULT_LOCAL_PORT = 8780;

export const LocalCredentials = Type.Object({
  version: Type.Literal(1),
  account: Type.String(),
  domain_id: Type.String(),
  username: Type.String(),
  user_id: Type.String(),
  password: Type.String(),
  project_id: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  project_name: Type.String(),
  region_name: Type.String(),
  access_key: Type.String(),
  secret_key: Type.String(),
});
export type LocalCredentials = Static<typeof LocalCredentials>;

export const LocalEndpoint = Type.Object({
  endpoint: Type.String(),
  pid: Type.Integer(),
  started_at: Type.String(),
});
export type LocalEndpoint = Static<typeof LocalEndpoint>;

/**
 * The default data dir: `$MODELARTS_LOCAL_DATA_DIR`, else `$XDG_DATA_HOME/modelarts-local`,
 * else `~/.local/share/modelarts-local`. Pure, so SDK, CLI and platform agree.
 */
export function resolveLocalDataDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const explicit = env[LOCAL_DATA_DIR_ENV];
  if (explicit) return explicit;
  const xdg = env.XDG_DATA_HOME;
  return `${xdg || `${home}/.local/share`}/modelarts-local`;
}

/** What an embedded ModelArts Local hands to whoever started it (the SDK's `Session.local()`, tests, the CLI). */
export interface EmbeddedPlatform {
  /** Base URL, e.g. `http://127.0.0.1:8780`. */
  readonly endpoint: string;
  readonly dataDir: string;
  readonly credentials: LocalCredentials;
  close(): Promise<void>;
}

export interface EmbeddedPlatformOptions {
  dataDir?: string;
  host?: string;
  port?: number;
  /** Server log level; embedded platforms default to `warn` so they don't flood the host program's output. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** The entry point the SDK loads with a dynamic import when it must start ModelArts Local itself. */
export interface EmbeddedPlatformModule {
  startPlatform(options?: EmbeddedPlatformOptions): Promise<EmbeddedPlatform>;
}
