import { join } from 'node:path';
import { CREDENTIALS_FILE } from '@modelarts-ts/contract';
import type * as Platform from '@modelarts-ts/platform';
import type { Context } from '../../core/context.js';
import { UserError } from '../../core/errors.js';

export interface StartFlags {
  port?: number;
  host?: string;
  dataDir?: string;
  logLevel?: string;
}

// A variable, so that TypeScript leaves the import alone: the platform (native SQLite) is an optional peer of the
// CLI, needed only by `local start`; every other command talks to a platform over HTTP.
const PLATFORM_MODULE = '@modelarts-ts/platform';

/** ModelArts Local's package, loaded on first use; a UserError saying how to install it when it is absent. */
export async function loadPlatform(): Promise<typeof Platform> {
  try {
    return (await import(PLATFORM_MODULE)) as typeof Platform;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || !String((e as Error).message).includes(PLATFORM_MODULE)) throw e;
    throw new UserError(
      '`modelarts local start` needs ModelArts Local (@modelarts-ts/platform), which is not installed beside the CLI',
      'install it in the same project: `npm install @modelarts-ts/platform` (until it is published, the tarball `npm pack` makes in packages/platform of a clone; see docs/getting-started.md)',
    );
  }
}

/** `modelarts local start`: runs ModelArts Local in the foreground until SIGINT/SIGTERM. */
export async function localStart(ctx: Context, flags: StartFlags): Promise<number> {
  const { ConfigValidationError, DataDirError, startPlatform } = await loadPlatform();
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  try {
    platform = await startPlatform({
      ...(flags.port !== undefined ? { port: flags.port } : {}),
      ...(flags.host !== undefined ? { host: flags.host } : {}),
      ...((flags.dataDir ?? ctx.dataDir) !== undefined ? { dataDir: flags.dataDir ?? ctx.dataDir } : {}),
      // The server log goes to stderr so stdout stays for the endpoint lines (and pure JSON with --json).
      logLevel: (flags.logLevel ?? (ctx.debug ? 'debug' : 'warn')) as never,
      logStream: ctx.stderr,
      env: ctx.env,
    });
  } catch (e) {
    if (e instanceof ConfigValidationError) throw new UserError(e.message, 'see `modelarts local start --help`');
    if (e instanceof DataDirError) throw new UserError(e.message);
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const port = (e as { port?: number }).port ?? flags.port;
      const address = (e as { address?: string }).address ?? flags.host ?? '127.0.0.1';
      throw new UserError(
        `Port ${port} on ${address} is in use (another ModelArts Local, or another program)`,
        `pick another with --port N (or MODELARTS_LOCAL_PORT), or --port 0 for any free port`,
      );
    }
    if ((e as Error).message.startsWith('ModelArts Local is already running')) throw new UserError((e as Error).message);
    throw e;
  }
  const credentialsFile = join(platform.dataDir, CREDENTIALS_FILE);
  const consoleUrl = `${platform.endpoint}/-/console/`;
  if (ctx.json) {
    ctx.out(
      JSON.stringify({ endpoint: platform.endpoint, console: consoleUrl, credentials_file: credentialsFile, data_dir: platform.dataDir, pid: process.pid }),
    );
  } else {
    ctx.out(`ModelArts Local is running at ${platform.endpoint}`);
    ctx.out(`Console:     ${consoleUrl} (log in with the user name and password of the credentials file)`);
    ctx.out(`Credentials: ${credentialsFile}`);
    ctx.out(`Data dir:    ${platform.dataDir}`);
    // Started through npm (`npm start` in a clone), the command is not on PATH: `npx modelarts` is how to reach it.
    const cli = ctx.env.npm_lifecycle_event !== undefined ? 'npx modelarts' : 'modelarts';
    ctx.note(`Press Ctrl+C to stop. Show the credentials with \`${cli} local credentials\`.`);
  }
  await new Promise<void>((resolve) => {
    if (!ctx.signal) return; // no way to stop: run until the process ends
    if (ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await platform.close();
  if (!ctx.json) ctx.note('ModelArts Local stopped.');
  return 0;
}
