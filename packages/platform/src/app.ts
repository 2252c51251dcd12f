import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCredentials } from '@modelarts-ts/contract';
import Fastify, { type FastifyInstance } from 'fastify';
import { ConsoleSessions } from './auth/console-session.js';
import type { PlatformConfig } from './config.js';
import { consoleFiles } from './console-files.js';
import { openMetaDb, prepareDataDir } from './data-dir.js';
import type { Db } from './db/sqlite.js';
import { endpointOf } from './endpoint.js';
import { loadKeyFile } from './fs/key-file.js';
import { registerAuth } from './plugins/auth.js';
import { registerApiBodyParsers } from './plugins/body.js';
import { clientErrorHandler, httpServerOptions, limitConnections } from './plugins/connections.js';
import { registerErrorHandling } from './plugins/errors.js';
import { ensureCredentials, watchCredentials } from './providers/iam/bootstrap.js';
import { IamStore } from './providers/iam/store.js';
import { providerFactories } from './providers/index.js';
import type { PlatformContext, Provider } from './providers/provider.js';
import { registerOperations } from './routes/register.js';
import { objectApi } from './s3/routes.js';
import { DiskObjectStore, type StartReport } from './storage/disk-store.js';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface BuildOptions {
  /** Where log lines go (default stdout); tests capture them to check that no secret is ever logged. */
  logStream?: NodeJS.WritableStream;
}

declare module 'fastify' {
  interface FastifyInstance {
    platform: PlatformContext;
    /** Every route registered, for the contract test: API routes carry their operation id, object-API routes `protocol: 's3'`, the console's files `protocol: 'files'`. */
    routeTable: RegisteredRoute[];
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  operationId?: string;
  protocol?: string;
}

const REQUEST_ID = /^[A-Za-z0-9_.-]{1,128}$/;
const SECRET_QUERY = /([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|AWSAccessKeyId)=)[^&]*/gi;

/** Builds ModelArts Local on `config.dataDir`: database, bootstrap identity, providers, routes. Never listens. */
export async function buildApp(config: PlatformConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const dataDirWarnings = prepareDataDir(config.dataDir);
  const db: Db = openMetaDb(config.dataDir);
  const iam = new IamStore(db, loadKeyFile(config.dataDir, 'iam-temporary-credentials.key'));
  let credentials: LocalCredentials;
  try {
    credentials = ensureCredentials(config.dataDir, config.region, (account) => iam.existingIdentity(account));
    iam.upsertIdentity(credentials);
  } catch (e) {
    db.close();
    throw e;
  }

  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-auth-token"]',
          'req.headers.cookie',
          'req.headers["x-csrf-token"]',
          'res.headers["x-subject-token"]',
          'res.headers["set-cookie"]',
        ],
        censor: '<redacted>',
      },
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          method: req.method,
          url: req.url.replace(SECRET_QUERY, '$1<redacted>'),
          request_id: req.id,
        }),
      },
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID().replace(/-/g, '');
    },
    // Long uploads must never be cut by a whole-request timer; idle clients are closed by limitConnections.
    requestTimeout: 0,
    connectionTimeout: 0,
    http: httpServerOptions(config),
    clientErrorHandler,
    forceCloseConnections: 'idle',
    // HEAD routes are declared where the contract has them (the object API), never implied.
    exposeHeadRoutes: false,
  });
  for (const w of dataDirWarnings) app.log.warn(w);
  // One object store for the S3/OBS API and the providers that read and write OBS (training jobs).
  const objects = new DiskObjectStore({
    root: join(config.dataDir, 'objects'),
    db,
    indexFile: join(config.dataDir, 'meta.db'),
    minPartSize: config.objectMinPartSize,
    abandonedUploadAgeMs: config.multipartMaxAgeSeconds * 1000,
  });
  let started: StartReport;
  try {
    started = await objects.startUp();
  } catch (e) {
    db.close();
    throw e;
  }
  if (started.quarantined > 0)
    app.log.warn({ started }, `object store: ${started.quarantined} file(s) of interrupted writes moved to ${started.quarantineDir}`);
  else if (started.tmp + started.abortedUploads + started.finishedCompletes > 0)
    app.log.info({ started }, 'object store: finished or cleared writes of an earlier run');
  const endpoint = () => {
    const a = app.server.address();
    return endpointOf(config.host, typeof a === 'object' && a ? a.port : config.port);
  };
  const consoleSessions = new ConsoleSessions(loadKeyFile(config.dataDir, 'console-csrf.key'));
  const ctx: PlatformContext = {
    config,
    db,
    iam,
    credentials,
    startedAt: Date.now(),
    version: VERSION,
    log: app.log,
    endpoint,
    objects: () => objects,
    consoleSessions,
  };
  app.decorate('platform', ctx);
  app.decorate('routeTable', [] as RegisteredRoute[]);
  app.addHook('onRoute', (r) => {
    const cfg = (r.config ?? {}) as { operationId?: string; protocol?: string };
    for (const m of [r.method].flat()) app.routeTable.push({ method: m, url: r.url, ...cfg });
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });
  registerErrorHandling(app);
  limitConnections(app.server, config);

  const providers: Provider[] = providerFactories.map((f) => f(ctx));
  await app.register(async (api) => {
    registerApiBodyParsers(api);
    registerAuth(api, iam, consoleSessions);
    registerOperations(api, providers, { rawBodyLimit: config.inferenceBodyLimitBytes });
  });
  await app.register(consoleFiles);
  await app.register(objectApi);
  // Edits of credentials.json rotate at once: the old secrets stop working.
  const unwatch = watchCredentials(
    config.dataDir,
    (next) => {
      iam.upsertIdentity(next);
      Object.assign(credentials, next);
      app.log.warn('credentials.json changed: the identity was updated and the old secrets revoked');
    },
    (e) => app.log.error(`credentials.json changed but was not applied: ${e.message}`),
  );
  app.addHook('onClose', async () => {
    unwatch();
    for (const p of providers) await p.close?.();
    await objects.close();
    db.close();
  });
  return app;
}
