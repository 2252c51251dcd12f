import { type AuthorizationCreateBody, type AuthorizationListQuery, getOperation } from '@modelarts-ts/contract';
import type { RequestOptions } from '../internal/transport.js';
import { APIResource } from './resource.js';

/** ModelArts agency authorizations. */
export class Authorizations extends APIResource {
  /** `GET /v2/{project_id}/authorizations`. */
  list(query: AuthorizationListQuery = {}, options?: RequestOptions) {
    return this.client.request(getOperation('authorizations.list'), { query }, options);
  }

  /** `POST /v2/{project_id}/authorizations`. */
  create(body: AuthorizationCreateBody, options?: RequestOptions) {
    return this.client.request(getOperation('authorizations.create'), { body }, options);
  }

  /** `DELETE /v2/{project_id}/authorizations?user_id=…`. */
  delete(user_id: string, options?: RequestOptions) {
    return this.client.request(getOperation('authorizations.delete'), { query: { user_id } }, options);
  }
}
