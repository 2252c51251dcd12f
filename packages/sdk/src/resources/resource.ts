import type { ModelArtsClient } from '../client.js';

/** Base of the thin resource classes: one method per REST operation. */
export abstract class APIResource {
  constructor(protected readonly client: ModelArtsClient) {}
}
