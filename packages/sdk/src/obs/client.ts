import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { raiseMallocTrimThreshold } from '@modelarts-ts/runtime';
import { quietAwsNodeWarning } from '../internal/aws-warning.js';
import { obsRetryStrategy, tagNotIdempotent } from './retry-strategy.js';

/** The keys OBS requests are signed with. */
export interface ObsKeys {
  access_key: string;
  secret_key: string;
  security_token?: string | undefined;
}

/** Temporary keys from IAM, fetched again by the S3 client before `expires_at`. */
export type ObsKeyProvider = () => Promise<ObsKeys & { expires_at: Date }>;

export interface S3ClientSettings {
  endpoint: string;
  region: string;
  credentials: ObsKeys | ObsKeyProvider;
  /** Sockets kept per host: at least as many as requests in flight (files × parts), or requests queue in the agent. */
  maxSockets: number;
  /** Attempts the client makes itself for requests it can repeat (buffered bodies, no body). */
  maxAttempts: number;
  /** A socket idle this long (ms) fails the request, which then retries. */
  socketTimeout: number;
}

// The S3 client prints some warnings to the console unless it has a logger; the SDK is silent by default. No `info`
// or `error`: the client calls them as `logger.info?.(...)`, and with them present it would filter every request's
// input and output for logging (a measurable share of its CPU per small file) just to throw the result away.
const silent = { debug() {}, warn() {} } as unknown as S3ClientConfig['logger'];

const awsIdentity = (k: ObsKeys) => ({
  accessKeyId: k.access_key,
  secretAccessKey: k.secret_key,
  ...(k.security_token ? { sessionToken: k.security_token } : {}),
});

/** Fixed keys as they are; temporary ones as a provider the S3 client memoizes and calls again shortly before expiry. */
function awsCredentials(c: ObsKeys | ObsKeyProvider): S3ClientConfig['credentials'] {
  if (typeof c !== 'function') return awsIdentity(c);
  return async () => {
    const k = await c();
    return { ...awsIdentity(k), expiration: k.expires_at };
  };
}

/**
 * The one S3Client an OBS facade uses, with settings that work against ModelArts Local, OBS, MinIO and AWS:
 * path style, checksums only when an operation requires them (real OBS rejects the aws-chunked trailer),
 * keep-alive sockets for the whole concurrency, and no `Expect: 100-continue` round trip before every part.
 */
export function createS3Client(s: S3ClientSettings): S3Client {
  // Every response chunk is a fresh buffer: keep the C heap they are freed to, or each GC hands it back to the
  // kernel and the next GiB faults it in again (about half the CPU of a download).
  raiseMallocTrimThreshold();
  const agentOptions = { keepAlive: true, maxSockets: s.maxSockets, maxFreeSockets: s.maxSockets, scheduling: 'lifo' as const };
  const restoreWarning = quietAwsNodeWarning();
  const client = new S3Client({
    endpoint: s.endpoint,
    region: s.region,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    expectContinueHeader: false,
    maxAttempts: s.maxAttempts,
    retryStrategy: obsRetryStrategy(s.maxAttempts),
    logger: silent,
    // Reuse each command's resolved middleware chain instead of rebuilding it per request (~0.2 ms of CPU each):
    // it applies to calls without per-call options, which is how small files are sent.
    cacheMiddleware: true,
    credentials: awsCredentials(s.credentials),
    requestHandler: {
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      socketTimeout: s.socketTimeout,
      connectionTimeout: 30_000,
    },
  });
  restoreWarning();
  // OBS requires Content-MD5 on a batch delete; the JS SDK sends only a CRC32 there (aws-sdk-js-v3#6819).
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const req = args.request as { headers?: Record<string, string>; body?: unknown };
      if (context.commandName === 'DeleteObjectsCommand' && req.headers && (typeof req.body === 'string' || req.body instanceof Uint8Array)) {
        req.headers['content-md5'] = createHash('md5').update(req.body).digest('base64');
      }
      return next(args);
    },
    { step: 'build', name: 'obsDeleteObjectsContentMd5' },
  );
  client.middlewareStack.add(tagNotIdempotent as never, { step: 'finalizeRequest', priority: 'low', name: 'obsTagNotIdempotent' });
  return client;
}
