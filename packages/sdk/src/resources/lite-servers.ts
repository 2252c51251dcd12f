import {
  type LiteFlavorList,
  type LiteHyperinstance,
  type LiteHyperinstanceListQuery,
  type LiteHyperinstancePage,
  type LiteImageList,
  type LiteOperation,
  type LitePublicIps,
  type LiteServer,
  type LiteServerBatchBody,
  type LiteServerCreateBody,
  type LiteServerImage,
  type LiteServerListQuery,
  type LiteServerOsBody,
  type LiteServerPage,
  type LiteServerStartBody,
  type LiteTagBody,
  type LiteTagList,
  liteServerOperations,
} from '@modelarts-ts/contract';
import { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../internal/transport.js';
import { APIResource } from './resource.js';

type LiteOperationSpec = (typeof liteServerOperations)[number];

// Looked up from the Lite Server table itself, so the SDK does not depend on the order of the global table.
const byId = new Map<string, LiteOperationSpec>(liteServerOperations.map((o) => [o.id, o]));
function op<I extends LiteOperationSpec['id']>(id: I): Extract<LiteOperationSpec, { id: I }> {
  return byId.get(id) as Extract<LiteOperationSpec, { id: I }>;
}

/** The next page of an offset/limit list: `offset` advances by the records received, until `total` is reached. */
function nextOffset<Q extends { offset?: number | undefined }>(page: { data: unknown[]; total: number }, q: Q): Q | undefined {
  const offset = (q.offset ?? 0) + page.data.length;
  return page.data.length === 0 || offset >= page.total ? undefined : { ...q, offset };
}

/**
 * Lite Servers (`/v1/{project_id}/dev-servers…`): one method per REST operation; bodies and answers keep the wire
 * names. An unknown server is HTTP 400 `ModelArts.6404`.
 */
export class LiteServers extends APIResource {
  /** `GET /dev-servers`: `await` gives one page; `for await` walks every server. */
  list(query: LiteServerListQuery = {}, options?: RequestOptions): PagePromise<LiteServerPage, LiteServer, LiteServerListQuery> {
    return new PagePromise(
      (q) => this.client.request(op('liteServers.list'), { query: q }, options),
      query,
      (p) => p.data,
      nextOffset,
    );
  }

  /** `GET /dev-servers/all`: every server of the project. */
  listAll(options?: RequestOptions): Promise<LiteServerPage> {
    return this.client.request(op('liteServers.listAll'), {}, options);
  }

  /** `POST /dev-servers` (the server in status `CREATING`). */
  create(body: LiteServerCreateBody, options?: RequestOptions): Promise<LiteServer> {
    return this.client.request(op('liteServers.create'), { body }, options);
  }

  /** `PUT /dev-servers/sync`: refreshes the statuses of all servers and returns a page of them. */
  sync(query: LiteServerListQuery = {}, options?: RequestOptions): Promise<LiteServerPage> {
    return this.client.request(op('liteServers.sync'), { query }, options);
  }

  /** `POST /dev-servers/action`: one action (START, STOP, REBOOT, CHANGEOS, REINSTALLOS, DELETE) on several servers. */
  batchAction(body: LiteServerBatchBody, options?: RequestOptions): Promise<LiteServerPage> {
    return this.client.request(op('liteServers.batchAction'), { body }, options);
  }

  /** `GET /dev-servers/{id}`. */
  get(id: string, options?: RequestOptions): Promise<LiteServer> {
    return this.client.request(op('liteServers.get'), { params: { id } }, options);
  }

  /** `PUT /dev-servers/{id}` with `{name}`. */
  rename(id: string, name: string, options?: RequestOptions): Promise<LiteServer> {
    return this.client.request(op('liteServers.rename'), { params: { id }, body: { name } }, options);
  }

  /** `DELETE /dev-servers/{id}` (status `DELETING`, then the server is gone). */
  delete(id: string, options?: RequestOptions): Promise<LiteServer> {
    return this.client.request(op('liteServers.delete'), { params: { id } }, options);
  }

  /** `PUT /dev-servers/{id}/start`; the cloud wants a JSON body, `{}` at least. */
  start(id: string, body: LiteServerStartBody = {}, options?: RequestOptions): Promise<LiteServer> {
    return this.client.request(op('liteServers.start'), { params: { id }, body }, options);
  }

  /** `PUT /dev-servers/{id}/stop`. */
  stop(id: string, options?: RequestOptions): Promise<LiteServer> {
    return this.client.request(op('liteServers.stop'), { params: { id } }, options);
  }

  /** `PUT /dev-servers/{id}/reboot`. */
  reboot(id: string, options?: RequestOptions): Promise<LiteServer> {
    return this.client.request(op('liteServers.reboot'), { params: { id } }, options);
  }

  /** `POST /dev-servers/{id}/reinstallos`. */
  reinstallOs(id: string, body: LiteServerOsBody, options?: RequestOptions): Promise<LiteServer> {
    return this.client.request(op('liteServers.reinstallOs'), { params: { id }, body }, options);
  }

  /** `POST /dev-servers/{id}/changeos` (`image_id` required). */
  changeOs(id: string, body: LiteServerOsBody, options?: RequestOptions): Promise<LiteServer> {
    return this.client.request(op('liteServers.changeOs'), { params: { id }, body }, options);
  }

  /** `POST /dev-servers/{id}/attachvolume`: an asynchronous operation (poll it with `operation`). */
  attachVolume(id: string, body: { volume_id: string }, options?: RequestOptions): Promise<LiteOperation> {
    return this.client.request(op('liteServers.attachVolume'), { params: { id }, body }, options);
  }

  /** `DELETE /dev-servers/{id}/detachvolume/{volume_id}`: an asynchronous operation. */
  detachVolume(id: string, volume_id: string, options?: RequestOptions): Promise<LiteOperation> {
    return this.client.request(op('liteServers.detachVolume'), { params: { id, volume_id } }, options);
  }

  /** `GET /dev-servers/{id}/operation/{operation_id}`. */
  operation(id: string, operation_id: string, options?: RequestOptions): Promise<LiteOperation> {
    return this.client.request(op('liteServers.operation'), { params: { id, operation_id } }, options);
  }

  /** `POST /dev-servers/{id}/publicips` with `{public_ip_id}`. */
  bindPublicIp(id: string, body: { public_ip_id: string }, options?: RequestOptions): Promise<LitePublicIps> {
    return this.client.request(op('liteServers.bindPublicIp'), { params: { id }, body }, options);
  }

  /** `GET /dev-servers/{id}/publicips`. */
  publicIps(id: string, options?: RequestOptions): Promise<LitePublicIps> {
    return this.client.request(op('liteServers.publicIps'), { params: { id } }, options);
  }

  /** `GET /dev-servers/flavors`. */
  flavors(options?: RequestOptions): Promise<LiteFlavorList> {
    return this.client.request(op('liteServers.flavors'), {}, options);
  }

  /** `GET /dev-servers/images`. */
  images(options?: RequestOptions): Promise<LiteImageList> {
    return this.client.request(op('liteServers.images'), {}, options);
  }

  /** `GET /dev-servers/images/{id}`. */
  image(id: string, options?: RequestOptions): Promise<LiteServerImage> {
    return this.client.request(op('liteServers.image'), { params: { id } }, options);
  }
}

/** Lite Server supernodes (`/v1/{project_id}/dev-servers/hyperinstance…`). */
export class LiteHyperinstances extends APIResource {
  /** `GET /dev-servers/hyperinstance`: `await` gives one page; `for await` walks every supernode. */
  list(query: LiteHyperinstanceListQuery = {}, options?: RequestOptions): PagePromise<LiteHyperinstancePage, LiteHyperinstance, LiteHyperinstanceListQuery> {
    return new PagePromise(
      (q) => this.client.request(op('liteHyperinstances.list'), { query: q }, options),
      query,
      (p) => p.data,
      nextOffset,
    );
  }

  /** `GET /dev-servers/hyperinstance/all`. */
  listAll(options?: RequestOptions): Promise<LiteHyperinstancePage> {
    return this.client.request(op('liteHyperinstances.listAll'), {}, options);
  }

  get(id: string, options?: RequestOptions): Promise<LiteHyperinstance> {
    return this.client.request(op('liteHyperinstances.get'), { params: { id } }, options);
  }

  delete(id: string, options?: RequestOptions): Promise<LiteHyperinstance> {
    return this.client.request(op('liteHyperinstances.delete'), { params: { id } }, options);
  }

  start(id: string, options?: RequestOptions): Promise<LiteHyperinstance> {
    return this.client.request(op('liteHyperinstances.start'), { params: { id } }, options);
  }

  stop(id: string, options?: RequestOptions): Promise<LiteHyperinstance> {
    return this.client.request(op('liteHyperinstances.stop'), { params: { id } }, options);
  }

  /** `POST /dev-servers/hyperinstance/{id}/changeos` (key pair only). */
  changeOs(id: string, body: LiteServerOsBody, options?: RequestOptions): Promise<LiteHyperinstance> {
    return this.client.request(op('liteHyperinstances.changeOs'), { params: { id }, body }, options);
  }

  tags(id: string, options?: RequestOptions): Promise<LiteTagList> {
    return this.client.request(op('liteHyperinstances.tags'), { params: { id } }, options);
  }

  /** `POST …/tags/create`; an existing key is an error. */
  createTags(id: string, body: LiteTagBody, options?: RequestOptions): Promise<LiteTagList> {
    return this.client.request(op('liteHyperinstances.createTags'), { params: { id }, body }, options);
  }

  /** `POST …/tags/delete` (a POST, not a DELETE); a missing key is an error. */
  deleteTags(id: string, body: LiteTagBody, options?: RequestOptions): Promise<LiteTagList> {
    return this.client.request(op('liteHyperinstances.deleteTags'), { params: { id }, body }, options);
  }

  operation(id: string, operation_id: string, options?: RequestOptions): Promise<LiteOperation> {
    return this.client.request(op('liteHyperinstances.operation'), { params: { id, operation_id } }, options);
  }
}
