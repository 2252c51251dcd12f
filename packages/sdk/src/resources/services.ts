import { defineOperation, Type } from '@modelarts-ts/contract';
import { PagePromise } from '../core/pagination.js';
import type { HttpResponse, RequestOptions } from '../internal/transport.js';
import type {
  ServiceDeployBodyWire,
  ServiceDetailWire,
  ServiceEventsQueryWire,
  ServiceEventsWire,
  ServiceListQueryWire,
  ServiceListWire,
  ServiceLogsWire,
  ServiceMonitorWire,
  ServiceUpdateBodyWire,
} from '../serving/wire.js';
import { APIResource } from './resource.js';

// TEMPORARY operation declarations until the services contract lands.
const P = Type.Object({ project_id: Type.String() });
const PS = Type.Object({ project_id: Type.String(), service_id: Type.String() });
const Q = Type.Object({}, { additionalProperties: true });
const base = { service: 'modelarts', summary: '', auth: 'required' } as const;
const ops = {
  deploy: defineOperation({
    ...base,
    id: 'services.deploy',
    method: 'POST',
    path: '/v1/{project_id}/services',
    params: P,
    body: Type.Any(),
    responses: { 200: Type.Any() },
  }),
  list: defineOperation({
    ...base,
    id: 'services.list',
    method: 'GET',
    path: '/v1/{project_id}/services',
    params: P,
    query: Q,
    responses: { 200: Type.Any() },
  }),
  get: defineOperation({
    ...base,
    id: 'services.get',
    method: 'GET',
    path: '/v1/{project_id}/services/{service_id}',
    params: PS,
    responses: { 200: Type.Any() },
  }),
  update: defineOperation({
    ...base,
    id: 'services.update',
    method: 'PUT',
    path: '/v1/{project_id}/services/{service_id}',
    params: PS,
    body: Type.Any(),
    responses: { 200: Type.Any() },
  }),
  delete: defineOperation({
    ...base,
    id: 'services.delete',
    method: 'DELETE',
    path: '/v1/{project_id}/services/{service_id}',
    params: PS,
    responses: { 200: Type.Any() },
  }),
  monitor: defineOperation({
    ...base,
    id: 'services.monitor',
    method: 'GET',
    path: '/v1/{project_id}/services/{service_id}/monitor',
    params: PS,
    query: Q,
    responses: { 200: Type.Any() },
  }),
  logs: defineOperation({
    ...base,
    id: 'services.logs',
    method: 'GET',
    path: '/v1/{project_id}/services/{service_id}/logs',
    params: PS,
    query: Q,
    responses: { 200: Type.Any() },
  }),
  events: defineOperation({
    ...base,
    id: 'services.events',
    method: 'GET',
    path: '/v1/{project_id}/services/{service_id}/events',
    params: PS,
    query: Q,
    responses: { 200: Type.Any() },
  }),
  specifications: defineOperation({
    ...base,
    id: 'services.specifications',
    method: 'GET',
    path: '/v1/{project_id}/services/specifications',
    params: P,
    query: Q,
    responses: { 200: Type.Any() },
  }),
};

/** What an inference call sends: the exact bytes and their content type. */
export interface InferenceRequest {
  /** The model API path under the service (default `/`). */
  path?: string;
  method?: string;
  body?: Uint8Array;
  contentType?: string;
  /** The service's `access_address` when known (the cloud's inference host may differ from the API endpoint). */
  access_address?: string;
}

/** Services (v1): one method per REST operation, plus the inference call; bodies and answers keep the wire names. */
export class Services extends APIResource {
  /** `POST /v1/{project_id}/services` (200 `{service_id, resource_ids}`; deployment goes on asynchronously). */
  deploy(body: ServiceDeployBodyWire, options?: RequestOptions): Promise<{ service_id: string; resource_ids?: string[] }> {
    return this.client.request(ops.deploy, { body }, options);
  }

  /** `GET /v1/{project_id}/services`: `offset` is a page index; `for await` walks every service. */
  list(query: ServiceListQueryWire = {}, options?: RequestOptions): PagePromise<ServiceListWire, ServiceDetailWire, ServiceListQueryWire> {
    return new PagePromise(
      (q) => this.client.request(ops.list, { query: q }, options) as Promise<ServiceListWire>,
      query,
      (p) => p.services,
      (p, q) => (p.services.length === 0 || p.services.length < (q.limit ?? 1000) ? undefined : { ...q, offset: (q.offset ?? 0) + 1 }),
    );
  }

  /** `GET /v1/{project_id}/services/{service_id}` (an unknown service: 404 `ModelArts.3502`). */
  get(service_id: string, options?: RequestOptions): Promise<ServiceDetailWire> {
    return this.client.request(ops.get, { params: { service_id } }, options);
  }

  /** `PUT /v1/{project_id}/services/{service_id}`: description, status (running/stopped), config, schedule; status wins over config. */
  async update(service_id: string, body: ServiceUpdateBodyWire, options?: RequestOptions): Promise<void> {
    await this.client.request(ops.update, { params: { service_id }, body }, options);
  }

  /** `{"status":"running"}`. */
  start(service_id: string, options?: RequestOptions): Promise<void> {
    return this.update(service_id, { status: 'running' }, options);
  }

  /** `{"status":"stopped"}`. */
  stop(service_id: string, options?: RequestOptions): Promise<void> {
    return this.update(service_id, { status: 'stopped' }, options);
  }

  /** `DELETE /v1/{project_id}/services/{service_id}`; several ids may be given (joined with commas). */
  async delete(service_id: string | readonly string[], options?: RequestOptions): Promise<void> {
    const ids = typeof service_id === 'string' ? service_id : service_id.join(',');
    await this.client.request(ops.delete, { params: { service_id: ids } }, options);
  }

  /** `GET …/{service_id}/monitor`: per-model invocations and CPU/memory use. */
  monitor(service_id: string, options?: RequestOptions): Promise<ServiceMonitorWire> {
    return this.client.request(ops.monitor, { params: { service_id } }, options);
  }

  /** `GET …/{service_id}/logs`: the update history (not the model's output). */
  logs(service_id: string, query: { update_time?: number } = {}, options?: RequestOptions): Promise<ServiceLogsWire> {
    return this.client.request(ops.logs, { params: { service_id }, query }, options);
  }

  /** `GET …/{service_id}/events`: the deployment events. */
  events(service_id: string, query: ServiceEventsQueryWire = {}, options?: RequestOptions): Promise<ServiceEventsWire> {
    return this.client.request(ops.events, { params: { service_id }, query }, options);
  }

  /** `GET /v1/{project_id}/services/specifications`: deployment flavors. */
  specifications(
    query: { infer_type?: string; is_personal_cluster?: boolean; offset?: number; limit?: number } = {},
    options?: RequestOptions,
  ): Promise<unknown> {
    return this.client.request(ops.specifications, { query }, options);
  }

  /**
   * An inference call: `{access_address}{path}` (default `{endpoint}/v1/infers/{service_id}`), authenticated like every
   * request. Answers the model's body (parsed JSON, or text); errors are APIErrors (`ModelArts.4xxx` from the router,
   * `MR.0105`-style bodies from the model).
   */
  infer(service_id: string, req: InferenceRequest, options?: RequestOptions): Promise<HttpResponse<unknown>> {
    const base = (req.access_address ?? `${this.client.endpoint}/v1/infers/${encodeURIComponent(service_id)}`).replace(/\/+$/, '');
    const path = req.path ?? '/';
    const url = new URL(base + (path.startsWith('/') ? path : `/${path}`));
    return this.client.requestRaw({ method: req.method ?? 'POST', url, body: req.body, contentType: req.contentType, label: 'services.infer' }, options);
  }
}
