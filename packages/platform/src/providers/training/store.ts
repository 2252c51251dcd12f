import type { TaskStatus, TrainingAlgorithm, TrainingPhase, TrainingSecondaryPhase, TrainingSpec } from '@modelarts-ts/contract';
import type { EventLevel, TaskMetrics, WorkerProcess } from '@modelarts-ts/runtime';
import type { Db } from '../../db/sqlite.js';
import { PlatformError } from '../../errors.js';
import type { ExecutionSpec } from '../../executors/executor.js';

/** A job's request as accepted: the wire echo (algorithm, spec) and what the executor runs. */
export interface JobDefinition {
  annotations?: Record<string, string> | undefined;
  algorithm: TrainingAlgorithm;
  spec: TrainingSpec;
  /** The executor's spec without the ids (filled in at admission). */
  run: Omit<ExecutionSpec, 'jobId' | 'owner'>;
  /** Warnings to record as events once the job exists (e.g. volumes that are not mounted here). */
  warnings: string[];
}

export interface JobRow {
  id: string;
  project_id: string;
  domain_id: string;
  name: string;
  kind: string;
  workspace_id: string;
  description: string;
  user_name: string;
  create_time: number;
  phase: TrainingPhase;
  secondary_phase: TrainingSecondaryPhase;
  start_time: number;
  end_time: number;
  flavor_id: string;
  node_count: number;
  cpu_demand: number;
  queue_seq: number;
  definition: JobDefinition;
  task_statuses: TaskStatus[];
  processes: WorkerProcess[];
  metrics: Record<string, TaskMetrics>;
  deleting: boolean;
}

interface RawRow extends Omit<JobRow, 'definition' | 'task_statuses' | 'processes' | 'metrics' | 'deleting'> {
  definition: string;
  task_statuses: string;
  processes: string;
  metrics: string;
  deleting: number;
}

/** What a new job is created with; everything else starts at its initial value. */
export type NewJob = Pick<
  JobRow,
  | 'id'
  | 'project_id'
  | 'domain_id'
  | 'name'
  | 'kind'
  | 'workspace_id'
  | 'description'
  | 'user_name'
  | 'create_time'
  | 'flavor_id'
  | 'node_count'
  | 'cpu_demand'
  | 'definition'
>;

export interface StoredEvent {
  time: number;
  level: EventLevel;
  source: string;
  message: string;
}

export interface Transition {
  phase: TrainingPhase;
  secondary: TrainingSecondaryPhase;
  startTime?: number;
  endTime?: number;
  taskStatuses?: TaskStatus[];
  processes?: WorkerProcess[];
  metrics?: Record<string, TaskMetrics>;
}

/** Where a filter or page of the search lands in SQL (built by search.ts from checked input only). */
export interface SqlQuery {
  where: string[];
  args: unknown[];
  orderBy: string;
  limit: number;
  offset: number;
}

function parse(r: RawRow): JobRow {
  return {
    ...r,
    definition: JSON.parse(r.definition) as JobDefinition,
    task_statuses: JSON.parse(r.task_statuses) as TaskStatus[],
    processes: JSON.parse(r.processes) as WorkerProcess[],
    metrics: JSON.parse(r.metrics) as Record<string, TaskMetrics>,
    deleting: r.deleting === 1,
  };
}

/** The training tables. Every state change is one transaction, with its event. */
export class TrainingStore {
  constructor(private readonly db: Db) {}

  /** Inserts the job and its first event; a taken name is ModelArts.2751. */
  insert(job: NewJob, event: StoredEvent): void {
    this.db.transaction(() => {
      const taken = this.db.prepare('SELECT 1 FROM training_jobs WHERE project_id = ? AND name = ?').get(job.project_id, job.name);
      if (taken) throw new PlatformError('ModelArts.2751', `A training job named ${job.name} already exists in this project`);
      const seq = (this.db.prepare('SELECT COALESCE(MAX(queue_seq), 0) + 1 FROM training_jobs').pluck().get() as number) ?? 1;
      this.db
        .prepare(
          `INSERT INTO training_jobs (id, project_id, domain_id, name, kind, workspace_id, description, user_name, create_time, phase, secondary_phase,
             flavor_id, node_count, cpu_demand, queue_seq, definition)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Creating', 'Creating', ?, ?, ?, ?, ?)`,
        )
        .run(
          job.id,
          job.project_id,
          job.domain_id,
          job.name,
          job.kind,
          job.workspace_id,
          job.description,
          job.user_name,
          job.create_time,
          job.flavor_id,
          job.node_count,
          job.cpu_demand,
          seq,
          JSON.stringify(job.definition),
        );
      this.addEvent(job.id, event);
    })();
  }

  /** A job of the project (deleting ones included), or undefined. */
  get(projectId: string, id: string): JobRow | undefined {
    const r = this.db.prepare('SELECT * FROM training_jobs WHERE project_id = ? AND id = ?').get(projectId, id) as RawRow | undefined;
    return r && parse(r);
  }

  /** Any project's job: for the signed log link and the executor callbacks. */
  byId(id: string): JobRow | undefined {
    const r = this.db.prepare('SELECT * FROM training_jobs WHERE id = ?').get(id) as RawRow | undefined;
    return r && parse(r);
  }

  /** Jobs in the given phases, in admission order. */
  inPhases(phases: readonly TrainingPhase[]): JobRow[] {
    const rows = this.db
      .prepare(`SELECT * FROM training_jobs WHERE phase IN (${phases.map(() => '?').join(', ')}) ORDER BY queue_seq`)
      .all(...phases) as RawRow[];
    return rows.map(parse);
  }

  deletingJobs(): JobRow[] {
    return (this.db.prepare('SELECT * FROM training_jobs WHERE deleting = 1').all() as RawRow[]).map(parse);
  }

  /**
   * Moves a job to a new phase if it is still in one of `from` (compare and set: a concurrent change wins and
   * this one is dropped), recording `event` in the same transaction. Returns whether it moved.
   */
  transition(id: string, from: readonly TrainingPhase[], to: Transition, event?: StoredEvent): boolean {
    return this.db.transaction(() => {
      const columns: Array<[string, unknown]> = [
        ['phase', to.phase],
        ['secondary_phase', to.secondary],
        ['start_time', to.startTime],
        ['end_time', to.endTime],
        ['task_statuses', to.taskStatuses && JSON.stringify(to.taskStatuses)],
        ['processes', to.processes && JSON.stringify(to.processes)],
        ['metrics', to.metrics && JSON.stringify(to.metrics)],
      ];
      const set = columns.filter(([, v]) => v !== undefined);
      const sets = set.map(([c]) => `${c} = ?`);
      const args = set.map(([, v]) => v);
      const r = this.db
        .prepare(`UPDATE training_jobs SET ${sets.join(', ')} WHERE id = ? AND phase IN (${from.map(() => '?').join(', ')})`)
        .run(...args, id, ...from);
      if (r.changes === 0) return false;
      if (event) this.addEvent(id, event);
      return true;
    })();
  }

  setProcesses(id: string, processes: readonly WorkerProcess[]): void {
    this.db.prepare('UPDATE training_jobs SET processes = ? WHERE id = ?').run(JSON.stringify(processes), id);
  }

  setDescription(projectId: string, id: string, description: string): boolean {
    return this.db.prepare('UPDATE training_jobs SET description = ? WHERE project_id = ? AND id = ?').run(description, projectId, id).changes > 0;
  }

  /** Marks the job for deletion; false if it already was. */
  markDeleting(id: string, event: StoredEvent): boolean {
    return this.db.transaction(() => {
      const r = this.db.prepare('UPDATE training_jobs SET deleting = 1 WHERE id = ? AND deleting = 0').run(id);
      if (r.changes > 0) this.addEvent(id, event);
      return r.changes > 0;
    })();
  }

  /** Removes the job and its events. */
  remove(id: string): void {
    this.db.prepare('DELETE FROM training_jobs WHERE id = ?').run(id);
  }

  addEvent(id: string, e: StoredEvent): void {
    const seq = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM training_job_events WHERE job_id = ?').pluck().get(id) as number;
    this.db
      .prepare('INSERT INTO training_job_events (job_id, seq, time, level, source, message) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, seq, e.time, e.level, e.source, e.message);
  }

  /** A page of the job's events and how many match. */
  events(id: string, q: SqlQuery): { total: number; events: StoredEvent[] } {
    const where = ['job_id = ?', ...q.where].join(' AND ');
    const args = [id, ...q.args];
    const total = this.db
      .prepare(`SELECT COUNT(*) FROM training_job_events WHERE ${where}`)
      .pluck()
      .get(...args) as number;
    const events = this.db
      .prepare(`SELECT time, level, source, message FROM training_job_events WHERE ${where} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?`)
      .all(...args, q.limit, q.offset) as StoredEvent[];
    return { total, events };
  }

  /** A page of the project's jobs matching `q`, with the project's total and the matching count. */
  search(projectId: string, q: SqlQuery): { total: number; count: number; rows: JobRow[] } {
    const total = this.db.prepare('SELECT COUNT(*) FROM training_jobs WHERE project_id = ?').pluck().get(projectId) as number;
    const where = ['project_id = ?', ...q.where].join(' AND ');
    const args = [projectId, ...q.args];
    const count = this.db
      .prepare(`SELECT COUNT(*) FROM training_jobs WHERE ${where}`)
      .pluck()
      .get(...args) as number;
    const rows = this.db
      .prepare(`SELECT * FROM training_jobs WHERE ${where} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?`)
      .all(...args, q.limit, q.offset) as RawRow[];
    return { total, count, rows: rows.map(parse) };
  }
}
