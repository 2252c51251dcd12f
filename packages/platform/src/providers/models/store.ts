import type { ModelCreateApi, ModelDependency, ModelDoc, ModelHealth, ModelParam, ModelStatus } from '@modelarts-ts/contract';
import type { Static } from 'typebox';
import type { Db } from '../../db/sqlite.js';
import { likeAny, Where } from '../../db/where.js';
import { PlatformError } from '../../errors.js';

/** The detail fields of a model as accepted at import (everything the list does not filter on). */
export interface ModelDefinition {
  source_location: string;
  /** Where the package was read: the `model/` folder in OBS. */
  model_dir_url: string;
  runtime?: string | undefined;
  execution_code?: string | undefined;
  source_job_id?: string | undefined;
  source_job_version?: string | undefined;
  source_type?: string | undefined;
  model_algorithm?: string | undefined;
  model_metrics?: string | undefined;
  install_type: string[];
  dependencies: ModelDependency[];
  input_params?: ModelParam[] | undefined;
  output_params?: ModelParam[] | undefined;
  apis_create?: ModelCreateApi[] | undefined;
  /** The effective config.json (the package's, or `initial_config`, with the request's fields applied). */
  config: Record<string, unknown>;
  health?: ModelHealth | undefined;
  model_docs?: Static<typeof ModelDoc>[] | undefined;
  cmd?: string | undefined;
  source_copy?: string | undefined;
}

export interface ModelRow {
  id: string;
  project_id: string;
  domain_id: string;
  owner: string;
  name: string;
  version: string;
  version_rank: number;
  model_type: string;
  status: ModelStatus;
  description: string;
  size: number;
  create_at: number;
  workspace_id: string;
  definition: ModelDefinition;
  error_msg: string;
}

type RawRow = Omit<ModelRow, 'definition'> & { definition: string };

export interface ModelFilter {
  name?: string | undefined;
  exactName?: boolean | undefined;
  version?: string | undefined;
  status?: string | undefined;
  type?: string | undefined;
  notType?: string | undefined;
  description?: string | undefined;
  workspaceId?: string | undefined;
  sortBy: 'create_at' | 'model_version' | 'model_size';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const parse = (r: RawRow): ModelRow => ({ ...r, definition: JSON.parse(r.definition) as ModelDefinition });
const SORT_COLUMN = { create_at: 'create_at', model_version: 'version_rank', model_size: 'size' } as const;

/** The models table. */
export class ModelStore {
  constructor(private readonly db: Db) {}

  insert(row: Omit<ModelRow, 'error_msg' | 'size'>): void {
    try {
      this.db
        .prepare(
          `INSERT INTO models (id, project_id, domain_id, owner, name, version, version_rank, model_type, status, description, create_at, workspace_id, definition)
           VALUES (@id, @project_id, @domain_id, @owner, @name, @version, @version_rank, @model_type, @status, @description, @create_at, @workspace_id, @definition)`,
        )
        .run({ ...row, definition: JSON.stringify(row.definition) });
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new PlatformError('ModelArts.3002', `A model ${row.name} with version ${row.version} already exists`);
      }
      throw e;
    }
  }

  get(projectId: string, id: string): ModelRow | undefined {
    const r = this.db.prepare('SELECT * FROM models WHERE project_id = ? AND id = ?').get(projectId, id) as RawRow | undefined;
    return r && parse(r);
  }

  byId(id: string): ModelRow | undefined {
    const r = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as RawRow | undefined;
    return r && parse(r);
  }

  inStatus(status: ModelStatus): ModelRow[] {
    return (this.db.prepare('SELECT * FROM models WHERE status = ?').all(status) as RawRow[]).map(parse);
  }

  /** Every version of a name (cascade delete), oldest first. */
  versions(projectId: string, name: string): ModelRow[] {
    return (this.db.prepare('SELECT * FROM models WHERE project_id = ? AND name = ? ORDER BY create_at, id').all(projectId, name) as RawRow[]).map(parse);
  }

  finish(id: string, outcome: { status: 'published'; size: number } | { status: 'failed'; error: string }): boolean {
    const r =
      outcome.status === 'published'
        ? this.db.prepare("UPDATE models SET status = 'published', size = ? WHERE id = ? AND status = 'publishing'").run(outcome.size, id)
        : this.db.prepare("UPDATE models SET status = 'failed', error_msg = ? WHERE id = ? AND status = 'publishing'").run(outcome.error, id);
    return r.changes > 0;
  }

  /** Deletes the model unless a service uses it; answers whether it was deleted or in use. */
  deleteUnused(id: string): 'deleted' | 'in-use' {
    return this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM service_models WHERE model_id = ? LIMIT 1').get(id)) return 'in-use' as const;
      this.db.prepare('DELETE FROM models WHERE id = ?').run(id);
      return 'deleted' as const;
    })();
  }

  list(projectId: string, f: ModelFilter): { total: number; rows: ModelRow[] } {
    const w = new Where('project_id = @projectId', { projectId })
      .add(f.name === undefined ? undefined : f.exactName ? f.name : likeAny(f.name), 'name', f.exactName ? 'name = @name' : "name LIKE @name ESCAPE '\\'")
      .add(f.version, 'version', 'version = @version')
      .add(f.status, 'status', 'status = @status')
      .add(f.type, 'type', 'lower(model_type) = lower(@type)')
      .add(f.notType, 'notType', 'lower(model_type) <> lower(@notType)')
      .add(f.description === undefined ? undefined : likeAny(f.description), 'description', "description LIKE @description ESCAPE '\\'")
      .add(f.workspaceId, 'workspaceId', 'workspace_id = @workspaceId');
    const total = this.db.prepare(`SELECT COUNT(*) FROM models WHERE ${w.clause}`).pluck().get(w.args) as number;
    const dir = f.order === 'asc' ? 'ASC' : 'DESC';
    const rows = this.db
      .prepare(`SELECT * FROM models WHERE ${w.clause} ORDER BY ${SORT_COLUMN[f.sortBy]} ${dir}, id ${dir} LIMIT @limit OFFSET @skip`)
      .all({ ...w.args, limit: f.limit, skip: f.offset * f.limit }) as RawRow[];
    return { total, rows: rows.map(parse) };
  }

  count(projectId: string): number {
    return this.db.prepare('SELECT COUNT(*) FROM models WHERE project_id = ?').pluck().get(projectId) as number;
  }

  /** Services (ids) that deploy the model. */
  usedBy(id: string): string[] {
    return this.db.prepare('SELECT service_id FROM service_models WHERE model_id = ?').pluck().all(id) as string[];
  }
}
