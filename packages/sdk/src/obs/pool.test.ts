import { describe, expect, it } from 'vitest';
import { APIUserAbortError } from '../core/error.js';
import { forEachLimit } from './pool.js';

const tick = (ms = 1) => new Promise((r) => setTimeout(r, ms));

describe('forEachLimit', () => {
  it('never runs more than the limit at once and visits every item', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimit(
      Array.from({ length: 50 }, (_, i) => i),
      4,
      async (i) => {
        running++;
        peak = Math.max(peak, running);
        await tick();
        seen.push(i);
        running--;
      },
    );
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('pulls lazily from async iterables', async () => {
    let pulled = 0;
    async function* gen() {
      for (let i = 0; i < 10; i++) {
        pulled++;
        yield i;
      }
    }
    let sum = 0;
    await forEachLimit(gen(), 3, async (i, stop) => {
      sum += i;
      if (i === 4) stop();
    });
    expect(pulled).toBeLessThan(10);
    expect(sum).toBeGreaterThanOrEqual(10);
  });

  it('stops taking items after the first failure and rethrows it once the others settle', async () => {
    let started = 0;
    let settled = 0;
    const run = forEachLimit(
      Array.from({ length: 100 }, (_, i) => i),
      5,
      async (i) => {
        started++;
        await tick(2);
        settled++;
        if (i === 3) throw new Error('boom');
      },
    );
    await expect(run).rejects.toThrow('boom');
    expect(started).toBeLessThan(20);
    expect(settled).toBe(started);
  });

  it('stops when the signal aborts, and says so', async () => {
    const ac = new AbortController();
    let count = 0;
    const run = forEachLimit(
      Array.from({ length: 100 }, (_, i) => i),
      2,
      async () => {
        count++;
        if (count === 5) ac.abort();
        await tick();
      },
      ac.signal,
    );
    await expect(run).rejects.toBeInstanceOf(APIUserAbortError);
    expect(count).toBeLessThan(10);
  });
});
