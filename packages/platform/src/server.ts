import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type EmbeddedPlatform, ENDPOINT_FILE, type LocalEndpoint } from '@modelarts-ts/contract';
import type { FastifyInstance } from 'fastify';
import { type BuildOptions, buildApp } from './app.js';
import { type PlatformConfig, resolvePlatformConfig } from './config.js';
import { endpointOf } from './endpoint.js';
import { writeFileAtomic } from './fs/atomic.js';

export interface RunningPlatform extends EmbeddedPlatform {
  readonly app: FastifyInstance;
  readonly config: PlatformConfig;
}

export interface StartOptions extends Partial<PlatformConfig>, BuildOptions {
  /** Where the `MODELARTS_LOCAL_*` settings are read from (default `process.env`); options win over it. */
  env?: Readonly<Record<string, string | undefined>>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Refuses a data dir that another live platform is serving: two writers would corrupt nothing in SQLite, but would fight over processes and files. */
export async function assertNotRunning(dataDir: string): Promise<void> {
  let ep: LocalEndpoint;
  try {
    ep = JSON.parse(readFileSync(join(dataDir, ENDPOINT_FILE), 'utf8')) as LocalEndpoint;
  } catch {
    return;
  }
  if (!isAlive(ep.pid)) return;
  try {
    const res = await fetch(`${ep.endpoint}/-/health`, { signal: AbortSignal.timeout(2000) });
    if (res.ok) throw new Error(`ModelArts Local is already running on ${dataDir} at ${ep.endpoint} (pid ${ep.pid}); stop it first or use another --data-dir`);
  } catch (e) {
    if ((e as Error).message.startsWith('ModelArts Local is already running')) throw e;
  }
}

/**
 * Starts ModelArts Local: validated config (options > environment > defaults), listen, and record the live
 * endpoint in the data dir. `close()` stops it and removes the endpoint record.
 */
export async function startPlatform(options: StartOptions = {}): Promise<RunningPlatform> {
  const { logStream, env, ...flags } = options;
  const config = resolvePlatformConfig(flags, env);
  await assertNotRunning(config.dataDir);
  const app = await buildApp(config, logStream ? { logStream } : {});
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (e) {
    await app.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const endpoint = endpointOf(config.host, port);
  const endpointFile = join(config.dataDir, ENDPOINT_FILE);
  const record: LocalEndpoint = { endpoint, pid: process.pid, started_at: new Date().toISOString() };
  writeFileAtomic(endpointFile, `${JSON.stringify(record, null, 2)}\n`);
  app.log.info({ endpoint, data_dir: config.dataDir }, 'ModelArts Local is listening');
  let closing: Promise<void> | undefined;
  return {
    app,
    config,
    endpoint,
    dataDir: config.dataDir,
    credentials: app.platform.credentials,
    close: () => {
      closing ??= (async () => {
        await app.close();
        try {
          const current = JSON.parse(readFileSync(endpointFile, 'utf8')) as LocalEndpoint;
          if (current.endpoint === endpoint && current.pid === process.pid) rmSync(endpointFile, { force: true });
        } catch {
          // already gone
        }
      })();
      return closing;
    },
  };
}
