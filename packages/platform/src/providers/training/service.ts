import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type {
  TaskStatus,
  TrainingEngineList,
  TrainingEvents,
  TrainingEventsQuery,
  TrainingFlavorList,
  TrainingJob,
  TrainingJobCreateBody,
  TrainingJobSearchBody,
  TrainingJobSearchResult,
  TrainingLogPreview,
  TrainingMetrics,
  TrainingPhase,
  TrainingSecondaryPhase,
} from '@modelarts-ts/contract';
import { parseObsUrl, type RunEvent, type RunResult, type TaskMetrics, taskNames } from '@modelarts-ts/runtime';
import type { FastifyBaseLogger } from 'fastify';
import type { Caller } from '../../auth/caller.js';
import type { PlatformConfig } from '../../config.js';
import { PlatformError } from '../../errors.js';
import type { ExecutionHooks, Executor } from '../../executors/executor.js';
import { isStorageError } from '../../storage/errors.js';
import type { ObjectStore } from '../../storage/object-store.js';
import type { DatasetVersions } from '../provider.js';
import type { EngineCatalog } from './engines.js';
import { type FlavorCatalog, flavorView } from './flavors.js';
import { InterpreterResolver } from './interpreters.js';
import { jobView } from './job-view.js';
import type { LogLinks } from './log-links.js';
import { admit, held } from './scheduler.js';
import { eventsQuery, searchQuery } from './search.js';
import type { JobRow, StoredEvent, TrainingStore } from './store.js';
import { acceptCreateBody } from './validate.js';

/** The newest part of a log the preview returns: the cloud caps `current_size` at 5 MB. */
export const LOG_PREVIEW_BYTES = 5 * 1024 * 1024;

export interface TrainingServiceDeps {
  config: PlatformConfig;
  store: TrainingStore;
  executor: Executor;
  flavors: FlavorCatalog;
  engines: EngineCatalog;
  links: LogLinks;
  objects: () => ObjectStore;
  log: FastifyBaseLogger;
  /** Published dataset versions (data management), for dataset inputs. */
  datasets: () => DatasetVersions | undefined;
}

const info = (message: string, source = 'Job'): StoredEvent => ({ time: Date.now(), level: 'Info', source, message });
const error = (message: string, source = 'Job'): StoredEvent => ({ time: Date.now(), level: 'Error', source, message });

const OUTCOME_PHASE: Record<RunResult['outcome'], TrainingPhase & TrainingSecondaryPhase> = {
  completed: 'Completed',
  failed: 'Failed',
  terminated: 'Terminated',
};

/**
 * Training jobs on this machine: the cloud's `status.phase`/`secondary_phase` state machine, kept in SQLite
 * (one transaction per change, compare-and-set on the phase), processes started by the executor when the
 * scheduler admits a job.
 * Creating → Pending/Queuing → Running → Completed | Failed; terminate → Terminating → Terminated; creation
 * errors → Abnormal/CreateFailed; processes lost in a platform restart → Abnormal/Lost.
 */
export class TrainingService {
  private closed = false;
  /** Set once reconciliation has sorted out the jobs of an earlier run; nothing is admitted before. */
  private reconciled = false;
  /** Reconciliation of an earlier run. */
  readonly ready: Promise<void>;
  private readonly interpreters = new InterpreterResolver();

  constructor(private readonly d: TrainingServiceDeps) {
    this.interpreters.resolve(d.config.trainingPython); // warm up before the first job
    this.ready = this.reconcile().catch((e: Error) => d.log.error({ err: e }, 'training: reconciliation failed'));
  }

  // ---- API ----

  async create(projectId: string, caller: Caller, body: TrainingJobCreateBody): Promise<TrainingJob> {
    const c = this.d.config;
    const accepted = await acceptCreateBody(body, {
      findFlavor: (id) => this.d.flavors.find(id),
      pythonFor: (engine) => this.interpreters.resolve((engine ? c.trainingEngineInterpreters[engine] : undefined) ?? c.trainingPython),
      outputPeriodSeconds: c.trainingOutputIntervalSeconds,
      datasetManifest: (datasetId, versionId) => this.d.datasets()?.versionManifest(projectId, datasetId, versionId) ?? 'no-dataset',
    });
    const id = randomUUID();
    this.d.store.insert(
      {
        id,
        project_id: projectId,
        domain_id: caller.domain_id,
        name: body.metadata.name,
        kind: accepted.kind,
        workspace_id: body.metadata.workspace_id ?? '0',
        description: body.metadata.description ?? '',
        user_name: caller.user_name,
        create_time: Date.now(),
        flavor_id: accepted.flavor.flavor_id,
        node_count: accepted.nodeCount,
        cpu_demand: accepted.flavor.flavor_info.cpu.core_num * accepted.nodeCount,
        definition: accepted.definition,
      },
      info('Training job created.'),
    );
    for (const w of accepted.definition.warnings) this.d.store.addEvent(id, { ...info(w), level: 'Warning' });
    const view = this.view(projectId, id);
    this.later(() => this.precheck(id));
    return view;
  }

  get(projectId: string, id: string): TrainingJob {
    return this.view(projectId, id);
  }

  search(projectId: string, body: TrainingJobSearchBody): TrainingJobSearchResult {
    const q = searchQuery(body);
    const r = this.d.store.search(projectId, q);
    const now = Date.now();
    return {
      total: r.total,
      count: r.count,
      limit: q.limit,
      offset: q.offset,
      sort_by: q.sortBy,
      order: q.order,
      group_by: body.group_by ?? '',
      workspace_id: body.workspace_id ?? '0',
      ai_project: 'default-ai-project',
      items: r.rows.map((row) => jobView(row, now)),
    };
  }

  updateDescription(projectId: string, id: string, description: string): null {
    if (!this.d.store.setDescription(projectId, id, description)) throw notFound(id);
    return null;
  }

  delete(projectId: string, id: string): null {
    const row = this.row(projectId, id);
    if (!this.d.store.markDeleting(row.id, info('The training job has been manually deleted.'))) return null;
    if (this.d.executor.status(id)) void this.d.executor.stop(id, { upload: false });
    else this.later(() => this.finishDelete(id));
    return null;
  }

  terminate(projectId: string, id: string, actionType: string): TrainingJob {
    if (actionType !== 'terminate') throw new PlatformError('ModelArts.2812', `action_type "${actionType}" is not supported: the only action is "terminate"`);
    const row = this.row(projectId, id);
    const requested = info('Termination requested.');
    switch (row.phase) {
      case 'Terminating':
        break;
      case 'Creating':
      case 'Pending':
        if (this.d.store.transition(id, ['Creating', 'Pending'], { phase: 'Terminating', secondary: 'Terminating' }, requested)) {
          this.later(() => this.terminated(id));
        }
        break;
      case 'Running':
        if (this.d.store.transition(id, ['Running'], { phase: 'Terminating', secondary: 'Terminating' }, requested)) {
          if (this.d.executor.status(id)) void this.d.executor.stop(id);
          else this.later(() => this.terminated(id));
        }
        break;
      default:
        throw new PlatformError('ModelArts.2788', `The training job is ${row.phase}: only Creating, Pending or Running jobs can be terminated`);
    }
    return this.view(projectId, id);
  }

  async logPreview(projectId: string, id: string, task: string): Promise<TrainingLogPreview> {
    const row = this.row(projectId, id);
    checkTask(row, task);
    const log = this.d.executor.logs(id, task);
    const full = await log.size();
    const start = Math.max(0, full - LOG_PREVIEW_BYTES);
    const bytes = full > 0 ? await log.read(start, full) : Buffer.alloc(0);
    return { content: bytes.toString('utf8'), current_size: bytes.length, full_size: full };
  }

  logUrl(projectId: string, id: string, task: string, origin: string): { obs_url: string } {
    const row = this.row(projectId, id);
    checkTask(row, task);
    return { obs_url: origin + this.d.links.sign(id, task) };
  }

  /** The signed link: the signature is the whole authorization, so the job may be any project's. */
  async logDownload(id: string, task: string, expires: number, signature: string): Promise<Readable | string> {
    const verdict = this.d.links.check(id, task, expires, signature);
    if (verdict === 'invalid') throw new PlatformError('APIGW.0301', 'The signature of this log link is not valid');
    if (verdict === 'expired') throw new PlatformError('APIGW.0303', 'This log link has expired: ask for a new one (logs/url)');
    const row = this.d.store.byId(id);
    if (!row) throw notFound(id);
    checkTask(row, task);
    return (await this.d.executor.logs(id, task).open()) ?? '';
  }

  metrics(projectId: string, id: string, task: string): TrainingMetrics {
    const row = this.row(projectId, id);
    checkTask(row, task);
    const m: TaskMetrics = this.d.executor.metrics(id, task) ?? row.metrics[task] ?? { cpuUsage: [], memUsage: [] };
    return {
      metrics: [
        { metric: 'cpuUsage', value: m.cpuUsage },
        { metric: 'memUsage', value: m.memUsage },
      ],
    };
  }

  events(projectId: string, id: string, query: TrainingEventsQuery): TrainingEvents {
    this.row(projectId, id);
    const q = eventsQuery(query);
    const r = this.d.store.events(id, q);
    return {
      total: r.total,
      limit: q.limit,
      offset: q.offset,
      order: q.order,
      start_time: query.start_time === undefined ? '' : String(query.start_time),
      end_time: query.end_time === undefined ? '' : String(query.end_time),
      events: r.events.map((e) => ({ message: e.message, level: e.level, time: String(e.time), source: e.source })),
    };
  }

  async flavors(flavorType?: string): Promise<TrainingFlavorList> {
    const list = await this.d.flavors.list(flavorType);
    return { total_count: list.length, flavors: list.map(flavorView) };
  }

  async engines(): Promise<TrainingEngineList> {
    const items = await this.d.engines.list();
    return { total: items.length, items };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.ready;
    await this.d.executor.close();
  }

  // ---- lifecycle ----

  /** Runs a step after the current request, unless the platform is closing by then; failures are logged, never thrown. */
  private later(step: () => void | Promise<void>): void {
    setImmediate(() => {
      if (this.closed) return;
      Promise.resolve()
        .then(step)
        .catch((e: Error) => this.d.log.error({ err: e }, 'training: a background step failed'));
    });
  }

  private row(projectId: string, id: string): JobRow {
    const row = this.d.store.get(projectId, id);
    if (!row) throw notFound(id);
    return row;
  }

  private view(projectId: string, id: string): TrainingJob {
    return jobView(this.row(projectId, id));
  }

  /** Creating → Pending/Queuing once the buckets the job names exist and belong to its account; else Abnormal/CreateFailed. */
  private async precheck(id: string): Promise<void> {
    if (this.closed) return;
    const row = this.d.store.byId(id);
    if (row?.phase !== 'Creating') return;
    const run = row.definition.run;
    const urls = [run.codeUrl, ...run.inputs.map((c) => c.obsUrl), ...run.outputs.map((c) => c.obsUrl), run.logUrl].filter((u): u is string => Boolean(u));
    let problem: string | undefined;
    try {
      const store = this.d.objects();
      for (const bucket of new Set(urls.map((u) => parseObsUrl(u).bucket))) {
        const b = await store.headBucket(bucket).catch((e: unknown) => {
          if (isStorageError(e) && e.code === 'BucketNotFound') return undefined;
          throw e;
        });
        if (!b || b.domainId !== row.domain_id) {
          problem = `the bucket ${bucket} does not exist or belongs to another account`;
          break;
        }
      }
    } catch (e) {
      problem = (e as Error).message;
    }
    if (this.closed) return;
    if (problem) {
      this.d.store.transition(
        id,
        ['Creating'],
        { phase: 'Abnormal', secondary: 'CreateFailed', endTime: Date.now() },
        error(`Failed to create the training job: ${problem}.`),
      );
      return;
    }
    if (
      this.d.store.transition(
        id,
        ['Creating'],
        { phase: 'Pending', secondary: 'Queuing' },
        info('The training job is queuing and awaiting resource allocation.'),
      )
    ) {
      this.schedule();
    }
  }

  /** Admits queued jobs (FIFO) into the cores the running ones leave free. */
  private schedule(): void {
    if (this.closed || !this.reconciled) return;
    const capacity = this.d.config.trainingCpuCapacity;
    const used = this.d.store.inPhases(['Running', 'Terminating']).reduce((sum, j) => sum + held(j.cpu_demand, capacity), 0);
    const queue = this.d.store
      .inPhases(['Pending'])
      .filter((j) => !j.deleting)
      .map((j) => ({ id: j.id, demand: j.cpu_demand }));
    for (const id of admit(queue, used, capacity)) this.launch(id);
  }

  private launch(id: string): void {
    const row = this.d.store.byId(id);
    if (!row) return;
    const started = this.d.store.transition(
      id,
      ['Pending'],
      { phase: 'Running', secondary: 'Running', startTime: Date.now() },
      info(`Resources allocated (${row.node_count} × ${row.flavor_id}): the training job starts to run.`),
    );
    if (!started) return;
    try {
      this.d.executor.start({ jobId: id, owner: { domainId: row.domain_id, projectId: row.project_id }, ...row.definition.run }, this.hooks(id));
    } catch (e) {
      this.d.store.transition(
        id,
        ['Running'],
        { phase: 'Abnormal', secondary: 'CreateFailed', endTime: Date.now() },
        error(`The training job could not be started: ${(e as Error).message}`),
      );
      this.schedule();
    }
  }

  private hooks(id: string): ExecutionHooks {
    return {
      onEvent: (e: RunEvent) => {
        try {
          this.d.store.addEvent(id, { time: e.time, level: e.level, source: e.source, message: e.message });
        } catch {
          // the job was deleted meanwhile
        }
      },
      onWorkers: (w) => this.d.store.setProcesses(id, w),
      onExit: (result, metrics) => {
        const phase = OUTCOME_PHASE[result.outcome];
        const taskStatuses: TaskStatus[] = result.tasks.map((t) => ({ task: t.task, exit_code: t.exitCode, message: t.message }));
        this.d.store.transition(id, ['Running', 'Terminating'], { phase, secondary: phase, endTime: result.endedAt, taskStatuses, metrics, processes: [] });
        if (this.d.store.byId(id)?.deleting) this.later(() => this.finishDelete(id));
        this.schedule();
      },
    };
  }

  /** Terminating → Terminated for a job that has no processes. */
  private terminated(id: string): void {
    this.d.store.transition(
      id,
      ['Terminating'],
      { phase: 'Terminated', secondary: 'Terminated', endTime: Date.now() },
      info('The training job has been manually stopped.'),
    );
    this.schedule();
  }

  private async finishDelete(id: string): Promise<void> {
    try {
      await this.d.executor.remove(id);
    } catch (e) {
      this.d.log.warn({ err: e, job_id: id }, 'training: could not remove the job folder');
    }
    if (this.closed) return;
    this.d.store.remove(id);
    this.schedule();
  }

  /**
   * After a restart: finishes deletions, stops what is left of jobs that were running (their logs and exit
   * codes are lost with the earlier platform process) and marks them Abnormal/Lost, re-checks jobs caught in
   * Creating, then admits the queue.
   */
  private async reconcile(): Promise<void> {
    for (const j of this.d.store.deletingJobs()) {
      await this.d.executor.reclaim(j.id, j.processes);
      await this.finishDelete(j.id);
    }
    for (const j of this.d.store.inPhases(['Running', 'Terminating'])) {
      if (j.deleting) continue;
      const stopped = await this.d.executor.reclaim(j.id, j.processes);
      const now = Date.now();
      if (j.phase === 'Terminating') {
        this.d.store.transition(
          j.id,
          ['Terminating'],
          { phase: 'Terminated', secondary: 'Terminated', endTime: now, processes: [] },
          info('Termination completed after a restart.'),
        );
        continue;
      }
      const why = `ModelArts Local stopped while the job was running: its processes were lost${stopped ? ` (${stopped} left over were stopped)` : ''}.`;
      this.d.store.transition(
        j.id,
        ['Running'],
        {
          phase: 'Abnormal',
          secondary: 'Lost',
          endTime: now,
          processes: [],
          taskStatuses: taskNames(j.node_count).map((task) => ({ task, exit_code: -1, message: why })),
        },
        error(why),
      );
    }
    this.reconciled = true;
    for (const j of this.d.store.inPhases(['Creating'])) this.later(() => this.precheck(j.id));
    this.schedule();
  }
}

function notFound(id: string): PlatformError {
  return new PlatformError('ModelArts.2775', `The training job ${id} does not exist`);
}

function checkTask(row: JobRow, task: string): void {
  const tasks = taskNames(row.node_count);
  if (!tasks.includes(task)) throw new PlatformError('ModelArts.2788', `The job has no task ${task}: its tasks are ${tasks.join(', ')}`);
}
