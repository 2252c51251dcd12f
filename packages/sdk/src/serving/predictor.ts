import {
  SERVICE_FAILURE,
  type ServiceDetail,
  type ServiceEvents,
  ServiceEventsQuery,
  type ServiceList,
  type ServiceListItem,
  type ServiceListQuery,
  type ServiceLogs,
  type ServiceMonitor,
  type ServiceStatus,
  type ServiceUpdateBody,
  type Static,
  Type,
} from '@modelarts-ts/contract';
import type { PagePromise } from '../core/pagination.js';
import { poll } from '../core/waiter.js';
import { defineSignature } from '../internal/arguments.js';
import { RequestOptionsSchema } from '../internal/common-args.js';
import type { RequestOptions } from '../internal/transport.js';
import type { Session } from '../session.js';
import { idParam, SessionParam, WaitSchema } from './arg-schemas.js';
import {
  ScheduleSchema,
  type ServiceConfigOptions,
  ServiceConfigSchema,
  type TransformerConfigOptions,
  TransformerConfigSchema,
  wireSchedule,
  wireServiceConfig,
  wireTransformerConfig,
} from './configs.js';
import { encodePredictBody, fileFieldsOfApis, type PredictData, type PredictDataType } from './predict-body.js';

/** Where a service lives: ModelArts (REST) or this machine (`specification: 'local'`). Predictor talks to either the same way. */
export interface ServiceBackend {
  info(signal?: AbortSignal): Promise<ServiceDetail>;
  update(body: ServiceUpdateBody): Promise<void>;
  delete(): Promise<void>;
  monitor(): Promise<ServiceMonitor>;
  logs(): Promise<ServiceLogs>;
  events(query: ServiceEventsQuery): Promise<ServiceEvents>;
  /** Sends one inference request; answers the model's body. */
  invoke(req: { path: string; body: Uint8Array; contentType: string }, options?: RequestOptions): Promise<unknown>;
  /** The form fields the model declares for files on an API path (empty when unknown). */
  fileFields(path: string): Promise<string[]>;
  readonly pollMs: { min: number; max: number };
}

/** Table 10-13. */
export const PredictSchema = Type.Object(
  {
    data: Type.Union([Type.String(), Type.Array(Type.Unknown()), Type.Record(Type.String(), Type.Unknown())]),
    data_type: Type.Union([Type.Literal('json'), Type.Literal('JSON'), Type.Literal('files'), Type.Literal('images')]),
    path: Type.Optional(Type.String()),
    /** Ours: the form field of the files (default: the model's declared file input, else `images` / `files`). */
    field: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export interface PredictOptions {
  data: PredictData;
  data_type: PredictDataType;
  path?: string | undefined;
  field?: string | undefined;
}

/** Table 10-21. `configs` are ServiceConfigs for a real-time service, TransformerConfigs for a batch one. */
export const UpdateServiceConfigSchema = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 100 })),
    status: Type.Optional(Type.Union([Type.Literal('running'), Type.Literal('stopped')])),
    configs: Type.Optional(Type.Union([Type.Array(ServiceConfigSchema, { minItems: 1 }), Type.Array(TransformerConfigSchema, { minItems: 1 })])),
    schedule: Type.Optional(Type.Array(ScheduleSchema)),
  },
  { additionalProperties: false },
);
export type UpdateServiceConfigOptions = Static<typeof UpdateServiceConfigSchema>;

/** Table 10-15 (`get_service_list`); Table 10-18 adds `is_show` for `get_service_object_list`. */
export const ServiceListSchema = Type.Object(
  {
    service_id: Type.Optional(Type.String()),
    service_name: Type.Optional(Type.String()),
    infer_type: Type.Optional(Type.Union([Type.Literal('real-time'), Type.Literal('batch'), Type.Literal('edge')])),
    offset: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^\\d+$' })])),
    limit: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^\\d+$' })])),
    service_status: Type.Optional(
      Type.Union([
        Type.Literal('running'),
        Type.Literal('deploying'),
        Type.Literal('concerning'),
        Type.Literal('failed'),
        Type.Literal('stopped'),
        Type.Literal('finished'),
        Type.Literal('stopping'),
        Type.Literal('deleting'),
        Type.Literal('pending'),
        Type.Literal('waiting'),
      ]),
    ),
    sort_by: Type.Optional(Type.Union([Type.Literal('publish_at'), Type.Literal('service_name'), Type.Literal('transition_at')])),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    model_id: Type.Optional(Type.String()),
    workspace_id: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ServiceListOptions = Static<typeof ServiceListSchema>;
export type ServiceObjectListOptions = ServiceListOptions & { is_show?: boolean };

export interface ServiceWaitOptions {
  /** Give up after this long (WaitTimeoutError). Default: no limit. */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Called with each new status. */
  onStatus?: ((status: string, service: ServiceDetail) => void) | undefined;
  minIntervalMs?: number | undefined;
  maxIntervalMs?: number | undefined;
}

/** `waitUntilRunning` ends well when the service runs (a batch one may already have finished), badly when it failed or was stopped. */
const RUNNING_OK: readonly ServiceStatus[] = ['running', 'finished'];
const RUNNING_FAIL: readonly ServiceStatus[] = [...SERVICE_FAILURE, 'stopped'];
/** `waitUntilFinished`: a batch service's end. */
const FINISHED_OK: readonly ServiceStatus[] = ['finished'];

/** The events query, as the contract declares it (options objects refuse unknown keys whatever the schema says). */
const EventsQuerySchema = ServiceEventsQuery;

const SIG = {
  predictor: defineSignature('new Predictor', [SessionParam, idParam('service_id')]),
  predict: defineSignature('predictor.predict', [
    ['options', PredictSchema],
    ['requestOptions', Type.Optional(RequestOptionsSchema)],
  ]),
  updateServiceConfig: defineSignature('predictor.updateServiceConfig', [], UpdateServiceConfigSchema),
  getServiceInfo: defineSignature('predictor.getServiceInfo', []),
  getServiceMonitor: defineSignature('predictor.getServiceMonitor', []),
  getServiceLogs: defineSignature('predictor.getServiceLogs', []),
  deleteService: defineSignature('predictor.deleteService', []),
  stopService: defineSignature('predictor.stopService', []),
  startService: defineSignature('predictor.startService', []),
  getServiceEvents: defineSignature('predictor.getServiceEvents', [], EventsQuerySchema),
  waitUntilRunning: defineSignature('predictor.waitUntilRunning', [], WaitSchema),
  waitUntilFinished: defineSignature('predictor.waitUntilFinished', [], WaitSchema),
  getServiceList: defineSignature('Predictor.getServiceList', [SessionParam], ServiceListSchema),
  getServiceObjectList: defineSignature(
    'Predictor.getServiceObjectList',
    [SessionParam],
    Type.Object({ ...ServiceListSchema.properties, is_show: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  ),
};

/** Events shown in a failure reason. */
const REASON_EVENTS = 5;

/** A service on ModelArts, through the REST API. */
export class RemoteServiceBackend implements ServiceBackend {
  readonly pollMs = { min: 300, max: 5000 };
  private access_address: string | undefined;
  private readonly fields = new Map<string, Promise<string[]>>();

  constructor(
    private readonly session: Session,
    private readonly service_id: string,
  ) {}

  async info(signal?: AbortSignal): Promise<ServiceDetail> {
    const s = await this.session.client.services.get(this.service_id, signal ? { signal } : undefined);
    if (s.access_address) this.access_address = s.access_address;
    return s;
  }

  update(body: ServiceUpdateBody): Promise<void> {
    return this.session.client.services.update(this.service_id, body);
  }

  delete(): Promise<void> {
    return this.session.client.services.delete(this.service_id);
  }

  monitor(): Promise<ServiceMonitor> {
    return this.session.client.services.monitor(this.service_id);
  }

  logs(): Promise<ServiceLogs> {
    return this.session.client.services.logs(this.service_id);
  }

  events(query: ServiceEventsQuery): Promise<ServiceEvents> {
    return this.session.client.services.events(this.service_id, query);
  }

  async invoke(req: { path: string; body: Uint8Array; contentType: string }, options?: RequestOptions): Promise<unknown> {
    if (!this.access_address) await this.info();
    const r = await this.session.client.services.infer(
      this.service_id,
      { ...req, ...(this.access_address ? { access_address: this.access_address } : {}) },
      // An inference is not idempotent: it is not repeated unless the caller asks for retries.
      { maxRetries: 0, ...options },
    );
    return r.data;
  }

  fileFields(path: string): Promise<string[]> {
    let f = this.fields.get(path);
    if (!f) {
      f = this.lookupFileFields(path).catch(() => []);
      this.fields.set(path, f);
    }
    return f;
  }

  /** The first model's config.json `apis` (the detail carries it as JSON text in `config`, or `apis`). */
  private async lookupFileFields(path: string): Promise<string[]> {
    const model_id = (await this.info()).config?.[0]?.model_id;
    if (!model_id) return [];
    const m = await this.session.client.models.get(model_id);
    for (const text of [m.config, m.apis]) {
      if (typeof text !== 'string' || !text) continue;
      const parsed = JSON.parse(text) as unknown;
      const apis = Array.isArray(parsed) ? parsed : (parsed as { apis?: unknown }).apis;
      const fields = fileFieldsOfApis(apis, path);
      if (fields.length) return fields;
    }
    return [];
  }
}

/** Local services of this process, so that `new Predictor(session, id)` finds one by id as it finds a remote one. */
const localServices = new Map<string, ServiceBackend>();

/** @internal: how `specification: 'local'` registers its service. */
export function registerLocalService(service_id: string, backend: ServiceBackend): void {
  localServices.set(service_id, backend);
}

/** @internal */
export function forgetLocalService(service_id: string): void {
  localServices.delete(service_id);
}

/**
 * The manual's `Predictor` (chapter 10): a deployed service. `new Predictor(session, service_id)` takes an existing one;
 * `model.deployPredictor()` / `deployTransformer()` return one. Answers are the raw JSON of the API, as the manual prints.
 */
export class Predictor {
  readonly backend: ServiceBackend;

  readonly session: Session;
  readonly service_id: string;

  constructor(session: Session, service_id: string, backend?: ServiceBackend) {
    SIG.predictor.check(session, service_id);
    this.session = session;
    this.service_id = service_id;
    this.backend = backend ?? localServices.get(service_id) ?? new RemoteServiceBackend(session, service_id);
  }

  /** True for a service served on this machine (`specification: 'local'`). */
  get isLocal(): boolean {
    return !(this.backend instanceof RemoteServiceBackend);
  }

  /** The manual's `get_service_info()` (Table 10-10). */
  async getServiceInfo(...none: []): Promise<ServiceDetail> {
    SIG.getServiceInfo.check(...none);
    return this.backend.info();
  }

  /**
   * The manual's `predict(data, data_type, path='/')` (Table 10-13): JSON (a value, or a local `.json` file) or files
   * and images (local paths, sent as multipart). Answers the model's response body unchanged (parsed JSON, or text).
   */
  async predict(predictOptions: PredictOptions, options?: RequestOptions): Promise<unknown> {
    const [o] = SIG.predict.check(predictOptions, options) as [PredictOptions, unknown];
    const path = o.path ?? '/';
    const kind = o.data_type.toLowerCase();
    const field = o.field ?? (kind === 'json' ? undefined : (await this.backend.fileFields(path))[0]);
    const { body, contentType } = await encodePredictBody(o.data, o.data_type, field);
    return this.backend.invoke({ path, body, contentType }, options);
  }

  /**
   * The manual's `update_service_config(description, status, configs)` (Table 10-21). `status` wins over `configs` when
   * both are given, as on the cloud. Nothing is returned; wait with `waitUntilRunning()` after a start or an update.
   */
  async updateServiceConfig(options: UpdateServiceConfigOptions): Promise<void> {
    const [o] = SIG.updateServiceConfig.check(options);
    const body: ServiceUpdateBody = {};
    if (o.description !== undefined) body.description = o.description;
    if (o.status !== undefined) body.status = o.status;
    if (o.configs)
      body.config = o.configs.map((c) =>
        'src_path' in c ? wireTransformerConfig(c as TransformerConfigOptions) : wireServiceConfig(c as ServiceConfigOptions),
      );
    if (o.schedule) body.schedule = o.schedule.map(wireSchedule);
    return this.backend.update(body);
  }

  /** The manual's `get_service_monitor()` (Table 10-25). */
  async getServiceMonitor(...none: []): Promise<ServiceMonitor> {
    SIG.getServiceMonitor.check(...none);
    return this.backend.monitor();
  }

  /** The manual's `get_service_logs()` (Table 10-27): the service's update history. */
  async getServiceLogs(...none: []): Promise<ServiceLogs> {
    SIG.getServiceLogs.check(...none);
    return this.backend.logs();
  }

  /** The service's events (`GET …/events`): the deployment steps, failures and restarts. */
  async getServiceEvents(query: ServiceEventsQuery = {}): Promise<ServiceEvents> {
    return this.backend.events(SIG.getServiceEvents.check(query)[0]);
  }

  /** The manual's `delete_service()`. */
  async deleteService(...none: []): Promise<void> {
    SIG.deleteService.check(...none);
    return this.backend.delete();
  }

  /** `{"status":"stopped"}`. */
  async stopService(...none: []): Promise<void> {
    SIG.stopService.check(...none);
    return this.backend.update({ status: 'stopped' });
  }

  /** `{"status":"running"}`. */
  async startService(...none: []): Promise<void> {
    SIG.startService.check(...none);
    return this.backend.update({ status: 'running' });
  }

  /**
   * Waits until the service runs (a batch service: runs or has finished). Throws ResourceFailedError at `failed` or
   * `stopped`, with the service's `error_msg` and its last events as the reason.
   */
  async waitUntilRunning(o: ServiceWaitOptions = {}): Promise<ServiceDetail> {
    SIG.waitUntilRunning.check(o);
    return this.wait(RUNNING_OK, RUNNING_FAIL, o);
  }

  /** Waits until a batch service has processed all its input (`finished`). */
  async waitUntilFinished(o: ServiceWaitOptions = {}): Promise<ServiceDetail> {
    SIG.waitUntilFinished.check(o);
    return this.wait(FINISHED_OK, RUNNING_FAIL, o);
  }

  private wait(success: readonly string[], failure: readonly string[], o: ServiceWaitOptions): Promise<ServiceDetail> {
    return poll<ServiceDetail>({
      retrieve: (signal) => this.backend.info(signal),
      statusOf: (s) => s.status,
      success,
      failure,
      failureReason: (s) => this.failureReason(s),
      describe: `service ${this.service_id}`,
      minIntervalMs: o.minIntervalMs ?? this.backend.pollMs.min,
      maxIntervalMs: o.maxIntervalMs ?? this.backend.pollMs.max,
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onStatus ? { onStatus: o.onStatus } : {}),
    });
  }

  /** The service's `error_msg`, then its last events (oldest first). */
  private async failureReason(s: ServiceDetail): Promise<string> {
    const parts: string[] = [];
    if (s.error_msg) parts.push(s.error_msg);
    try {
      const e = await this.backend.events({ order: 'desc', limit: REASON_EVENTS });
      const lines = e.events
        .slice(0, REASON_EVENTS)
        .reverse()
        .map((ev) => `[${ev.event_type}] ${ev.event_info}`);
      if (lines.length) parts.push(`last events:\n${lines.join('\n')}`);
    } catch {
      // The reason is best effort: the status and error_msg still explain the failure.
    }
    return parts.join('\n');
  }

  /** The manual's `Predictor.get_service_list(session, …)` (Table 10-15): `await` for the raw page, `for await` for every service. */
  static getServiceList(session: Session, options: ServiceListOptions = {}): PagePromise<ServiceList, ServiceListItem, ServiceListQuery> {
    const [, o] = SIG.getServiceList.check(session, options);
    return session.client.services.list(serviceQuery(o));
  }

  /**
   * The manual's `Predictor.get_service_object_list(session, …)` (Table 10-18): a Predictor per service. `is_show`
   * prints each service's summary to stdout (default false here: a library does not print unasked).
   */
  static async getServiceObjectList(session: Session, options: ServiceObjectListOptions = {}): Promise<Predictor[]> {
    const [, o] = SIG.getServiceObjectList.check(session, options);
    const { is_show, ...query } = o;
    const page = await session.client.services.list(serviceQuery(query));
    if (is_show) for (const s of page.services) console.log(`${s.service_id} ${s.service_name} ${s.infer_type} ${s.status}`);
    return page.services.map((s) => new Predictor(session, s.service_id));
  }
}

/** Manual names → REST query names (`service_status` → `status`; numbers written as strings in the manual). */
function serviceQuery(o: ServiceListOptions): ServiceListQuery {
  const { service_status, offset, limit, ...rest } = o;
  return {
    ...rest,
    ...(service_status !== undefined ? { status: service_status } : {}),
    ...(offset !== undefined ? { offset: Number(offset) } : {}),
    ...(limit !== undefined ? { limit: Number(limit) } : {}),
  };
}
