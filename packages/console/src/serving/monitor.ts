import type { ServiceMonitor } from '@modelarts-ts/contract';

/**
 * The service monitor operation answers one snapshot per call; the detail page polls it and keeps a rolling window
 * per model, which becomes the uPlot data of the CPU and memory charts.
 */

export interface MonitorPoint {
  /** Seconds since the epoch (uPlot's x unit). */
  t: number;
  /** Cores in use, summed over the model's instances. */
  cpu: number;
  cpuTotal: number;
  /** MB. */
  memory: number;
  memoryTotal: number;
}

export type MonitorHistory = Record<string, MonitorPoint[]>;

/** Adds a snapshot to the history (per model id), keeping the last `keep` points of each model. */
export function addSnapshot(history: MonitorHistory, m: ServiceMonitor, atMs: number, keep = 120): MonitorHistory {
  const next: MonitorHistory = { ...history };
  for (const x of m.monitors) {
    const p: MonitorPoint = { t: atMs / 1000, cpu: x.cpu_core_usage, cpuTotal: x.cpu_core_total, memory: x.cpu_memory_usage, memoryTotal: x.cpu_memory_total };
    next[x.model_id] = [...(history[x.model_id] ?? []), p].slice(-keep);
  }
  return next;
}

/** uPlot's column data `[x, y]` of one metric. */
export function series(points: readonly MonitorPoint[], metric: 'cpu' | 'memory'): [number[], number[]] {
  return [points.map((p) => p.t), points.map((p) => p[metric])];
}

/** Invocation counters: `"12 calls, 1 failed (8.3%)"`. */
export function formatCounters(invocations: number, failed: number): string {
  const calls = `${invocations} call${invocations === 1 ? '' : 's'}`;
  if (failed === 0) return `${calls}, none failed`;
  const share = invocations > 0 ? ` (${((100 * failed) / invocations).toFixed(1)}%)` : '';
  return `${calls}, ${failed} failed${share}`;
}

/** `0.25 / 2 cores`, `128 / 4096 MB`. */
export function formatUsage(used: number, total: number, unit: string): string {
  const u = Number.isInteger(used) ? String(used) : used.toFixed(2);
  return total > 0 ? `${u} / ${total} ${unit}` : `${u} ${unit}`;
}

/** A latency in ms: `850 ms`, `1.25 s`. */
export function formatLatency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
