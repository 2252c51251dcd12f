import { join } from 'node:path';
import type { PlatformContext, Provider } from '../provider.js';
import { ModelService } from './service.js';
import { ModelStore } from './store.js';

/** Where published model packages live (one folder per model). */
export function modelsRoot(ctx: PlatformContext): string {
  return join(ctx.config.dataDir, 'models');
}

/** Models (v1): import from OBS, list, detail, delete, engine runtimes. */
export function modelsProvider(ctx: PlatformContext): Provider {
  const service = new ModelService({
    store: new ModelStore(ctx.db),
    objects: () => ctx.objects(),
    root: modelsRoot(ctx),
    quota: ctx.config.modelQuota,
    log: ctx.log.child({ provider: 'models' }),
  });
  return {
    name: 'models',
    handlers: {
      'models.create': ({ params, caller, body }) => service.create(params.project_id, caller, body),
      'models.list': ({ params, query }) => service.list(params.project_id, query),
      'models.runtimes': ({ query }) => service.runtimes(query.offset, query.limit),
      'models.get': ({ params }) => service.get(params.project_id, params.model_id),
      'models.delete': ({ params, query }) => service.delete(params.project_id, params.model_id, query.cascade === true),
    },
    close: () => service.close(),
  };
}
