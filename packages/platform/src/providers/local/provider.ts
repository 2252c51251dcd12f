import { buildOpenApi } from '../../openapi.js';
import type { PlatformContext, Provider } from '../provider.js';

/** Our own `/-/` endpoints. */
export function localProvider(ctx: PlatformContext): Provider {
  let openapi: Record<string, unknown> | undefined;
  return {
    name: 'local',
    handlers: {
      'local.health': () => ({ status: 'ok', version: ctx.version, region: ctx.config.region, uptime_s: (Date.now() - ctx.startedAt) / 1000 }),
      'local.openapi': () => {
        openapi ??= buildOpenApi(ctx.version);
        return openapi;
      },
    },
  };
}
