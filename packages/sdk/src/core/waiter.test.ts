import { describe, expect, it } from 'vitest';
import { APIUserAbortError, ResourceFailedError, WaitTimeoutError } from './error.js';
import { poll } from './waiter.js';

const sequence = (statuses: string[]) => {
  let i = 0;
  return async () => ({ status: statuses[Math.min(i++, statuses.length - 1)] as string, n: i });
};

describe('poll', () => {
  it('returns the snapshot at a success status and reports each new status once', async () => {
    const seen: string[] = [];
    const out = await poll({
      retrieve: sequence(['Pending', 'Pending', 'Running', 'Completed']),
      statusOf: (s) => s.status,
      success: ['Completed'],
      failure: ['Failed'],
      minIntervalMs: 1,
      maxIntervalMs: 2,
      onStatus: (s) => seen.push(s),
    });
    expect(out).toEqual({ status: 'Completed', n: 4 });
    expect(seen).toEqual(['Pending', 'Running', 'Completed']);
  });

  it('throws ResourceFailedError with the snapshot and the reason', async () => {
    const err = await poll({
      retrieve: sequence(['Running', 'Failed']),
      statusOf: (s) => s.status,
      success: ['Completed'],
      failure: ['Failed', 'Abnormal'],
      failureReason: () => 'exit code 3: boom',
      describe: 'training job j1',
      minIntervalMs: 1,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceFailedError);
    const e = err as ResourceFailedError<{ status: string }>;
    expect(e.status).toBe('Failed');
    expect(e.reason).toBe('exit code 3: boom');
    expect(e.last.status).toBe('Failed');
    expect(e.message).toContain('training job j1');
  });

  it('gives up with WaitTimeoutError carrying the last status', async () => {
    const err = await poll({ retrieve: sequence(['Running']), statusOf: (s) => s.status, success: [], failure: [], minIntervalMs: 5, timeoutMs: 30 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as WaitTimeoutError).lastStatus).toBe('Running');
  });

  it('stops at once when the signal aborts', async () => {
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 20);
    const started = Date.now();
    const err = await poll({
      retrieve: sequence(['Running']),
      statusOf: (s) => s.status,
      success: [],
      failure: [],
      minIntervalMs: 10_000,
      signal: ctrl.signal,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
