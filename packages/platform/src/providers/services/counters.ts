import type { ServiceStore } from './store.js';

export interface Counts {
  inv: number;
  fail: number;
}

interface ServiceCounts extends Counts {
  models: Map<string, Counts>;
}

/**
 * Call counters of the router, per service and per model: counted in memory on every request and added to SQLite
 * in one transaction per flush, so that inference never waits for a write.
 */
export class CallCounters {
  private pending = new Map<string, ServiceCounts>();

  constructor(private readonly store: ServiceStore) {}

  count(serviceId: string, modelId: string | undefined, ok: boolean): void {
    let c = this.pending.get(serviceId);
    if (!c) {
      c = { inv: 0, fail: 0, models: new Map() };
      this.pending.set(serviceId, c);
    }
    c.inv++;
    if (!ok) c.fail++;
    if (modelId) {
      let m = c.models.get(modelId);
      if (!m) {
        m = { inv: 0, fail: 0 };
        c.models.set(modelId, m);
      }
      m.inv++;
      if (!ok) m.fail++;
    }
  }

  /** Counts not yet stored, for views that add them to the stored ones. */
  unflushed(serviceId: string): Counts | undefined {
    return this.pending.get(serviceId);
  }

  /** Stored plus unflushed counts of each model of a service. */
  models(serviceId: string): Map<string, Counts> {
    const stored = this.store.modelCounts(serviceId);
    for (const [m, c] of this.pending.get(serviceId)?.models ?? []) {
      const s = stored.get(m) ?? { inv: 0, fail: 0 };
      stored.set(m, { inv: s.inv + c.inv, fail: s.fail + c.fail });
    }
    return stored;
  }

  forget(serviceId: string): void {
    this.pending.delete(serviceId);
  }

  flush(): void {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.store.addCounts(batch);
  }
}

/**
 * Calls of the last minute, in one-second buckets: counting is O(1) per call (a list of timestamps trimmed per
 * call cost the router more than its counters), the total is exact to the second.
 */
export class MinuteRate {
  private readonly buckets = new Array<number>(60).fill(0);
  /** The second each bucket counts (a bucket of another second is stale). */
  private readonly seconds = new Array<number>(60).fill(-1);

  add(now = Date.now()): void {
    const s = Math.floor(now / 1000);
    const i = s % 60;
    if (this.seconds[i] !== s) {
      this.seconds[i] = s;
      this.buckets[i] = 0;
    }
    this.buckets[i] = (this.buckets[i] as number) + 1;
  }

  /** Calls in the 60 seconds up to `now`. */
  total(now = Date.now()): number {
    const s = Math.floor(now / 1000);
    let n = 0;
    for (let i = 0; i < 60; i++) if (s - (this.seconds[i] as number) < 60) n += this.buckets[i] as number;
    return n;
  }
}
