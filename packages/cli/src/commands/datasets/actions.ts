import type { AnnotationConfig, ExportTask, ImportTask } from '@modelarts-ts/contract';
import { Dataset } from '@modelarts-ts/sdk';
import type { Context } from '../../core/context.js';
import { table } from '../../core/output.js';
import { withSession } from '../../core/session.js';
import { grid, time } from '../jobs/view.js';

function show(ctx: Context, value: unknown, text: () => string): number {
  ctx.out(ctx.json ? JSON.stringify(value) : text());
  return 0;
}

/** A list: a table on stdout, or a note on stderr when it is empty (so pipes get only data). */
function showList(ctx: Context, value: unknown, empty: string | undefined, text: () => string): number {
  if (!ctx.json && empty !== undefined) {
    ctx.note(empty);
    return 0;
  }
  return show(ctx, value, text);
}

export interface CreateFlags {
  name: string;
  dataType?: string;
  datasetType?: number;
  source: string;
  workPath: string;
  description?: string;
  scene?: string;
  format?: string;
  withHeader?: boolean;
  column?: string[];
  wait?: boolean;
}

/** `--scene` and `--format` together make the manual's annotation_config. */
function annotationConfig(scene: string | undefined, format: string | undefined): AnnotationConfig | undefined {
  if (!scene && !format) return undefined;
  if (!scene || !format) throw new Error('give --scene and --format together (e.g. --scene object_detection --format "ModelArts PASCAL VOC 1.0")');
  return { scene, format_name: format };
}

export function datasetsCreate(ctx: Context, f: CreateFlags): Promise<number> {
  return withSession(ctx, async (s) => {
    const config = annotationConfig(f.scene, f.format);
    const schema = f.column?.map((c, i) => {
      const [name, type = 'STRING'] = c.split(':');
      return { schema_id: i, name: name as string, type: type.toUpperCase() as 'STRING' };
    });
    const r = await Dataset.createDataset(s, {
      dataset_name: f.name,
      ...(f.dataType || f.datasetType === undefined ? { data_type: (f.dataType ?? 'IMAGE').toUpperCase() as 'IMAGE' } : {}),
      ...(f.datasetType !== undefined ? { dataset_type: f.datasetType } : {}),
      data_sources: {
        type: 0,
        path: f.source,
        ...(config ? { annotation_config: config } : {}),
        ...(f.withHeader !== undefined ? { with_column_header: f.withHeader } : {}),
      },
      work_path: { type: 0, path: f.workPath },
      ...(f.description ? { description: f.description } : {}),
      ...(schema ? { schema } : {}),
    });
    let task: ImportTask | undefined;
    if (f.wait && r.import_task_id) task = await waitImport(ctx, new Dataset(s, r.dataset_id), r.import_task_id);
    return show(
      ctx,
      { ...r, ...(task ? { import_task: task } : {}) },
      () => `dataset ${r.dataset_id} created${task ? `: ${importSummary(task)}` : ` (syncing: import task ${r.import_task_id})`}`,
    );
  });
}

export function datasetsList(ctx: Context, f: { type?: number; name?: string; page?: number; limit?: number }): Promise<number> {
  return withSession(ctx, async (s) => {
    const r = await Dataset.listDatasets(s, {
      ...(f.type !== undefined ? { dataset_type: f.type } : {}),
      ...(f.name ? { dataset_name: f.name } : {}),
      offset: f.page ?? 0,
      limit: f.limit ?? 10,
    });
    return showList(ctx, r, r.datasets.length === 0 ? 'no datasets' : undefined, () =>
      grid(
        ['ID', 'NAME', 'TYPE', 'SAMPLES', 'LABELLED', 'VERSION', 'CREATED'],
        r.datasets.map((d) => [
          d.dataset_id,
          d.dataset_name,
          d.data_type ?? String(d.dataset_type),
          String(d.total_sample_count),
          String(d.annotated_sample_count),
          d.current_version_name ?? '-',
          time(d.create_time),
        ]),
      ),
    );
  });
}

export function datasetsGet(ctx: Context, id: string): Promise<number> {
  return withSession(ctx, async (s) => {
    const d = await new Dataset(s, id).getDatasetInfo();
    return show(ctx, d, () =>
      table([
        ['id', d.dataset_id],
        ['name', d.dataset_name],
        ['description', d.description || '-'],
        ['type', `${d.data_type ?? '-'} (dataset_type ${d.dataset_type})`],
        ['status', String(d.status)],
        ['source', d.data_sources.map((x) => x.data_path).join(', ')],
        ['work path', d.inner_work_path],
        ['samples', `${d.total_sample_count} (${d.annotated_sample_count} labelled)`],
        ['labels', d.labels.map((l) => l.name).join(', ') || '-'],
        ['versions', (d.versions ?? []).map((v) => v.version_name).join(', ') || '-'],
        ['current version', d.current_version_name ?? '-'],
        ['created', time(d.create_time)],
      ]),
    );
  });
}

export function datasetsUpdate(ctx: Context, id: string, f: { name?: string; description?: string }): Promise<number> {
  return withSession(ctx, async (s) => {
    const r = await new Dataset(s, id).updateDataset({
      ...(f.name ? { dataset_name: f.name } : {}),
      ...(f.description !== undefined ? { description: f.description } : {}),
    });
    return show(ctx, r, () => `dataset ${id} updated`);
  });
}

export function datasetsDelete(ctx: Context, id: string): Promise<number> {
  return withSession(ctx, async (s) => {
    await Dataset.deleteDataset(s, id);
    return show(ctx, { dataset_id: id, deleted: true }, () => `dataset ${id} deleted (its files in OBS stay)`);
  });
}

function importSummary(t: ImportTask): string {
  return `${t.status}: ${t.imported_sample_count} sample(s) imported, ${t.annotated_sample_count} labelled, ${t.failed_sample_count} failed`;
}

/** Waits for an import, printing a progress line whenever its counters move (stderr; nothing under --json). */
async function waitImport(ctx: Context, ds: Dataset, taskId: string): Promise<ImportTask> {
  let last = '';
  const t = await ds.waitForImport(taskId, {
    onProgress: (p) => {
      const line = `import ${taskId}: ${p.status}, ${p.finished_file_count} file(s) read, ${p.total_sample_count} sample(s), ${p.failed_sample_count} failed`;
      if (!ctx.json && line !== last) ctx.note(line);
      last = line;
    },
  });
  if (!ctx.json) for (const f of (t.failed_samples ?? []).slice(0, 20)) ctx.note(`  failed: ${f.source}: ${f.reason}`);
  return t;
}

export function datasetsImport(
  ctx: Context,
  id: string,
  path: string,
  f: { scene?: string; format?: string; labels?: boolean; withHeader?: boolean; wait?: boolean },
): Promise<number> {
  return withSession(ctx, async (s) => {
    const ds = new Dataset(s, id);
    const config = annotationConfig(f.scene, f.format);
    const { task_id } = await ds.importData(path, {
      ...(config ? { annotation_config: config } : f.labels ? { annotation_config: {} } : {}),
      ...(f.withHeader !== undefined ? { with_column_header: f.withHeader } : {}),
    });
    if (!f.wait) return show(ctx, { task_id }, () => `import task ${task_id} started`);
    const t = await waitImport(ctx, ds, task_id);
    return show(ctx, t, () => importSummary(t));
  });
}

export function datasetsExport(
  ctx: Context,
  id: string,
  path: string,
  f: { type?: number; tree?: boolean; version?: string; wait?: boolean },
): Promise<number> {
  return withSession(ctx, async (s) => {
    const ds = new Dataset(s, id);
    const { task_id } = await ds.exportData(path, {
      ...(f.type !== undefined ? { export_type: f.type as 0 } : {}),
      ...(f.tree ? { export_format: 1 as const } : {}),
      ...(f.version ? { version_id: f.version } : {}),
    });
    if (!f.wait) return show(ctx, { task_id }, () => `export task ${task_id} started`);
    let last = '';
    const t: ExportTask = await ds.waitForExport(task_id, {
      onProgress: (p) => {
        const line = `export ${task_id}: ${p.status}, ${p.finished_sample_count}/${p.total_sample_count} sample(s) (${p.progress}%)`;
        if (!ctx.json && line !== last) ctx.note(line);
        last = line;
      },
    });
    return show(
      ctx,
      t,
      () => `${t.status}: ${t.finished_sample_count}/${t.total_sample_count} sample(s) to ${t.path}${t.manifest_path ? ` (manifest ${t.manifest_path})` : ''}`,
    );
  });
}

export function datasetsVersions(ctx: Context, id: string): Promise<number> {
  return withSession(ctx, async (s) => {
    const r = await new Dataset(s, id).listVersions();
    return showList(ctx, r, r.versions.length === 0 ? 'no versions' : undefined, () =>
      grid(
        ['ID', 'NAME', 'STATUS', 'SAMPLES', 'LABELLED', 'MANIFEST', 'CREATED'],
        r.versions.map((v) => [
          v.version_id,
          v.version_name,
          String(v.status),
          String(v.total_sample_count),
          String(v.annotated_sample_count),
          v.manifest_path,
          time(v.create_time),
        ]),
      ),
    );
  });
}

export function datasetsPublish(ctx: Context, id: string, f: { name?: string; description?: string; trainRatio?: string; wait?: boolean }): Promise<number> {
  return withSession(ctx, async (s) => {
    const ds = new Dataset(s, id);
    const { version_id } = await ds.createVersion({
      ...(f.name ? { name: f.name } : {}),
      ...(f.description ? { description: f.description } : {}),
      ...(f.trainRatio ? { train_evaluate_sample_ratio: f.trainRatio } : {}),
    });
    if (!f.wait) return show(ctx, { version_id }, () => `version ${version_id} publishing`);
    const v = await ds.waitForVersion(version_id);
    return show(ctx, v, () => `version ${v.version_name} (${v.version_id}) published: ${v.total_sample_count} sample(s), manifest ${v.manifest_path}`);
  });
}

export function datasetsSamples(
  ctx: Context,
  id: string,
  f: { version?: string; state?: string; label?: string; page?: number; limit?: number },
): Promise<number> {
  return withSession(ctx, async (s) => {
    const r = await new Dataset(s, id).listSamples({
      ...(f.version ? { version_id: f.version } : {}),
      ...(f.state ? { sample_state: f.state } : {}),
      ...(f.label ? { label_name: f.label } : {}),
      offset: f.page ?? 0,
      limit: f.limit ?? 10,
    });
    return showList(
      ctx,
      r,
      r.samples.length === 0 ? 'no samples' : undefined,
      () =>
        `${grid(
          ['ID', 'NAME', 'STATUS', 'LABELS'],
          r.samples.map((x) => [x.sample_id, x.sample_name, x.sample_status, [...new Set(x.labels.map((l) => l.name))].join(',') || '-']),
        )}\n${r.sample_count} sample(s) in all`,
    );
  });
}

export function datasetsTasks(ctx: Context, id: string, f: { export?: boolean }): Promise<number> {
  return withSession(ctx, async (s) => {
    const ds = new Dataset(s, id);
    if (f.export) {
      const r = await ds.listExportTasks();
      return showList(ctx, r, r.export_tasks.length === 0 ? 'no export tasks' : undefined, () =>
        grid(
          ['ID', 'STATUS', 'PROGRESS', 'PATH'],
          r.export_tasks.map((t) => [t.task_id, t.status, `${t.progress}%`, t.path]),
        ),
      );
    }
    const r = await ds.listImportTasks();
    return showList(ctx, r, r.import_tasks.length === 0 ? 'no import tasks' : undefined, () =>
      grid(
        ['ID', 'STATUS', 'IMPORTED', 'FAILED', 'PATH'],
        r.import_tasks.map((t) => [t.task_id, t.status, String(t.imported_sample_count), String(t.failed_sample_count), t.import_path]),
      ),
    );
  });
}
