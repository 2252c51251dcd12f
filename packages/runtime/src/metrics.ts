import { CLOCK_TICKS_PER_SECOND, listProcesses, type ProcStat, processTree, residentBytes } from './proc.js';

/** Per-minute averages of one task, as the metrics API answers them (`cpuUsage`, `memUsage` in percent). */
export interface TaskMetrics {
  cpuUsage: number[];
  memUsage: number[];
}

export interface UsageSample {
  time: number;
  cpuUsage: number;
  memUsage: number;
}

/** Collects samples and averages them per minute since `start`; the current minute is averaged so far. */
export class UsageSeries {
  private readonly minutes: Array<{ cpu: number; mem: number; n: number }> = [];

  constructor(private readonly start: number) {}

  add(s: UsageSample): void {
    const i = Math.max(0, Math.floor((s.time - this.start) / 60_000));
    while (this.minutes.length <= i) this.minutes.push({ cpu: 0, mem: 0, n: 0 });
    const m = this.minutes[i] as { cpu: number; mem: number; n: number };
    m.cpu += s.cpuUsage;
    m.mem += s.memUsage;
    m.n += 1;
  }

  /** Minutes without a sample answer -1, the cloud's "no data". */
  perMinute(): TaskMetrics {
    const avg = (sum: number, n: number) => (n ? Math.round((sum / n) * 100) / 100 : -1);
    return { cpuUsage: this.minutes.map((m) => avg(m.cpu, m.n)), memUsage: this.minutes.map((m) => avg(m.mem, m.n)) };
  }
}

export interface TreeSamplerOptions {
  /** Cores the task may use (the flavor's): 100 % is all of them busy. */
  cores: number;
  /** Memory the task may use (the flavor's), in bytes. */
  memoryBytes: number;
}

/**
 * Samples a worker's process tree from `/proc`: CPU as the share of `cores` used since the last sample,
 * memory as resident bytes over `memoryBytes`. Answers undefined on the first call (no interval yet) and
 * where `/proc` does not exist.
 */
export class TreeSampler {
  private last: { time: number; ticks: Map<number, number> } | undefined;

  constructor(
    private readonly rootPid: number,
    private readonly options: TreeSamplerOptions,
  ) {}

  /** `all`: a listing of /proc to share between samplers (reading every process's stat is the costly part). */
  sample(now = Date.now(), all: readonly ProcStat[] = listProcesses()): UsageSample | undefined {
    const tree = processTree(this.rootPid, all).filter((p) => p.state !== 'Z');
    if (tree.length === 0) return undefined;
    const ticks = new Map(tree.map((p) => [p.pid, p.cpuTicks]));
    const prev = this.last;
    this.last = { time: now, ticks };
    if (!prev || now <= prev.time) return undefined;
    let used = 0;
    // A process not seen last time was born in this interval (the tree holds every descendant), so all its time counts.
    for (const [pid, t] of ticks) {
      const before = prev.ticks.get(pid);
      used += before === undefined ? t : Math.max(0, t - before);
    }
    const seconds = (now - prev.time) / 1000;
    const cpu = (used / CLOCK_TICKS_PER_SECOND / seconds / Math.max(1, this.options.cores)) * 100;
    const rss = tree.reduce((sum, p) => sum + residentBytes(p.pid), 0);
    const mem = (rss / Math.max(1, this.options.memoryBytes)) * 100;
    return { time: now, cpuUsage: Math.min(100, cpu), memUsage: Math.min(100, mem) };
  }
}
