import { AjvCompiler } from '@fastify/ajv-compiler';
import { type OperationSpec, operations, pathParamNames } from '@modelarts-ts/contract';
import { signRequest } from '@modelarts-ts/sdk';
import fc from 'fast-check';
import type { TObject, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../src/testing.js';
import { raw } from './s3-helpers.js';

/**
 * Every operation of the contract (whoever adds it), driven with requests that are bad in a way the
 * contract or the platform's limits make certain: a bad credential, a body that is not JSON, not an object,
 * nested too deep or failing the body schema, a query value failing the query schema, a garbage path
 * parameter, an over-limit Content-Length; plus random extra headers and query parameters. Each must be a
 * 4xx with a ModelArts error body, and leave the stored state (every table of meta.db) unchanged.
 */

const RUNS = 30;

interface BadRequest {
  kind: string;
  params: Record<string, string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body?: Buffer;
  auth: 'token' | 'aksk' | 'none' | 'bad-token' | 'bad-signature';
}

const headerName = fc.stringMatching(/^x-fz-[a-z0-9-]{1,16}$/);
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,64}$/).map((s) => s.trim());
const noiseHeaders = fc.dictionary(headerName, headerValue, { maxKeys: 3 });
const noiseQuery = fc.array(fc.tuple(fc.stringMatching(/^zz_[a-z]{1,8}$/), fc.string({ maxLength: 32 })), { maxLength: 2 });

/** Strings that commonly break a query schema: wrong types, out-of-range numbers, oversized, odd characters. */
const QUERY_CANDIDATES = ['abc', '-1', '1.5', '', '99999999999999999999', 'true1', '€', '\u0000', 'x'.repeat(5000), '{"a":1}', 'NaN'];

/** (name, value) pairs certain to fail the query schema, even after the router's type coercion. */
function breakingQueryValues(schema: TObject | undefined): Array<[string, string]> {
  if (!schema) return [];
  const fails = failsOnServer(schema);
  const pairs: Array<[string, string]> = [];
  for (const name of Object.keys(schema.properties)) {
    for (const v of QUERY_CANDIDATES) if (fails({ [name]: v })) pairs.push([name, v]);
  }
  return pairs;
}

const notJson = fc.oneof(
  fc.constant('{'),
  fc.constant('{"a":'),
  fc.string({ minLength: 1, maxLength: 64 }).filter((s) => !isJson(s)),
);
const wrongTopLevel = fc.oneof(
  fc.constant('[]'),
  fc.constant('null'),
  fc.constant('42'),
  fc.constant('"text"'),
  fc.constant('true'),
  fc.array(fc.integer()).map((a) => JSON.stringify(a)),
);
const tooDeep = fc.integer({ min: 65, max: 5000 }).map((n) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`);

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/**
 * The validator the platform's router compiles (fastify's Ajv with its defaults: `coerceTypes: 'array'`, defaults
 * and removal of extra properties), so "fails the schema" means what the server decides: Ajv turns `[null]` into
 * `0` for an integer, which TypeBox's own conversion would not.
 */
const serverCompiler = AjvCompiler()({}, { customOptions: {} }) as (route: { schema: TSchema }) => (data: unknown) => boolean;
const failsOnServer = (schema: TSchema) => {
  const validate = serverCompiler({ schema });
  return (v: unknown) => !validate(structuredClone(v));
};

/** JSON objects (random, or a schema-valid default with one property replaced) that fail the body schema. */
function schemaFailing(schema: TSchema): fc.Arbitrary<string> {
  const fails = failsOnServer(schema);
  const base = (() => {
    try {
      return Value.Create(schema) as Record<string, unknown>;
    } catch {
      return {};
    }
  })();
  const props = Object.keys((schema as { properties?: object }).properties ?? {});
  const mutated = props.length ? fc.tuple(fc.constantFrom(...props), fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => ({ ...base, [k]: v })) : fc.constant(base);
  return fc
    .oneof(mutated, fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }))
    .filter(fails)
    .map((v) => JSON.stringify(v));
}

function badRequests(op: OperationSpec, project: string): fc.Arbitrary<BadRequest> {
  const goodParams = Object.fromEntries(pathParamNames(op.path).map((n) => [n, n === 'project_id' ? project : 'fz0000000000']));
  const auth = op.auth === 'required' ? fc.constantFrom<'token' | 'aksk'>('token', 'aksk') : fc.constant<'none'>('none');
  const kinds: Array<fc.Arbitrary<BadRequest>> = [];
  const req = (kind: string, over: Partial<BadRequest>) =>
    fc
      .record({ auth, headers: noiseHeaders, query: noiseQuery })
      .map((r) => ({ kind, params: goodParams, ...r, ...over, headers: { ...r.headers, ...over.headers } }));

  kinds.push(fc.constant(12 * 1024 * 1024 + 1).chain((n) => req('over-limit content-length', { headers: { 'content-length': String(n) }, body: undefined })));
  if (op.auth === 'required')
    kinds.push(fc.constantFrom<'bad-token' | 'bad-signature'>('bad-token', 'bad-signature').chain((a) => req('bad credential', { auth: a })));
  if (op.body) {
    const json = { 'content-type': 'application/json' };
    kinds.push(notJson.chain((b) => req('not JSON', { headers: json, body: Buffer.from(b) })));
    kinds.push(tooDeep.chain((b) => req('nested too deep', { headers: json, body: Buffer.from(b) })));
    kinds.push(schemaFailing(op.body).chain((b) => req('fails the body schema', { headers: json, body: Buffer.from(b) })));
    if ((op.body as { type?: string }).type === 'object') {
      kinds.push(wrongTopLevel.chain((b) => req('not an object', { headers: json, body: Buffer.from(b) })));
      const bytes = fc.uint8Array({ minLength: 1, maxLength: 64 });
      kinds.push(bytes.chain((b) => req('not JSON at all', { headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(b) })));
    }
  }
  const breaking = breakingQueryValues(op.query);
  if (breaking.length)
    kinds.push(fc.constantFrom(...breaking).chain((pair) => req('query fails its schema', {}).map((r) => ({ ...r, query: [...r.query, pair] }))));
  const garbageable = pathParamNames(op.path);
  if (garbageable.length) {
    const garbage = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constant('..'), fc.constant('%00'), fc.constant('x'.repeat(300)));
    kinds.push(
      fc
        .tuple(fc.constantFrom(...garbageable), garbage)
        .chain(([name, value]) => req('garbage path parameter', { params: { ...goodParams, [name]: value === project ? `${value}x` : value } })),
    );
  }
  return fc.oneof(...kinds);
}

describe('contract fuzz: bad input to any operation is a 4xx with an error body, and changes nothing', () => {
  let p: TestPlatform;
  let token: string;

  beforeAll(async () => {
    p = await startPlatform();
    const login = await raw(
      p.endpoint,
      'POST',
      '/v3/auth/tokens',
      { 'content-type': 'application/json' },
      Buffer.from(
        JSON.stringify({
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { name: p.credentials.username, password: p.credentials.password, domain: { name: p.credentials.account } } },
            },
            scope: { project: { id: p.credentials.project_id } },
          },
        }),
      ),
    );
    token = String(login.headers['x-subject-token']);
  });
  afterAll(() => p.close());

  /** A digest of every table of meta.db: any stored change shows. */
  /** Every table of meta.db, as one JSON text per table. */
  function storedState(): Map<string, string> {
    const db = p.app.platform.db;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
    return new Map(tables.map(({ name }) => [name, JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())]));
  }

  /** The tables whose rows differ, with both versions (empty when nothing changed). */
  function changes(before: Map<string, string>, after: Map<string, string>): string {
    const names = new Set([...before.keys(), ...after.keys()]);
    return [...names]
      .filter((n) => before.get(n) !== after.get(n))
      .map((n) => `${n}: ${(before.get(n) ?? '(none)').slice(0, 400)} -> ${(after.get(n) ?? '(none)').slice(0, 400)}`)
      .join('\n');
  }

  async function send(op: OperationSpec, r: BadRequest) {
    // A rest-of-path parameter (`{path*}`) stays empty; an operation that answers any method is sent a POST.
    const path = op.path.replace(/\{\w+\*\}/g, '').replace(/\{(\w+)\}/g, (_m, n: string) => encodeURIComponent(r.params[n] ?? ''));
    const method = (op.method as string) === 'ANY' ? 'POST' : op.method;
    const qs = r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    const target = qs ? `${path}?${qs}` : path;
    const headers: Record<string, string> = { ...r.headers };
    if (r.auth === 'token') headers['x-auth-token'] = token;
    if (r.auth === 'bad-token') headers['x-auth-token'] = `MII${'A'.repeat(64)}`;
    if (r.auth === 'aksk' || r.auth === 'bad-signature') {
      const url = new URL(target, p.endpoint);
      const { 'content-length': declared, ...signed } = headers;
      signRequest({ method, url, headers: signed, body: r.body }, p.credentials);
      if (r.auth === 'bad-signature') signed.authorization = signed.authorization?.replace(/Signature=[0-9a-f]/, 'Signature=z') ?? '';
      Object.assign(headers, signed, declared ? { 'content-length': declared } : {});
    }
    if (headers['content-length'] && r.body === undefined) return headOnly(method, target, headers);
    return raw(p.endpoint, method, target, headers, r.body);
  }

  /** Over-limit Content-Length: the body is never sent (the platform must answer from the head alone). */
  async function headOnly(method: string, target: string, headers: Record<string, string>) {
    const { request } = await import('node:http');
    const url = new URL(p.endpoint);
    return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method, path: target, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          req.destroy();
        });
      });
      req.on('error', reject);
      req.flushHeaders();
    });
  }

  for (const op of operations as readonly OperationSpec[]) {
    it(`${op.id} (${op.method} ${op.path})`, async () => {
      await fc.assert(
        fc.asyncProperty(badRequests(op, p.credentials.project_id), async (r) => {
          const before = storedState();
          const res = await send(op, r);
          const what = `${r.kind}: ${res.status} ${res.body.toString().slice(0, 300)}`;
          expect(res.status, what).toBeGreaterThanOrEqual(400);
          expect(res.status, what).toBeLessThan(500);
          const body = JSON.parse(res.body.toString()) as { error_code?: unknown; error_msg?: unknown };
          expect(typeof body.error_code, what).toBe('string');
          expect(typeof body.error_msg, what).toBe('string');
          expect(changes(before, storedState()), what).toBe('');
        }),
        { numRuns: RUNS },
      );
    });
  }
});
