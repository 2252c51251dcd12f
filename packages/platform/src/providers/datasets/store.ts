import { randomInt } from 'node:crypto';
import type { DataSource, DatasetLabel, DatasetVersion, ExportTask, ImportTask, LabelTask, SampleLabel, TableColumn } from '@modelarts-ts/contract';
import type { Db } from '../../db/sqlite.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Dataset, version and task ids look like the cloud's: 19 alphanumerics. */
export function newId(): string {
  let s = '';
  for (let i = 0; i < 19; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

export interface DatasetRow {
  id: string;
  project_id: string;
  domain_id: string;
  name: string;
  description: string;
  dataset_type: number;
  data_type: string;
  data_format: string;
  status: number;
  create_time: number;
  update_time: number;
  data_update_time: number;
  data_sources: DataSource[];
  work_path: string;
  labels: DatasetLabel[];
  schema: TableColumn[] | null;
  import_data: boolean;
  managed: boolean;
  workspace_id: string;
  current_version_id: string | null;
  next_version_num: number;
  import_task_id: string | null;
}

export interface SampleRow {
  dataset_id: string;
  id: string;
  source: string;
  name: string;
  sample_type: number;
  sample_time: number;
  size: number;
  dir: string;
  labels: SampleLabel[];
  metadata: Record<string, unknown>;
  usage: string | null;
  data: string | null;
  import_error: string | null;
}

export interface SampleFilter {
  labelled?: boolean | undefined;
  label_name?: string | undefined;
  label_type?: number | undefined;
  sample_type?: number | undefined;
  /** Only the samples this published version holds. */
  version_id?: string | undefined;
  order: 'asc' | 'desc';
}

const json = <T>(s: string): T => JSON.parse(s) as T;

function toDataset(r: Record<string, unknown>): DatasetRow {
  return {
    ...(r as unknown as DatasetRow),
    data_sources: json(r.data_sources as string),
    labels: json(r.labels as string),
    schema: r.schema === null ? null : json(r.schema as string),
    import_data: r.import_data === 1,
    managed: r.managed === 1,
  };
}

function toSample(r: Record<string, unknown>): SampleRow {
  return { ...(r as unknown as SampleRow), labels: json(r.labels as string), metadata: json(r.metadata as string) };
}

/** Every table of data management; each write is one transaction. */
export class DatasetStore {
  constructor(private readonly db: Db) {}

  insertDataset(d: DatasetRow): void {
    this.db
      .prepare(
        `INSERT INTO datasets (id, project_id, domain_id, name, description, dataset_type, data_type, data_format, status, create_time, update_time,
          data_update_time, data_sources, work_path, labels, schema, import_data, managed, workspace_id, current_version_id, next_version_num, import_task_id)
         VALUES (@id, @project_id, @domain_id, @name, @description, @dataset_type, @data_type, @data_format, @status, @create_time, @update_time,
          @data_update_time, @data_sources, @work_path, @labels, @schema, @import_data, @managed, @workspace_id, @current_version_id, @next_version_num, @import_task_id)`,
      )
      .run({
        ...d,
        data_sources: JSON.stringify(d.data_sources),
        labels: JSON.stringify(d.labels),
        schema: d.schema === null ? null : JSON.stringify(d.schema),
        import_data: d.import_data ? 1 : 0,
        managed: d.managed ? 1 : 0,
      });
  }

  getDataset(projectId: string, id: string): DatasetRow | undefined {
    const r = this.db.prepare('SELECT * FROM datasets WHERE project_id = ? AND id = ?').get(projectId, id) as Record<string, unknown> | undefined;
    return r && toDataset(r);
  }

  /** A dataset whatever its project (background tasks that outlive their request). */
  datasetById(id: string): DatasetRow | undefined {
    const r = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return r && toDataset(r);
  }

  datasetByName(projectId: string, name: string): DatasetRow | undefined {
    const r = this.db.prepare('SELECT * FROM datasets WHERE project_id = ? AND name = ?').get(projectId, name) as Record<string, unknown> | undefined;
    return r && toDataset(r);
  }

  listDatasets(
    projectId: string,
    q: { type?: number | undefined; search?: string | undefined; sortBy: 'create_time' | 'name'; order: 'asc' | 'desc'; limit: number; offset: number },
  ): { total: number; rows: DatasetRow[] } {
    const where = ['project_id = @projectId'];
    if (q.type !== undefined) where.push('dataset_type = @type');
    if (q.search) where.push("name LIKE @search ESCAPE '\\'");
    const params = {
      projectId,
      type: q.type,
      search: q.search ? `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined,
      limit: q.limit,
      offset: q.offset,
    };
    const clause = where.join(' AND ');
    const total = this.db.prepare(`SELECT COUNT(*) FROM datasets WHERE ${clause}`).pluck().get(params) as number;
    const rows = this.db
      .prepare(`SELECT * FROM datasets WHERE ${clause} ORDER BY ${q.sortBy} ${q.order}, id ${q.order} LIMIT @limit OFFSET @offset`)
      .all(params) as Record<string, unknown>[];
    return { total, rows: rows.map(toDataset) };
  }

  updateDataset(
    id: string,
    fields: Partial<
      Pick<DatasetRow, 'name' | 'description' | 'status' | 'labels' | 'current_version_id' | 'next_version_num' | 'import_task_id' | 'data_update_time'>
    >,
  ): void {
    const sets: string[] = [];
    const params: Record<string, unknown> = { id, update_time: Date.now() };
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      sets.push(`${k} = @${k}`);
      params[k] = k === 'labels' ? JSON.stringify(v) : v;
    }
    this.db.prepare(`UPDATE datasets SET ${[...sets, 'update_time = @update_time'].join(', ')} WHERE id = @id`).run(params);
  }

  deleteDataset(id: string): void {
    this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
  }

  /** Adds or replaces samples (by id) with their label index, in one transaction. */
  upsertSamples(samples: readonly SampleRow[]): void {
    const ins = this.db.prepare(
      `INSERT INTO dataset_samples (dataset_id, id, source, name, sample_type, sample_time, size, dir, labels, labelled, metadata, usage, data, import_error)
       VALUES (@dataset_id, @id, @source, @name, @sample_type, @sample_time, @size, @dir, @labels, @labelled, @metadata, @usage, @data, @import_error)
       ON CONFLICT (dataset_id, id) DO UPDATE SET source = excluded.source, name = excluded.name, sample_type = excluded.sample_type, size = excluded.size,
         dir = excluded.dir, labels = excluded.labels, labelled = excluded.labelled, metadata = excluded.metadata, usage = excluded.usage, data = excluded.data,
         import_error = excluded.import_error`,
    );
    const clear = this.db.prepare('DELETE FROM dataset_sample_labels WHERE dataset_id = ? AND sample_id = ?');
    const label = this.db.prepare('INSERT OR IGNORE INTO dataset_sample_labels (dataset_id, sample_id, name, type) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const s of samples) {
        ins.run({ ...s, labels: JSON.stringify(s.labels), labelled: s.labels.length > 0 ? 1 : 0, metadata: JSON.stringify(s.metadata) });
        clear.run(s.dataset_id, s.id);
        for (const l of s.labels) label.run(s.dataset_id, s.id, l.name, l.type);
      }
    })();
  }

  /** Keeps the labels of samples already present (a re-sync without annotations must not drop them). */
  existingSampleIds(datasetId: string, ids: readonly string[]): Set<string> {
    const out = new Set<string>();
    const q = this.db.prepare('SELECT id FROM dataset_samples WHERE dataset_id = ? AND id = ?').pluck();
    for (const id of ids) if (q.get(datasetId, id) !== undefined) out.add(id);
    return out;
  }

  getSample(datasetId: string, id: string): SampleRow | undefined {
    const r = this.db.prepare('SELECT * FROM dataset_samples WHERE dataset_id = ? AND id = ?').get(datasetId, id) as Record<string, unknown> | undefined;
    return r && toSample(r);
  }

  deleteSamples(datasetId: string, ids: readonly string[]): number {
    const del = this.db.prepare('DELETE FROM dataset_samples WHERE dataset_id = ? AND id = ?');
    return this.db.transaction(() => ids.reduce((n, id) => n + del.run(datasetId, id).changes, 0))();
  }

  private filterSql(datasetId: string, f: SampleFilter): { sql: string; params: Record<string, unknown>; distinct: boolean } {
    const where = ['s.dataset_id = @datasetId'];
    const params: Record<string, unknown> = { datasetId };
    let from = 'dataset_samples s';
    if (f.label_name !== undefined || f.label_type !== undefined) {
      from = 'dataset_sample_labels l JOIN dataset_samples s ON s.dataset_id = l.dataset_id AND s.id = l.sample_id';
      where.push('l.dataset_id = @datasetId');
      if (f.label_name !== undefined) {
        where.push('l.name = @labelName');
        params.labelName = f.label_name;
      }
      if (f.label_type !== undefined) {
        where.push('l.type = @labelType');
        params.labelType = f.label_type;
      }
    }
    if (f.labelled !== undefined) {
      where.push('s.labelled = @labelled');
      params.labelled = f.labelled ? 1 : 0;
    }
    if (f.sample_type !== undefined) {
      where.push('s.sample_type = @sampleType');
      params.sampleType = f.sample_type;
    }
    if (f.version_id !== undefined) {
      where.push('s.id IN (SELECT sample_id FROM dataset_version_samples WHERE version_id = @versionId)');
      params.versionId = f.version_id;
    }
    // A sample with two boxes of one label has one row per label name, so DISTINCT is only needed with a type filter.
    return { sql: `FROM ${from} WHERE ${where.join(' AND ')}`, params, distinct: f.label_type !== undefined && f.label_name === undefined };
  }

  countSamples(datasetId: string, f: SampleFilter): number {
    const { sql, params, distinct } = this.filterSql(datasetId, f);
    return this.db
      .prepare(`SELECT COUNT(${distinct ? 'DISTINCT s.id' : '*'}) ${sql}`)
      .pluck()
      .get(params) as number;
  }

  listSamples(datasetId: string, f: SampleFilter, limit: number, offset: number): SampleRow[] {
    const { sql, params, distinct } = this.filterSql(datasetId, f);
    const rows = this.db
      .prepare(`SELECT ${distinct ? 'DISTINCT ' : ''}s.* ${sql} ORDER BY s.sample_time ${f.order}, s.id ${f.order} LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit, offset }) as Record<string, unknown>[];
    return rows.map(toSample);
  }

  /** Every sample, in creation order, a page at a time (publishing and export walk whole datasets). */
  *eachSample(datasetId: string, pageSize = 2000): Generator<SampleRow> {
    let after: { time: number; id: string } | undefined;
    const first = this.db.prepare('SELECT * FROM dataset_samples WHERE dataset_id = ? ORDER BY sample_time, id LIMIT ?');
    const next = this.db.prepare('SELECT * FROM dataset_samples WHERE dataset_id = ? AND (sample_time, id) > (?, ?) ORDER BY sample_time, id LIMIT ?');
    for (;;) {
      const rows = (after ? next.all(datasetId, after.time, after.id, pageSize) : first.all(datasetId, pageSize)) as Record<string, unknown>[];
      for (const r of rows) yield toSample(r);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1] as { sample_time: number; id: string };
      after = { time: last.sample_time, id: last.id };
    }
  }

  sampleCounts(datasetId: string): { total: number; labelled: number } {
    const r = this.db.prepare('SELECT COUNT(*) AS total, COALESCE(SUM(labelled), 0) AS labelled FROM dataset_samples WHERE dataset_id = ?').get(datasetId) as {
      total: number;
      labelled: number;
    };
    return r;
  }

  insertVersion(datasetId: string, v: DatasetVersion): void {
    this.db
      .prepare('INSERT INTO dataset_versions (id, dataset_id, name, create_time, body) VALUES (?, ?, ?, ?, ?)')
      .run(v.version_id, datasetId, v.version_name, v.create_time, JSON.stringify(v));
  }

  /** Stores a version's new state and, once published, the samples its manifest holds (one transaction). */
  updateVersion(datasetId: string, v: DatasetVersion, sampleIds: readonly string[] = []): void {
    const add = this.db.prepare('INSERT OR IGNORE INTO dataset_version_samples (version_id, sample_id) VALUES (?, ?)');
    this.db.transaction(() => {
      this.db.prepare('UPDATE dataset_versions SET body = ? WHERE dataset_id = ? AND id = ?').run(JSON.stringify(v), datasetId, v.version_id);
      for (const id of sampleIds) add.run(v.version_id, id);
    })();
  }

  versions(datasetId: string): DatasetVersion[] {
    return (
      this.db.prepare('SELECT body FROM dataset_versions WHERE dataset_id = ? ORDER BY create_time DESC, rowid DESC').pluck().all(datasetId) as string[]
    ).map((b) => json<DatasetVersion>(b));
  }

  version(datasetId: string, id: string): DatasetVersion | undefined {
    const b = this.db.prepare('SELECT body FROM dataset_versions WHERE dataset_id = ? AND id = ?').pluck().get(datasetId, id) as string | undefined;
    return b === undefined ? undefined : json<DatasetVersion>(b);
  }

  versionByName(datasetId: string, name: string): DatasetVersion | undefined {
    const b = this.db.prepare('SELECT body FROM dataset_versions WHERE dataset_id = ? AND name = ?').pluck().get(datasetId, name) as string | undefined;
    return b === undefined ? undefined : json<DatasetVersion>(b);
  }

  deleteVersion(datasetId: string, id: string): void {
    this.db.prepare('DELETE FROM dataset_versions WHERE dataset_id = ? AND id = ?').run(datasetId, id);
  }

  insertTask(datasetId: string, kind: 'import' | 'export', t: ImportTask | ExportTask): void {
    this.db
      .prepare('INSERT INTO dataset_tasks (id, dataset_id, kind, status, create_time, body) VALUES (?, ?, ?, ?, ?, ?)')
      .run(t.task_id, datasetId, kind, t.status, t.create_time, JSON.stringify(t));
  }

  updateTask(t: ImportTask | ExportTask): void {
    this.db.prepare('UPDATE dataset_tasks SET status = ?, body = ? WHERE id = ?').run(t.status, JSON.stringify(t), t.task_id);
  }

  tasks<T extends ImportTask | ExportTask>(datasetId: string, kind: 'import' | 'export'): T[] {
    return (
      this.db
        .prepare('SELECT body FROM dataset_tasks WHERE dataset_id = ? AND kind = ? ORDER BY create_time DESC, rowid DESC')
        .pluck()
        .all(datasetId, kind) as string[]
    ).map((b) => json<T>(b));
  }

  task<T extends ImportTask | ExportTask>(datasetId: string, kind: 'import' | 'export', id: string): T | undefined {
    const b = this.db.prepare('SELECT body FROM dataset_tasks WHERE dataset_id = ? AND kind = ? AND id = ?').pluck().get(datasetId, kind, id) as
      | string
      | undefined;
    return b === undefined ? undefined : json<T>(b);
  }

  /** Tasks a previous platform run left unfinished. */
  unfinishedTasks(): Array<{ kind: 'import' | 'export'; body: ImportTask | ExportTask }> {
    const rows = this.db.prepare("SELECT kind, body FROM dataset_tasks WHERE status IN ('QUEUING', 'STARTING', 'RUNNING', 'INIT')").all() as Array<{
      kind: 'import' | 'export';
      body: string;
    }>;
    return rows.map((r) => ({ kind: r.kind, body: json(r.body) }));
  }

  insertLabelTask(t: LabelTask): void {
    this.db
      .prepare('INSERT INTO dataset_label_tasks (id, dataset_id, name, create_time, body) VALUES (?, ?, ?, ?, ?)')
      .run(t.task_id, t.dataset_id, t.task_name, t.create_time, JSON.stringify(t));
  }

  labelTasks(datasetId: string): LabelTask[] {
    return (this.db.prepare('SELECT body FROM dataset_label_tasks WHERE dataset_id = ?').pluck().all(datasetId) as string[]).map((b) => json<LabelTask>(b));
  }

  labelTask(datasetId: string, id: string): LabelTask | undefined {
    const b = this.db.prepare('SELECT body FROM dataset_label_tasks WHERE dataset_id = ? AND id = ?').pluck().get(datasetId, id) as string | undefined;
    return b === undefined ? undefined : json<LabelTask>(b);
  }

  labelTaskByName(datasetId: string, name: string): boolean {
    return this.db.prepare('SELECT 1 FROM dataset_label_tasks WHERE dataset_id = ? AND name = ?').get(datasetId, name) !== undefined;
  }
}
