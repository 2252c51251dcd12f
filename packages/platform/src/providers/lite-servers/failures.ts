import type { LiteServerOperation, LiteTag } from '@modelarts-ts/contract';

/** What can be made to fail: the lifecycle operations and the disk operations. */
export type FailableOperation = LiteServerOperation | 'attachvolume' | 'detachvolume';

/** The supernode tag whose value lists the operations to fail, e.g. `{key: "local.fail", value: "start stop"}`. */
export const FAIL_TAG = 'local.fail';

const MARKER = /(?:^|[-_.])fail-(create|start|stop|reboot|reinstallos|changeos|delete|attachvolume|detachvolume|error)(?=$|[-_.])/g;

/**
 * Failure injection, so that scripts can test their error handling: an operation fails (the server ends in the
 * operation's `*_FAILED` status) when the server's name carries `fail-<operation>` (e.g. `web-fail-stop`), or when
 * its supernode has the tag `local.fail` listing the operation. `fail-error` makes a create end in ERROR instead of
 * CREATE_FAILED. Renaming the server or removing the tag ends the injection. docs/lite-server.md documents this.
 */
export function failureOf(name: string, tags: readonly LiteTag[], op: FailableOperation): 'failed' | 'error' | undefined {
  const wanted = new Set([...name.matchAll(MARKER)].map((m) => m[1] as string));
  for (const t of tags) if (t.key === FAIL_TAG) for (const w of (t.value ?? '').split(/[\s+,]+/)) if (w) wanted.add(w);
  if (op === 'create' && wanted.has('error')) return 'error';
  return wanted.has(op) ? 'failed' : undefined;
}
