/**
 * The console's API client: requests built from the contract's routes (method and path of each operation), sent with
 * the session cookie (by the browser) and the CSRF header. Types come from the contract; no schema ships.
 */
import type { OperationBody, OperationById, OperationId, OperationParams, OperationQuery, OperationResponse } from '@modelarts-ts/contract';

declare const __OPERATIONS__: Record<string, { method: string; path: string }>;

/** The session the console works in, as `/-/console/api/login` and `/-/console/api/session` answer it. */
export interface Session {
  user_name: string;
  domain_name: string;
  project_id: string;
  region: string;
  csrf_token: string;
}

/** A refused request: the ModelArts (or S3) error code and message, shown as `error_code: error_msg`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error_code: string,
    readonly error_msg: string,
  ) {
    super(`${error_code}: ${error_msg}`);
    this.name = 'ApiError';
  }
}

let current: Session | undefined;
const expiryListeners = new Set<() => void>();

export function setSession(s: Session | undefined): void {
  current = s;
}

export function session(): Session {
  if (!current) throw new ApiError(401, 'ModelArts.0201', 'Not logged in');
  return current;
}

/** Called when the platform answers 401 to a logged-in console: the session expired or was revoked. */
export function onSessionExpired(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

/** Headers every console request carries: the CSRF token of the session (the cookie goes by itself). */
export function sessionHeaders(): Record<string, string> {
  return current ? { 'X-Csrf-Token': current.csrf_token } : {};
}

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error_code?: string; error_msg?: string };
    if (body.error_code) return new ApiError(res.status, body.error_code, body.error_msg ?? '');
  } catch {
    // not JSON: an S3 XML error or plain text
  }
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  return new ApiError(res.status, code ?? `HTTP ${res.status}`, message ?? (text.slice(0, 200) || res.statusText));
}

/** `fetch` with the session's headers; a non-2xx answer throws its ApiError (and a 401 ends the session). */
export async function request(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, { credentials: 'same-origin', ...init, headers: { ...sessionHeaders(), ...(init.headers as Record<string, string>) } });
  if (res.ok) return res;
  const err = await errorOf(res);
  if (res.status === 401 && current) {
    current = undefined;
    for (const l of expiryListeners) l();
  }
  throw err;
}

type ParamsOf<O extends OperationById<OperationId>> = Omit<OperationParams<O>, 'project_id'>;
type QueryOf<O extends OperationById<OperationId>> = OperationQuery<O>;

/** What a call takes: path parameters (the session's project is filled in), query and body, as the contract types them. */
export interface CallInput<O extends OperationById<OperationId>> {
  params?: ParamsOf<O>;
  query?: Partial<QueryOf<O>>;
  body?: OperationBody<O>;
  signal?: AbortSignal;
}

function expand(path: string, params: Record<string, unknown>): string {
  return path.replace(/\{(\w+)\*?\}/g, (_m, name: string) => {
    const v = params[name];
    if (v === undefined || v === '') throw new TypeError(`missing path parameter "${name}" for ${path}`);
    return String(v).split('/').map(encodeURIComponent).join('/');
  });
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    for (const x of Array.isArray(v) ? v : [v]) q.append(k, String(x));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The URL of an operation (for links and downloads). */
export function operationUrl<I extends OperationId>(id: I, input: Pick<CallInput<OperationById<I>>, 'params' | 'query'> = {}): string {
  const route = __OPERATIONS__[id];
  if (!route) throw new TypeError(`unknown operation ${id}`);
  const params = { project_id: current?.project_id, ...(input.params as Record<string, unknown> | undefined) };
  return expand(route.path, params) + queryString(input.query as Record<string, unknown> | undefined);
}

/** Calls one REST operation of the contract with the console's session. */
export async function call<I extends OperationId>(id: I, input: CallInput<OperationById<I>> = {}): Promise<OperationResponse<OperationById<I>>> {
  const route = __OPERATIONS__[id];
  if (!route) throw new TypeError(`unknown operation ${id}`);
  const hasBody = input.body !== undefined;
  const res = await request(operationUrl(id, input), {
    method: route.method === 'ANY' ? 'POST' : route.method,
    ...(hasBody ? { body: JSON.stringify(input.body), headers: { 'Content-Type': 'application/json' } } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  if (res.status === 204) return undefined as OperationResponse<OperationById<I>>;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as OperationResponse<OperationById<I>>;
}
