import {
  type EngineRuntimeList,
  type ModelCreateBody,
  type ModelDeleteResult,
  type ModelDetail,
  type ModelList,
  type ModelListItem,
  type ModelListQuery,
  modelOperations,
} from '@modelarts-ts/contract';
import { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../internal/transport.js';
import { APIResource } from './resource.js';

type ModelOperation = (typeof modelOperations)[number];

// Looked up from the models table itself, like the training resource.
const byId = new Map<string, ModelOperation>(modelOperations.map((o) => [o.id, o]));
function op<I extends ModelOperation['id']>(id: I): Extract<ModelOperation, { id: I }> {
  return byId.get(id) as Extract<ModelOperation, { id: I }>;
}

/** Models (v1): one method per REST operation; bodies and answers keep the wire names. */
export class Models extends APIResource {
  /** `POST /v1/{project_id}/models` (200 `{model_id}`; publishing goes on asynchronously). */
  create(body: ModelCreateBody, options?: RequestOptions): Promise<{ model_id: string }> {
    return this.client.request(op('models.create'), { body }, options);
  }

  /**
   * `GET /v1/{project_id}/models`. `offset` is a page index: `await` gives one page, `for await` walks every model,
   * asking for page `offset + 1` until a page comes back short.
   */
  list(query: ModelListQuery = {}, options?: RequestOptions): PagePromise<ModelList, ModelListItem, ModelListQuery> {
    return new PagePromise(
      (q) => this.client.request(op('models.list'), { query: q }, options),
      query,
      (p) => p.models,
      (p, q) => (p.models.length === 0 || p.models.length < (q.limit ?? 1000) ? undefined : { ...q, offset: (q.offset ?? 0) + 1 }),
    );
  }

  /** `GET /v1/{project_id}/models/{model_id}`: `apis` and `config` come as JSON text. */
  get(model_id: string, options?: RequestOptions): Promise<ModelDetail> {
    return this.client.request(op('models.get'), { params: { model_id } }, options);
  }

  /** `DELETE /v1/{project_id}/models/{model_id}`: 200 with `delete_success_list` / `delete_failed_list` (a model in use: `ModelArts.3009`). */
  delete(model_id: string, query: { cascade?: boolean } = {}, options?: RequestOptions): Promise<ModelDeleteResult> {
    return this.client.request(op('models.delete'), { params: { model_id }, query }, options);
  }

  /** `GET /v1/{project_id}/models/ai-engine-runtimes`. */
  runtimes(query: { offset?: number; limit?: number } = {}, options?: RequestOptions): Promise<EngineRuntimeList> {
    return this.client.request(op('models.runtimes'), { query }, options);
  }
}
