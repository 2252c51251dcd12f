import { join } from 'node:path';
import { detectIsolation } from '@modelarts-ts/runtime';
import { ProcessExecutor } from '../../executors/process-executor.js';
import type { PlatformContext, Provider } from '../provider.js';
import { EngineCatalog } from './engines.js';
import { FlavorCatalog } from './flavors.js';
import { LogLinks, loadLinkKey } from './log-links.js';
import { TrainingService } from './service.js';
import { TrainingStore } from './store.js';

/** Training jobs (v2), their flavors and engines, and the signed log links. */
export function trainingProvider(ctx: PlatformContext): Provider {
  const c = ctx.config;
  const isolation = detectIsolation();
  if (isolation.sandbox) ctx.log.info(`training code runs in a bubblewrap sandbox (${isolation.bwrap})`);
  else ctx.log.warn(`training code runs without a sandbox: ${isolation.reason}`);
  const executor = new ProcessExecutor({
    // Work folders apart from the data dir's secrets; a sandboxed job sees only its own folder.
    jobsDir: join(c.dataDir, 'work', 'jobs'),
    isolation: { isolation, hidden: [c.dataDir] },
    objects: () => ctx.objects(),
    outputIntervalMs: c.trainingOutputIntervalSeconds * 1000,
    terminateGraceMs: c.trainingTerminateGraceSeconds * 1000,
    metricsIntervalMs: c.trainingMetricsIntervalSeconds * 1000,
  });
  const service = new TrainingService({
    config: c,
    store: new TrainingStore(ctx.db),
    executor,
    flavors: new FlavorCatalog(),
    engines: new EngineCatalog((engine) => c.trainingEngineInterpreters[engine] ?? c.trainingPython),
    links: new LogLinks(loadLinkKey(c.dataDir)),
    objects: () => ctx.objects(),
    log: ctx.log.child({ provider: 'training' }),
    datasets: () => ctx.datasets,
  });
  return {
    name: 'training',
    handlers: {
      'trainingJobs.create': ({ params, caller, body }) => service.create(params.project_id, caller, body),
      'trainingJobs.search': ({ params, body }) => service.search(params.project_id, body),
      'trainingJobs.get': ({ params }) => service.get(params.project_id, params.training_job_id),
      'trainingJobs.update': ({ params, body }) => service.updateDescription(params.project_id, params.training_job_id, body.description),
      'trainingJobs.delete': ({ params }) => service.delete(params.project_id, params.training_job_id),
      'trainingJobs.action': ({ params, body }) => service.terminate(params.project_id, params.training_job_id, body.action_type),
      'trainingJobs.logPreview': ({ params }) => service.logPreview(params.project_id, params.training_job_id, params.task_id),
      // The platform's own endpoint, never the request's Host header (a forged one would make a link elsewhere).
      'trainingJobs.logUrl': ({ params }) => service.logUrl(params.project_id, params.training_job_id, params.task_id, ctx.endpoint()),
      'trainingJobs.logDownload': async ({ params, query, reply }) => {
        const body = await service.logDownload(params.training_job_id, params.task_id, query.expires, query.signature);
        reply.type('text/plain; charset=utf-8');
        if (query['Content-Type'] === 'application/octet-stream') {
          reply.header('content-disposition', `attachment; filename="modelarts-job-${params.training_job_id}-${params.task_id}.log"`);
        }
        return body;
      },
      'trainingJobs.metrics': ({ params }) => service.metrics(params.project_id, params.training_job_id, params.task_id),
      'trainingJobs.events': ({ params, query }) => service.events(params.project_id, params.training_job_id, query),
      'trainingJobFlavors.list': ({ query }) => service.flavors(query.flavor_type),
      'trainingJobEngines.list': () => service.engines(),
    },
    close: () => service.close(),
  };
}
