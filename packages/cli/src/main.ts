import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { localCredentials } from './commands/local/credentials.js';
import { localStart } from './commands/local/start.js';
import { localStatus } from './commands/local/status.js';
import { type CliIO, type Context, type GlobalFlags, makeContext } from './core/context.js';
import { reportError } from './core/output.js';

const VERSION = '0.1.0';

function intOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

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
    });
  });
  const run =
    (fn: (o: Record<string, unknown>) => Promise<number>) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      code = await fn(cmd.opts());
    };

  const local = program.command('local').description('run and inspect ModelArts Local, the single-machine platform');
  local
    .command('start')
    .description('start ModelArts Local in the foreground (Ctrl+C stops it)')
    .option('--port <n>', 'port to listen on (0: any free port)', intOption)
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'data directory (default $MODELARTS_LOCAL_DATA_DIR or ~/.local/share/modelarts-local)')
    .option('--log-level <level>', 'server log level: fatal, error, warn, info, debug')
    .action(run((o) => localStart(ctx, o as never)));
  local
    .command('credentials')
    .description('print the endpoint and credentials of the ModelArts Local on a data dir')
    .option('--data-dir <dir>', 'data directory')
    .action(run((o) => localCredentials(ctx, o as never)));
  local
    .command('status')
    .description('say whether ModelArts Local is running on a data dir (exit 3 when not)')
    .option('--data-dir <dir>', 'data directory')
    .action(run((o) => localStatus(ctx, o as never)));

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    return reportError(ctx, e);
  }
}
