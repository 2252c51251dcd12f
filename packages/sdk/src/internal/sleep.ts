import { APIUserAbortError } from '../core/error.js';

/** Resolves after `ms`, or rejects with APIUserAbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError());
    const onAbort = () => {
      clearTimeout(t);
      reject(new APIUserAbortError());
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff 0.5 s doubling to 8 s, with up to 25 % jitter taken off. */
export function backoffMs(attempt: number, baseMs = 500, maxMs = 8000): number {
  const raw = Math.min(baseMs * 2 ** attempt, maxMs);
  return Math.round(raw * (1 - Math.random() * 0.25));
}

/** Delay asked by a Retry-After header (seconds or HTTP date), if it is sane (≤ 60 s). */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) && ms >= 0 && ms <= 60_000 ? ms : undefined;
}
