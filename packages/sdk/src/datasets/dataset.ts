import {
  AnnotationConfig,
  DATA_TYPES,
  DATASET_TYPES,
  type DataSource,
  type Dataset as DatasetInfo,
  DatasetLabel,
  type DatasetList,
  type DatasetSample,
  type DatasetVersion,
  EXPORT_TASK_FAILURE,
  EXPORT_TASK_TERMINAL,
  type ExportTask,
  type ExportTaskCreateBody,
  type ExportTaskList,
  IMPORT_TASK_FAILURE,
  IMPORT_TASK_TERMINAL,
  type ImportTask,
  type ImportTaskCreateBody,
  type ImportTaskList,
  type LabelTask,
  type LabelTaskList,
  type SampleDeleteResult,
  type SampleList,
  TableColumn,
  Type,
  VERSION_FORMATS,
  type VersionCreateBody,
  type VersionList,
} from '@modelarts-ts/contract';
import { poll } from '../core/waiter.js';
import { callback, defineSignature, instanceOf } from '../internal/arguments.js';
import { SessionArg } from '../internal/session-arg.js';
import type { RequestOptions } from '../internal/transport.js';
import type { Session } from '../session.js';

/**
 * The manual's `Dataset` (chapter 7): datasets, versions, samples, import and export tasks, labeling jobs.
 * Static functions take the session first; `new Dataset(session, dataset_id)` manages one dataset. Answers are
 * the REST objects, with the cloud's field names.
 */

const SESSION = SessionArg;
const ID = (what: string) => Type.String({ minLength: 1, description: `a ${what} id` });
const Str = Type.Optional(Type.String());
const DatasetTypeSchema = Type.Enum(DATASET_TYPES, { description: 'a labeling type (0, 1, 3, 100, 101, 102, 200, 201, 202, 400, 600 or 900)' });

const WaitSchema = {
  timeoutMs: Type.Optional(Type.Number({ minimum: 0 })),
  signal: Type.Optional(instanceOf(AbortSignal, 'an AbortSignal')),
  onStatus: Type.Optional(callback<(status: string) => void>('(status: string) => void')),
  onProgress: Type.Optional(callback<(snapshot: unknown) => void>('(snapshot) => void')),
  minIntervalMs: Type.Optional(Type.Number({ minimum: 0 })),
  maxIntervalMs: Type.Optional(Type.Number({ minimum: 0 })),
};
export interface DatasetWaitOptions<T = unknown> {
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  onStatus?: ((status: string) => void) | undefined;
  /** Called with every snapshot polled (a task's counters move without its status changing). */
  onProgress?: ((snapshot: T) => void) | undefined;
  minIntervalMs?: number | undefined;
  maxIntervalMs?: number | undefined;
}

/** Table 7-3: where a dataset's data comes from. `type` 0 is OBS (the only one ModelArts Local serves). */
export interface DataSourceOptions {
  type?: number | string | undefined;
  path: string;
  annotation_config?: AnnotationConfig | undefined;
  with_column_header?: boolean | undefined;
  content_info?: { content_id: string; version_id: string } | undefined;
}
const DataSourceSchema = Type.Object({
  type: Type.Optional(Type.Union([Type.Integer(), Type.String({ pattern: '^\\d+$' })])),
  path: Type.String({ minLength: 1 }),
  annotation_config: Type.Optional(AnnotationConfig),
  with_column_header: Type.Optional(Type.Boolean()),
  content_info: Type.Optional(Type.Object({ content_id: Type.String(), version_id: Type.String() })),
});

/** Table 7-7: where the dataset writes its outputs (labels, versions). */
export interface WorkPathOptions {
  type?: number | string | undefined;
  path: string;
}
const WorkPathSchema = Type.Object({
  type: Type.Optional(Type.Union([Type.Integer(), Type.String({ pattern: '^\\d+$' })])),
  path: Type.String({ minLength: 3 }),
});

/** Table 7-2. Give `data_type` (recommended) or `dataset_type`. */
export interface CreateDatasetOptions {
  dataset_name: string;
  data_type?: (typeof DATA_TYPES)[number] | undefined;
  dataset_type?: number | undefined;
  data_sources: DataSourceOptions;
  work_path: WorkPathOptions;
  labels?: DatasetLabel[] | undefined;
  schema?: TableColumn[] | undefined;
  description?: string | undefined;
  /** Other fields of the REST body, passed through (e.g. `import_annotations`, `label_format`). */
  import_annotations?: boolean | undefined;
  label_format?: { label_type?: '0' | '1'; text_label_separator?: string; text_sample_separator?: string } | undefined;
  workspace_id?: string | undefined;
}
const CreateSchema = Type.Object({
  dataset_name: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$', description: '1-100 letters, digits, "_" or "-"' }),
  data_type: Type.Optional(Type.Enum(DATA_TYPES, { description: `one of ${DATA_TYPES.join(', ')}` })),
  dataset_type: Type.Optional(DatasetTypeSchema),
  data_sources: DataSourceSchema,
  work_path: WorkPathSchema,
  labels: Type.Optional(Type.Array(DatasetLabel)),
  schema: Type.Optional(Type.Array(TableColumn)),
  description: Str,
  import_annotations: Type.Optional(Type.Boolean()),
  label_format: Type.Optional(
    Type.Object({ label_type: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])), text_label_separator: Str, text_sample_separator: Str }),
  ),
  workspace_id: Str,
});

export interface ListDatasetsOptions {
  dataset_type?: number | undefined;
  /** Fuzzy name search. */
  dataset_name?: string | undefined;
  /** A page index (offset 1, limit 50: records 51-100). */
  offset?: number | undefined;
  limit?: number | undefined;
}
const ListSchema = Type.Object({
  dataset_type: Type.Optional(DatasetTypeSchema),
  dataset_name: Str,
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

export interface CreateVersionOptions {
  name?: string | undefined;
  version_format?: (typeof VERSION_FORMATS)[number] | undefined;
  label_task_type?: number | undefined;
  label_task_id?: string | undefined;
  description?: string | undefined;
  /** Share of labelled samples marked TRAIN, the rest EVAL (e.g. `"0.80"`); default `"1.00"`. */
  train_evaluate_sample_ratio?: string | undefined;
  remove_sample_usage?: boolean | undefined;
  clear_hard_property?: boolean | undefined;
  export_images?: boolean | undefined;
  with_column_header?: boolean | undefined;
}
const VersionSchema = Type.Object({
  name: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$', description: '1-32 letters, digits, "_" or "-"' })),
  version_format: Type.Optional(Type.Enum(VERSION_FORMATS, { description: `one of ${VERSION_FORMATS.join(', ')}` })),
  label_task_type: Type.Optional(DatasetTypeSchema),
  label_task_id: Str,
  description: Str,
  train_evaluate_sample_ratio: Str,
  remove_sample_usage: Type.Optional(Type.Boolean()),
  clear_hard_property: Type.Optional(Type.Boolean()),
  export_images: Type.Optional(Type.Boolean()),
  with_column_header: Type.Optional(Type.Boolean()),
});

export interface ListSamplesOptions {
  version_id?: string | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
  /** `__ALL__` labelled, `__NONE__` unlabelled. */
  sample_state?: string | undefined;
  label_name?: string | undefined;
  label_type?: number | undefined;
  sample_type?: number | undefined;
  order?: 'asc' | 'desc' | undefined;
}
const SamplesSchema = Type.Object({
  version_id: Str,
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  sample_state: Str,
  label_name: Str,
  label_type: Type.Optional(Type.Integer()),
  sample_type: Type.Optional(Type.Integer()),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
});

/** Table 7-20 (`path` is positional). `annotation_config` absent: labels are not imported; `{}` for a manifest: they are. */
export interface ImportDataOptions {
  annotation_config?: AnnotationConfig | Record<string, never> | undefined;
  with_column_header?: boolean | undefined;
  import_folder?: string | undefined;
  included_labels?: string[] | undefined;
  excluded_labels?: string[] | undefined;
}
const ImportSchema = Type.Object({
  annotation_config: Type.Optional(Type.Union([AnnotationConfig, Type.Object({}, { additionalProperties: false })])),
  with_column_header: Type.Optional(Type.Boolean()),
  import_folder: Str,
  included_labels: Type.Optional(Type.Array(Type.String())),
  excluded_labels: Type.Optional(Type.Array(Type.String())),
});

export interface ExportDataOptions {
  /** 0 labelled, 1 unlabelled, 2 all (default). */
  export_type?: 0 | 1 | 2 | 3 | undefined;
  /** 1 tree (`Data/<label>/<file>`), 2 tile (default: `Data/<file>` beside its label file). */
  export_format?: 1 | 2 | undefined;
  version_id?: string | undefined;
  source_type_header?: 'obs://' | 's3://' | undefined;
}
const ExportSchema = Type.Object({
  export_type: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2), Type.Literal(3)])),
  export_format: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
  version_id: Str,
  source_type_header: Type.Optional(Type.Union([Type.Literal('obs://'), Type.Literal('s3://')])),
});

export interface CreateLabelTaskOptions {
  task_name: string;
  task_type: number;
  description?: string | undefined;
  labels?: DatasetLabel[] | undefined;
}
const LabelTaskSchema = Type.Object({
  task_name: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  task_type: DatasetTypeSchema,
  description: Str,
  labels: Type.Optional(Type.Array(DatasetLabel)),
});

export interface GetLabelTasksOptions {
  is_workforce_task?: boolean | undefined;
  sort_key?: 'create_time' | 'task_name' | undefined;
  sort_dir?: 'asc' | 'desc' | undefined;
}
const LabelTasksSchema = Type.Object({
  is_workforce_task: Type.Optional(Type.Boolean()),
  sort_key: Type.Optional(Type.Union([Type.Literal('create_time'), Type.Literal('task_name')])),
  sort_dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
});

const sig = {
  ctor: defineSignature('new Dataset', [
    ['session', SESSION],
    ['dataset_id', ID('dataset')],
  ]),
  list: defineSignature('Dataset.listDatasets', [['session', SESSION]], ListSchema),
  create: defineSignature('Dataset.createDataset', [['session', SESSION]], CreateSchema),
  delete: defineSignature('Dataset.deleteDataset', [
    ['session', SESSION],
    ['dataset_id', ID('dataset')],
  ]),
  update: defineSignature(
    'dataset.updateDataset',
    [],
    Type.Object({ dataset_name: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' })), description: Str }),
  ),
  createVersion: defineSignature('dataset.createVersion', [], VersionSchema),
  versionId: (fn: string) => defineSignature(`dataset.${fn}`, [['version_id', ID('version')]]),
  samples: defineSignature('dataset.listSamples', [], SamplesSchema),
  sampleId: defineSignature('dataset.getSampleInfo', [['sample_id', ID('sample')]]),
  deleteSamples: defineSignature('dataset.deleteSamples', [
    ['samples', Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'a list of sample ids' })],
  ]),
  importData: defineSignature('dataset.importData', [['path', Type.String({ minLength: 1, description: 'an OBS folder or manifest path' })]], ImportSchema),
  taskId: (fn: string) => defineSignature(`dataset.${fn}`, [['task_id', ID('task')]]),
  exportData: defineSignature('dataset.exportData', [['path', Type.String({ minLength: 1, description: 'an OBS folder path' })]], ExportSchema),
  labelTask: defineSignature('dataset.createLabelTask', [], LabelTaskSchema),
  labelTasks: defineSignature('dataset.getLabelTasks', [], LabelTasksSchema),
  wait: (fn: string, what: string) => defineSignature(`dataset.${fn}`, [[what, ID(what.replace('_id', ''))]], Type.Object(WaitSchema)),
};

const versionInfo = sig.versionId('getVersionInfo');
const versionDelete = sig.versionId('deleteVersion');
const importInfo = sig.taskId('getImportTaskInfo');
const exportInfo = sig.taskId('getExportTaskInfo');
const labelTaskInfo = sig.taskId('getLabelTaskInfo');
const waitImport = sig.wait('waitForImport', 'task_id');
const waitExport = sig.wait('waitForExport', 'task_id');
const waitVersion = sig.wait('waitForVersion', 'version_id');

function toDataSource(d: DataSourceOptions): DataSource {
  return {
    data_type: d.type === undefined ? 0 : Number(d.type),
    data_path: d.path,
    ...(d.annotation_config ? { annotation_config: d.annotation_config } : {}),
    ...(d.with_column_header !== undefined ? { with_column_header: d.with_column_header } : {}),
    ...(d.content_info ? { content_info: d.content_info } : {}),
  };
}

/** A poll's retrieve that also hands each snapshot to `onProgress`. */
function watched<T>(retrieve: (signal?: AbortSignal) => Promise<T>, onProgress: ((t: T) => void) | undefined) {
  return async (signal?: AbortSignal): Promise<T> => {
    const t = await retrieve(signal);
    onProgress?.(t);
    return t;
  };
}
function withoutProgress<T>({ onProgress: _, ...rest }: DatasetWaitOptions<T>): Omit<DatasetWaitOptions<T>, 'onProgress'> {
  return rest;
}

export class Dataset {
  readonly session: Session;
  readonly dataset_id: string;

  constructor(session: Session, dataset_id: string) {
    [this.session, this.dataset_id] = sig.ctor.check(session, dataset_id);
  }

  private get api() {
    return this.session.client.datasets;
  }

  // ---- 7.1 datasets

  /** `Dataset.list_datasets(session, dataset_type, dataset_name, offset, limit)`: one page (`offset` is a page index). */
  static async listDatasets(session: Session, options: ListDatasetsOptions = {}): Promise<DatasetList> {
    const [s, o] = sig.list.check(session, options);
    return s.client.datasets.list({
      ...(o.dataset_type !== undefined ? { dataset_type: o.dataset_type } : {}),
      ...(o.dataset_name !== undefined ? { search_content: o.dataset_name } : {}),
      ...(o.offset !== undefined ? { offset: o.offset } : {}),
      ...(o.limit !== undefined ? { limit: o.limit } : {}),
    });
  }

  /** `Dataset.create_dataset(session, dataset_name, data_type | dataset_type, data_sources, work_path, ...)`: `{dataset_id, import_task_id}`. */
  static async createDataset(session: Session, options: CreateDatasetOptions): Promise<{ dataset_id: string; import_task_id?: string }> {
    const [s, o] = sig.create.check(session, options);
    const { data_sources, work_path, ...rest } = o as CreateDatasetOptions;
    return s.client.datasets.create({
      ...(rest as Omit<CreateDatasetOptions, 'data_sources' | 'work_path'> & { dataset_type?: (typeof DATASET_TYPES)[number] }),
      data_sources: [toDataSource(data_sources)],
      work_path: work_path.path,
      work_path_type: 0,
    });
  }

  /** `Dataset.delete_dataset(session, dataset_id)`. */
  static async deleteDataset(session: Session, dataset_id: string): Promise<void> {
    const [s, id] = sig.delete.check(session, dataset_id);
    await s.client.datasets.delete(id);
  }

  /** `dataset.get_dataset_info()`. */
  getDatasetInfo(options?: RequestOptions): Promise<DatasetInfo> {
    return this.api.get(this.dataset_id, options);
  }

  /** `dataset.update_dataset(dataset_name, description)`. */
  async updateDataset(options: { dataset_name?: string; description?: string }): Promise<{ dataset_id: string }> {
    const [o] = sig.update.check(options);
    return this.api.update(this.dataset_id, o);
  }

  // ---- 7.2 versions

  /** `dataset.list_versions()`: newest first. */
  listVersions(): Promise<VersionList> {
    return this.api.listVersions(this.dataset_id);
  }

  /** `dataset.create_version(name, version_format, label_task_type, label_task_id, description, ...)`: publishes; `waitForVersion` waits for its manifest. */
  async createVersion(options: CreateVersionOptions = {}): Promise<{ version_id: string }> {
    const [o] = sig.createVersion.check(options);
    const { name, ...rest } = o as CreateVersionOptions;
    return this.api.createVersion(this.dataset_id, { ...(rest as VersionCreateBody), ...(name ? { version_name: name } : {}) });
  }

  /** `dataset.get_version_info(version_id)`. */
  async getVersionInfo(version_id: string): Promise<DatasetVersion> {
    const [id] = versionInfo.check(version_id);
    return this.api.getVersion(this.dataset_id, id);
  }

  /** `dataset.delete_version(version_id)`: the version and its manifest go; others stay. */
  async deleteVersion(version_id: string): Promise<void> {
    const [id] = versionDelete.check(version_id);
    await this.api.deleteVersion(this.dataset_id, id);
  }

  /** Waits until a version's manifest is written (status 1); throws ResourceFailedError if publishing failed. */
  async waitForVersion(version_id: string, options: DatasetWaitOptions<DatasetVersion> = {}): Promise<DatasetVersion> {
    const [id, o] = waitVersion.check(version_id, options);
    return poll({
      retrieve: watched(
        (signal) => this.api.getVersion(this.dataset_id, id, signal ? { signal } : undefined),
        (o as DatasetWaitOptions<DatasetVersion>).onProgress,
      ),
      statusOf: (v) => String(v.status),
      success: ['1'],
      failure: ['4'],
      describe: `version ${id} of dataset ${this.dataset_id}`,
      minIntervalMs: 200,
      maxIntervalMs: 2000,
      ...withoutProgress(o as DatasetWaitOptions<DatasetVersion>),
    } as Parameters<typeof poll<DatasetVersion>>[0]);
  }

  // ---- 7.3 samples

  /** `dataset.list_samples(version_id, offset, limit)` plus the REST filters (`sample_state`, `label_name`, ...). */
  async listSamples(options: ListSamplesOptions = {}): Promise<SampleList> {
    const [o] = sig.samples.check(options);
    return this.api.listSamples(this.dataset_id, o);
  }

  /** Every sample matching the filters, a page at a time. */
  async *iterateSamples(options: Omit<ListSamplesOptions, 'offset'> = {}): AsyncGenerator<DatasetSample> {
    const [o] = sig.samples.check(options);
    yield* this.api.listSamples(this.dataset_id, { ...o, limit: o.limit ?? 100 });
  }

  /** `dataset.get_sample_info(sample_id)`. */
  async getSampleInfo(sample_id: string): Promise<DatasetSample> {
    const [id] = sig.sampleId.check(sample_id);
    return this.api.getSample(this.dataset_id, id);
  }

  /** `dataset.delete_samples(samples)`. */
  async deleteSamples(samples: string[]): Promise<SampleDeleteResult> {
    const [ids] = sig.deleteSamples.check(samples);
    return this.api.deleteSamples(this.dataset_id, { samples: ids });
  }

  // ---- 7.4 import

  listImportTasks(): Promise<ImportTaskList> {
    return this.api.listImportTasks(this.dataset_id);
  }

  /** `dataset.import_data(path, annotation_config, with_column_header)`: `{task_id}`; `waitForImport` waits for it. */
  async importData(path: string, options: ImportDataOptions = {}): Promise<{ task_id: string }> {
    const [p, o] = sig.importData.check(path, options);
    const config = o.annotation_config;
    const manifest = p.endsWith('.manifest');
    const body: ImportTaskCreateBody = {
      import_path: p,
      import_type: manifest ? 'manifest' : 'dir',
      // As the manual says: no annotation_config, no labels; `{}` imports a manifest's labels.
      import_annotations: config !== undefined,
      ...(config && 'scene' in config ? { annotation_config: config as AnnotationConfig } : {}),
      ...(o.with_column_header !== undefined ? { with_column_header: o.with_column_header } : {}),
      ...(o.import_folder !== undefined ? { import_folder: o.import_folder } : {}),
      ...(o.included_labels ? { included_labels: o.included_labels } : {}),
      ...(o.excluded_labels ? { excluded_labels: o.excluded_labels } : {}),
    };
    return this.api.createImportTask(this.dataset_id, body);
  }

  /** `dataset.get_import_task_info(task_id)`. */
  async getImportTaskInfo(task_id: string): Promise<ImportTask> {
    const [id] = importInfo.check(task_id);
    return this.api.getImportTask(this.dataset_id, id);
  }

  /** Waits for an import task to end; throws ResourceFailedError with its error message if it failed. */
  async waitForImport(task_id: string, options: DatasetWaitOptions<ImportTask> = {}): Promise<ImportTask> {
    const [id, o] = waitImport.check(task_id, options);
    return poll({
      retrieve: watched(
        (signal) => this.api.getImportTask(this.dataset_id, id, signal ? { signal } : undefined),
        (o as DatasetWaitOptions<ImportTask>).onProgress,
      ),
      statusOf: (t) => t.status,
      success: IMPORT_TASK_TERMINAL.filter((s) => !IMPORT_TASK_FAILURE.includes(s)),
      failure: IMPORT_TASK_FAILURE,
      failureReason: (t) => t.error_msg,
      describe: `import task ${id}`,
      minIntervalMs: 200,
      maxIntervalMs: 2000,
      ...withoutProgress(o as DatasetWaitOptions<ImportTask>),
    } as Parameters<typeof poll<ImportTask>>[0]);
  }

  // ---- 7.5 export

  listExportTasks(): Promise<ExportTaskList> {
    return this.api.listExportTasks(this.dataset_id);
  }

  /** `dataset.export_data(path)`: `{task_id}`; `waitForExport` waits for it. */
  async exportData(path: string, options: ExportDataOptions = {}): Promise<{ task_id: string }> {
    const [p, o] = sig.exportData.check(path, options);
    return this.api.createExportTask(this.dataset_id, { path: p, ...(o as Omit<ExportTaskCreateBody, 'path'>) });
  }

  /** `dataset.get_export_task_info(task_id)`. */
  async getExportTaskInfo(task_id: string): Promise<ExportTask> {
    const [id] = exportInfo.check(task_id);
    return this.api.getExportTask(this.dataset_id, id);
  }

  async waitForExport(task_id: string, options: DatasetWaitOptions<ExportTask> = {}): Promise<ExportTask> {
    const [id, o] = waitExport.check(task_id, options);
    return poll({
      retrieve: watched(
        (signal) => this.api.getExportTask(this.dataset_id, id, signal ? { signal } : undefined),
        (o as DatasetWaitOptions<ExportTask>).onProgress,
      ),
      statusOf: (t) => t.status,
      success: EXPORT_TASK_TERMINAL.filter((s) => !EXPORT_TASK_FAILURE.includes(s)),
      failure: EXPORT_TASK_FAILURE,
      failureReason: (t) => t.error_msg,
      describe: `export task ${id}`,
      minIntervalMs: 200,
      maxIntervalMs: 2000,
      ...withoutProgress(o as DatasetWaitOptions<ExportTask>),
    } as Parameters<typeof poll<ExportTask>>[0]);
  }

  // ---- 7.7 labeling jobs

  /** `dataset.create_label_task(task_name, task_type, description)`: `{task_id}`. */
  async createLabelTask(options: CreateLabelTaskOptions): Promise<{ task_id: string }> {
    const [o] = sig.labelTask.check(options);
    return this.api.createLabelTask(this.dataset_id, o as Parameters<typeof this.api.createLabelTask>[1]);
  }

  /** `dataset.get_label_tasks(is_workforce_task, sort_key, sort_dir)`. */
  async getLabelTasks(options: GetLabelTasksOptions = {}): Promise<LabelTaskList> {
    const [o] = sig.labelTasks.check(options);
    return this.api.listLabelTasks(this.dataset_id, o);
  }

  /** `dataset.get_label_task_info(task_id)`. */
  async getLabelTaskInfo(task_id: string): Promise<LabelTask> {
    const [id] = labelTaskInfo.check(task_id);
    return this.api.getLabelTask(this.dataset_id, id);
  }
}
