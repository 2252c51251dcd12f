import { APIConnectionError, APIError } from '@modelarts-ts/sdk';
import type { Context } from './context.js';
import { UsageError, UserError } from './errors.js';

/** True when no connection could be made at all (nothing listens there), anywhere in the cause chain. */
function refused(e: unknown): boolean {
  for (let c: unknown = e, depth = 0; c && typeof c === 'object' && depth < 6; c = (c as { cause?: unknown }).cause, depth++) {
    if ((c as { code?: unknown }).code === 'ECONNREFUSED') return true;
  }
  return false;
}

/** The SDK's errors restated as what the user can act on: who did not answer, whose credentials were refused. */
function explain(ctx: Context, e: Error): Error {
  const where = ctx.target ?? ctx.endpoint;
  if (e instanceof APIConnectionError && refused(e) && where) {
    return new UserError(
      `No platform answers at ${where} (connection refused)`,
      'start ModelArts Local with `modelarts local start` (and point at it with --data-dir or --endpoint if it is not on the default data dir or port), or check --endpoint / MODELARTS_ENDPOINT',
    );
  }
  return e;
}

function authHint(ctx: Context, err: APIError): string | undefined {
  if (err.status !== 401 && err.status !== 403) return undefined;
  const where = ctx.target ?? ctx.endpoint ?? 'the endpoint';
  return err.status === 401
    ? `${where} refused the credentials: check HUAWEICLOUD_SDK_AK/SK (or --profile); for ModelArts Local, \`modelarts local credentials\` shows the right ones`
    : `the credentials are valid at ${where} but not allowed to do this`;
}

/** Prints an error for humans (stderr) or as JSON on stdout under --json; returns the exit code (2 for usage errors). */
export function reportError(ctx: Context, e: unknown): number {
  const err = explain(ctx, e instanceof Error ? e : new Error(String(e)));
  if (ctx.json) {
    const body: Record<string, unknown> = { error: { name: err.name, message: err.message } };
    if (err instanceof APIError)
      Object.assign(body.error as object, { status: err.status, error_code: err.error_code, error_msg: err.error_msg, request_id: err.request_id });
    const hint = err instanceof UserError ? err.hint : err instanceof APIError ? authHint(ctx, err) : undefined;
    if (hint) Object.assign(body.error as object, { hint });
    ctx.out(JSON.stringify(body));
  } else if (err instanceof APIError) {
    ctx.note(`Error: ${err.error_code ?? `HTTP ${err.status}`}: ${err.error_msg ?? err.message}${err.request_id ? ` (request id ${err.request_id})` : ''}`);
    const hint = authHint(ctx, err);
    if (hint) ctx.note(`Hint: ${hint}`);
  } else {
    ctx.note(`Error: ${err.message}`);
    if (err instanceof UserError && err.hint) ctx.note(`Hint: ${err.hint}`);
  }
  if (ctx.debug && err.stack) ctx.note(err.stack);
  return err instanceof UsageError ? 2 : 1;
}

/** A two-column table for humans. */
export function table(rows: Array<[string, string]>): string {
  const w = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}
