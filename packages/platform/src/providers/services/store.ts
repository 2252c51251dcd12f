import type { ServiceConfig, ServiceSchedule, ServiceStatus, ServiceUpdateLog } from '@modelarts-ts/contract';
import type { Db } from '../../db/sqlite.js';
import { likeAny, Where } from '../../db/where.js';
import { PlatformError } from '../../errors.js';

/** The deploy request's fields kept for the detail and the runner. */
export interface ServiceDefinition {
  config: ServiceConfig[];
  schedule?: ServiceSchedule[] | undefined;
  additional_properties?: Record<string, unknown> | undefined;
  load_balancer_policy?: string | undefined;
  priority?: number | undefined;
  cluster_id?: string | undefined;
  pool_name?: string | undefined;
  vpc_id?: string | undefined;
  subnet_network_id?: string | undefined;
  security_group_id?: string | undefined;
}

export type Desired = 'running' | 'stopped' | 'deleted';

export interface ServiceRow {
  id: string;
  project_id: string;
  domain_id: string;
  owner: string;
  name: string;
  description: string;
  infer_type: 'real-time' | 'batch' | 'edge';
  workspace_id: string;
  status: ServiceStatus;
  desired: Desired;
  progress: number;
  error_msg: string;
  publish_at: number;
  update_time: number;
  transition_at: number;
  operation_time: number;
  due_time: number;
  start_time: number;
  finished_time: number;
  invocation_times: number;
  failed_times: number;
  definition: ServiceDefinition;
}

type RawRow = Omit<ServiceRow, 'definition'> & { definition: string };
const parse = (r: RawRow): ServiceRow => ({ ...r, definition: JSON.parse(r.definition) as ServiceDefinition });

export interface ServiceEventRow {
  event_type: 'normal' | 'abnormal';
  event_info: string;
  occur_time: number;
}

export interface ServiceFilter {
  serviceId?: string | undefined;
  name?: string | undefined;
  modelId?: string | undefined;
  workspaceId?: string | undefined;
  inferType?: string | undefined;
  status?: string | undefined;
  sortBy: 'publish_at' | 'service_name' | 'transition_at';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface StatusChange {
  status: ServiceStatus;
  desired?: Desired;
  progress?: number;
  error_msg?: string;
  due_time?: number;
  start_time?: number;
  finished_time?: number;
}

const SORT_COLUMN = { publish_at: 'publish_at', service_name: 'name', transition_at: 'transition_at' } as const;

/** The services tables: every state change is one transaction, with its event. */
export class ServiceStore {
  constructor(private readonly db: Db) {}

  insert(row: Omit<ServiceRow, 'invocation_times' | 'failed_times'>, modelIds: readonly string[], event: ServiceEventRow): void {
    this.db.transaction(() => {
      try {
        this.db
          .prepare(
            `INSERT INTO services (id, project_id, domain_id, owner, name, description, infer_type, workspace_id, status, desired, progress, error_msg,
               publish_at, update_time, transition_at, operation_time, due_time, start_time, finished_time, definition)
             VALUES (@id, @project_id, @domain_id, @owner, @name, @description, @infer_type, @workspace_id, @status, @desired, @progress, @error_msg,
               @publish_at, @update_time, @transition_at, @operation_time, @due_time, @start_time, @finished_time, @definition)`,
          )
          .run({ ...row, definition: JSON.stringify(row.definition) });
      } catch (e) {
        if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
          throw new PlatformError('ModelArts.3503', `A service named ${row.name} already exists`);
        throw e;
      }
      this.linkModels(row.id, modelIds);
      this.addEvent(row.id, event);
    })();
  }

  private linkModels(id: string, modelIds: readonly string[]): void {
    const keep = new Set(modelIds);
    for (const old of this.db.prepare('SELECT model_id FROM service_models WHERE service_id = ?').pluck().all(id) as string[]) {
      if (!keep.has(old)) this.db.prepare('DELETE FROM service_models WHERE service_id = ? AND model_id = ?').run(id, old);
    }
    for (const m of keep) this.db.prepare('INSERT OR IGNORE INTO service_models (service_id, model_id) VALUES (?, ?)').run(id, m);
  }

  get(projectId: string, id: string): ServiceRow | undefined {
    const r = this.db.prepare('SELECT * FROM services WHERE project_id = ? AND id = ?').get(projectId, id) as RawRow | undefined;
    return r && parse(r);
  }

  byId(id: string): ServiceRow | undefined {
    const r = this.db.prepare('SELECT * FROM services WHERE id = ?').get(id) as RawRow | undefined;
    return r && parse(r);
  }

  ofProject(projectId: string): ServiceRow[] {
    return (this.db.prepare('SELECT * FROM services WHERE project_id = ?').all(projectId) as RawRow[]).map(parse);
  }

  all(): ServiceRow[] {
    return (this.db.prepare('SELECT * FROM services').all() as RawRow[]).map(parse);
  }

  list(projectId: string, f: ServiceFilter): { total: number; rows: ServiceRow[] } {
    const w = new Where('project_id = @projectId', { projectId })
      .add(f.serviceId, 'serviceId', 'id = @serviceId')
      .add(f.name === undefined ? undefined : likeAny(f.name), 'name', "name LIKE @name ESCAPE '\\'")
      .add(f.modelId, 'modelId', 'id IN (SELECT service_id FROM service_models WHERE model_id = @modelId)')
      .add(f.workspaceId, 'workspaceId', 'workspace_id = @workspaceId')
      .add(f.inferType, 'inferType', 'infer_type = @inferType')
      .add(f.status, 'status', 'status = @status');
    const total = this.db.prepare(`SELECT COUNT(*) FROM services WHERE ${w.clause}`).pluck().get(w.args) as number;
    const dir = f.order === 'asc' ? 'ASC' : 'DESC';
    const rows = this.db
      .prepare(`SELECT * FROM services WHERE ${w.clause} ORDER BY ${SORT_COLUMN[f.sortBy]} ${dir}, id ${dir} LIMIT @limit OFFSET @skip`)
      .all({ ...w.args, limit: f.limit, skip: f.offset * f.limit }) as RawRow[];
    return { total, rows: rows.map(parse) };
  }

  /** Moves the service to `change.status` (only from `from`, when given), recording `event`; answers whether it moved. */
  transition(id: string, change: StatusChange, event?: ServiceEventRow, from?: readonly ServiceStatus[]): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT status FROM services WHERE id = ?').get(id) as { status: ServiceStatus } | undefined;
      if (!row || (from && !from.includes(row.status))) return false;
      const now = Date.now();
      const sets: string[] = ['status = @status', 'update_time = @now'];
      if (row.status !== change.status) sets.push('transition_at = @now');
      for (const k of ['desired', 'progress', 'error_msg', 'due_time', 'start_time', 'finished_time'] as const) {
        if (change[k] !== undefined) sets.push(`${k} = @${k}`);
      }
      this.db.prepare(`UPDATE services SET ${sets.join(', ')} WHERE id = @id`).run({ ...change, id, now });
      if (event) this.addEvent(id, event);
      return true;
    })();
  }

  /** A user operation (PUT): new description/definition/desired state, one transaction. */
  update(id: string, fields: { description?: string; definition?: ServiceDefinition; modelIds?: readonly string[] }): void {
    this.db.transaction(() => {
      const now = Date.now();
      if (fields.description !== undefined) this.db.prepare('UPDATE services SET description = ? WHERE id = ?').run(fields.description, id);
      if (fields.definition !== undefined) this.db.prepare('UPDATE services SET definition = ? WHERE id = ?').run(JSON.stringify(fields.definition), id);
      if (fields.modelIds) this.linkModels(id, fields.modelIds);
      this.db.prepare('UPDATE services SET operation_time = ?, update_time = ? WHERE id = ?').run(now, now, id);
    })();
  }

  addEvent(id: string, e: ServiceEventRow): void {
    const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM service_events WHERE service_id = ?').pluck().get(id) as number) ?? 1;
    this.db
      .prepare('INSERT INTO service_events (service_id, seq, occur_time, event_type, event_info) VALUES (?, ?, ?, ?, ?)')
      .run(id, seq, e.occur_time, e.event_type, e.event_info);
  }

  events(id: string): ServiceEventRow[] {
    return this.db.prepare('SELECT occur_time, event_type, event_info FROM service_events WHERE service_id = ? ORDER BY seq').all(id) as ServiceEventRow[];
  }

  /** Starts an update-log entry (RUNNING); answers its sequence number. */
  addUpdate(id: string, config: ServiceUpdateLog['config']): number {
    const seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM service_updates WHERE service_id = ?').pluck().get(id) as number) ?? 1;
    this.db
      .prepare("INSERT INTO service_updates (service_id, seq, update_time, result, config) VALUES (?, ?, ?, 'RUNNING', ?)")
      .run(id, seq, Date.now(), JSON.stringify(config));
    return seq;
  }

  finishUpdate(id: string, seq: number, result: 'SUCCESS' | 'FAIL'): void {
    this.db.prepare("UPDATE service_updates SET result = ? WHERE service_id = ? AND seq = ? AND result = 'RUNNING'").run(result, id, seq);
  }

  /** Entries still RUNNING (an update cut short by a restart) become FAIL. */
  failOpenUpdates(id: string): void {
    this.db.prepare("UPDATE service_updates SET result = 'FAIL' WHERE service_id = ? AND result = 'RUNNING'").run(id);
  }

  updates(id: string): ServiceUpdateLog[] {
    const rows = this.db.prepare('SELECT update_time, result, config FROM service_updates WHERE service_id = ? ORDER BY seq').all(id) as Array<{
      update_time: number;
      result: ServiceUpdateLog['result'];
      config: string;
    }>;
    return rows.map((r) => ({ update_time: r.update_time, result: r.result, config: JSON.parse(r.config) as ServiceUpdateLog['config'] }));
  }

  /** Adds call counts: the service's and each model's, in one transaction. */
  addCounts(counts: ReadonlyMap<string, { inv: number; fail: number; models: Map<string, { inv: number; fail: number }> }>): void {
    this.db.transaction(() => {
      for (const [id, c] of counts) {
        this.db.prepare('UPDATE services SET invocation_times = invocation_times + ?, failed_times = failed_times + ? WHERE id = ?').run(c.inv, c.fail, id);
        for (const [m, mc] of c.models) {
          this.db
            .prepare('UPDATE service_models SET invocation_times = invocation_times + ?, failed_times = failed_times + ? WHERE service_id = ? AND model_id = ?')
            .run(mc.inv, mc.fail, id, m);
        }
      }
    })();
  }

  modelCounts(id: string): Map<string, { inv: number; fail: number }> {
    const rows = this.db.prepare('SELECT model_id, invocation_times AS inv, failed_times AS fail FROM service_models WHERE service_id = ?').all(id) as Array<{
      model_id: string;
      inv: number;
      fail: number;
    }>;
    return new Map(rows.map((r) => [r.model_id, { inv: r.inv, fail: r.fail }]));
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM services WHERE id = ?').run(id);
  }
}
