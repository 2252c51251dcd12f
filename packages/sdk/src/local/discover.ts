import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  CREDENTIALS_FILE,
  type EmbeddedPlatform,
  type EmbeddedPlatformModule,
  type EmbeddedPlatformOptions,
  ENDPOINT_FILE,
  type LocalCredentials,
  type LocalEndpoint,
  resolveLocalDataDir,
} from '@modelarts-ts/contract';
import { isAlive, readLocalFile } from '../auth/config.js';
import { ConfigError } from '../core/error.js';

export interface RunningLocal {
  endpoint: string;
  credentials: LocalCredentials;
}

export function localDataDir(dataDir?: string): string {
  return dataDir ?? resolveLocalDataDir(process.env, homedir());
}

/** A ModelArts Local serving `dataDir` right now: its endpoint file names a live process that answers /-/health. */
export async function findRunningLocal(dataDir: string, fetchImpl: typeof fetch = fetch): Promise<RunningLocal | undefined> {
  const ep = readLocalFile<LocalEndpoint>(join(dataDir, ENDPOINT_FILE));
  const credentials = readLocalFile<LocalCredentials>(join(dataDir, CREDENTIALS_FILE));
  if (!ep || !credentials || !isAlive(ep.pid)) return undefined;
  try {
    const res = await fetchImpl(`${ep.endpoint}/-/health`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return undefined;
    await res.body?.cancel();
  } catch {
    return undefined;
  }
  return { endpoint: ep.endpoint, credentials };
}

// A variable, so neither TypeScript nor bundlers pull the platform into the SDK: it is an optional peer.
const PLATFORM_MODULE = '@modelarts-ts/platform';

/** Starts ModelArts Local in this process (loaded on demand). */
export async function startEmbeddedLocal(options: EmbeddedPlatformOptions): Promise<EmbeddedPlatform> {
  let mod: EmbeddedPlatformModule;
  try {
    mod = (await import(PLATFORM_MODULE)) as EmbeddedPlatformModule;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new ConfigError(
        'No ModelArts Local is running and @modelarts-ts/platform is not installed to start one. Install it beside the SDK ' +
          '(`npm install @modelarts-ts/platform`; until it is published, the tarball `npm pack` makes in packages/platform of a ModelArts TS clone, ' +
          'see docs/getting-started.md), or start one elsewhere with `modelarts local start` and pass its data dir.',
        { cause: e },
      );
    }
    throw e;
  }
  return mod.startPlatform(options);
}
