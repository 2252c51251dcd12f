import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CREDENTIALS_FILE, ENDPOINT_FILE, type LocalCredentials, type LocalEndpoint, resolveLocalDataDir, type Static, Type } from '@modelarts-ts/contract';
import { ConfigError } from '../core/error.js';
import { ENV, type Env } from '../internal/env.js';

const str = () => Type.Optional(Type.String());

/** Identity and endpoint settings, named as in the manual (chapter 5) plus our endpoint overrides. */
export const IdentityOptions = Type.Object({
  access_key: str(),
  secret_key: str(),
  security_token: str(),
  /** Account name; with `username` it selects IAM-user login, alone `username` is the account. */
  account: str(),
  username: str(),
  password: str(),
  region_name: str(),
  project_id: str(),
  /** ModelArts endpoint, e.g. `https://modelarts.cn-north-4.myhuaweicloud.com` or a ModelArts Local URL. */
  endpoint: str(),
  iam_endpoint: str(),
  obs_endpoint: str(),
  /** Profile to read from the profile file. */
  profile: str(),
});
export type IdentityOptions = Static<typeof IdentityOptions>;

export type Credentials =
  | { kind: 'aksk'; access_key: string; secret_key: string; security_token?: string | undefined }
  | { kind: 'password'; account: string; username: string; password: string };

export type ConfigSource = 'options' | 'env' | 'profile' | 'local';

export interface ResolvedConfig {
  credentials: Credentials;
  credentials_source: ConfigSource;
  region_name: string | undefined;
  project_id: string | undefined;
  endpoint: string;
  iam_endpoint: string;
  obs_endpoint: string;
}

type Layer = Partial<Record<keyof IdentityOptions, string>>;

const PROFILE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Resolves identity and endpoints: options > environment > profile file > a ModelArts Local found in the default
 * data dir (only when nothing else gives credentials) > defaults derived from the region.
 */
export function resolveConfig(options: IdentityOptions, env: Env = process.env, home: string = homedir()): ResolvedConfig {
  const envLayer: Layer = {
    access_key: env[ENV.AK],
    secret_key: env[ENV.SK],
    security_token: env[ENV.SECURITY_TOKEN],
    account: env[ENV.ACCOUNT],
    username: env[ENV.USERNAME],
    password: env[ENV.PASSWORD],
    region_name: env[ENV.REGION],
    project_id: env[ENV.PROJECT_ID],
    endpoint: env[ENV.ENDPOINT],
    iam_endpoint: env[ENV.IAM_ENDPOINT],
    obs_endpoint: env[ENV.OBS_ENDPOINT],
  };
  const optLayer = options as Layer;
  const profile = readProfile(
    options.profile ?? env[ENV.PROFILE],
    env[ENV.CONFIG_FILE] ?? join(home, '.modelarts', 'config.json'),
    options.profile !== undefined || env[ENV.PROFILE] !== undefined,
  );
  const layers: Array<[ConfigSource, Layer]> = [
    ['options', optLayer],
    ['env', envLayer],
    ['profile', profile],
  ];
  let found = pickCredentials(layers);
  if (!found) {
    const local = readRunningLocal(env, home);
    if (local) {
      layers.push(['local', local]);
      found = pickCredentials(layers);
    }
  }
  if (!found) {
    throw new ConfigError(
      'No credentials: pass { access_key, secret_key } or { username, password } to the Session, set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, ' +
        'add a profile to ~/.modelarts/config.json, or start ModelArts Local (`modelarts local start`, or use Session.local()).',
    );
  }
  const pick = (k: keyof IdentityOptions) => layers.find(([, l]) => l[k])?.[1][k];
  const region_name = pick('region_name');
  const project_id = pick('project_id');
  const explicitEndpoint = pick('endpoint')?.replace(/\/+$/, '');
  if (!explicitEndpoint && !region_name) {
    throw new ConfigError('No region: pass region_name (e.g. "cn-north-4") or set MODELARTS_REGION, or give an endpoint.');
  }
  const endpoint = explicitEndpoint ?? cloudEndpoint('modelarts', region_name as string);
  return {
    credentials: found.credentials,
    credentials_source: found.source,
    region_name,
    project_id,
    endpoint,
    iam_endpoint: pick('iam_endpoint')?.replace(/\/+$/, '') ?? siblingEndpoint(endpoint, 'iam'),
    obs_endpoint: pick('obs_endpoint')?.replace(/\/+$/, '') ?? siblingEndpoint(endpoint, 'obs'),
  };
}

/** The public cloud host of a service in a region (reference §1). */
export function cloudEndpoint(service: 'modelarts' | 'iam' | 'obs', region: string): string {
  const tld = service === 'modelarts' && region === 'ap-southeast-1' ? 'cn' : 'com';
  return `https://${service}.${region}.myhuaweicloud.${tld}`;
}

/**
 * IAM/OBS endpoint beside a ModelArts endpoint: `modelarts.<region>.<domain>` gives `iam.<region>.<domain>`;
 * any other explicit endpoint (ModelArts Local serves everything on one port) is used as is.
 */
function siblingEndpoint(endpoint: string, service: 'iam' | 'obs'): string {
  const m = /^(https?:\/\/)modelarts\.([^./]+)\.([^/]+)$/.exec(endpoint);
  return m ? `${m[1]}${service}.${m[2]}.${(m[3] as string).replace(/\.cn$/, '.com')}` : endpoint;
}

function pickCredentials(layers: Array<[ConfigSource, Layer]>): { credentials: Credentials; source: ConfigSource } | undefined {
  for (const [source, l] of layers) {
    if (l.access_key || l.secret_key) {
      if (!l.access_key || !l.secret_key) throw new ConfigError(`Incomplete AK/SK in ${source}: both access_key and secret_key are needed.`);
      return { source, credentials: { kind: 'aksk', access_key: l.access_key, secret_key: l.secret_key, security_token: l.security_token } };
    }
    if (l.password) {
      if (!l.username) throw new ConfigError(`Password login in ${source} needs a username (the account name for account login).`);
      return { source, credentials: { kind: 'password', account: l.account ?? l.username, username: l.username, password: l.password } };
    }
  }
  return undefined;
}

function readProfile(name: string | undefined, file: string, required: boolean): Layer {
  const profileName = name ?? 'default';
  if (!PROFILE_NAME.test(profileName)) throw new ConfigError(`Invalid profile name "${profileName}": use letters, digits, "_", "-" or "."`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !required) return {};
    throw new ConfigError(`Cannot read the profile file ${file}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`The profile file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const d = doc as { version?: unknown; profiles?: Record<string, unknown> };
  if (d.version !== 1 || typeof d.profiles !== 'object' || d.profiles === null) {
    throw new ConfigError(`The profile file ${file} must be {"version": 1, "profiles": {"<name>": {...}}}`);
  }
  const p = d.profiles[profileName];
  if (p === undefined) {
    if (required) throw new ConfigError(`Profile "${profileName}" is not in ${file}`);
    return {};
  }
  const out: Layer = {};
  for (const [k, v] of Object.entries(p as Record<string, unknown>)) if (typeof v === 'string') out[k as keyof Layer] = v;
  return out;
}

/** Credentials of a ModelArts Local running on the default data dir, if its endpoint file is there. */
function readRunningLocal(env: Env, home: string): Layer | undefined {
  const dir = resolveLocalDataDir(env, home);
  const ep = readLocalFile<LocalEndpoint>(join(dir, ENDPOINT_FILE));
  const creds = readLocalFile<LocalCredentials>(join(dir, CREDENTIALS_FILE));
  if (!ep || !creds || !isAlive(ep.pid)) return undefined;
  return localLayer(creds, ep.endpoint);
}

export function localLayer(creds: LocalCredentials, endpoint: string): Layer {
  return {
    access_key: creds.access_key,
    secret_key: creds.secret_key,
    project_id: creds.project_id,
    region_name: creds.region_name,
    endpoint,
  };
}

export function readLocalFile<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
