/**
 * The data dir cannot be used as it is: a refusal that names the file or folder concerned and what the
 * user can do. Nothing was changed when it is thrown. The CLI prints `message` and `choices` as they are.
 */
export class DataDirError extends Error {
  override name = 'DataDirError';
  constructor(
    message: string,
    /** What the user can do, one line each. */
    readonly choices: readonly string[],
    /** `damaged-index`: meta.db is not a database (recover moves it aside). */
    readonly reason: 'damaged-index' | 'disagreement' | 'file-system' = 'file-system',
  ) {
    super(`${message}\n${choices.map((c) => `  - ${c}`).join('\n')}`);
  }
}
