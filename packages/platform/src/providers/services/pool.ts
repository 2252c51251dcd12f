import type { ConfigStatus } from '@modelarts-ts/contract';
import { listProcesses, type ModelServer, type ProcStat, TreeSampler } from '@modelarts-ts/runtime';
import { forgetBackend } from './forward.js';

/** One config of a service as the pool runs it. */
export interface PoolConfigSpec {
  modelId: string;
  /** Label for events: `name version`. */
  label: string;
  weight: number;
  instanceCount: number;
  cores: number;
  memoryMiB: number;
}

export interface Instance {
  readonly config: PoolConfig;
  readonly index: number;
  server: ModelServer | undefined;
  healthy: boolean;
  inflight: number;
  sampler: TreeSampler | undefined;
  /** Last CPU (cores) and memory (MiB) measured. */
  usage: { cores: number; memoryMiB: number };
}

export interface PoolConfig {
  readonly spec: PoolConfigSpec;
  readonly instances: Instance[];
  /** Smooth weighted round-robin state. */
  current: number;
  rr: number;
}

export interface PoolHooks {
  /** Starts the model server of instance `index` of a config (resolves once healthy). */
  start(spec: PoolConfigSpec, index: number): Promise<ModelServer>;
  event(type: 'normal' | 'abnormal', info: string): void;
  /** An instance went down or came back. */
  healthChanged(): void;
}

const RESTART_DELAYS_MS = [200, 1000, 5000, 30_000];

/**
 * The model servers of one service version: starts them, restarts a crashed one, picks a config by weight
 * (smooth weighted round-robin, so 70/30 is 70/30 over any 10 requests) and an instance round-robin.
 */
export class ServicePool {
  readonly configs: PoolConfig[];
  private stopping = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    specs: readonly PoolConfigSpec[],
    private readonly hooks: PoolHooks,
  ) {
    this.configs = specs.map((spec) => {
      const c: PoolConfig = { spec, instances: [], current: 0, rr: 0 };
      for (let i = 0; i < spec.instanceCount; i++) {
        c.instances.push({ config: c, index: i, server: undefined, healthy: false, inflight: 0, sampler: undefined, usage: { cores: 0, memoryMiB: 0 } });
      }
      return c;
    });
  }

  /** Starts every instance; rejects with the first failure (after stopping the others). */
  async start(): Promise<void> {
    const all = this.configs.flatMap((c) => c.instances);
    const results = await Promise.allSettled(all.map((i) => this.launch(i)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.stop(0);
      throw failed.reason;
    }
  }

  private async launch(inst: Instance): Promise<void> {
    const server = await this.hooks.start(inst.config.spec, inst.index);
    if (this.stopping) {
      await server.stop(0);
      return;
    }
    inst.server = server;
    inst.healthy = true;
    inst.sampler = new TreeSampler(server.pid, { cores: inst.config.spec.cores, memoryBytes: inst.config.spec.memoryMiB * 1024 * 1024 });
    // The first sample only sets the baseline CPU time; later ones measure from here.
    inst.sampler.sample();
    void server.exited.then(() => this.exited(inst, server));
  }

  private exited(inst: Instance, server: ModelServer): void {
    void forgetBackend(server.url);
    if (this.stopping || inst.server !== server) return;
    inst.server = undefined;
    inst.healthy = false;
    inst.sampler = undefined;
    this.hooks.event('abnormal', `Instance ${inst.index + 1} of model ${inst.config.spec.label} exited unexpectedly (pid ${server.pid}); restarting it.`);
    this.hooks.healthChanged();
    this.restart(inst, 0);
  }

  private restart(inst: Instance, attempt: number): void {
    const delay = RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)] as number;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.stopping) return;
      this.launch(inst).then(
        () => {
          if (this.stopping) return;
          this.hooks.event('normal', `Instance ${inst.index + 1} of model ${inst.config.spec.label} restarted and is ready.`);
          this.hooks.healthChanged();
        },
        (e: Error) => {
          if (this.stopping) return;
          this.hooks.event('abnormal', `Restarting instance ${inst.index + 1} of model ${inst.config.spec.label} failed: ${e.message}`);
          this.restart(inst, attempt + 1);
        },
      );
    }, delay);
    this.timers.add(t);
  }

  /** A config by weight, then one of its healthy instances round-robin; `exclude` holds instances that just failed. */
  pick(exclude?: ReadonlySet<Instance>): Instance | undefined {
    const usable = (i: Instance) => i.healthy && i.server !== undefined && !exclude?.has(i);
    const chosen = this.configs.length === 1 ? this.configs.find((c) => c.instances.some(usable)) : this.pickConfig(usable);
    if (!chosen) return undefined;
    const n = chosen.instances.length;
    for (let k = 0; k < n; k++) {
      chosen.rr = (chosen.rr + 1) % n;
      const inst = chosen.instances[chosen.rr] as Instance;
      if (usable(inst)) return inst;
    }
    return undefined;
  }

  /** Smooth weighted round-robin over the configs with a usable instance. */
  private pickConfig(usable: (i: Instance) => boolean): PoolConfig | undefined {
    const candidates = this.configs.filter((c) => c.instances.some(usable));
    if (candidates.length === 0) return undefined;
    // Weights of 0 only take traffic when nothing else can.
    const weighted = candidates.some((c) => c.spec.weight > 0) ? candidates.filter((c) => c.spec.weight > 0) : candidates;
    const total = weighted.reduce((s, c) => s + Math.max(1, c.spec.weight), 0);
    let best: PoolConfig | undefined;
    for (const c of weighted) {
      c.current += Math.max(1, c.spec.weight);
      if (!best || c.current > best.current) best = c;
    }
    const chosen = best as PoolConfig;
    chosen.current -= total;
    return chosen;
  }

  configStatus(c: PoolConfig): ConfigStatus {
    const up = c.instances.filter((i) => i.healthy).length;
    return up === c.instances.length ? 'ready' : up > 0 ? 'concerning' : 'notReady';
  }

  allHealthy(): boolean {
    return this.configs.every((c) => c.instances.every((i) => i.healthy));
  }

  runningCount(): number {
    return this.configs.reduce((s, c) => s + c.instances.filter((i) => i.healthy).length, 0);
  }

  /**
   * Samples CPU and memory of every live instance from `all` (one listing of /proc, shared by every pool: it reads
   * every process's stat synchronously, so one listing per instance stalled the router for as many).
   */
  sample(all: readonly ProcStat[] = listProcesses()): void {
    const now = Date.now();
    for (const c of this.configs) {
      for (const i of c.instances) {
        const s = i.sampler?.sample(now, all);
        if (s) i.usage = { cores: (s.cpuUsage / 100) * c.spec.cores, memoryMiB: Math.round(((s.memUsage / 100) * c.spec.memoryMiB * 100) / 100) };
      }
    }
  }

  /** Stops taking requests, waits up to `drainMs` for those in flight, then stops every server. */
  async stop(drainMs: number): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const all = this.configs.flatMap((c) => c.instances);
    for (const i of all) i.healthy = false;
    const deadline = Date.now() + drainMs;
    while (Date.now() < deadline && all.some((i) => i.inflight > 0)) await new Promise((r) => setTimeout(r, 10));
    await Promise.allSettled(
      all.map(async (i) => {
        const s = i.server;
        i.server = undefined;
        if (s) await s.stop(2000);
        if (s) await forgetBackend(s.url);
      }),
    );
  }
}
