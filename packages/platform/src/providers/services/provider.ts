import { detectIsolation } from '@modelarts-ts/runtime';
import { modelsRoot } from '../models/provider.js';
import { ModelStore } from '../models/store.js';
import type { PlatformContext, Provider } from '../provider.js';
import { ServiceManager } from './service.js';
import { ServiceStore } from './store.js';

/** Services (v1): real-time and batch deployments, and the inference router at /v1/infers/{service_id}/…. */
export function servicesProvider(ctx: PlatformContext): Provider {
  const isolation = detectIsolation();
  if (!isolation.sandbox) ctx.log.warn(`model servers run without a sandbox: ${isolation.reason}`);
  const manager = new ServiceManager({
    config: ctx.config,
    store: new ServiceStore(ctx.db),
    models: new ModelStore(ctx.db),
    modelsRoot: modelsRoot(ctx),
    objects: () => ctx.objects(),
    log: ctx.log.child({ provider: 'services' }),
    isolation,
  });
  return {
    name: 'services',
    handlers: {
      'services.deploy': ({ params, caller, body }) => manager.deploy(params.project_id, caller, body),
      'services.list': ({ params, query }) => manager.list(params.project_id, query),
      'services.specifications': ({ query }) => manager.specifications(query),
      'services.get': ({ params, request }) => manager.get(params.project_id, params.service_id, `${request.protocol}://${request.host}`),
      'services.update': ({ params, body }) => manager.update(params.project_id, params.service_id, body),
      'services.delete': ({ params }) => manager.delete(params.project_id, params.service_id),
      'services.monitor': ({ params }) => manager.monitor(params.project_id, params.service_id),
      'services.logs': ({ params, query }) => manager.logs(params.project_id, params.service_id, query.update_time),
      'services.events': ({ params, query }) => manager.events(params.project_id, params.service_id, query),
      'services.infer': ({ params, caller, request, reply }) => manager.infer(caller, params.service_id, request, reply) as never,
    },
    close: () => manager.close(),
  };
}
