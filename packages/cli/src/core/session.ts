import { LOCAL_DATA_DIR_ENV } from '@modelarts-ts/contract';
import { ConfigError, findRunningLocal, Session } from '@modelarts-ts/sdk';
import type { Context } from './context.js';
import { UserError } from './errors.js';

/**
 * The session a command talks through: `--endpoint`/`--profile`, then the environment and profile file, then a
 * ModelArts Local running on the data dir (`--data-dir` or the default), all resolved by the SDK's own rules.
 * Credentials without an endpoint or region while a ModelArts Local runs are sent to it: if they are wrong, the
 * user hears that they were refused, not that a region is missing.
 */
export async function openSession(ctx: Context): Promise<Session> {
  const dataDir = ctx.defaultDataDir();
  const env = { ...ctx.env, [LOCAL_DATA_DIR_ENV]: dataDir };
  const options = {
    env,
    ...(ctx.endpoint ? { endpoint: ctx.endpoint } : {}),
    ...(ctx.profile ? { profile: ctx.profile } : {}),
    ...(ctx.debug ? { logLevel: 'debug' as const } : {}),
  };
  let session: Session;
  try {
    session = new Session(options);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const running = await findRunningLocal(dataDir);
    if (running && e.message.startsWith('No region')) {
      session = new Session({ ...options, endpoint: running.endpoint, region_name: running.credentials.region_name });
    } else if (running) {
      throw new UserError(e.message, `ModelArts Local runs at ${running.endpoint}: its credentials are shown by \`modelarts local credentials\``);
    } else {
      throw new UserError(
        e.message.startsWith('No credentials') ? `No credentials, and no ModelArts Local is running on ${dataDir}` : e.message,
        `start ModelArts Local with \`modelarts local start\` (or name the data dir of a running one with --data-dir), ` +
          'or set HUAWEICLOUD_SDK_AK/SK and MODELARTS_REGION for the cloud',
      );
    }
  }
  ctx.target = session.endpoint;
  return session;
}

/** Runs `fn` with a session of the command and closes it after, whatever happens. */
export async function withSession<T>(ctx: Context, fn: (session: Session) => Promise<T>): Promise<T> {
  const session = await openSession(ctx);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
