import { type Static, Type } from 'typebox';
import { defineOperation } from '../common/operation.js';
import { SortOrder } from '../common/page.js';
import { ProjectParams } from './authorizations.js';

/**
 * Data management, v2 API: datasets, versions, samples, import and export tasks, labeling tasks.
 *
 * List conventions: `offset` is a page index (offset 1, limit 50 = records 51–100). Ids of datasets, versions and
 * tasks are 19-character alphanumerics; sample ids 32 hex characters. Times are epoch milliseconds. OBS paths are
 * `/bucket/key/` (no scheme); import and export also take `obs://` and `s3://`.
 *
 * Two fields of the create body carry what the manual's `create_dataset` takes and the cloud's public REST API docs do
 * not show: the top-level `data_type` (`IMAGE`, `TEXT`, ...) and `data_sources[].annotation_config`
 * (`{scene, format_name, parameters}`). Labeling tasks (`create_label_task`) use `.../datasets/{id}/tasks`.
 */

/** Labeling types (`dataset_type`, label task `task_type`, version `label_task_type`). */
export const DATASET_TYPES = [0, 1, 3, 100, 101, 102, 200, 201, 202, 400, 600, 900] as const;
export type DatasetType = (typeof DATASET_TYPES)[number];
/** Label `type`s: the labeling types without table and free format, plus 103 (text-triplet entity). */
export const LABEL_TYPES = [0, 1, 3, 100, 101, 102, 103, 200, 201, 202, 600] as const;
export const DATA_TYPES = ['IMAGE', 'TEXT', 'AUDIO', 'TABLE', 'VIDEO', 'PLAIN'] as const;
export type DataType = (typeof DATA_TYPES)[number];

/** Dataset `status`: 0 creating, 1 normal, 2 deleting, 3 deleted, 4 abnormal, 5 synchronizing, 6 releasing, 7 switching version, 8 importing. */
export const DATASET_STATUS = {
  creating: 0,
  normal: 1,
  deleting: 2,
  deleted: 3,
  abnormal: 4,
  synchronizing: 5,
  releasing: 6,
  switching: 7,
  importing: 8,
} as const;
/** Version `status`: 0 creating, 1 normal, 2 deleting, 3 deleted, 4 error. */
export const VERSION_STATUS = { creating: 0, normal: 1, deleting: 2, deleted: 3, error: 4 } as const;
export const IMPORT_TASK_STATUSES = ['QUEUING', 'STARTING', 'RUNNING', 'COMPLETED', 'FAILED', 'NOT_EXIST'] as const;
export type ImportTaskStatus = (typeof IMPORT_TASK_STATUSES)[number];
export const IMPORT_TASK_TERMINAL: readonly ImportTaskStatus[] = ['COMPLETED', 'FAILED', 'NOT_EXIST'];
export const IMPORT_TASK_FAILURE: readonly ImportTaskStatus[] = ['FAILED', 'NOT_EXIST'];
/** Export task statuses; `SUCCESSED` is the cloud's spelling. */
export const EXPORT_TASK_STATUSES = ['INIT', 'RUNNING', 'FAILED', 'SUCCESSED'] as const;
export type ExportTaskStatus = (typeof EXPORT_TASK_STATUSES)[number];
export const EXPORT_TASK_TERMINAL: readonly ExportTaskStatus[] = ['FAILED', 'SUCCESSED'];
export const EXPORT_TASK_FAILURE: readonly ExportTaskStatus[] = ['FAILED'];
export const SAMPLE_STATES = [
  '__ALL__',
  '__NONE__',
  '__UNCHECK__',
  '__ACCEPTED__',
  '__REJECTED__',
  '__UNREVIEWED__',
  '__REVIEWED__',
  '__WORKFORCE_SAMPLED__',
  '__WORKFORCE_SAMPLED_UNCHECK__',
  '__WORKFORCE_SAMPLED_CHECKED__',
  '__WORKFORCE_SAMPLED_ACCEPTED__',
  '__WORKFORCE_SAMPLED_REJECTED__',
  '__AUTO_ANNOTATION__',
] as const;
/** `sample_type`: 0 image, 1 text, 2 audio, 4 table, 6 video, 9 free format. */
export const SAMPLE_TYPES = [0, 1, 2, 4, 6, 9] as const;
export const TABLE_COLUMN_TYPES = ['STRING', 'SHORT', 'INT', 'LONG', 'DOUBLE', 'FLOAT', 'BYTE', 'DATE', 'TIMESTAMP', 'BOOLEAN'] as const;
export const VERSION_FORMATS = ['Default', 'CarbonData', 'CSV'] as const;
/** `annotation_config.scene` → the `format_name`s it accepts (the Chinese docs' "classfication" spelling is read too). */
export const IMPORT_FORMATS = {
  image_classification: ['ModelArts imageNet 1.0', 'ModelArts image classification 1.0'],
  object_detection: ['ModelArts PASCAL VOC 1.0', 'YOLO'],
  image_segmentation: ['ModelArts image segmentation 1.0'],
  text_classification: ['ModelArts text classification 1.0', 'ModelArts text classification combine 1.0'],
  audio_classification: ['ModelArts audio classification dir 1.0'],
} as const satisfies Record<string, readonly string[]>;
export type ImportScene = keyof typeof IMPORT_FORMATS;

const ID = Type.String({ minLength: 1, maxLength: 64 });
const NAME = '^[A-Za-z0-9_-]{1,100}$';
/** Descriptions: 0–256 characters without `^!<>=&"'`. */
const DESCRIPTION = Type.String({ maxLength: 256, pattern: '^[^\\^!<>=&"\']*$' });
/** OBS paths never hold newlines, carriage returns or tabs. */
const OBS_PATH = Type.String({ minLength: 3, maxLength: 700, pattern: '^[^\\n\\r\\t]+$' });

export const LabelProperty = Type.Record(Type.String(), Type.Unknown());
export const DatasetLabel = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 1024 }),
  type: Type.Optional(Type.Integer()),
  property: Type.Optional(LabelProperty),
  attributes: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
});
export type DatasetLabel = Static<typeof DatasetLabel>;

export const TableColumn = Type.Object({
  schema_id: Type.Optional(Type.Integer({ minimum: 0 })),
  name: Type.Optional(Type.String({ maxLength: 256 })),
  type: Type.Optional(Type.Enum(TABLE_COLUMN_TYPES)),
  description: Type.Optional(Type.String({ maxLength: 256 })),
});
export type TableColumn = Static<typeof TableColumn>;

const Separator = Type.String({ minLength: 1, maxLength: 2 });
export const AnnotationConfig = Type.Object({
  scene: Type.String({ minLength: 1 }),
  format_name: Type.String({ minLength: 1 }),
  parameters: Type.Optional(
    Type.Object({
      included_labels: Type.Optional(Type.Array(DatasetLabel)),
      sample_label_separator: Type.Optional(Separator),
      label_separator: Type.Optional(Separator),
      difficult_only: Type.Optional(Type.Boolean()),
    }),
  ),
});
export type AnnotationConfig = Static<typeof AnnotationConfig>;

export const DataSource = Type.Object({
  /** 0 OBS (default), 5 AI Gallery; other origins (1 DWS, 2 DLI, 3 RDS, 4 MRS, 6 inference) are not served by ModelArts Local. */
  data_type: Type.Optional(Type.Integer({ minimum: 0, maximum: 6 })),
  data_path: OBS_PATH,
  with_column_header: Type.Optional(Type.Boolean()),
  annotation_config: Type.Optional(AnnotationConfig),
  content_info: Type.Optional(Type.Object({ content_id: Type.String(), version_id: Type.String() })),
  schema_maps: Type.Optional(Type.Array(Type.Object({ src_name: Type.String(), dest_name: Type.String() }))),
});
export type DataSource = Static<typeof DataSource>;

export const LabelFormat = Type.Object({
  label_type: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')])),
  text_label_separator: Type.Optional(Separator),
  text_sample_separator: Type.Optional(Separator),
});

export const DatasetCreateBody = Type.Object({
  dataset_name: Type.String({ pattern: NAME }),
  dataset_type: Type.Optional(Type.Enum(DATASET_TYPES)),
  data_type: Type.Optional(Type.Enum(DATA_TYPES)),
  data_sources: Type.Array(DataSource, { minItems: 1, maxItems: 1 }),
  work_path: OBS_PATH,
  work_path_type: Type.Optional(Type.Literal(0)),
  description: Type.Optional(DESCRIPTION),
  data_format: Type.Optional(Type.Union([Type.Literal('Default'), Type.Literal('CarbonData')])),
  import_annotations: Type.Optional(Type.Boolean()),
  import_data: Type.Optional(Type.Boolean()),
  label_format: Type.Optional(LabelFormat),
  labels: Type.Optional(Type.Array(DatasetLabel)),
  schema: Type.Optional(Type.Array(TableColumn)),
  managed: Type.Optional(Type.Boolean()),
  workspace_id: Type.Optional(Type.String()),
  workforce_information: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type DatasetCreateBody = Static<typeof DatasetCreateBody>;

export const DatasetCreated = Type.Object({ dataset_id: Type.String(), import_task_id: Type.Optional(Type.String()) });

export const DatasetVersion = Type.Object({
  version_id: Type.String(),
  version_name: Type.String(),
  version_format: Type.String(),
  description: Type.String(),
  status: Type.Integer(),
  create_time: Type.Integer(),
  update_time: Type.Integer(),
  previous_version_id: Type.Optional(Type.String()),
  is_current: Type.Boolean(),
  task_type: Type.Optional(Type.Integer()),
  label_type: Type.String(),
  total_sample_count: Type.Integer(),
  annotated_sample_count: Type.Integer(),
  add_sample_count: Type.Integer(),
  modified_sample_count: Type.Integer(),
  deleted_sample_count: Type.Integer(),
  previous_total_sample_count: Type.Integer(),
  previous_annotated_sample_count: Type.Integer(),
  manifest_path: Type.String(),
  data_path: Type.String(),
  train_evaluate_sample_ratio: Type.String(),
  remove_sample_usage: Type.Boolean(),
  clear_hard_property: Type.Boolean(),
  export_images: Type.Boolean(),
  with_column_header: Type.Optional(Type.Boolean()),
  label_stats: Type.Array(Type.Object({ name: Type.String(), type: Type.Integer(), count: Type.Integer(), sample_count: Type.Integer() })),
  /** The labeling task a version was published from, when it was. */
  label_task_id: Type.Optional(Type.String()),
});
export type DatasetVersion = Static<typeof DatasetVersion>;

export const Dataset = Type.Object({
  dataset_id: Type.String(),
  dataset_name: Type.String(),
  description: Type.String(),
  dataset_type: Type.Integer(),
  /** ModelArts Local: the data type the dataset was created with (`IMAGE`, ...). */
  data_type: Type.Optional(Type.String()),
  dataset_format: Type.Integer(),
  data_format: Type.String(),
  status: Type.Integer(),
  create_time: Type.Integer(),
  update_time: Type.Integer(),
  data_update_time: Type.Integer(),
  data_sources: Type.Array(DataSource),
  work_path: Type.String(),
  work_path_type: Type.Integer(),
  inner_work_path: Type.String(),
  inner_annotation_path: Type.String(),
  inner_data_path: Type.String(),
  inner_log_path: Type.String(),
  inner_temp_path: Type.String(),
  inner_task_path: Type.String(),
  current_version_id: Type.Optional(Type.String()),
  current_version_name: Type.Optional(Type.String()),
  next_version_num: Type.Integer(),
  dataset_version_count: Type.Integer(),
  versions: Type.Optional(Type.Array(DatasetVersion)),
  total_sample_count: Type.Integer(),
  annotated_sample_count: Type.Integer(),
  unconfirmed_sample_count: Type.Integer(),
  deleted_sample_count: Type.Integer(),
  labels: Type.Array(DatasetLabel),
  schema: Type.Optional(Type.Array(TableColumn)),
  label_task_count: Type.Integer(),
  workforce_task_count: Type.Integer(),
  exist_running_task: Type.Boolean(),
  exist_workforce_task: Type.Boolean(),
  running_tasks_id: Type.Array(Type.String()),
  import_data: Type.Boolean(),
  managed: Type.Boolean(),
  import_task_id: Type.Optional(Type.String()),
  workspace_id: Type.String(),
  dataset_tags: Type.Array(Type.String()),
  /** List items only: the data path for training. */
  data_url: Type.Optional(Type.String()),
});
export type Dataset = Static<typeof Dataset>;

export const DatasetList = Type.Object({ total_number: Type.Integer(), datasets: Type.Array(Dataset) });
export type DatasetList = Static<typeof DatasetList>;

const PageIndex = Type.Optional(Type.Integer({ minimum: 0, description: 'a page index' }));

export const DatasetListQuery = Type.Object({
  offset: PageIndex,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  dataset_type: Type.Optional(Type.Integer()),
  search_content: Type.Optional(Type.String({ maxLength: 100 })),
  sort_by: Type.Optional(Type.Union([Type.Literal('create_time'), Type.Literal('dataset_name')])),
  order: Type.Optional(SortOrder),
  contain_versions: Type.Optional(Type.Boolean()),
  with_labels: Type.Optional(Type.Boolean()),
  workspace_id: Type.Optional(Type.String()),
});
export type DatasetListQuery = Static<typeof DatasetListQuery>;

export const DatasetUpdateBody = Type.Object({
  dataset_name: Type.Optional(Type.String({ pattern: NAME })),
  description: Type.Optional(DESCRIPTION),
  current_version_id: Type.Optional(ID),
  add_labels: Type.Optional(Type.Array(DatasetLabel)),
  update_labels: Type.Optional(Type.Array(DatasetLabel)),
  delete_labels: Type.Optional(Type.Array(DatasetLabel)),
});
export type DatasetUpdateBody = Static<typeof DatasetUpdateBody>;

export const VersionCreateBody = Type.Object({
  version_name: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$' })),
  version_format: Type.Optional(Type.Enum(VERSION_FORMATS)),
  description: Type.Optional(DESCRIPTION),
  /** Share of the labelled samples marked `train`; the rest `eval`. `"1.00"` (default) marks none. */
  train_evaluate_sample_ratio: Type.Optional(Type.String({ pattern: '^(0(\\.\\d{1,2})?|1(\\.0{1,2})?)$' })),
  clear_hard_property: Type.Optional(Type.Boolean()),
  remove_sample_usage: Type.Optional(Type.Boolean()),
  export_images: Type.Optional(Type.Boolean()),
  with_column_header: Type.Optional(Type.Boolean()),
  label_task_type: Type.Optional(Type.Enum(DATASET_TYPES)),
  label_task_id: Type.Optional(ID),
});
export type VersionCreateBody = Static<typeof VersionCreateBody>;

export const VersionList = Type.Object({ total_number: Type.Integer(), versions: Type.Array(DatasetVersion) });
export type VersionList = Static<typeof VersionList>;

export const SampleLabel = Type.Object({
  id: Type.Optional(Type.String()),
  name: Type.String(),
  type: Type.Integer(),
  score: Type.Optional(Type.Number()),
  annotated_by: Type.Optional(Type.String()),
  /** When the label was written (`YYYY-MM-DD HH:MM:SS`), kept from imported manifests. */
  creation_time: Type.Optional(Type.String()),
  property: Type.Optional(LabelProperty),
});
export type SampleLabel = Static<typeof SampleLabel>;

export const DatasetSample = Type.Object({
  sample_id: Type.String(),
  sample_name: Type.String(),
  sample_type: Type.Integer(),
  sample_status: Type.String(),
  sample_time: Type.Integer(),
  sample_size: Type.Integer(),
  sample_dir: Type.String(),
  /** A link to the file: a presigned URL on ModelArts Local's object API. */
  source: Type.String(),
  sample_data: Type.Optional(Type.Array(Type.String())),
  labels: Type.Array(SampleLabel),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  /** ModelArts Local: the failure reason of a sample that could not be imported (its file or label file is broken). */
  import_error: Type.Optional(Type.String()),
});
export type DatasetSample = Static<typeof DatasetSample>;

export const SampleListQuery = Type.Object({
  offset: PageIndex,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  version_id: Type.Optional(ID),
  sample_state: Type.Optional(Type.String()),
  sample_type: Type.Optional(Type.Integer()),
  label_name: Type.Optional(Type.String()),
  label_type: Type.Optional(Type.Integer()),
  order: Type.Optional(SortOrder),
  high_score: Type.Optional(Type.String()),
  low_score: Type.Optional(Type.String()),
  preview: Type.Optional(Type.Boolean()),
  /** URL-encoded JSON list of search conditions, all of which must hold. */
  search_conditions: Type.Optional(Type.String({ maxLength: 8192 })),
});
export type SampleListQuery = Static<typeof SampleListQuery>;

export const SampleList = Type.Object({ sample_count: Type.Integer(), samples: Type.Array(DatasetSample) });
export type SampleList = Static<typeof SampleList>;

export const SampleDeleteBody = Type.Object({
  samples: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 10000 }),
  delete_source: Type.Optional(Type.Boolean()),
});
export const SampleDeleteResult = Type.Object({
  success: Type.Boolean(),
  results: Type.Optional(
    Type.Array(Type.Object({ success: Type.Boolean(), error_code: Type.Optional(Type.String()), error_msg: Type.Optional(Type.String()) })),
  ),
});
export type SampleDeleteResult = Static<typeof SampleDeleteResult>;

export const ImportTaskCreateBody = Type.Object({
  import_path: OBS_PATH,
  import_type: Type.Optional(Type.Union([Type.Literal('dir'), Type.Literal('manifest')])),
  import_origin: Type.Optional(Type.Literal('obs')),
  import_annotations: Type.Optional(Type.Boolean()),
  import_samples: Type.Optional(Type.Boolean()),
  final_annotation: Type.Optional(Type.Boolean()),
  difficult_only: Type.Optional(Type.Boolean()),
  included_labels: Type.Optional(Type.Array(Type.Union([DatasetLabel, Type.String()]))),
  excluded_labels: Type.Optional(Type.Array(Type.Union([DatasetLabel, Type.String()]))),
  import_folder: Type.Optional(Type.String({ maxLength: 256, pattern: '^[^/\\\\]*$' })),
  label_format: Type.Optional(LabelFormat),
  with_column_header: Type.Optional(Type.Boolean()),
  /** The manual's `annotation_config`: which layout `import_path` holds. */
  annotation_config: Type.Optional(AnnotationConfig),
});
export type ImportTaskCreateBody = Static<typeof ImportTaskCreateBody>;

export const ImportTask = Type.Object({
  task_id: Type.String(),
  dataset_id: Type.String(),
  status: Type.Enum(IMPORT_TASK_STATUSES),
  import_path: Type.String(),
  /** 0 directory, 1 manifest. */
  import_type: Type.Integer(),
  create_time: Type.Integer(),
  update_ms: Type.Integer(),
  elapsed_time: Type.Integer(),
  total_sample_count: Type.Integer(),
  imported_sample_count: Type.Integer(),
  annotated_sample_count: Type.Integer(),
  unconfirmed_sample_count: Type.Integer(),
  total_file_count: Type.Integer(),
  finished_file_count: Type.Integer(),
  total_file_size: Type.Integer(),
  finished_file_size: Type.Integer(),
  /** ModelArts Local: samples that failed, each with its reason (the task still completes). */
  failed_sample_count: Type.Integer(),
  failed_samples: Type.Optional(Type.Array(Type.Object({ source: Type.String(), reason: Type.String() }))),
  error_code: Type.Optional(Type.String()),
  error_msg: Type.Optional(Type.String()),
});
export type ImportTask = Static<typeof ImportTask>;

export const ImportTaskList = Type.Object({ total_count: Type.Integer(), import_tasks: Type.Array(ImportTask) });
export type ImportTaskList = Static<typeof ImportTaskList>;

export const ExportTaskCreateBody = Type.Object({
  path: OBS_PATH,
  /** 0 labelled, 1 unlabelled, 2 all (default), 3 by search condition. */
  export_type: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2), Type.Literal(3)])),
  /** 1 tree (`<label>/<file>`), 2 tile (`<file>` next to its label file, default). */
  export_format: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
  annotation_format: Type.Optional(Type.Union([Type.Literal('VOC'), Type.Literal('COCO')])),
  sample_state: Type.Optional(Type.String()),
  version_id: Type.Optional(ID),
  version_format: Type.Optional(Type.String()),
  with_column_header: Type.Optional(Type.Boolean()),
  source_type_header: Type.Optional(Type.Union([Type.Literal('obs://'), Type.Literal('s3://')])),
  export_params: Type.Optional(
    Type.Object({
      export_dest: Type.Optional(Type.Union([Type.Literal('DIR'), Type.Literal('NEW_DATASET')])),
      export_new_dataset_name: Type.Optional(Type.String({ pattern: NAME })),
      export_new_dataset_work_path: Type.Optional(OBS_PATH),
      sample_state: Type.Optional(Type.String()),
      samples: Type.Optional(Type.Array(Type.String())),
      search_conditions: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
      clear_hard_property: Type.Optional(Type.Boolean()),
      clear_difficult: Type.Optional(Type.Boolean()),
      ratio_sample_usage: Type.Optional(Type.Boolean()),
      train_sample_ratio: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.String()])),
    }),
  ),
});
export type ExportTaskCreateBody = Static<typeof ExportTaskCreateBody>;

export const ExportTask = Type.Object({
  task_id: Type.String(),
  path: Type.String(),
  export_type: Type.Integer(),
  export_format: Type.Integer(),
  version_format: Type.String(),
  version_id: Type.Optional(Type.String()),
  export_params: Type.Record(Type.String(), Type.Unknown()),
  status: Type.Enum(EXPORT_TASK_STATUSES),
  progress: Type.Number(),
  total_sample_count: Type.Integer(),
  finished_sample_count: Type.Integer(),
  create_time: Type.Integer(),
  update_time: Type.Integer(),
  /** ModelArts Local: where the exported manifest was written. */
  manifest_path: Type.Optional(Type.String()),
  error_code: Type.Optional(Type.String()),
  error_msg: Type.Optional(Type.String()),
});
export type ExportTask = Static<typeof ExportTask>;

export const ExportTaskList = Type.Object({ total_count: Type.Integer(), export_tasks: Type.Array(ExportTask) });
export type ExportTaskList = Static<typeof ExportTaskList>;

export const LabelTaskCreateBody = Type.Object({
  task_name: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  task_type: Type.Enum(DATASET_TYPES),
  description: Type.Optional(DESCRIPTION),
  labels: Type.Optional(Type.Array(DatasetLabel)),
  /** Team labeling: repetition, sample scope and workforces. */
  workforce_information: Type.Optional(
    Type.Object({
      task_name: Type.Optional(Type.String()),
      repetition: Type.Optional(Type.Integer({ minimum: 1 })),
      sample_conditions: Type.Optional(Type.String()),
      data_sync_type: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
      synchronize_data: Type.Optional(Type.Boolean()),
      synchronize_auto_labeling_data: Type.Optional(Type.Boolean()),
      workforces_config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  ),
});
export type LabelTaskCreateBody = Static<typeof LabelTaskCreateBody>;

export const LabelTask = Type.Object({
  task_id: Type.String(),
  task_name: Type.String(),
  task_type: Type.Integer(),
  dataset_id: Type.String(),
  description: Type.String(),
  /** 0 starting, 1 running, 2 accepting, 3 accepted, 4 rejected, 5 syncing acceptance result, 6 created, 7 acceptance sampling. */
  status: Type.Integer(),
  create_time: Type.Integer(),
  update_time: Type.Integer(),
  is_workforce_task: Type.Boolean(),
  labels: Type.Array(DatasetLabel),
  workforce_information: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  sample_stats: Type.Object({ total_sample_count: Type.Integer(), unannotated_sample_count: Type.Integer(), annotated_sample_count: Type.Integer() }),
});
export type LabelTask = Static<typeof LabelTask>;

export const LabelTaskListQuery = Type.Object({
  offset: PageIndex,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  is_workforce_task: Type.Optional(Type.Boolean()),
  sort_key: Type.Optional(Type.Union([Type.Literal('create_time'), Type.Literal('task_name')])),
  sort_dir: Type.Optional(SortOrder),
});
export type LabelTaskListQuery = Static<typeof LabelTaskListQuery>;

export const LabelTaskList = Type.Object({ count: Type.Integer(), tasks: Type.Array(LabelTask) });
export type LabelTaskList = Static<typeof LabelTaskList>;

export const DatasetParams = Type.Object({ project_id: ProjectParams.properties.project_id, dataset_id: ID });
const VersionParams = Type.Object({ ...DatasetParams.properties, version_id: ID });
const SampleParams = Type.Object({ ...DatasetParams.properties, sample_id: ID });
const TaskParams = Type.Object({ ...DatasetParams.properties, task_id: Type.String({ minLength: 1, maxLength: 128 }) });

const INVALID = 'ModelArts.4396' as const;
const base = { service: 'modelarts', auth: 'required', validationErrorCode: INVALID } as const;

export const datasetOperations = [
  defineOperation({
    ...base,
    id: 'datasets.list',
    method: 'GET',
    path: '/v2/{project_id}/datasets',
    summary: 'List datasets (offset is a page index).',
    params: ProjectParams,
    query: DatasetListQuery,
    responses: { 200: DatasetList },
  }),
  defineOperation({
    ...base,
    id: 'datasets.create',
    method: 'POST',
    path: '/v2/{project_id}/datasets',
    summary: 'Create a dataset and sync its samples from data_sources.',
    params: ProjectParams,
    body: DatasetCreateBody,
    responses: { 201: DatasetCreated },
  }),
  defineOperation({
    ...base,
    id: 'datasets.get',
    method: 'GET',
    path: '/v2/{project_id}/datasets/{dataset_id}',
    summary: 'Details of a dataset.',
    params: DatasetParams,
    responses: { 200: Dataset },
  }),
  defineOperation({
    ...base,
    id: 'datasets.update',
    method: 'PUT',
    path: '/v2/{project_id}/datasets/{dataset_id}',
    summary: 'Rename a dataset, change its description, current version or labels.',
    params: DatasetParams,
    body: DatasetUpdateBody,
    responses: { 200: Type.Object({ dataset_id: Type.String() }) },
  }),
  defineOperation({
    ...base,
    id: 'datasets.delete',
    method: 'DELETE',
    path: '/v2/{project_id}/datasets/{dataset_id}',
    summary: 'Delete a dataset (its files in OBS stay).',
    params: DatasetParams,
    responses: { 204: Type.Null() },
  }),
  defineOperation({
    ...base,
    id: 'datasetVersions.list',
    method: 'GET',
    path: '/v2/{project_id}/datasets/{dataset_id}/versions',
    summary: 'Versions of a dataset, newest first.',
    params: DatasetParams,
    query: Type.Object({ offset: PageIndex, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), status: Type.Optional(Type.Integer()) }),
    responses: { 200: VersionList },
  }),
  defineOperation({
    ...base,
    id: 'datasetVersions.create',
    method: 'POST',
    path: '/v2/{project_id}/datasets/{dataset_id}/versions',
    summary: 'Publish a version: writes its manifest under the work path.',
    params: DatasetParams,
    body: VersionCreateBody,
    responses: { 201: Type.Object({ version_id: Type.String() }) },
  }),
  defineOperation({
    ...base,
    id: 'datasetVersions.get',
    method: 'GET',
    path: '/v2/{project_id}/datasets/{dataset_id}/versions/{version_id}',
    summary: 'Details of a version.',
    params: VersionParams,
    responses: { 200: DatasetVersion },
  }),
  defineOperation({
    ...base,
    id: 'datasetVersions.delete',
    method: 'DELETE',
    path: '/v2/{project_id}/datasets/{dataset_id}/versions/{version_id}',
    summary: 'Delete a version and its manifest.',
    params: VersionParams,
    responses: { 204: Type.Null() },
  }),
  defineOperation({
    ...base,
    id: 'datasetSamples.list',
    method: 'GET',
    path: '/v2/{project_id}/datasets/{dataset_id}/data-annotations/samples',
    summary: 'Samples, filtered by state, label and search conditions (offset is a page index).',
    params: DatasetParams,
    query: SampleListQuery,
    responses: { 200: SampleList },
  }),
  defineOperation({
    ...base,
    id: 'datasetSamples.get',
    method: 'GET',
    path: '/v2/{project_id}/datasets/{dataset_id}/data-annotations/samples/{sample_id}',
    summary: 'Details of a sample.',
    params: SampleParams,
    responses: { 200: DatasetSample },
  }),
  defineOperation({
    ...base,
    id: 'datasetSamples.delete',
    method: 'POST',
    path: '/v2/{project_id}/datasets/{dataset_id}/data-annotations/samples/delete',
    summary: 'Delete samples in a batch (delete_source also deletes their files).',
    params: DatasetParams,
    body: SampleDeleteBody,
    responses: { 200: SampleDeleteResult },
  }),
  defineOperation({
    ...base,
    id: 'datasetImportTasks.list',
    method: 'GET',
    path: '/v2/{project_id}/datasets/{dataset_id}/import-tasks',
    summary: 'Import tasks of a dataset.',
    params: DatasetParams,
    query: Type.Object({ offset: PageIndex, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
    responses: { 200: ImportTaskList },
  }),
  defineOperation({
    ...base,
    id: 'datasetImportTasks.create',
    method: 'POST',
    path: '/v2/{project_id}/datasets/{dataset_id}/import-tasks',
    summary: 'Import samples (and labels) from an OBS folder or a manifest, asynchronously.',
    params: DatasetParams,
    body: ImportTaskCreateBody,
    responses: { 200: Type.Object({ task_id: Type.String() }) },
  }),
  defineOperation({
    ...base,
    id: 'datasetImportTasks.get',
    method: 'GET',
    path: '/v2/{project_id}/datasets/{dataset_id}/import-tasks/{task_id}',
    summary: 'Status and counters of an import task.',
    params: TaskParams,
    responses: { 200: ImportTask },
  }),
  defineOperation({
    ...base,
    id: 'datasetExportTasks.list',
    method: 'GET',
    path: '/v2/{project_id}/datasets/{dataset_id}/export-tasks',
    summary: 'Export tasks of a dataset.',
    params: DatasetParams,
    query: Type.Object({ offset: PageIndex, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })), export_type: Type.Optional(Type.Integer()) }),
    responses: { 200: ExportTaskList },
  }),
  defineOperation({
    ...base,
    id: 'datasetExportTasks.create',
    method: 'POST',
    path: '/v2/{project_id}/datasets/{dataset_id}/export-tasks',
    summary: 'Export samples and labels to an OBS folder, asynchronously.',
    params: DatasetParams,
    body: ExportTaskCreateBody,
    responses: { 200: Type.Object({ task_id: Type.String() }) },
  }),
  defineOperation({
    ...base,
    id: 'datasetExportTasks.get',
    method: 'GET',
    path: '/v2/{project_id}/datasets/{dataset_id}/export-tasks/{task_id}',
    summary: 'Status and progress of an export task.',
    params: TaskParams,
    responses: { 200: ExportTask },
  }),
  defineOperation({
    ...base,
    id: 'datasetLabelTasks.create',
    method: 'POST',
    path: '/v2/{project_id}/datasets/{dataset_id}/tasks',
    summary: 'Create a labeling task on a dataset.',
    params: DatasetParams,
    body: LabelTaskCreateBody,
    responses: { 200: Type.Object({ task_id: Type.String() }) },
  }),
  defineOperation({
    ...base,
    id: 'datasetLabelTasks.list',
    method: 'GET',
    path: '/v2/{project_id}/datasets/{dataset_id}/tasks',
    summary: 'Labeling tasks of a dataset.',
    params: DatasetParams,
    query: LabelTaskListQuery,
    responses: { 200: LabelTaskList },
  }),
  defineOperation({
    ...base,
    id: 'datasetLabelTasks.get',
    method: 'GET',
    path: '/v2/{project_id}/datasets/{dataset_id}/tasks/{task_id}',
    summary: 'Details of a labeling task.',
    params: TaskParams,
    responses: { 200: LabelTask },
  }),
] as const;
