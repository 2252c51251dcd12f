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
