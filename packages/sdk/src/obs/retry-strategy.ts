import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { failureOf, shouldRetry } from '../internal/retry.js';
import { backoffMs } from '../internal/sleep.js';

/** Marks the errors of requests that are not idempotent (POST: create or complete a multipart upload). */
const NOT_IDEMPOTENT = Symbol('obs.notIdempotent');

interface Token {
  getRetryCount(): number;
  getRetryDelay(): number;
}

const token = (count: number, delay: number): Token => ({ getRetryCount: () => count, getRetryDelay: () => delay });

/**
 * The S3 client's own retries, decided by the SDK's one classifier (`shouldRetry`) instead of the AWS SDK's: a POST
 * (create/complete a multipart upload) whose answer was lost is not repeated; a 409 never is. Honours Retry-After.
 */
export function obsRetryStrategy(maxAttempts: number): NonNullable<S3ClientConfig['retryStrategy']> {
  return {
    mode: 'standard',
    acquireInitialRetryToken: async () => token(0, 0),
    refreshRetryTokenForRetry: async (previous: Token, info: { error?: unknown; retryAfterHint?: Date }) => {
      const count = previous.getRetryCount() + 1;
      const failure = failureOf(info.error);
      const idempotent = (info.error as Record<symbol, unknown> | undefined)?.[NOT_IDEMPOTENT] !== true;
      if (count >= maxAttempts || !failure || !shouldRetry(failure, idempotent)) throw info.error ?? new Error('not retried');
      const hinted = info.retryAfterHint ? info.retryAfterHint.getTime() - Date.now() : -1;
      return token(count, hinted >= 0 && hinted <= 60_000 ? hinted : backoffMs(count - 1, 100, 4000));
    },
    recordSuccess: () => undefined,
  } as unknown as NonNullable<S3ClientConfig['retryStrategy']>;
}

/** A middleware inside the retry loop that tags each failed attempt of a POST, for `obsRetryStrategy`. */
export const tagNotIdempotent =
  (next: (args: { request: unknown }) => Promise<unknown>) =>
  async (args: { request: unknown }): Promise<unknown> => {
    try {
      return await next(args);
    } catch (e) {
      const method = (args.request as { method?: string } | undefined)?.method;
      const query = (args.request as { query?: Record<string, unknown> } | undefined)?.query ?? {};
      // A batch delete is a POST, but deleting twice leaves the same state.
      if (method === 'POST' && !('delete' in query) && e !== null && typeof e === 'object') (e as Record<symbol, unknown>)[NOT_IDEMPOTENT] = true;
      throw e;
    }
  };
