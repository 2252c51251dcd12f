import {
  type TrainingEngineList,
  type TrainingEvents,
  type TrainingEventsQuery,
  type TrainingFlavorList,
  type TrainingJob,
  type TrainingJobCreateBody,
  type TrainingJobSearchBody,
  type TrainingJobSearchResult,
  type TrainingLogPreview,
  type TrainingMetrics,
  trainingOperations,
} from '@modelarts-ts/contract';
import { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../internal/transport.js';
import { APIResource } from './resource.js';

type TrainingOperation = (typeof trainingOperations)[number];

// Looked up from the training table itself, so the SDK does not depend on when the platform wires it into the global table.
const byId = new Map<string, TrainingOperation>(trainingOperations.map((o) => [o.id, o]));
function op<I extends TrainingOperation['id']>(id: I): Extract<TrainingOperation, { id: I }> {
  return byId.get(id) as Extract<TrainingOperation, { id: I }>;
}

export type TrainingFlavorType = 'CPU' | 'GPU' | 'Ascend';

/** Training jobs (v2): one method per REST operation; bodies and answers keep the wire names. */
export class TrainingJobs extends APIResource {
  /** `POST /v2/{project_id}/training-jobs` (201, the job in phase `Creating`). */
  create(body: TrainingJobCreateBody, options?: RequestOptions): Promise<TrainingJob> {
    return this.client.request(op('trainingJobs.create'), { body }, options);
  }

  /**
   * `POST /v2/{project_id}/training-job-searches`. `offset` counts records (the manual's Table 8-8): `await` gives one
   * page, `for await` walks every job, moving `offset` past each page until a page comes back short.
   */
  search(body: TrainingJobSearchBody = {}, options?: RequestOptions): PagePromise<TrainingJobSearchResult, TrainingJob, TrainingJobSearchBody> {
    return new PagePromise(
      (b) => this.client.request(op('trainingJobs.search'), { body: b }, options),
      body,
      (p) => p.items,
      (p, b) => {
        const limit = b.limit ?? p.limit;
        if (p.items.length === 0 || p.items.length < limit) return undefined;
        return { ...b, offset: (b.offset ?? p.offset ?? 0) + p.items.length };
      },
    );
  }

  /** `GET /v2/{project_id}/training-jobs/{training_job_id}`; an unknown job is HTTP 400 `ModelArts.2775`. */
  get(training_job_id: string, options?: RequestOptions): Promise<TrainingJob> {
    return this.client.request(op('trainingJobs.get'), { params: { training_job_id } }, options);
  }

  /** `PUT /v2/{project_id}/training-jobs/{training_job_id}`: the description is the only mutable field. */
  async update(training_job_id: string, body: { description: string }, options?: RequestOptions): Promise<void> {
    await this.client.request(op('trainingJobs.update'), { params: { training_job_id }, body }, options);
  }

  /** `DELETE /v2/{project_id}/training-jobs/{training_job_id}` (202; the deletion finishes asynchronously). */
  async delete(training_job_id: string, options?: RequestOptions): Promise<void> {
    await this.client.request(op('trainingJobs.delete'), { params: { training_job_id } }, options);
  }

  /** `POST …/{training_job_id}/actions` with any `action_type` (the cloud knows only `terminate`; others: `ModelArts.2812`). */
  action(training_job_id: string, body: { action_type: string }, options?: RequestOptions): Promise<TrainingJob> {
    return this.client.request(op('trainingJobs.action'), { params: { training_job_id }, body }, options);
  }

  /** `{"action_type":"terminate"}` (202, the job in phase `Terminating`). */
  terminate(training_job_id: string, options?: RequestOptions): Promise<TrainingJob> {
    return this.action(training_job_id, { action_type: 'terminate' }, options);
  }

  /** `GET …/tasks/{task_id}/logs/preview`: `{content, current_size, full_size}`, the newest 5 MB of the task's log. */
  logPreview(training_job_id: string, task_id = 'worker-0', options?: RequestOptions): Promise<TrainingLogPreview> {
    return this.client.request(op('trainingJobs.logPreview'), { params: { training_job_id, task_id } }, options);
  }

  /** `GET …/tasks/{task_id}/logs/url`: `{obs_url}`, a temporary link to the whole log. */
  logUrl(training_job_id: string, task_id = 'worker-0', options?: RequestOptions): Promise<{ obs_url: string }> {
    return this.client.request(op('trainingJobs.logUrl'), { params: { training_job_id, task_id } }, options);
  }

  /**
   * ModelArts Local only: the whole log behind a `logUrl` link (`GET /-/training-logs/{training_job_id}/{task_id}`,
   * authorized by the link's `expires` and `signature`, not by the session's credentials).
   */
  async logDownload(
    training_job_id: string,
    task_id: string,
    query: { expires: number; signature: string; 'Content-Type'?: string },
    options?: RequestOptions,
  ): Promise<string> {
    const body = await this.client.request(op('trainingJobs.logDownload'), { params: { training_job_id, task_id }, query }, options);
    return typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  }

  /** `GET …/metrics/{task_id}`: `{metrics: [{metric, value[]}]}`, one averaged sample per minute. */
  metrics(training_job_id: string, task_id = 'worker-0', options?: RequestOptions): Promise<TrainingMetrics> {
    return this.client.request(op('trainingJobs.metrics'), { params: { training_job_id, task_id } }, options);
  }

  /** `GET …/{training_job_id}/events`. */
  events(training_job_id: string, query: TrainingEventsQuery = {}, options?: RequestOptions): Promise<TrainingEvents> {
    return this.client.request(op('trainingJobs.events'), { params: { training_job_id }, query }, options);
  }

  /** `GET /v2/{project_id}/training-job-flavors` (optionally one `flavor_type`). */
  flavors(query: { flavor_type?: TrainingFlavorType } = {}, options?: RequestOptions): Promise<TrainingFlavorList> {
    return this.client.request(op('trainingJobFlavors.list'), { query }, options);
  }

  /** `GET /v2/{project_id}/training-job-engines`. */
  engines(options?: RequestOptions): Promise<TrainingEngineList> {
    return this.client.request(op('trainingJobEngines.list'), {}, options);
  }
}
