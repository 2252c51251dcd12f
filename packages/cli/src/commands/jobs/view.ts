import type { TrainingJobInfo } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { UsageError } from '../../core/errors.js';

/** Commander collector for repeatable options (`--input a=… --input b=…`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `name=value` pairs of a repeatable flag; `bare` allows `name` alone (a flag parameter). */
export function pairs(flag: string, items: readonly string[] = [], bare = false): Array<{ name: string; value: string | undefined }> {
  return items.map((item) => {
    const i = item.indexOf('=');
    if (i < 0 && bare) return { name: item, value: undefined };
    if (i <= 0) throw new UsageError(`${flag} takes name=value (got "${item}")`);
    return { name: item.slice(0, i), value: item.slice(i + 1) };
  });
}

export function time(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : '-';
}

export function duration(ms: number): string {
  if (ms <= 0) return '-';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** A column-aligned table with a header row. */
export function grid(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** One row of `jobs list`. */
export function jobRow(j: TrainingJobInfo): string[] {
  return [
    j.metadata.id,
    j.metadata.name,
    j.status.phase,
    j.spec.resource.flavor_id ?? '-',
    String(j.spec.resource.node_count ?? 1),
    time(j.metadata.create_time),
    duration(j.status.duration),
  ];
}

export const JOB_HEADER = ['ID', 'NAME', 'PHASE', 'FLAVOR', 'NODES', 'CREATED', 'DURATION'] as const;

/** Forwards the CLI's Ctrl+C to an SDK call. */
export function abortSignal(ctx: Context): AbortSignal {
  const ctrl = new AbortController();
  if (ctx.signal?.aborted) ctrl.abort();
  ctx.signal?.addEventListener('abort', () => ctrl.abort(), { once: true });
  return ctrl.signal;
}
