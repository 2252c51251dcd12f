import { Type } from '@modelarts-ts/contract';
import { callback } from '../internal/arguments.js';
import { AbortSignalArg } from '../internal/common-args.js';
import { SessionArg } from '../internal/session-arg.js';

/** Argument schemas the serving signatures share. */

/** The `session` every static function of the manual takes first. */
export const SessionParam = ['session', SessionArg] as const;

/** A required id, e.g. `model_id`. */
export const idParam = <N extends string>(name: N) => [name, Type.String({ minLength: 1 })] as const;

/** `waitUntil…` options. */
export const WaitSchema = Type.Object(
  {
    timeoutMs: Type.Optional(Type.Integer({ minimum: 0 })),
    signal: Type.Optional(AbortSignalArg),
    onStatus: Type.Optional(callback('(status, resource) => void')),
    minIntervalMs: Type.Optional(Type.Integer({ minimum: 1 })),
    maxIntervalMs: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
