import {
  getOperation,
  LITE_SERVER_TRANSIENT,
  type LiteServer,
  type LiteServerCreateBody,
  type OperationById,
  type OperationId,
  type OperationResponse,
} from '@modelarts-ts/contract';
import { type RequestInput, Session } from '@modelarts-ts/sdk';
import type { Account } from '../training/helpers.js';

export { expectCode } from '../training/helpers.js';

/** The image and flavor of the manual's examples, and an A3 flavor with its image. */
export const MANUAL_IMAGE = 'e16eff65-1899-446e-baf2-0d2b6b5dd8c0';
export const MANUAL_FLAVOR = 's7.small.1';
export const A3_FLAVOR = 'physical.kat2e.48xlarge.8.snt9b23';
export const A3_IMAGE = '9e4fa031-bd60-4c71-a075-4c5daf6e2b34';
export const HPS_FLAVOR = 'physical.kat2e.48xlarge.8.snt9b23.hps2';
export const HPS_IMAGE = 'af50b142-ce71-4d82-b186-5d6eb07f3c45';
export const NETWORK = {
  vpc_id: '05982b48-a70f-43a1-a2b0-1fe36a236172',
  subnet_id: '38cf274a-98f9-4f6f-b622-5ed0e4a3db54',
  security_group_id: '150a2c76-1334-45f6-b28f-419f9b1d1742',
};

/** A create body in the cloud's shape (the manual's 11.3 example). */
export function serverBody(name: string, extra: Partial<LiteServerCreateBody> = {}): LiteServerCreateBody {
  return {
    name,
    flavor: MANUAL_FLAVOR,
    image_id: MANUAL_IMAGE,
    key_pair_name: 'KeyPair-3d6a',
    network: NETWORK,
    root_volume: { type: 'SSD', size: 200 },
    charging_info: { charging_mode: 'POST_PAID', period_num: 1, period_type: 'MONTH' },
    arch: 'X86',
    ...extra,
  };
}

/** The REST API through the SDK's low-level client (no retries, so a refusal is seen once). */
export class LiteClient {
  readonly session: Session;

  constructor(endpoint: string, account: Account) {
    const { access_key, secret_key, project_id, region_name } = account;
    this.session = new Session({ access_key, secret_key, project_id, region_name, endpoint, maxRetries: 0 });
  }

  call<I extends OperationId>(id: I, input: RequestInput<OperationById<I>> = {}): Promise<OperationResponse<OperationById<I>>> {
    return this.session.client.request(getOperation(id), input);
  }

  create(name: string, extra: Partial<LiteServerCreateBody> = {}): Promise<LiteServer> {
    return this.call('liteServers.create', { body: serverBody(name, extra) });
  }

  get(id: string): Promise<LiteServer> {
    return this.call('liteServers.get', { params: { id } });
  }

  /** Polls until the server reaches a status outside `transient`; fails after `timeoutMs`. */
  async settle(id: string, timeoutMs = 30_000): Promise<LiteServer> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.get(id);
      if (!LITE_SERVER_TRANSIENT.includes(s.status)) return s;
      if (Date.now() > until) throw new Error(`server ${id} still ${s.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
