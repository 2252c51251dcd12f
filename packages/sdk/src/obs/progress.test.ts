import { describe, expect, it } from 'vitest';
import { type ObsProgress, ProgressTracker } from './progress.js';

describe('ProgressTracker', () => {
  it('throttles events, counts skipped work as loaded but not transferred, and ends at total', () => {
    const events: ObsProgress[] = [];
    const t = new ProgressTracker(100, 3, (p) => events.push(p), 60_000);
    t.skip(30);
    t.fileDone();
    t.add(40);
    t.fileDone();
    t.add(30);
    t.fileDone();
    t.finish();
    expect(events.length).toBe(2); // the first event, then only the final one inside the interval
    expect(events.at(-1)).toEqual({ loaded: 100, total: 100, files_done: 3, files_total: 3 });
    expect(t.transferred).toBe(70);
  });

  it('survives a throwing listener', () => {
    const t = new ProgressTracker(
      1,
      1,
      () => {
        throw new Error('listener bug');
      },
      0,
    );
    expect(() => t.add(1)).not.toThrow();
  });
});
