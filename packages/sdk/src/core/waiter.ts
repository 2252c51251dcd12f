import { sleep } from '../internal/sleep.js';
import { ResourceFailedError, WaitTimeoutError } from './error.js';

export interface PollOptions<T> {
  /** Fetches a fresh snapshot of the resource. */
  retrieve: (signal?: AbortSignal) => Promise<T>;
  statusOf: (snapshot: T) => string;
  /** Statuses where the wait succeeds (from the contract's terminal sets). */
  success: Iterable<string>;
  /** Statuses where the wait fails with ResourceFailedError. */
  failure: Iterable<string>;
  /** Why it failed (e.g. the job's last log lines), for the error. */
  failureReason?: (snapshot: T) => Promise<string | undefined> | string | undefined;
  /** Human name for messages, e.g. `training job 3c1f…`. */
  describe?: string;
  /** First and longest interval between polls; the interval grows ×1.5 with jitter. Default 1 s → 10 s. */
  minIntervalMs?: number;
  maxIntervalMs?: number;
  /** Give up after this long (WaitTimeoutError). Default: no limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with each new status (not on every poll). */
  onStatus?: (status: string, snapshot: T) => void;
}

/** The one poller behind every `wait…()`: returns the snapshot at a success status, throws otherwise. */
export async function poll<T>(o: PollOptions<T>): Promise<T> {
  const success = new Set(o.success);
  const failure = new Set(o.failure);
  const what = o.describe ?? 'resource';
  const deadline = o.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + o.timeoutMs;
  const maxInterval = o.maxIntervalMs ?? 10_000;
  let interval = o.minIntervalMs ?? 1000;
  let last: T | undefined;
  let lastStatus: string | undefined;
  for (;;) {
    last = await o.retrieve(o.signal);
    const status = o.statusOf(last);
    if (status !== lastStatus) o.onStatus?.(status, last);
    lastStatus = status;
    if (success.has(status)) return last;
    if (failure.has(status)) {
      const reason = await o.failureReason?.(last);
      throw new ResourceFailedError(`${what} ended in status ${status}${reason ? `: ${reason}` : ''}`, last, status, reason);
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new WaitTimeoutError(`gave up waiting for ${what} after ${o.timeoutMs} ms (last status ${status})`, last, status);
    const jittered = interval * (0.8 + Math.random() * 0.4);
    await sleep(Math.min(jittered, left), o.signal);
    interval = Math.min(interval * 1.5, maxInterval);
  }
}
