/**
 * The service test panel's request: a JSON text or a chosen file, sent to `/v1/infers/{service_id}/{path}` with the
 * console session, and the answer read as JSON, text or an image, with the latency measured around the fetch.
 */

export type TestBody = { kind: 'json'; text: string } | { kind: 'file'; file: Blob; fileName: string; field: string };

export interface TestRequest {
  serviceId: string;
  /** The model API's path (`/` or empty for the default API). */
  path: string;
  method: string;
  body: TestBody;
}

export type TestAnswer =
  | { kind: 'json'; value: unknown; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'image'; blob: Blob }
  | { kind: 'binary'; size: number };

export interface TestResult {
  status: number;
  ok: boolean;
  contentType: string;
  latencyMs: number;
  answer: TestAnswer;
}

export class TestRequestError extends Error {}

/** `/v1/infers/{id}` plus the API path, each segment URL-encoded (a `..` segment is refused). */
export function inferUrl(serviceId: string, path: string): string {
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) throw new TestRequestError(`invalid API path "${path}"`);
  const rest = segments.map(encodeURIComponent).join('/');
  return `/v1/infers/${encodeURIComponent(serviceId)}${rest === '' ? '' : `/${rest}`}`;
}

/** The fetch arguments of a test request; `headers` carries what the session needs (the CSRF token). */
export function buildTestRequest(r: TestRequest, headers: Record<string, string> = {}): { url: string; init: RequestInit } {
  const init: RequestInit = { method: r.method.toUpperCase(), credentials: 'same-origin', headers: { ...headers } };
  if (r.body.kind === 'json') {
    const text = r.body.text.trim();
    if (text !== '') {
      try {
        JSON.parse(text);
      } catch (e) {
        throw new TestRequestError(`the request body is not JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
      init.body = text;
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
  } else {
    // The browser writes the multipart boundary into Content-Type itself.
    const form = new FormData();
    form.append(r.body.field, r.body.file, r.body.fileName);
    init.body = form;
  }
  return { url: inferUrl(r.serviceId, r.path), init };
}

/** Reads an answer by its content type: JSON (pretty-printed text kept), text, image, or other bytes. */
export async function readAnswer(res: Response): Promise<TestAnswer> {
  const type = (res.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('image/')) return { kind: 'image', blob: await res.blob() };
  if (type.includes('json') || type.startsWith('text/') || type === '') {
    const text = await res.text();
    try {
      const value: unknown = JSON.parse(text);
      return { kind: 'json', value, text: JSON.stringify(value, null, 2) };
    } catch {
      return { kind: 'text', text };
    }
  }
  return { kind: 'binary', size: (await res.arrayBuffer()).byteLength };
}

/** Sends a test request; the latency runs from the fetch to the last byte of the answer. */
export async function sendTestRequest(
  r: TestRequest,
  options: { fetch?: typeof fetch; headers?: Record<string, string>; now?: () => number } = {},
): Promise<TestResult> {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? (() => performance.now());
  const { url, init } = buildTestRequest(r, options.headers);
  const started = now();
  const res = await doFetch(url, init);
  const answer = await readAnswer(res);
  return { status: res.status, ok: res.ok, contentType: res.headers.get('content-type') ?? '', latencyMs: now() - started, answer };
}

interface ApiLike {
  url?: unknown;
  method?: unknown;
  request?: { 'Content-type'?: unknown; 'Content-Type'?: unknown; data?: { properties?: Record<string, { type?: unknown }> } };
}

export interface ApiChoice {
  path: string;
  method: string;
  /** `file` when the API takes multipart/form-data. */
  body: 'json' | 'file';
  /** The form field of the file (the first `type: file` property). */
  field: string;
}

/** The APIs a model declares (its `apis` JSON text), as test-panel choices; the default API when none is readable. */
export function apiChoices(apisJson: string | undefined): ApiChoice[] {
  let apis: unknown;
  try {
    apis = JSON.parse(apisJson ?? '[]');
  } catch {
    apis = [];
  }
  const out: ApiChoice[] = [];
  for (const a of Array.isArray(apis) ? (apis as ApiLike[]) : []) {
    const type = String(a.request?.['Content-type'] ?? a.request?.['Content-Type'] ?? 'application/json').toLowerCase();
    const props = a.request?.data?.properties ?? {};
    const field = Object.entries(props).find(([, p]) => p?.type === 'file')?.[0] ?? 'images';
    out.push({
      path: typeof a.url === 'string' ? a.url : '/',
      method: typeof a.method === 'string' ? a.method.toUpperCase() : 'POST',
      body: type.startsWith('multipart/') ? 'file' : 'json',
      field,
    });
  }
  return out.length > 0 ? out : [{ path: '/', method: 'POST', body: 'json', field: 'images' }];
}

interface SchemaLike {
  type?: unknown;
  properties?: Record<string, SchemaLike>;
  items?: SchemaLike | SchemaLike[];
}

/** A value of the shape a JSON schema describes (objects filled, arrays with one item), to start a request from. */
export function exampleOf(schema: unknown, depth = 0): unknown {
  if (schema === null || typeof schema !== 'object' || depth > 8) return null;
  const s = schema as SchemaLike;
  switch (s.type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, exampleOf(v, depth + 1)]));
    case 'array': {
      const item = Array.isArray(s.items) ? s.items[0] : s.items;
      return item === undefined ? [] : [exampleOf(item, depth + 1)];
    }
    case 'number':
    case 'integer':
      return 0;
    case 'string':
      return '';
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** The example JSON body of the API at `path` of a model's `apis` JSON text (`{}` when it declares none). */
export function exampleBody(apisJson: string | undefined, path: string): string {
  try {
    const apis = JSON.parse(apisJson ?? '[]') as Array<{ url?: string; request?: { data?: unknown } }>;
    const data = (Array.isArray(apis) ? apis : []).find((a) => (a.url ?? '/') === path)?.request?.data;
    const value = exampleOf(data);
    return JSON.stringify(value ?? {}, null, 2);
  } catch {
    return '{}';
  }
}
