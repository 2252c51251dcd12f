import { getOperation } from '@modelarts-ts/contract';
import type { RequestOptions } from '../internal/transport.js';
import { APIResource } from './resource.js';

/** ModelArts Local's own endpoints (`/-/…`); the cloud has none of these. */
export class Local extends APIResource {
  health(options?: RequestOptions) {
    return this.client.request(getOperation('local.health'), {}, options);
  }

  openapi(options?: RequestOptions) {
    return this.client.request(getOperation('local.openapi'), {}, options);
  }
}
