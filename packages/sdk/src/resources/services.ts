import {
  type ServiceDeployBody,
  type ServiceDeployed,
  type ServiceDetail,
  type ServiceEvents,
  type ServiceEventsQuery,
  type ServiceList,
  type ServiceListItem,
  type ServiceListQuery,
  type ServiceLogs,
  type ServiceMonitor,
  type ServiceSpecificationList,
  type ServiceSpecificationsQuery,
  type ServiceUpdateBody,
  serviceOperations,
} from '@modelarts-ts/contract';
import { PagePromise } from '../core/pagination.js';
import type { HttpResponse, RequestOptions } from '../internal/transport.js';
import { APIResource } from './resource.js';

type ServiceOperation = (typeof serviceOperations)[number];

const byId = new Map<string, ServiceOperation>(serviceOperations.map((o) => [o.id, o]));
function op<I extends ServiceOperation['id']>(id: I): Extract<ServiceOperation, { id: I }> {
  return byId.get(id) as Extract<ServiceOperation, { id: I }>;
}

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
  deploy(body: ServiceDeployBody, options?: RequestOptions): Promise<ServiceDeployed> {
    return this.client.request(op('services.deploy'), { body }, options);
  }

  /** `GET /v1/{project_id}/services`: `offset` is a page index; `for await` walks every service. */
  list(query: ServiceListQuery = {}, options?: RequestOptions): PagePromise<ServiceList, ServiceListItem, ServiceListQuery> {
    return new PagePromise(
      (q) => this.client.request(op('services.list'), { query: q }, options),
      query,
      (p) => p.services,
      (p, q) => (p.services.length === 0 || p.services.length < (q.limit ?? 1000) ? undefined : { ...q, offset: (q.offset ?? 0) + 1 }),
    );
  }

  /** `GET /v1/{project_id}/services/{service_id}` (an unknown service: 404 `ModelArts.3502`). */
  get(service_id: string, options?: RequestOptions): Promise<ServiceDetail> {
    return this.client.request(op('services.get'), { params: { service_id } }, options);
  }

  /** `PUT /v1/{project_id}/services/{service_id}`: description, status (running/stopped), config, schedule; status wins over config. */
  async update(service_id: string, body: ServiceUpdateBody, options?: RequestOptions): Promise<void> {
    await this.client.request(op('services.update'), { params: { service_id }, body }, options);
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
    await this.client.request(op('services.delete'), { params: { service_id: ids } }, options);
  }

  /** `GET …/{service_id}/monitor`: per-model invocations and CPU/memory use. */
  monitor(service_id: string, options?: RequestOptions): Promise<ServiceMonitor> {
    return this.client.request(op('services.monitor'), { params: { service_id } }, options);
  }

  /** `GET …/{service_id}/logs`: the update history (not the model's output). */
  logs(service_id: string, query: { update_time?: number } = {}, options?: RequestOptions): Promise<ServiceLogs> {
    return this.client.request(op('services.logs'), { params: { service_id }, query }, options);
  }

  /** `GET …/{service_id}/events`: the deployment events. */
  events(service_id: string, query: ServiceEventsQuery = {}, options?: RequestOptions): Promise<ServiceEvents> {
    return this.client.request(op('services.events'), { params: { service_id }, query }, options);
  }

  /** `GET /v1/{project_id}/services/specifications`: deployment flavors. */
  specifications(query: ServiceSpecificationsQuery = {}, options?: RequestOptions): Promise<ServiceSpecificationList> {
    return this.client.request(op('services.specifications'), { query }, options);
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
