import { homedir } from 'node:os';
import { resolveLocalDataDir } from '@modelarts-ts/contract';

/** What a command gets instead of reaching for globals: streams, environment, global flags. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** Ends long-running commands (`local start`); the binary wires SIGINT/SIGTERM to it. */
  signal?: AbortSignal;
}

export interface GlobalFlags {
  json: boolean;
  debug: boolean;
  profile?: string;
  endpoint?: string;
  /** The ModelArts Local data dir that `local` commands use and where a running platform is looked for. */
  dataDir?: string;
}

export interface Context extends CliIO, GlobalFlags {
  /** Data to stdout (JSON in --json mode). */
  out(text: string): void;
  /** Messages to stderr. */
  note(text: string): void;
  /** `--data-dir`, else `$MODELARTS_LOCAL_DATA_DIR`, else the per-user default. */
  defaultDataDir(): string;
  /** The endpoint the command's session talks to, once it has one (for error messages). */
  target?: string;
}

export function makeContext(io: CliIO, flags: GlobalFlags): Context {
  return {
    ...io,
    ...flags,
    out: (t) => io.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    note: (t) => io.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    defaultDataDir: () => flags.dataDir ?? resolveLocalDataDir(io.env, homedir()),
  };
}
