import { defineOperation, Type } from '@modelarts-ts/contract';
import { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../internal/transport.js';
import type { ModelCreateBodyWire, ModelDeleteResultWire, ModelDetailWire, ModelListQueryWire, ModelListWire } from '../serving/wire.js';
import { APIResource } from './resource.js';

// TEMPORARY operation declarations until the models contract lands.
const P = Type.Object({ project_id: Type.String() });
const PM = Type.Object({ project_id: Type.String(), model_id: Type.String() });
const ops = {
  create: defineOperation({
    id: 'models.create',
    service: 'modelarts',
    method: 'POST',
    path: '/v1/{project_id}/models',
    summary: '',
    auth: 'required',
    params: P,
    body: Type.Any(),
    responses: { 200: Type.Any() },
  }),
  list: defineOperation({
    id: 'models.list',
    service: 'modelarts',
    method: 'GET',
    path: '/v1/{project_id}/models',
    summary: '',
    auth: 'required',
    params: P,
    query: Type.Object({}, { additionalProperties: true }),
    responses: { 200: Type.Any() },
  }),
  get: defineOperation({
    id: 'models.get',
    service: 'modelarts',
    method: 'GET',
    path: '/v1/{project_id}/models/{model_id}',
    summary: '',
    auth: 'required',
    params: PM,
    responses: { 200: Type.Any() },
  }),
  delete: defineOperation({
    id: 'models.delete',
    service: 'modelarts',
    method: 'DELETE',
    path: '/v1/{project_id}/models/{model_id}',
    summary: '',
    auth: 'required',
    params: PM,
    query: Type.Object({ cascade: Type.Optional(Type.Boolean()) }),
    responses: { 200: Type.Any() },
  }),
  runtimes: defineOperation({
    id: 'models.runtimes',
    service: 'modelarts',
    method: 'GET',
    path: '/v1/{project_id}/models/ai-engine-runtimes',
    summary: '',
    auth: 'required',
    params: P,
    query: Type.Object({}, { additionalProperties: true }),
    responses: { 200: Type.Any() },
  }),
};

/** Models (v1): one method per REST operation; bodies and answers keep the wire names. */
export class Models extends APIResource {
  /** `POST /v1/{project_id}/models` (200 `{model_id}`; publishing goes on asynchronously). */
  create(body: ModelCreateBodyWire, options?: RequestOptions): Promise<{ model_id: string }> {
    return this.client.request(ops.create, { body }, options);
  }

  /**
   * `GET /v1/{project_id}/models`. `offset` is a page index: `await` gives one page, `for await` walks every model,
   * asking for page `offset + 1` until a page comes back short.
   */
  list(query: ModelListQueryWire = {}, options?: RequestOptions): PagePromise<ModelListWire, ModelDetailWire, ModelListQueryWire> {
    return new PagePromise(
      (q) => this.client.request(ops.list, { query: q }, options) as Promise<ModelListWire>,
      query,
      (p) => p.models,
      (p, q) => (p.models.length === 0 || p.models.length < (q.limit ?? 1000) ? undefined : { ...q, offset: (q.offset ?? 0) + 1 }),
    );
  }

  /** `GET /v1/{project_id}/models/{model_id}`: `apis` and `config` come as JSON text. */
  get(model_id: string, options?: RequestOptions): Promise<ModelDetailWire> {
    return this.client.request(ops.get, { params: { model_id } }, options);
  }

  /** `DELETE /v1/{project_id}/models/{model_id}`: 200 with `delete_success_list` / `delete_failed_list` (a model in use: `ModelArts.3009`). */
  delete(model_id: string, query: { cascade?: boolean } = {}, options?: RequestOptions): Promise<ModelDeleteResultWire> {
    return this.client.request(ops.delete, { params: { model_id }, query }, options);
  }

  /** `GET /v1/{project_id}/models/ai-engine-runtimes`. */
  runtimes(query: { offset?: number; limit?: number } = {}, options?: RequestOptions): Promise<unknown> {
    return this.client.request(ops.runtimes, { query }, options);
  }
}
