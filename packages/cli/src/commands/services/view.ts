import type { ServiceConfigOptions, ServiceDetail, ServiceWaitOptions } from '@modelarts-ts/sdk';
import { InvalidArgumentError } from 'commander';
import type { Context } from '../../core/context.js';
import { UserError } from '../../core/errors.js';
import { abortSignal, pairs } from '../jobs/view.js';

/** Flags that describe a real-time service's models (deploy and update). */
export interface ConfigFlags {
  model?: string[];
  instances?: number;
  flavor?: string;
  env?: string[];
}

export const DEFAULT_FLAVOR = 'modelarts.vm.cpu.2u';

/** `--model ID[:weight]` (repeatable) → ServiceConfigs; weights default to an even split of 100. */
export function serviceConfigs(f: ConfigFlags): ServiceConfigOptions[] {
  const models = f.model ?? [];
  if (models.length === 0) throw new UserError('--model is required', 'give the model id, e.g. --model <id>, or --model <id>:70 --model <id>:30');
  if (f.flavor === 'local')
    throw new UserError('--flavor local serves a model inside one process', 'use the SDK: model.deployPredictor with specification: "local"');
  const parsed = models.map((m) => {
    const [id, weight] = m.split(':');
    if (!id || (weight !== undefined && !/^\d{1,3}$/.test(weight))) throw new UserError(`--model takes ID or ID:weight (got "${m}")`);
    return { id, weight: weight === undefined ? undefined : Number(weight) };
  });
  const given = parsed.filter((p) => p.weight !== undefined).length;
  if (given !== 0 && given !== parsed.length) throw new UserError('give a weight to every --model or to none');
  const even = Math.floor(100 / parsed.length);
  const envs = Object.fromEntries(pairs('--env', f.env).map((e) => [e.name, e.value ?? '']));
  return parsed.map((p, i) => ({
    model_id: p.id,
    weight: p.weight ?? (i === 0 ? 100 - even * (parsed.length - 1) : even),
    instance_count: f.instances ?? 1,
    specification: f.flavor ?? DEFAULT_FLAVOR,
    ...(Object.keys(envs).length ? { envs } : {}),
  }));
}

/** `30m`, `2h`, `1d` → a Schedule that stops the service after that long. */
export function stopAfter(v: string): { op_type: 'stop'; time_unit: 'MINUTES' | 'HOURS' | 'DAYS'; duration: number } {
  const m = /^(\d+)([mhd])$/.exec(v);
  if (!m || Number(m[1]) < 1) throw new InvalidArgumentError('must be a duration such as 30m, 2h or 1d');
  const unit = ({ m: 'MINUTES', h: 'HOURS', d: 'DAYS' } as const)[m[2] as 'm' | 'h' | 'd'];
  return { op_type: 'stop', time_unit: unit, duration: Number(m[1]) };
}

/** Wait settings that print each status to stderr and follow Ctrl+C. */
export function waitOptions(ctx: Context): ServiceWaitOptions {
  return { signal: abortSignal(ctx), onStatus: (s) => ctx.note(`status: ${s}`) };
}

/** One line about a service for humans. */
export function serviceLine(s: Pick<ServiceDetail, 'service_id' | 'service_name' | 'status' | 'infer_type'>): string {
  return `${s.service_id} ${s.service_name} ${s.infer_type} ${s.status}`;
}
