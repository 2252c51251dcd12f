import {
  type Dataset,
  type DatasetCreateBody,
  type DatasetList,
  type DatasetListQuery,
  type DatasetSample,
  type DatasetUpdateBody,
  type DatasetVersion,
  datasetOperations,
  type ExportTask,
  type ExportTaskCreateBody,
  type ExportTaskList,
  type ImportTask,
  type ImportTaskCreateBody,
  type ImportTaskList,
  type LabelTask,
  type LabelTaskCreateBody,
  type LabelTaskList,
  type LabelTaskListQuery,
  type SampleDeleteResult,
  type SampleList,
  type SampleListQuery,
  type VersionCreateBody,
  type VersionList,
} from '@modelarts-ts/contract';
import { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../internal/transport.js';
import { APIResource } from './resource.js';

type DatasetOperation = (typeof datasetOperations)[number];
const byId = new Map<string, DatasetOperation>(datasetOperations.map((o) => [o.id, o]));
function op<I extends DatasetOperation['id']>(id: I): Extract<DatasetOperation, { id: I }> {
  return byId.get(id) as Extract<DatasetOperation, { id: I }>;
}

/** The next page of an `offset`-is-a-page-index list, or undefined once a page came back short. */
function nextPage<Q extends { offset?: number | undefined; limit?: number | undefined }>(items: readonly unknown[], q: Q, defaultLimit: number): Q | undefined {
  const limit = q.limit ?? defaultLimit;
  if (items.length === 0 || items.length < limit) return undefined;
  return { ...q, offset: (q.offset ?? 0) + 1 };
}

/** Data management (v2): one method per REST operation; bodies and answers keep the wire names. */
export class Datasets extends APIResource {
  /** `GET /v2/{project_id}/datasets`: `await` gives one page (`offset` is a page index), `for await` walks them all. */
  list(query: DatasetListQuery = {}, options?: RequestOptions): PagePromise<DatasetList, Dataset, DatasetListQuery> {
    return new PagePromise(
      (q) => this.client.request(op('datasets.list'), { query: q }, options),
      query,
      (p) => p.datasets,
      (p, q) => nextPage(p.datasets, q, 10),
    );
  }

  /** `POST /v2/{project_id}/datasets` (201 `{dataset_id, import_task_id}`): the data source syncs in the background. */
  create(body: DatasetCreateBody, options?: RequestOptions): Promise<{ dataset_id: string; import_task_id?: string }> {
    return this.client.request(op('datasets.create'), { body }, options);
  }

  get(dataset_id: string, options?: RequestOptions): Promise<Dataset> {
    return this.client.request(op('datasets.get'), { params: { dataset_id } }, options);
  }

  update(dataset_id: string, body: DatasetUpdateBody, options?: RequestOptions): Promise<{ dataset_id: string }> {
    return this.client.request(op('datasets.update'), { params: { dataset_id }, body }, options);
  }

  async delete(dataset_id: string, options?: RequestOptions): Promise<void> {
    await this.client.request(op('datasets.delete'), { params: { dataset_id } }, options);
  }

  listVersions(dataset_id: string, query: { offset?: number; limit?: number; status?: number } = {}, options?: RequestOptions): Promise<VersionList> {
    return this.client.request(op('datasetVersions.list'), { params: { dataset_id }, query }, options);
  }

  /** `POST …/versions` (201 `{version_id}`): the version is `status` 0 until its manifest is written, then 1. */
  createVersion(dataset_id: string, body: VersionCreateBody = {}, options?: RequestOptions): Promise<{ version_id: string }> {
    return this.client.request(op('datasetVersions.create'), { params: { dataset_id }, body }, options);
  }

  getVersion(dataset_id: string, version_id: string, options?: RequestOptions): Promise<DatasetVersion> {
    return this.client.request(op('datasetVersions.get'), { params: { dataset_id, version_id } }, options);
  }

  async deleteVersion(dataset_id: string, version_id: string, options?: RequestOptions): Promise<void> {
    await this.client.request(op('datasetVersions.delete'), { params: { dataset_id, version_id } }, options);
  }

  /** `GET …/data-annotations/samples`: `await` gives one page, `for await` walks every sample. */
  listSamples(dataset_id: string, query: SampleListQuery = {}, options?: RequestOptions): PagePromise<SampleList, DatasetSample, SampleListQuery> {
    return new PagePromise(
      (q) => this.client.request(op('datasetSamples.list'), { params: { dataset_id }, query: q }, options),
      query,
      (p) => p.samples,
      (p, q) => nextPage(p.samples, q, 10),
    );
  }

  getSample(dataset_id: string, sample_id: string, options?: RequestOptions): Promise<DatasetSample> {
    return this.client.request(op('datasetSamples.get'), { params: { dataset_id, sample_id } }, options);
  }

  deleteSamples(dataset_id: string, body: { samples: string[]; delete_source?: boolean }, options?: RequestOptions): Promise<SampleDeleteResult> {
    return this.client.request(op('datasetSamples.delete'), { params: { dataset_id }, body }, options);
  }

  listImportTasks(dataset_id: string, query: { offset?: number; limit?: number } = {}, options?: RequestOptions): Promise<ImportTaskList> {
    return this.client.request(op('datasetImportTasks.list'), { params: { dataset_id }, query }, options);
  }

  createImportTask(dataset_id: string, body: ImportTaskCreateBody, options?: RequestOptions): Promise<{ task_id: string }> {
    return this.client.request(op('datasetImportTasks.create'), { params: { dataset_id }, body }, options);
  }

  getImportTask(dataset_id: string, task_id: string, options?: RequestOptions): Promise<ImportTask> {
    return this.client.request(op('datasetImportTasks.get'), { params: { dataset_id, task_id } }, options);
  }

  listExportTasks(
    dataset_id: string,
    query: { offset?: number; limit?: number; export_type?: number } = {},
    options?: RequestOptions,
  ): Promise<ExportTaskList> {
    return this.client.request(op('datasetExportTasks.list'), { params: { dataset_id }, query }, options);
  }

  createExportTask(dataset_id: string, body: ExportTaskCreateBody, options?: RequestOptions): Promise<{ task_id: string }> {
    return this.client.request(op('datasetExportTasks.create'), { params: { dataset_id }, body }, options);
  }

  getExportTask(dataset_id: string, task_id: string, options?: RequestOptions): Promise<ExportTask> {
    return this.client.request(op('datasetExportTasks.get'), { params: { dataset_id, task_id } }, options);
  }

  createLabelTask(dataset_id: string, body: LabelTaskCreateBody, options?: RequestOptions): Promise<{ task_id: string }> {
    return this.client.request(op('datasetLabelTasks.create'), { params: { dataset_id }, body }, options);
  }

  listLabelTasks(dataset_id: string, query: LabelTaskListQuery = {}, options?: RequestOptions): Promise<LabelTaskList> {
    return this.client.request(op('datasetLabelTasks.list'), { params: { dataset_id }, query }, options);
  }

  getLabelTask(dataset_id: string, task_id: string, options?: RequestOptions): Promise<LabelTask> {
    return this.client.request(op('datasetLabelTasks.get'), { params: { dataset_id, task_id } }, options);
  }
}
