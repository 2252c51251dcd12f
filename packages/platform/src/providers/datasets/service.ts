import { createHash } from 'node:crypto';
import {
  type Dataset,
  type DatasetCreateBody,
  type DatasetLabel,
  type DatasetListQuery,
  type DatasetSample,
  type DatasetUpdateBody,
  type DatasetVersion,
  type DataType,
  type ExportTask,
  type ExportTaskCreateBody,
  type ImportTask,
  type ImportTaskCreateBody,
  type LabelTask,
  type LabelTaskCreateBody,
  type LabelTaskListQuery,
  type ObsLocation,
  type SampleDeleteResult,
  type SampleList,
  type SampleListQuery,
  VERSION_STATUS,
  type VersionCreateBody,
} from '@modelarts-ts/contract';
import type { FastifyBaseLogger } from 'fastify';
import type { Caller } from '../../auth/caller.js';
import { PlatformError } from '../../errors.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { AccountObjects, asFolder, obsUri, parseDataPath, slashPath } from './account-objects.js';
import { dataTypeOf, defaultDatasetType } from './data-types.js';
import { FORMATS, formatKey, type ImportedSample, type ImportFailure, type ImportPlan, readImport } from './importers.js';
import { VOC_LABEL_TYPES } from './labels.js';
import { sampleLine } from './manifest-writer.js';
import { type DatasetRow, type DatasetStore, newId, type SampleFilter, type SampleRow } from './store.js';

export interface DatasetServiceDeps {
  store: DatasetStore;
  objects: () => ObjectStore;
  log: FastifyBaseLogger;
  /** Minimum seconds between two version releases of one dataset (the cloud: 60; 0 = no limit). */
  versionIntervalSeconds: number;
}

const STATUS = { creating: 0, normal: 1, deleting: 2, abnormal: 4, synchronizing: 5, releasing: 6, importing: 8 } as const;
/** Failed samples kept in an import task's detail (the count is always exact). */
const MAX_FAILURES_SHOWN = 1000;
const BATCH = 500;

/**
 * Data management on this machine: datasets and their samples in SQLite, files in the object store. Import, export
 * and publishing run in the background as tasks whose detail shows progress and the outcome.
 */
export class DatasetService {
  private readonly running = new Map<string, AbortController>();
  private closed = false;

  constructor(private readonly d: DatasetServiceDeps) {
    // Tasks a previous run left unfinished cannot resume: say so in each of them.
    for (const t of d.store.unfinishedTasks()) {
      const body = {
        ...t.body,
        status: 'FAILED',
        error_code: 'ModelArts.4362',
        error_msg: 'The task was interrupted by a restart of ModelArts Local; run it again.',
      };
      d.store.updateTask(body as ImportTask | ExportTask);
    }
  }

  private objectsFor(domainId: string): AccountObjects {
    return new AccountObjects(this.d.objects(), domainId);
  }

  private dataset(projectId: string, id: string): DatasetRow {
    const ds = this.d.store.getDataset(projectId, id);
    if (!ds) throw new PlatformError('ModelArts.4352', `The dataset ${id} does not exist`);
    return ds;
  }

  // ---- datasets

  async create(projectId: string, caller: Caller, body: DatasetCreateBody): Promise<{ dataset_id: string; import_task_id?: string }> {
    if (body.dataset_type === undefined && body.data_type === undefined)
      throw new PlatformError('ModelArts.4396', 'Give data_type (IMAGE, TEXT, AUDIO, TABLE, VIDEO, PLAIN) or dataset_type');
    if (this.d.store.datasetByName(projectId, body.dataset_name))
      throw new PlatformError('ModelArts.4351', `A dataset named ${body.dataset_name} already exists`);
    const source = body.data_sources[0];
    if (!source) throw new PlatformError('ModelArts.4396', 'data_sources needs one data source');
    if ((source.data_type ?? 0) !== 0)
      throw new PlatformError('ModelArts.4396', `ModelArts Local imports from OBS only (data_sources[0].data_type 0), not ${source.data_type}`);
    const dataType: DataType = body.data_type ?? dataTypeOf(body.dataset_type as number);
    const input = parseDataPath(source.data_path, 'data_sources[0].data_path');
    const work = asFolder(parseDataPath(body.work_path, 'work_path'));
    if (work.key === '') throw new PlatformError('ModelArts.4396', 'work_path must be a folder inside a bucket, not the bucket root');
    const inputFolder = asFolder(input);
    if (work.bucket === input.bucket && (work.key === inputFolder.key || work.key.startsWith(inputFolder.key)) && !input.key.endsWith('.manifest'))
      throw new PlatformError('ModelArts.4364', 'work_path must not be the input path or inside it');
    const objects = this.objectsFor(caller.domain_id);
    await objects.checkBucket(input.bucket, 'data_sources[0].data_path');
    await objects.checkBucket(work.bucket, 'work_path');
    if (dataType === 'TABLE' && (!body.schema || body.schema.length === 0))
      throw new PlatformError('ModelArts.4400', 'A table dataset needs its schema (the columns of its CSV files)');
    const scene = source.annotation_config?.scene;
    if (source.annotation_config) checkAnnotationConfig(source.annotation_config.scene, source.annotation_config.format_name);
    const now = Date.now();
    const id = newId();
    const row: DatasetRow = {
      id,
      project_id: projectId,
      domain_id: caller.domain_id,
      name: body.dataset_name,
      description: body.description ?? '',
      dataset_type: body.dataset_type ?? defaultDatasetType(dataType, scene),
      data_type: dataType,
      data_format: body.data_format ?? 'Default',
      status: STATUS.creating,
      create_time: now,
      update_time: now,
      data_update_time: now,
      data_sources: body.data_sources,
      work_path: slashPath(work),
      labels: body.labels ?? [],
      schema: body.schema ?? null,
      import_data: body.import_data ?? false,
      managed: body.managed ?? false,
      workspace_id: body.workspace_id ?? '0',
      current_version_id: null,
      next_version_num: 1,
      import_task_id: null,
    };
    this.d.store.insertDataset(row);
    // Creating syncs the data source, like an import of the input path.
    const manifest = input.key.endsWith('.manifest');
    const task = this.startImport(row, caller.domain_id, {
      import_path: source.data_path,
      import_type: manifest ? 'manifest' : 'dir',
      import_annotations: source.annotation_config !== undefined || manifest ? (body.import_annotations ?? true) : false,
      ...(source.annotation_config ? { annotation_config: source.annotation_config } : {}),
      ...(source.with_column_header !== undefined ? { with_column_header: source.with_column_header } : {}),
      ...(body.label_format ? { label_format: body.label_format } : {}),
    });
    this.d.store.updateDataset(id, { import_task_id: task.task_id });
    return { dataset_id: id, import_task_id: task.task_id };
  }

  list(projectId: string, q: DatasetListQuery) {
    const limit = q.limit ?? 10;
    const r = this.d.store.listDatasets(projectId, {
      type: q.dataset_type,
      search: q.search_content,
      sortBy: q.sort_by === 'dataset_name' ? 'name' : 'create_time',
      order: q.order ?? 'desc',
      limit,
      offset: (q.offset ?? 0) * limit,
    });
    return {
      total_number: r.total,
      datasets: r.rows.map((row) => ({
        ...this.view(row, q.contain_versions === true),
        data_url: slashPath(asFolder(parseDataPath(row.data_sources[0]?.data_path ?? row.work_path, 'data_path'))),
      })),
    };
  }

  get(projectId: string, id: string): Dataset {
    return this.view(this.dataset(projectId, id), true);
  }

  update(projectId: string, id: string, body: DatasetUpdateBody): { dataset_id: string } {
    const ds = this.dataset(projectId, id);
    if (body.dataset_name && body.dataset_name !== ds.name && this.d.store.datasetByName(projectId, body.dataset_name))
      throw new PlatformError('ModelArts.4351', `A dataset named ${body.dataset_name} already exists`);
    if (body.current_version_id && !this.d.store.version(id, body.current_version_id))
      throw new PlatformError('ModelArts.4353', `The version ${body.current_version_id} does not exist`);
    let labels = ds.labels;
    const names = (ls?: DatasetLabel[]) => new Set((ls ?? []).map((l) => l.name));
    if (body.delete_labels) labels = labels.filter((l) => !names(body.delete_labels).has(l.name));
    if (body.update_labels) {
      const byName = new Map(body.update_labels.map((l) => [l.name, l]));
      labels = labels.map((l) => {
        const u = byName.get(l.name);
        const rename = u?.property?.['@modelarts:rename_to'];
        return u ? { ...l, ...u, ...(typeof rename === 'string' ? { name: rename } : {}) } : l;
      });
    }
    if (body.add_labels) labels = [...labels, ...body.add_labels.filter((l) => !names(labels).has(l.name))];
    this.d.store.updateDataset(id, {
      ...(body.dataset_name ? { name: body.dataset_name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.current_version_id ? { current_version_id: body.current_version_id } : {}),
      labels,
    });
    return { dataset_id: id };
  }

  delete(projectId: string, id: string): null {
    const ds = this.dataset(projectId, id);
    for (const [taskId, ctl] of this.running) if (taskId.startsWith(`${ds.id}:`)) ctl.abort();
    this.d.store.deleteDataset(ds.id);
    return null;
  }

  private view(ds: DatasetRow, withVersions: boolean): Dataset {
    const counts = this.d.store.sampleCounts(ds.id);
    const versions = this.d.store.versions(ds.id);
    const current = versions.find((v) => v.version_id === ds.current_version_id);
    const inner = innerPaths(ds);
    const running = [...this.running.keys()].filter((k) => k.startsWith(`${ds.id}:`)).map((k) => k.slice(ds.id.length + 1));
    const labelTasks = this.d.store.labelTasks(ds.id);
    return {
      dataset_id: ds.id,
      dataset_name: ds.name,
      description: ds.description,
      dataset_type: ds.dataset_type,
      data_type: ds.data_type,
      dataset_format: ds.data_type === 'TABLE' ? 1 : 0,
      data_format: ds.data_format,
      status: ds.status,
      create_time: ds.create_time,
      update_time: ds.update_time,
      data_update_time: ds.data_update_time,
      data_sources: ds.data_sources,
      work_path: ds.work_path,
      work_path_type: 0,
      ...inner,
      ...(current ? { current_version_id: current.version_id, current_version_name: current.version_name } : {}),
      next_version_num: ds.next_version_num,
      dataset_version_count: versions.length,
      ...(withVersions ? { versions } : {}),
      total_sample_count: counts.total,
      annotated_sample_count: counts.labelled,
      unconfirmed_sample_count: 0,
      deleted_sample_count: 0,
      labels: ds.labels,
      ...(ds.schema ? { schema: ds.schema } : {}),
      label_task_count: labelTasks.length,
      workforce_task_count: labelTasks.filter((t) => t.is_workforce_task).length,
      exist_running_task: running.length > 0,
      exist_workforce_task: labelTasks.some((t) => t.is_workforce_task),
      running_tasks_id: running,
      import_data: ds.import_data,
      managed: ds.managed,
      ...(ds.import_task_id ? { import_task_id: ds.import_task_id } : {}),
      workspace_id: ds.workspace_id,
      dataset_tags: [ds.data_type.charAt(0) + ds.data_type.slice(1).toLowerCase()],
    };
  }

  // ---- samples

  listSamples(projectId: string, id: string, q: SampleListQuery): SampleList {
    const ds = this.dataset(projectId, id);
    const limit = q.limit ?? 10;
    const filter: SampleFilter = { order: q.order ?? 'asc', label_name: q.label_name, label_type: q.label_type, sample_type: q.sample_type };
    if (q.sample_state === '__ALL__') filter.labelled = true;
    else if (q.sample_state === '__NONE__') filter.labelled = false;
    if (q.version_id) {
      const v = this.d.store.version(ds.id, q.version_id);
      if (!v) throw new PlatformError('ModelArts.4353', `The version ${q.version_id} does not exist`);
      filter.version_id = q.version_id;
    }
    if (q.search_conditions) applySearchConditions(filter, q.search_conditions);
    const count = this.d.store.countSamples(ds.id, filter);
    const rows = this.d.store.listSamples(ds.id, filter, limit, (q.offset ?? 0) * limit);
    return { sample_count: count, samples: rows.map(sampleView) };
  }

  getSample(projectId: string, id: string, sampleId: string): DatasetSample {
    const ds = this.dataset(projectId, id);
    const s = this.d.store.getSample(ds.id, sampleId);
    if (!s) throw new PlatformError('ModelArts.4338', `The sample ${sampleId} does not exist in dataset ${id}`);
    return sampleView(s);
  }

  async deleteSamples(projectId: string, caller: Caller, id: string, ids: readonly string[], deleteSource: boolean): Promise<SampleDeleteResult> {
    const ds = this.dataset(projectId, id);
    const objects = this.objectsFor(caller.domain_id);
    const results: NonNullable<SampleDeleteResult['results']> = [];
    for (const sid of ids) {
      const s = this.d.store.getSample(ds.id, sid);
      if (!s) {
        results.push({ success: false, error_code: 'ModelArts.4338', error_msg: `The sample ${sid} does not exist` });
        continue;
      }
      if (deleteSource && s.source.startsWith('obs://')) await objects.delete(parseDataPath(s.source, 'source'));
      this.d.store.deleteSamples(ds.id, [sid]);
      results.push({ success: true });
    }
    this.d.store.updateDataset(ds.id, { data_update_time: Date.now() });
    return { success: results.every((r) => r.success), results };
  }

  // ---- import

  listImportTasks(projectId: string, id: string, offset = 0, limit = 10) {
    const ds = this.dataset(projectId, id);
    const all = this.d.store.tasks<ImportTask>(ds.id, 'import');
    return { total_count: all.length, import_tasks: all.slice(offset * limit, offset * limit + limit) };
  }

  getImportTask(projectId: string, id: string, taskId: string): ImportTask {
    const ds = this.dataset(projectId, id);
    const t = this.d.store.task<ImportTask>(ds.id, 'import', taskId);
    if (!t) throw new PlatformError('ModelArts.4338', `The import task ${taskId} does not exist`);
    return t;
  }

  async createImport(projectId: string, caller: Caller, id: string, body: ImportTaskCreateBody): Promise<{ task_id: string }> {
    const ds = this.dataset(projectId, id);
    if ([...this.running.keys()].some((k) => k.startsWith(`${ds.id}:import:`)))
      throw new PlatformError('ModelArts.4356', `An import task of dataset ${ds.name} is still running`);
    if (body.annotation_config) checkAnnotationConfig(body.annotation_config.scene, body.annotation_config.format_name);
    const loc = parseDataPath(body.import_path, 'import_path');
    const objects = this.objectsFor(caller.domain_id);
    await objects.checkBucket(loc.bucket, 'import_path');
    const manifest = body.import_type === 'manifest' || (body.import_type === undefined && loc.key.endsWith('.manifest'));
    if (manifest) {
      if ((await objects.size(loc)) === undefined) throw new PlatformError('ModelArts.4312', `The manifest ${body.import_path} does not exist`);
    } else {
      let any = false;
      for await (const _ of objects.list(asFolder(loc))) {
        any = true;
        break;
      }
      if (!any) throw new PlatformError('ModelArts.4340', `${body.import_path} holds no file to import`);
    }
    const task = this.startImport(ds, caller.domain_id, { ...body, import_type: manifest ? 'manifest' : 'dir' });
    return { task_id: task.task_id };
  }

  private startImport(ds: DatasetRow, domainId: string, body: ImportTaskCreateBody): ImportTask {
    const loc = parseDataPath(body.import_path, 'import_path');
    const manifest = body.import_type === 'manifest';
    const now = Date.now();
    const task: ImportTask = {
      task_id: `${ds.id}_${newId()}`,
      dataset_id: ds.id,
      status: 'QUEUING',
      import_path: body.import_path,
      import_type: manifest ? 1 : 0,
      create_time: now,
      update_ms: now,
      elapsed_time: 0,
      total_sample_count: 0,
      imported_sample_count: 0,
      annotated_sample_count: 0,
      unconfirmed_sample_count: 0,
      total_file_count: 0,
      finished_file_count: 0,
      total_file_size: 0,
      finished_file_size: 0,
      failed_sample_count: 0,
    };
    this.d.store.insertTask(ds.id, 'import', task);
    const config = body.annotation_config;
    const names = (ls?: Array<string | DatasetLabel>) => (ls && ls.length > 0 ? new Set(ls.map((l) => (typeof l === 'string' ? l : l.name))) : undefined);
    const plan: ImportPlan = {
      kind: manifest ? 'manifest' : 'dir',
      location: manifest ? loc : asFolder(loc),
      dataType: ds.data_type as DataType,
      format: config ? formatKey(config.format_name) : undefined,
      importAnnotations: body.import_annotations ?? config !== undefined,
      includedLabels: names(body.included_labels ?? config?.parameters?.included_labels),
      excludedLabels: names(body.excluded_labels),
      difficultOnly: body.difficult_only ?? config?.parameters?.difficult_only,
      labelType: body.label_format?.label_type,
      sampleSeparator: config?.parameters?.sample_label_separator ?? body.label_format?.text_sample_separator,
      labelSeparator: config?.parameters?.label_separator ?? body.label_format?.text_label_separator,
      schema: ds.schema ?? undefined,
      withColumnHeader: body.with_column_header,
    };
    this.runTask(`${ds.id}:import:${task.task_id}`, (signal) => this.runImport(ds.id, domainId, task, plan, signal));
    return task;
  }

  private runTask(key: string, run: (signal: AbortSignal) => Promise<void>): void {
    if (this.closed) return;
    const ctl = new AbortController();
    this.running.set(key, ctl);
    setImmediate(() => {
      run(ctl.signal)
        .catch((e: Error) => this.d.log.error({ err: e, task: key }, 'datasets: a task failed unexpectedly'))
        .finally(() => this.running.delete(key));
    });
  }

  private async runImport(datasetId: string, domainId: string, task: ImportTask, plan: ImportPlan, signal: AbortSignal): Promise<void> {
    const store = this.d.store;
    const started = Date.now();
    const failures: ImportFailure[] = [];
    const seenLabels = new Map<string, number>();
    let batch: ImportedSample[] = [];
    const flush = () => {
      if (batch.length === 0) return;
      // Without annotations, a re-import must not wipe the labels of samples the dataset already has.
      const existing = plan.importAnnotations
        ? new Set<string>()
        : store.existingSampleIds(
            datasetId,
            batch.map((s) => s.id),
          );
      const now = Date.now();
      store.upsertSamples(
        batch
          .filter((s) => !existing.has(s.id))
          .map((s, i) => ({ dataset_id: datasetId, ...s, sample_time: now + i, usage: s.usage ?? null, data: s.data ?? null, import_error: null })),
      );
      task.imported_sample_count += batch.length;
      task.annotated_sample_count += batch.filter((s) => s.labels.length > 0).length;
      batch = [];
      task.update_ms = Date.now();
      task.elapsed_time = Math.round((task.update_ms - started) / 1000);
      store.updateTask(task);
    };
    task.status = 'RUNNING';
    store.updateTask(task);
    store.updateDataset(datasetId, { status: STATUS.importing });
    try {
      for await (const item of readImport(this.objectsFor(domainId), plan)) {
        if (signal.aborted) return;
        if ('file' in item) {
          task.total_file_count++;
          task.finished_file_count++;
          task.total_file_size += item.file.size;
          task.finished_file_size += item.file.size;
        } else if ('failure' in item) {
          task.failed_sample_count++;
          if (failures.length < MAX_FAILURES_SHOWN) failures.push(item.failure);
          task.failed_samples = failures;
        } else {
          task.total_sample_count++;
          for (const l of item.sample.labels) seenLabels.set(l.name, l.type);
          batch.push(item.sample);
          if (batch.length >= BATCH) flush();
        }
      }
      flush();
      const ds = store.datasetById(datasetId);
      if (!ds) return;
      const known = new Set(ds.labels.map((l) => l.name));
      const added = [...seenLabels].filter(([n]) => !known.has(n)).map(([name, type]) => ({ name, type }));
      store.updateDataset(datasetId, {
        status: STATUS.normal,
        data_update_time: Date.now(),
        ...(added.length > 0 ? { labels: [...ds.labels, ...added] } : {}),
      });
      task.status = 'COMPLETED';
      if (task.total_sample_count === 0 && task.failed_sample_count > 0) {
        task.error_code = 'ModelArts.4362';
        task.error_msg = `No sample could be imported: ${failures[0]?.reason ?? ''}`;
      }
    } catch (e) {
      task.status = 'FAILED';
      task.error_code = e instanceof PlatformError ? e.code : 'ModelArts.4362';
      task.error_msg = (e as Error).message;
      if (store.datasetById(datasetId)) store.updateDataset(datasetId, { status: STATUS.normal });
    }
    task.update_ms = Date.now();
    task.elapsed_time = Math.round((task.update_ms - started) / 1000);
    if (store.datasetById(datasetId)) store.updateTask(task);
  }

  // ---- versions

  listVersions(projectId: string, id: string, offset = 0, limit = 1000, status?: number) {
    const ds = this.dataset(projectId, id);
    const all = this.d.store.versions(ds.id).filter((v) => status === undefined || v.status === status);
    return {
      total_number: all.length,
      versions: all.slice(offset * limit, offset * limit + limit).map((v) => ({ ...v, is_current: v.version_id === ds.current_version_id })),
    };
  }

  getVersion(projectId: string, id: string, versionId: string): DatasetVersion {
    const ds = this.dataset(projectId, id);
    const v = this.d.store.version(ds.id, versionId);
    if (!v) throw new PlatformError('ModelArts.4353', `The version ${versionId} of dataset ${id} does not exist`);
    return { ...v, is_current: v.version_id === ds.current_version_id };
  }

  async createVersion(projectId: string, caller: Caller, id: string, body: VersionCreateBody): Promise<{ version_id: string }> {
    const ds = this.dataset(projectId, id);
    if (ds.status === STATUS.releasing) throw new PlatformError('ModelArts.4343', `Dataset ${ds.name} is publishing a version`);
    const versions = this.d.store.versions(ds.id);
    const last = versions[0];
    if (last && this.d.versionIntervalSeconds > 0 && Date.now() - last.create_time < this.d.versionIntervalSeconds * 1000)
      throw new PlatformError('ModelArts.4370', `Wait ${this.d.versionIntervalSeconds} s between two versions of one dataset`);
    if (body.label_task_id && !this.d.store.labelTask(ds.id, body.label_task_id))
      throw new PlatformError('ModelArts.4338', `The labeling task ${body.label_task_id} does not exist`);
    const name = body.version_name ?? `V${String(ds.next_version_num).padStart(3, '0')}`;
    if (this.d.store.versionByName(ds.id, name)) throw new PlatformError('ModelArts.4371', `Dataset ${ds.name} already has a version named ${name}`);
    const inner = innerPaths(ds);
    const versionDir = `${inner.inner_annotation_path}${name}/`;
    const now = Date.now();
    const version: DatasetVersion = {
      version_id: newId(),
      version_name: name,
      version_format: body.version_format ?? 'Default',
      description: body.description ?? '',
      status: VERSION_STATUS.creating,
      create_time: now,
      update_time: now,
      ...(last ? { previous_version_id: last.version_id } : {}),
      is_current: true,
      task_type: body.label_task_type ?? ds.dataset_type,
      label_type: 'single',
      total_sample_count: 0,
      annotated_sample_count: 0,
      add_sample_count: 0,
      modified_sample_count: 0,
      deleted_sample_count: 0,
      previous_total_sample_count: last?.total_sample_count ?? 0,
      previous_annotated_sample_count: last?.annotated_sample_count ?? 0,
      manifest_path: `${versionDir}${name}.manifest`,
      data_path: `${versionDir}data/`,
      train_evaluate_sample_ratio: body.train_evaluate_sample_ratio ?? '1.00',
      remove_sample_usage: body.remove_sample_usage ?? true,
      clear_hard_property: body.clear_hard_property ?? true,
      export_images: body.export_images ?? false,
      ...(body.with_column_header !== undefined ? { with_column_header: body.with_column_header } : {}),
      label_stats: [],
      ...(body.label_task_id ? { label_task_id: body.label_task_id } : {}),
    };
    this.d.store.insertVersion(ds.id, version);
    this.d.store.updateDataset(ds.id, { status: STATUS.releasing, current_version_id: version.version_id, next_version_num: ds.next_version_num + 1 });
    this.runTask(`${ds.id}:publish:${version.version_id}`, (signal) => this.publish(ds, caller.domain_id, version, signal));
    return { version_id: version.version_id };
  }

  /** Writes `<work>/<name>-<id>/annotation/<V>/<V>.manifest` (and VOC files beside it), then marks the version normal. */
  private async publish(ds: DatasetRow, domainId: string, v: DatasetVersion, signal: AbortSignal): Promise<void> {
    const objects = this.objectsFor(domainId);
    const store = this.d.store;
    const versionDir = parseDataPath(v.manifest_path.slice(0, v.manifest_path.lastIndexOf('/') + 1), 'manifest_path');
    // The manifest's samples; stored with the version once it is written, none if publishing fails.
    const ids: string[] = [];
    try {
      const ratio = Number(v.train_evaluate_sample_ratio);
      const train = ratio < 1 ? this.trainIds(ds.id, ratio) : undefined;
      const usageOf = (s: SampleRow) => (s.labels.length === 0 ? undefined : !train || train.has(s.id) ? 'TRAIN' : 'EVAL');
      const lines: string[] = [];
      const stats = new Map<string, { type: number; count: number; samples: number }>();
      let total = 0;
      let labelled = 0;
      for (const s of store.eachSample(ds.id)) {
        if (signal.aborted) return;
        if (s.import_error) continue;
        if (v.export_images && s.source.startsWith('obs://')) {
          const to: ObsLocation = { bucket: versionDir.bucket, key: `${versionDir.key}data/${s.id.slice(0, 8)}-${s.name}` };
          await objects.copy(parseDataPath(s.source, 'source'), to);
        }
        lines.push(
          await sampleLine(objects, s, {
            vocFolder: { bucket: versionDir.bucket, key: `${versionDir.key}annotation/` },
            usageOf,
            clearUsage: v.remove_sample_usage,
            clearHard: v.clear_hard_property,
          }),
        );
        ids.push(s.id);
        total++;
        if (s.labels.length > 0) labelled++;
        const names = new Set<string>();
        for (const l of s.labels) {
          const st = stats.get(l.name) ?? { type: l.type, count: 0, samples: 0 };
          st.count++;
          if (!names.has(l.name)) st.samples++;
          names.add(l.name);
          stats.set(l.name, st);
        }
      }
      await objects.write(parseDataPath(v.manifest_path, 'manifest_path'), lines.map((l) => `${l}\n`).join(''), 'application/octet-stream');
      const labelCounts = [...stats].map(([name, st]) => ({ name, type: st.type, count: st.count, sample_count: st.samples }));
      Object.assign(v, {
        status: VERSION_STATUS.normal,
        update_time: Date.now(),
        total_sample_count: total,
        annotated_sample_count: labelled,
        label_type: [...stats.values()].some((st) => st.count > st.samples) || labelCounts.length > 1 ? 'multi' : 'single',
        label_stats: labelCounts,
        add_sample_count: Math.max(0, total - v.previous_total_sample_count),
      });
    } catch (e) {
      v.status = VERSION_STATUS.error;
      ids.length = 0;
      this.d.log.warn({ err: e, dataset: ds.id }, 'datasets: publishing failed');
    }
    if (!store.getDataset(ds.project_id, ds.id)) return;
    store.updateVersion(ds.id, v, ids);
    store.updateDataset(ds.id, { status: STATUS.normal });
  }

  /** The labelled samples marked `train` for a split: the first `ratio` of them ordered by a hash of their id. */
  private trainIds(datasetId: string, ratio: number): Set<string> {
    const ids: Array<[string, string]> = [];
    for (const s of this.d.store.eachSample(datasetId)) if (s.labels.length > 0) ids.push([createHash('md5').update(s.id).digest('hex'), s.id]);
    ids.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    return new Set(ids.slice(0, Math.round(ids.length * ratio)).map(([, id]) => id));
  }

  async deleteVersion(projectId: string, caller: Caller, id: string, versionId: string): Promise<null> {
    const ds = this.dataset(projectId, id);
    const v = this.d.store.version(ds.id, versionId);
    if (!v) throw new PlatformError('ModelArts.4353', `The version ${versionId} of dataset ${id} does not exist`);
    const objects = this.objectsFor(caller.domain_id);
    const dir = asFolder(parseDataPath(v.manifest_path.slice(0, v.manifest_path.lastIndexOf('/') + 1), 'manifest_path'));
    const keys: ObsLocation[] = [];
    for await (const o of objects.list(dir)) keys.push({ bucket: dir.bucket, key: o.key });
    for (const k of keys) await objects.delete(k);
    this.d.store.deleteVersion(ds.id, versionId);
    if (ds.current_version_id === versionId) this.d.store.updateDataset(ds.id, { current_version_id: this.d.store.versions(ds.id)[0]?.version_id ?? null });
    return null;
  }

  /** For training: the published manifest of a version (the current one when not given). */
  versionManifest(projectId: string, id: string, versionId: string | undefined): { manifest: string } | 'no-dataset' | 'no-version' {
    const ds = this.d.store.getDataset(projectId, id);
    if (!ds) return 'no-dataset';
    const v = this.d.store.version(ds.id, versionId ?? ds.current_version_id ?? '');
    if (!v || v.status !== VERSION_STATUS.normal) return 'no-version';
    return { manifest: `obs:/${v.manifest_path}` };
  }

  // ---- export

  listExportTasks(projectId: string, id: string, offset = 0, limit = 10, exportType?: number) {
    const ds = this.dataset(projectId, id);
    const all = this.d.store.tasks<ExportTask>(ds.id, 'export').filter((t) => exportType === undefined || t.export_type === exportType);
    return { total_count: all.length, export_tasks: all.slice(offset * limit, offset * limit + limit) };
  }

  getExportTask(projectId: string, id: string, taskId: string): ExportTask {
    const ds = this.dataset(projectId, id);
    const t = this.d.store.task<ExportTask>(ds.id, 'export', taskId);
    if (!t) throw new PlatformError('ModelArts.4359', `The export task ${taskId} does not exist`);
    return t;
  }

  async createExport(projectId: string, caller: Caller, id: string, body: ExportTaskCreateBody): Promise<{ task_id: string }> {
    const ds = this.dataset(projectId, id);
    if (!['IMAGE', 'PLAIN'].includes(ds.data_type)) throw new PlatformError('ModelArts.4384', 'Export is supported for image and free-format datasets');
    if (body.export_params?.export_dest === 'NEW_DATASET')
      throw new PlatformError('ModelArts.4384', 'ModelArts Local exports to an OBS folder (export_dest DIR)');
    if (body.version_id && !this.d.store.version(ds.id, body.version_id))
      throw new PlatformError('ModelArts.4353', `The version ${body.version_id} does not exist`);
    const target = parseDataPath(body.path, 'path');
    if (target.key === '') throw new PlatformError('ModelArts.4358', 'The export path must be a folder inside a bucket');
    const objects = this.objectsFor(caller.domain_id);
    await objects.checkBucket(target.bucket, 'path');
    const now = Date.now();
    const task: ExportTask = {
      task_id: newId(),
      path: slashPath(asFolder(target)),
      export_type: body.export_type ?? 2,
      export_format: body.export_format ?? 2,
      version_format: body.version_format ?? 'Default',
      ...(body.version_id ? { version_id: body.version_id } : {}),
      export_params: { export_dest: 'DIR', ...(body.export_params ?? {}) },
      status: 'INIT',
      progress: 0,
      total_sample_count: 0,
      finished_sample_count: 0,
      create_time: now,
      update_time: now,
    };
    this.d.store.insertTask(ds.id, 'export', task);
    this.runTask(`${ds.id}:export:${task.task_id}`, (signal) => this.runExport(ds, caller.domain_id, task, body, signal));
    return { task_id: task.task_id };
  }

  /**
   * Writes `<path>/Data/<file>` with a label file beside each (`<stem>.txt` for classification, `<stem>.xml` for
   * boxes), or `<path>/Data/<label>/<file>` in the tree format, plus `<path>/output.manifest` pointing at the copies.
   */
  private async runExport(ds: DatasetRow, domainId: string, task: ExportTask, body: ExportTaskCreateBody, signal: AbortSignal): Promise<void> {
    const objects = this.objectsFor(domainId);
    const store = this.d.store;
    const root = asFolder(parseDataPath(task.path, 'path'));
    const scheme = body.source_type_header ?? 'obs://';
    const filter: SampleFilter = { order: 'asc' };
    if (task.export_type === 0) filter.labelled = true;
    if (task.export_type === 1) filter.labelled = false;
    const state = body.sample_state ?? body.export_params?.sample_state;
    if (task.export_type === 3 && state === '__ALL__') filter.labelled = true;
    if (task.export_type === 3 && state === '__NONE__') filter.labelled = false;
    const wanted = new Set(body.export_params?.samples ?? []);
    try {
      task.status = 'RUNNING';
      task.total_sample_count = store.countSamples(ds.id, filter);
      store.updateTask(task);
      const used = new Set<string>();
      const lines: string[] = [];
      for (const s of store.eachSample(ds.id)) {
        if (signal.aborted) return;
        if (filter.labelled !== undefined && filter.labelled !== s.labels.length > 0) continue;
        if (wanted.size > 0 && !wanted.has(s.id)) continue;
        if (!s.source.startsWith('obs://')) continue;
        const classes = s.labels.filter((l) => !VOC_LABEL_TYPES.has(l.type));
        const folder = task.export_format === 1 ? `Data/${classes[0]?.name ?? 'unlabeled'}/` : 'Data/';
        let name = s.name;
        if (used.has(`${folder}${name}`)) name = `${s.id.slice(0, 8)}-${name}`;
        used.add(`${folder}${name}`);
        const copy: ObsLocation = { bucket: root.bucket, key: `${root.key}${folder}${name}` };
        await objects.copy(parseDataPath(s.source, 'source'), copy);
        const stem = name.replace(/\.[^.]*$/, '');
        if (task.export_format !== 1 && classes.length > 0) {
          await objects.write({ bucket: root.bucket, key: `${root.key}${folder}${stem}.txt` }, `${classes.map((l) => l.name).join('\n')}\n`, 'text/plain');
        }
        lines.push(
          await sampleLine(objects, s, {
            vocFolder: { bucket: root.bucket, key: `${root.key}${folder}` },
            vocName: () => `${stem}.xml`,
            sourceScheme: scheme,
            sourceOf: () => obsUri(copy),
            clearHard: body.export_params?.clear_hard_property ?? true,
          }),
        );
        task.finished_sample_count++;
        task.progress = task.total_sample_count === 0 ? 100 : Math.round((task.finished_sample_count / task.total_sample_count) * 1000) / 10;
        if (task.finished_sample_count % 200 === 0) {
          task.update_time = Date.now();
          store.updateTask(task);
        }
      }
      const manifest: ObsLocation = { bucket: root.bucket, key: `${root.key}output.manifest` };
      await objects.write(manifest, lines.map((l) => `${l}\n`).join(''), 'application/octet-stream');
      task.manifest_path = slashPath(manifest);
      task.status = 'SUCCESSED';
      task.progress = 100;
    } catch (e) {
      task.status = 'FAILED';
      task.error_code = e instanceof PlatformError ? e.code : 'ModelArts.4384';
      task.error_msg = (e as Error).message;
    }
    task.update_time = Date.now();
    if (store.getDataset(ds.project_id, ds.id)) store.updateTask(task);
  }

  // ---- labeling tasks

  createLabelTask(projectId: string, id: string, body: LabelTaskCreateBody): { task_id: string } {
    const ds = this.dataset(projectId, id);
    if (this.d.store.labelTaskByName(ds.id, body.task_name))
      throw new PlatformError('ModelArts.4396', `Dataset ${ds.name} already has a labeling task named ${body.task_name}`);
    const counts = this.d.store.sampleCounts(ds.id);
    const now = Date.now();
    const task: LabelTask = {
      task_id: newId(),
      task_name: body.task_name,
      task_type: body.task_type,
      dataset_id: ds.id,
      description: body.description ?? '',
      status: body.workforce_information ? 0 : 6,
      create_time: now,
      update_time: now,
      is_workforce_task: body.workforce_information !== undefined,
      labels: body.labels ?? ds.labels,
      ...(body.workforce_information ? { workforce_information: body.workforce_information } : {}),
      sample_stats: { total_sample_count: counts.total, unannotated_sample_count: counts.total - counts.labelled, annotated_sample_count: counts.labelled },
    };
    this.d.store.insertLabelTask(task);
    return { task_id: task.task_id };
  }

  listLabelTasks(projectId: string, id: string, q: LabelTaskListQuery) {
    const ds = this.dataset(projectId, id);
    const key = q.sort_key === 'task_name' ? 'task_name' : 'create_time';
    const dir = q.sort_dir === 'asc' ? 1 : -1;
    const all = this.d.store
      .labelTasks(ds.id)
      .filter((t) => !q.is_workforce_task || t.is_workforce_task)
      .sort((a, b) => (a[key] < b[key] ? -dir : a[key] > b[key] ? dir : 0));
    const limit = q.limit ?? 1000;
    const offset = (q.offset ?? 0) * limit;
    return { count: all.length, tasks: all.slice(offset, offset + limit).map((t) => this.withStats(ds.id, t)) };
  }

  getLabelTask(projectId: string, id: string, taskId: string): LabelTask {
    const ds = this.dataset(projectId, id);
    const t = this.d.store.labelTask(ds.id, taskId);
    if (!t) throw new PlatformError('ModelArts.4338', `The labeling task ${taskId} does not exist`);
    return this.withStats(ds.id, t);
  }

  private withStats(datasetId: string, t: LabelTask): LabelTask {
    const c = this.d.store.sampleCounts(datasetId);
    return { ...t, sample_stats: { total_sample_count: c.total, unannotated_sample_count: c.total - c.labelled, annotated_sample_count: c.labelled } };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const ctl of this.running.values()) ctl.abort();
  }
}

function innerPaths(ds: DatasetRow) {
  const inner = `${ds.work_path}${ds.name}-${ds.id}/`;
  return {
    inner_work_path: inner,
    inner_annotation_path: `${inner}annotation/`,
    inner_data_path: `${inner}data/`,
    inner_log_path: `${inner}logs/`,
    inner_temp_path: `${inner}temp/`,
    inner_task_path: `${inner}task/`,
  };
}

function checkAnnotationConfig(scene: string, formatName: string): void {
  const formats: Record<string, string[]> = {
    image_classification: [FORMATS.imageNet, FORMATS.imageClassification],
    object_detection: [FORMATS.voc, FORMATS.yolo],
    image_segmentation: [FORMATS.segmentation],
    text_classification: [FORMATS.text, FORMATS.textCombine],
    audio_classification: [FORMATS.audioDir],
  };
  const allowed = formats[scene];
  if (!allowed) throw new PlatformError('ModelArts.4396', `Unknown annotation_config.scene "${scene}": one of ${Object.keys(formats).join(', ')}`);
  if (!allowed.includes(formatKey(formatName)))
    throw new PlatformError('ModelArts.4396', `annotation_config.format_name "${formatName}" does not fit scene ${scene}`);
}

/** The search conditions ModelArts Local answers: label names (`label_list`), `sample_name`, `sample_dir`, `hard`. */
function applySearchConditions(filter: SampleFilter, text: string): void {
  let conditions: unknown;
  try {
    conditions = JSON.parse(decodeURIComponent(text));
  } catch {
    throw new PlatformError('ModelArts.4396', 'search_conditions must be URL-encoded JSON (a list of conditions)');
  }
  const list = Array.isArray(conditions) ? conditions : [conditions];
  for (const c of list as Array<Record<string, unknown>>) {
    const labels = (c.label_list as { labels?: Array<{ name?: string }> } | undefined)?.labels;
    if (labels?.[0]?.name) filter.label_name = labels[0].name;
  }
}

function sampleView(s: SampleRow): DatasetSample {
  return {
    sample_id: s.id,
    sample_name: s.name,
    sample_type: s.sample_type,
    sample_status: s.labels.length > 0 ? 'MANUAL_ANNOTATION' : 'UN_ANNOTATION',
    sample_time: s.sample_time,
    sample_size: s.size,
    sample_dir: s.dir,
    source: s.source,
    ...(s.data !== null ? { sample_data: [s.data] } : {}),
    labels: s.labels,
    metadata: { '@modelarts:import_origin': 0, ...s.metadata, ...(s.usage ? { '@modelarts:usage': s.usage } : {}) },
    ...(s.import_error ? { import_error: s.import_error } : {}),
  };
}
