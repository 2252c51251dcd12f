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
