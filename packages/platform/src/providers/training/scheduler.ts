/** A job waiting for cores, in queue order. */
export interface Waiting {
  id: string;
  /** Cores it asks for (flavor cores × nodes). */
  demand: number;
}

/**
 * FIFO admission by cores: admits queue heads while they fit in what is left of `capacity`. A job larger than
 * the whole machine is admitted alone (clamped to the capacity) rather than waiting for ever. Strict FIFO: a job
 * that does not fit blocks the ones behind it, so big jobs are not starved by small ones.
 */
export function admit(queue: readonly Waiting[], used: number, capacity: number): string[] {
  const out: string[] = [];
  let inUse = used;
  for (const job of queue) {
    const need = Math.min(job.demand, capacity);
    if (inUse + need > capacity) break;
    out.push(job.id);
    inUse += need;
  }
  return out;
}

/** Cores a running job holds, on the same clamp as admission. */
export function held(demand: number, capacity: number): number {
  return Math.min(demand, capacity);
}
