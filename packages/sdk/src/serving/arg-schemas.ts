import { Type } from '@modelarts-ts/contract';
import { callback, instanceOf } from '../internal/arguments.js';
import { Session } from '../session.js';

/** Argument schemas the serving signatures share. */

/** The `session` every static function of the manual takes first. */
export const SessionParam = ['session', instanceOf(Session, 'a Session')] as const;

/** A required id, e.g. `model_id`. */
export const idParam = <N extends string>(name: N) => [name, Type.String({ minLength: 1 })] as const;

/** A call's transport options (the SDK's RequestOptions). */
export const RequestOptionsSchema = Type.Object(
  {
    timeout: Type.Optional(Type.Integer({ minimum: 1 })),
    maxRetries: Type.Optional(Type.Integer({ minimum: 0 })),
    signal: Type.Optional(instanceOf(AbortSignal, 'an AbortSignal')),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
);

/** `waitUntil…` options. */
export const WaitSchema = Type.Object(
  {
    timeoutMs: Type.Optional(Type.Integer({ minimum: 0 })),
    signal: Type.Optional(instanceOf(AbortSignal, 'an AbortSignal')),
    onStatus: Type.Optional(callback('(status, resource) => void')),
    minIntervalMs: Type.Optional(Type.Integer({ minimum: 1 })),
    maxIntervalMs: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
