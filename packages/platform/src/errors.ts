import { ERROR_CODES, type ErrorCode } from '@modelarts-ts/contract';

/** What providers throw: a code from the contract's table (status and default message come from it). */
export class PlatformError extends Error {
  override name = 'PlatformError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly solution?: string,
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.status = ERROR_CODES[code].status;
  }
}
