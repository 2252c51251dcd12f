import { describe, expect, it } from 'vitest';
import { type IssuedToken, TokenCache } from './token-cache.js';

function issuer(lifetimeMs: number, clock: { now: number }) {
  let n = 0;
  const calls: number[] = [];
  const issue = async (): Promise<IssuedToken> => {
    calls.push(clock.now);
    await new Promise((r) => setTimeout(r, 5));
    n++;
    return { token: `t${n}`, issued_at: new Date(clock.now), expires_at: new Date(clock.now + lifetimeMs) };
  };
  return { issue, calls };
}

describe('TokenCache', () => {
  it('shares one in-flight issue between concurrent callers', async () => {
    const clock = { now: 0 };
    const { issue, calls } = issuer(24 * 3600_000, clock);
    const cache = new TokenCache(issue, () => clock.now);
    const got = await Promise.all(Array.from({ length: 10 }, () => cache.get()));
    expect(new Set(got)).toEqual(new Set(['t1']));
    expect(calls).toHaveLength(1);
  });

  it('keeps the token until the advisory margin, refreshes in the background, blocks past the mandatory margin', async () => {
    const clock = { now: 0 };
    const day = 24 * 3600_000;
    const { issue, calls } = issuer(day, clock);
    const cache = new TokenCache(issue, () => clock.now);
    expect(await cache.get()).toBe('t1');
    clock.now = day - 11 * 60_000; // 11 min left: still fresh
    expect(await cache.get()).toBe('t1');
    expect(calls).toHaveLength(1);
    clock.now = day - 5 * 60_000; // 5 min left: advisory, old token served, refresh started
    expect(await cache.get()).toBe('t1');
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(2);
    expect(await cache.get()).toBe('t2');
    clock.now += day - 60_000; // 1 min left on t2: callers wait for t3
    expect(await cache.get()).toBe('t3');
  });

  it('invalidate() forces a new token, and a failed issue is not cached', async () => {
    const clock = { now: 0 };
    let fail = true;
    const cache = new TokenCache(
      async () => {
        if (fail) throw new Error('iam down');
        return { token: 'ok', issued_at: new Date(0), expires_at: new Date(3600_000) };
      },
      () => clock.now,
    );
    await expect(cache.get()).rejects.toThrow('iam down');
    fail = false;
    expect(await cache.get()).toBe('ok');
    cache.invalidate('other');
    expect(cache.peek()?.token).toBe('ok');
    cache.invalidate('ok');
    expect(cache.peek()).toBeUndefined();
  });
});
