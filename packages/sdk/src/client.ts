import { inspect } from 'node:util';
import {
  expandPath,
  getOperation,
  HEADER_SUBJECT_TOKEN,
  isIdempotent,
  type OperationBody,
  type OperationParams,
  type OperationQuery,
  type OperationResponse,
  type OperationSpec,
  pathParamNames,
} from '@modelarts-ts/contract';
import type { Credentials } from './auth/config.js';
import { signRequest } from './auth/signer.js';
import { type IssuedToken, TokenCache } from './auth/token-cache.js';
import { type APIError, ConfigError } from './core/error.js';
import { isLogLevel, type Logger, type LogLevel, levelLogger } from './core/logger.js';
import { ENV } from './internal/env.js';
import { type Authorizer, type HttpRequest, type HttpResponse, type RequestOptions, send, type TransportConfig } from './internal/transport.js';
import type { ObsKeyProvider, ObsKeys } from './obs/client.js';
import { Authorizations } from './resources/authorizations.js';
import { Datasets } from './resources/datasets.js';
import { IAM } from './resources/iam.js';
import { LiteHyperinstances, LiteServers } from './resources/lite-servers.js';
import { Local } from './resources/local.js';
import { Models } from './resources/models.js';
import { Services } from './resources/services.js';
import { TrainingJobs } from './resources/training-jobs.js';

export interface TransportOptions {
  /** Per-attempt timeout in ms (default 60 000). */
  timeout?: number;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  /** Headers sent on every request. */
  headers?: Record<string, string>;
  logger?: Logger;
  /** Default `off`, or `MODELARTS_LOG`. Credentials are never logged. */
  logLevel?: LogLevel;
  fetch?: typeof fetch;
}

export interface ClientOptions extends TransportOptions {
  credentials: Credentials;
  endpoint: string;
  iam_endpoint: string;
  region_name?: string | undefined;
  project_id?: string | undefined;
}

/** What a call takes: path parameters (`project_id` is filled in from the client), query and body. */
export type RequestInput<O extends OperationSpec> = {
  params?: Partial<OperationParams<O>>;
  query?: OperationQuery<O>;
  body?: OperationBody<O>;
};

/** Project ids resolved from IAM, per AK + region + IAM endpoint (the cloud SDKs cache the same way). */
const projectIdCache = new Map<string, Promise<{ id: string; name: string }>>();

/**
 * The low-level client: one method per REST operation, grouped by resource. Signs with AK/SK or uses IAM tokens,
 * retries, maps errors. Pointing it at ModelArts Local is only a different endpoint.
 */
export class ModelArtsClient {
  readonly iam: IAM;
  readonly authorizations: Authorizations;
  readonly local: Local;
  readonly trainingJobs: TrainingJobs;
  readonly liteServers: LiteServers;
  readonly liteHyperinstances: LiteHyperinstances;
  readonly models: Models;
  readonly services: Services;
  readonly datasets: Datasets;
  readonly endpoint: string;
  readonly iam_endpoint: string;
  private region: string | undefined;
  private projectId: string | undefined;
  private readonly transport: TransportConfig;
  private readonly tokens: TokenCache | undefined;

  constructor(private readonly options: ClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.iam_endpoint = options.iam_endpoint.replace(/\/+$/, '');
    this.region = options.region_name;
    this.projectId = options.project_id;
    const envLevel = process.env[ENV.LOG];
    const level = options.logLevel ?? (isLogLevel(envLevel) ? envLevel : 'off');
    this.transport = {
      timeout: options.timeout ?? 60_000,
      maxRetries: options.maxRetries ?? 2,
      headers: options.headers ?? {},
      logger: levelLogger(level, options.logger),
      fetch: options.fetch ?? globalThis.fetch,
    };
    if (options.credentials.kind === 'password') {
      const c = options.credentials;
      this.tokens = new TokenCache(() => this.issueToken(c));
    }
    this.iam = new IAM(this);
    this.authorizations = new Authorizations(this);
    this.local = new Local(this);
    this.trainingJobs = new TrainingJobs(this);
    this.liteServers = new LiteServers(this);
    this.liteHyperinstances = new LiteHyperinstances(this);
    this.models = new Models(this);
    this.services = new Services(this);
    this.datasets = new Datasets(this);
  }

  get region_name(): string | undefined {
    return this.region;
  }

  // Credentials stay out of console.log / util.inspect output.
  [inspect.custom](): string {
    return `ModelArtsClient { endpoint: '${this.endpoint}', iam_endpoint: '${this.iam_endpoint}', auth: '${this.options.credentials.kind}' }`;
  }

  toJSON(): Record<string, unknown> {
    return { endpoint: this.endpoint, iam_endpoint: this.iam_endpoint, region_name: this.region, project_id: this.projectId };
  }

  get credentialKind(): Credentials['kind'] {
    return this.options.credentials.kind;
  }

  /**
   * The keys OBS requests are signed with. @internal: used by `session.obs`. AK/SK sessions use their own keys (OBS
   * takes the same AK/SK as ModelArts); password sessions get temporary ones from IAM, fetched again before expiry.
   */
  obsCredentials(): ObsKeys | ObsKeyProvider {
    const c = this.options.credentials;
    if (c.kind === 'aksk') return { access_key: c.access_key, secret_key: c.secret_key, security_token: c.security_token };
    return async () => {
      const { credential } = await this.iam.createSecurityToken({ auth: { identity: { methods: ['token'], token: { duration_seconds: 900 } } } });
      return {
        access_key: credential.access,
        secret_key: credential.secret,
        security_token: credential.securitytoken,
        expires_at: new Date(credential.expires_at),
      };
    };
  }

  /** A copy of this client with other transport defaults (the project id already resolved is kept). */
  withOptions(o: TransportOptions): ModelArtsClient {
    return new ModelArtsClient({ ...this.options, ...o, region_name: this.region, project_id: this.projectId });
  }

  /** The project id: given, or resolved from IAM by region name (password sessions take it from the token's scope). */
  async getProjectId(options?: RequestOptions): Promise<string> {
    if (this.projectId) return this.projectId;
    if (this.tokens) {
      await this.tokens.get();
      if (this.projectId) return this.projectId;
    }
    const c = this.options.credentials;
    const key = `${c.kind === 'aksk' ? c.access_key : c.username}|${this.region ?? ''}|${this.iam_endpoint}`;
    let pending = projectIdCache.get(key);
    if (!pending) {
      pending = this.lookupProject(options);
      projectIdCache.set(key, pending);
      pending.catch(() => projectIdCache.delete(key));
    }
    const p = await pending;
    this.projectId = p.id;
    this.region ??= p.name;
    return p.id;
  }

  private async lookupProject(options?: RequestOptions): Promise<{ id: string; name: string }> {
    if (this.region) {
      const page = await this.request(getOperation('iam.listProjects'), { query: { name: this.region } }, options);
      const p = page.projects[0];
      if (!p) throw new ConfigError(`IAM has no project named "${this.region}": pass project_id, or check region_name.`);
      return p;
    }
    const page = await this.request(getOperation('iam.listAuthProjects'), {}, options);
    const p = page.projects.length === 1 ? page.projects[0] : undefined;
    if (!p) throw new ConfigError(`The credentials reach ${page.projects.length} projects: pass project_id or region_name to choose one.`);
    return p;
  }

  async request<O extends OperationSpec>(op: O, input: RequestInput<O>, options?: RequestOptions): Promise<OperationResponse<O>> {
    return (await this.requestWithResponse(op, input, options)).data;
  }

  /** Like request(), but also gives the raw Response (headers) and the request id. */
  async requestWithResponse<O extends OperationSpec>(op: O, input: RequestInput<O>, options?: RequestOptions): Promise<HttpResponse<OperationResponse<O>>> {
    const params: Record<string, string | number> = { ...(input.params as Record<string, string | number> | undefined) };
    if (pathParamNames(op.path).includes('project_id') && params.project_id === undefined) params.project_id = await this.getProjectId(options);
    const base = op.service === 'iam' ? this.iam_endpoint : this.endpoint;
    const url = new URL(base + expandPath(op.path, params));
    for (const [k, v] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
      if (v === undefined || v === null) continue;
      for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
    }
    const req: HttpRequest = {
      method: op.method,
      url,
      body: input.body === undefined ? undefined : Buffer.from(JSON.stringify(input.body)),
      label: op.id,
      idempotent: isIdempotent(op),
    };
    const sendsProject = op.service === 'modelarts';
    return send<OperationResponse<O>>(this.transport, req, op.auth === 'none' ? async () => {} : this.authorizer(sendsProject), this.renewToken, options);
  }

  /** Signs with AK/SK or adds the IAM token (and the project id header for ModelArts). */
  private authorizer(sendsProject: boolean): Authorizer {
    return async (r, headers) => {
      if (sendsProject && this.projectId) headers['x-project-id'] = this.projectId;
      const c = this.options.credentials;
      if (c.kind === 'aksk') signRequest({ method: r.method, url: r.url, headers, body: r.body }, c);
      else headers['x-auth-token'] = await (this.tokens as TokenCache).get();
    };
  }

  /** An expired or revoked token: drop it and let the loop issue a fresh one once. */
  private readonly renewToken = (err: APIError): boolean => {
    if (!this.tokens || !['ModelArts.0202', 'ModelArts.0203'].includes(err.error_code ?? '')) return false;
    this.tokens.invalidate();
    return true;
  };

  /**
   * Sends bytes that are not a JSON operation body (an inference call) to any URL: signed or with the session's token
   * like every request, unless `auth` is false (a model server on this machine must not see credentials).
   */
  async requestRaw(
    req: { method: string; url: URL; body?: Uint8Array | undefined; contentType?: string | undefined; label: string; auth?: boolean },
    options?: RequestOptions,
  ): Promise<HttpResponse<unknown>> {
    // Inference calls reach user code: never replayed after they may have arrived (a prediction may have side effects).
    const http: HttpRequest = { method: req.method, url: req.url, body: req.body, contentType: req.contentType, label: req.label, idempotent: false };
    const unsigned = req.auth === false;
    return send<unknown>(this.transport, http, unsigned ? async () => {} : this.authorizer(true), unsigned ? () => false : this.renewToken, options);
  }

  private async issueToken(c: Extract<Credentials, { kind: 'password' }>): Promise<IssuedToken> {
    const scope = this.projectId ? { project: { id: this.projectId } } : this.region ? { project: { name: this.region } } : undefined;
    const { token, body } = await this.iam.createToken({
      auth: {
        identity: { methods: ['password'], password: { user: { name: c.username, password: c.password, domain: { name: c.account } } } },
        ...(scope ? { scope } : {}),
      },
    });
    if (body.token.project) {
      this.projectId ??= body.token.project.id;
      this.region ??= body.token.project.name;
    }
    return { token, issued_at: new Date(body.token.issued_at), expires_at: new Date(body.token.expires_at) };
  }
}

export { HEADER_SUBJECT_TOKEN };
