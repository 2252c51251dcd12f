import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCredentials } from '@modelarts-ts/contract';
import Fastify, { type FastifyInstance } from 'fastify';
import type { PlatformConfig } from './config.js';
import { type Db, openDatabase } from './db/sqlite.js';
import { loadKeyFile } from './fs/key-file.js';
import { registerAuth } from './plugins/auth.js';
import { registerApiBodyParsers } from './plugins/body.js';
import { registerErrorHandling } from './plugins/errors.js';
import { ensureCredentials } from './providers/iam/bootstrap.js';
import { IamStore } from './providers/iam/store.js';
import { providerFactories } from './providers/index.js';
import type { PlatformContext, Provider } from './providers/provider.js';
import { registerOperations } from './routes/register.js';
import { objectApi } from './s3/routes.js';
import { DiskObjectStore } from './storage/disk-store.js';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface BuildOptions {
  /** Where log lines go (default stdout); tests capture them to check that no secret is ever logged. */
  logStream?: NodeJS.WritableStream;
}

declare module 'fastify' {
  interface FastifyInstance {
    platform: PlatformContext;
    /** Every route registered, for the contract test: API routes carry their operation id, object-API routes `protocol: 's3'`. */
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
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const credentials: LocalCredentials = ensureCredentials(config.dataDir, config.region);
  const db: Db = openDatabase(join(config.dataDir, 'meta.db'));
  const iam = new IamStore(db, loadKeyFile(config.dataDir, 'iam-temporary-credentials.key'));
  iam.upsertIdentity(credentials);

  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      redact: { paths: ['req.headers.authorization', 'req.headers["x-auth-token"]', 'res.headers["x-subject-token"]'], censor: '<redacted>' },
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
    // Long uploads must never be cut by a server-side timer.
    requestTimeout: 0,
    connectionTimeout: 0,
    forceCloseConnections: 'idle',
    // HEAD routes are declared where the contract has them (the object API), never implied.
    exposeHeadRoutes: false,
  });
  // One object store for the S3/OBS API and the providers that read and write OBS (training jobs).
  const objects = new DiskObjectStore({
    root: join(config.dataDir, 'objects'),
    db,
    minPartSize: config.objectMinPartSize,
    abandonedUploadAgeMs: config.multipartMaxAgeSeconds * 1000,
  });
  const swept = objects.sweep();
  if (swept.tmp + swept.blobs + swept.parts + swept.abortedUploads > 0) app.log.info({ swept }, 'object store: removed leftovers of an earlier run');
  const ctx: PlatformContext = { config, db, iam, credentials, startedAt: Date.now(), version: VERSION, log: app.log, objects: () => objects };
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

  const providers: Provider[] = providerFactories.map((f) => f(ctx));
  await app.register(async (api) => {
    registerApiBodyParsers(api);
    registerAuth(api, iam);
    registerOperations(api, providers, { rawBodyLimit: config.inferenceBodyLimitBytes });
  });
  await app.register(objectApi);
  app.addHook('onClose', async () => {
    for (const p of providers) await p.close?.();
    await objects.close();
    db.close();
  });
  return app;
}
