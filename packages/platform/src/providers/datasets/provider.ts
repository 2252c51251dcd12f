import type { PlatformContext, Provider } from '../provider.js';
import { DatasetService } from './service.js';
import { DatasetStore } from './store.js';

/** Data management (v2): datasets, versions, samples, import/export tasks and labeling tasks. */
export function datasetsProvider(ctx: PlatformContext): Provider {
  const service = new DatasetService({
    store: new DatasetStore(ctx.db),
    objects: () => ctx.objects(),
    log: ctx.log.child({ provider: 'datasets' }),
    versionIntervalSeconds: ctx.config.datasetVersionIntervalSeconds,
  });
  ctx.datasets = service;
  return {
    name: 'datasets',
    handlers: {
      'datasets.list': ({ params, query }) => service.list(params.project_id, query),
      'datasets.create': ({ params, caller, body }) => service.create(params.project_id, caller, body),
      'datasets.get': ({ params }) => service.get(params.project_id, params.dataset_id),
      'datasets.update': ({ params, body }) => service.update(params.project_id, params.dataset_id, body),
      'datasets.delete': ({ params }) => service.delete(params.project_id, params.dataset_id),
      'datasetVersions.list': ({ params, query }) => service.listVersions(params.project_id, params.dataset_id, query.offset, query.limit, query.status),
      'datasetVersions.create': ({ params, caller, body }) => service.createVersion(params.project_id, caller, params.dataset_id, body),
      'datasetVersions.get': ({ params }) => service.getVersion(params.project_id, params.dataset_id, params.version_id),
      'datasetVersions.delete': ({ params, caller }) => service.deleteVersion(params.project_id, caller, params.dataset_id, params.version_id),
      'datasetSamples.list': ({ params, query }) => service.listSamples(params.project_id, params.dataset_id, query),
      'datasetSamples.get': ({ params }) => service.getSample(params.project_id, params.dataset_id, params.sample_id),
      'datasetSamples.delete': ({ params, caller, body }) =>
        service.deleteSamples(params.project_id, caller, params.dataset_id, body.samples, body.delete_source ?? false),
      'datasetImportTasks.list': ({ params, query }) => service.listImportTasks(params.project_id, params.dataset_id, query.offset, query.limit),
      'datasetImportTasks.create': ({ params, caller, body }) => service.createImport(params.project_id, caller, params.dataset_id, body),
      'datasetImportTasks.get': ({ params }) => service.getImportTask(params.project_id, params.dataset_id, params.task_id),
      'datasetExportTasks.list': ({ params, query }) =>
        service.listExportTasks(params.project_id, params.dataset_id, query.offset, query.limit, query.export_type),
      'datasetExportTasks.create': ({ params, caller, body }) => service.createExport(params.project_id, caller, params.dataset_id, body),
      'datasetExportTasks.get': ({ params }) => service.getExportTask(params.project_id, params.dataset_id, params.task_id),
      'datasetLabelTasks.create': ({ params, body }) => service.createLabelTask(params.project_id, params.dataset_id, body),
      'datasetLabelTasks.list': ({ params, query }) => service.listLabelTasks(params.project_id, params.dataset_id, query),
      'datasetLabelTasks.get': ({ params }) => service.getLabelTask(params.project_id, params.dataset_id, params.task_id),
    },
    close: () => service.close(),
  };
}
