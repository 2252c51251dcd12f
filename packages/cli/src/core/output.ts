import { APIError } from '@modelarts-ts/sdk';
import type { Context } from './context.js';
import { UserError } from './errors.js';

/** Prints an error for humans (stderr) or as JSON on stdout under --json; returns the exit code. */
export function reportError(ctx: Context, e: unknown): number {
  const err = e instanceof Error ? e : new Error(String(e));
  if (ctx.json) {
    const body: Record<string, unknown> = { error: { name: err.name, message: err.message } };
    if (err instanceof APIError)
      Object.assign(body.error as object, { status: err.status, error_code: err.error_code, error_msg: err.error_msg, request_id: err.request_id });
    if (err instanceof UserError && err.hint) Object.assign(body.error as object, { hint: err.hint });
    ctx.out(JSON.stringify(body));
  } else if (err instanceof APIError) {
    ctx.note(`Error: ${err.error_code ?? `HTTP ${err.status}`}: ${err.error_msg ?? err.message}${err.request_id ? ` (request id ${err.request_id})` : ''}`);
  } else {
    ctx.note(`Error: ${err.message}`);
    if (err instanceof UserError && err.hint) ctx.note(`Hint: ${err.hint}`);
  }
  if (ctx.debug && err.stack) ctx.note(err.stack);
  return 1;
}

/** A two-column table for humans. */
export function table(rows: Array<[string, string]>): string {
  const w = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}
