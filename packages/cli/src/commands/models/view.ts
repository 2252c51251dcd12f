import { InvalidArgumentError } from 'commander';
import type { Context } from '../../core/context.js';

export { withSession } from '../../core/session.js';

/** Commander parser of a non-negative integer flag. */
export function count(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

export function order(v: string): 'asc' | 'desc' {
  if (v !== 'asc' && v !== 'desc') throw new InvalidArgumentError('must be asc or desc');
  return v;
}

/** Prints `value` as JSON under --json, else the human text. */
export function emit(ctx: Context, value: unknown, human: () => string): void {
  ctx.out(ctx.json ? JSON.stringify(value) : human());
}
