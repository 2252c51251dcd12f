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
}

export interface Context extends CliIO, GlobalFlags {
  /** Data to stdout (JSON in --json mode). */
  out(text: string): void;
  /** Messages to stderr. */
  note(text: string): void;
  defaultDataDir(): string;
}

export function makeContext(io: CliIO, flags: GlobalFlags): Context {
  return {
    ...io,
    ...flags,
    out: (t) => io.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    note: (t) => io.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    defaultDataDir: () => resolveLocalDataDir(io.env, homedir()),
  };
}
