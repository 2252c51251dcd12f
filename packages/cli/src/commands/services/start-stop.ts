import { Predictor, poll, type ServiceDetail } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { withSession } from '../models/view.js';
import { serviceLine, waitOptions } from './view.js';

/** `modelarts services stop ID [--wait]`: `updateServiceConfig({ status: 'stopped' })`; `--wait` until stopped. */
export async function servicesStop(ctx: Context, id: string, f: { wait?: boolean }): Promise<number> {
  return withSession(ctx, async (session) => {
    const p = new Predictor(session, id);
    await p.updateServiceConfig({ status: 'stopped' });
    const o = waitOptions(ctx);
    const s = f.wait
      ? await poll<ServiceDetail>({
          retrieve: () => p.getServiceInfo(),
          statusOf: (x) => x.status,
          success: ['stopped'],
          failure: ['failed'],
          describe: `service ${id}`,
          minIntervalMs: 200,
          maxIntervalMs: 2000,
          ...(o.signal ? { signal: o.signal } : {}),
          ...(o.onStatus ? { onStatus: o.onStatus } : {}),
        })
      : await p.getServiceInfo();
    ctx.out(ctx.json ? JSON.stringify(s) : serviceLine(s));
    return 0;
  });
}

/** `modelarts services start ID [--wait]`: `updateServiceConfig({ status: 'running' })`; `--wait` until it runs. */
export async function servicesStart(ctx: Context, id: string, f: { wait?: boolean }): Promise<number> {
  return withSession(ctx, async (session) => {
    const p = new Predictor(session, id);
    await p.updateServiceConfig({ status: 'running' });
    const s = f.wait ? await p.waitUntilRunning(waitOptions(ctx)) : await p.getServiceInfo();
    ctx.out(ctx.json ? JSON.stringify(s) : serviceLine(s));
    return 0;
  });
}
