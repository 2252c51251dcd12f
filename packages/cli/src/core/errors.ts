/** Bad input or a state the user can fix: shown as one line plus a hint, exit 1, no stack. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A command line that cannot mean anything (a missing or contradictory flag): like UserError, but exit 2. */
export class UsageError extends UserError {
  override name = 'UsageError';
}

/** The exit code of a command the user interrupted (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;
