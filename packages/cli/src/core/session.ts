import { ConfigError, Session } from '@modelarts-ts/sdk';
import type { Context } from './context.js';
import { UserError } from './errors.js';

/**
 * The session a command talks through: `--endpoint`/`--profile`, then the environment and profile file, then a
 * ModelArts Local running on the default data dir (all resolved by the SDK's own rules).
 */
export function openSession(ctx: Context): Session {
  try {
    return new Session({
      env: ctx.env,
      ...(ctx.endpoint ? { endpoint: ctx.endpoint } : {}),
      ...(ctx.profile ? { profile: ctx.profile } : {}),
      ...(ctx.debug ? { logLevel: 'debug' as const } : {}),
    });
  } catch (e) {
    if (e instanceof ConfigError)
      throw new UserError(e.message, 'start ModelArts Local with `modelarts local start`, or set HUAWEICLOUD_SDK_AK/SK and MODELARTS_REGION');
    throw e;
  }
}
