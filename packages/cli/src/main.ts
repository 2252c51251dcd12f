import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { datasetsCommands } from './commands/datasets/index.js';
import { jobsCommands } from './commands/jobs/index.js';
import { localCommands } from './commands/local/index.js';
import { modelsCommands } from './commands/models/index.js';
import { obsCommands } from './commands/obs/index.js';
import { serversCommands } from './commands/servers/index.js';
import { servicesCommands } from './commands/services/index.js';
import type { CommandGroup, CommandHost } from './core/command.js';
import { type CliIO, type Context, type GlobalFlags, makeContext } from './core/context.js';
import { EXIT_INTERRUPTED } from './core/errors.js';
import { reportError } from './core/output.js';

/** This package's version (dist/main.js and src/main.ts both sit one level below package.json). */
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Every noun of the CLI, in help order. */
const GROUPS: readonly CommandGroup[] = [localCommands, obsCommands, jobsCommands, datasetsCommands, modelsCommands, servicesCommands, serversCommands];

/**
 * The `modelarts` command, in-process: parses `argv` (without the node and script names), runs the command and
 * returns its exit code. Never calls process.exit.
 */
export async function main(argv: readonly string[], io: Partial<CliIO> = {}): Promise<number> {
  const fullIO: CliIO = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
    ...(io.signal ? { signal: io.signal } : {}),
  };
  let code = 0;
  let ctx: Context = makeContext(fullIO, { json: false, debug: false });
  const program = new Command('modelarts')
    .description('ModelArts from the command line, against the cloud or ModelArts Local')
    .version(VERSION)
    .option('--json', 'machine-readable output on stdout')
    .option('--debug', 'verbose logs and stack traces')
    .option('--profile <name>', 'profile of ~/.modelarts/config.json')
    .option('--endpoint <url>', 'ModelArts endpoint (e.g. a ModelArts Local URL)')
    .option('--data-dir <dir>', 'ModelArts Local data dir: where `local` commands act and a running platform is looked for')
    .exitOverride()
    .configureOutput({ writeOut: (s) => fullIO.stdout.write(s), writeErr: (s) => fullIO.stderr.write(s) })
    .showHelpAfterError();

  program.hook('preAction', (_this, action) => {
    const g = action.optsWithGlobals() as GlobalFlags;
    ctx = makeContext(fullIO, {
      json: Boolean(g.json),
      debug: Boolean(g.debug),
      ...(g.profile ? { profile: g.profile } : {}),
      ...(g.endpoint ? { endpoint: g.endpoint } : {}),
      ...(g.dataDir ? { dataDir: g.dataDir } : {}),
    });
  });
  const host: CommandHost = {
    ctx: () => ctx,
    action:
      (fn) =>
      async (...args: unknown[]) => {
        // commander passes the positional arguments, then the options, then the command itself.
        const positional = args.slice(0, -2);
        const opts = (args[args.length - 1] as Command).opts();
        code = await (fn as (...a: unknown[]) => Promise<number>)(...positional, opts);
      },
  };
  for (const group of GROUPS) group(program, host);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    // Help and --version exit 0; every other parser error is a usage error.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    // Ctrl+C: the user knows; commands that leave something running say so themselves.
    if (fullIO.signal?.aborted && (e as Error | undefined)?.name === 'APIUserAbortError') return EXIT_INTERRUPTED;
    return reportError(ctx, e);
  }
}
