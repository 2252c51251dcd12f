import { Type } from '@modelarts-ts/contract';
import type { Logger } from '../core/logger.js';
import { callback, instanceOf, opaque } from './arguments.js';

/** Schemas shared by many signatures. */

export const AbortSignalArg = instanceOf(AbortSignal, 'an AbortSignal');

export const StringMap = Type.Record(Type.String(), Type.String());

/** `RequestOptions`: the trailing per-call settings of the low-level client. */
export const RequestOptionsSchema = Type.Object({
  timeout: Type.Optional(Type.Number({ minimum: 0 })),
  maxRetries: Type.Optional(Type.Integer({ minimum: 0 })),
  signal: Type.Optional(AbortSignalArg),
  headers: Type.Optional(StringMap),
});

/** `TransportOptions`: how a session or client talks HTTP. */
export const TransportOptionsProps = {
  timeout: Type.Optional(Type.Number({ minimum: 0 })),
  maxRetries: Type.Optional(Type.Integer({ minimum: 0 })),
  headers: Type.Optional(StringMap),
  logger: Type.Optional(opaque<Logger>('a Logger { error, warn, info, debug }')),
  logLevel: Type.Optional(Type.Union([Type.Literal('off'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug')])),
  fetch: Type.Optional(callback<typeof fetch>('like fetch(url, init)')),
};

/** `{ signal }` alone. */
export const SignalOptions = Type.Object({ signal: Type.Optional(AbortSignalArg) });
