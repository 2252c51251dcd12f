import type { Command } from 'commander';
import type { Context } from './context.js';

/** How command groups reach the per-run context and report their exit code. */
export interface CommandHost {
  ctx(): Context;
  /** Wraps an action: calls `fn(positional args..., options)` and records its exit code. */
  action<A extends unknown[] = [], O = Record<string, unknown>>(fn: (...args: [...A, O]) => Promise<number>): (...args: unknown[]) => Promise<void>;
}

/** A noun of the CLI (`local`, `obs`, `jobs`, …): adds its verbs under `program`. */
export type CommandGroup = (program: Command, host: CommandHost) => void;
