import { type Static, type TObject, type TSchema, type TUnsafe, Type, Value } from '@modelarts-ts/contract';
import { InvalidArgumentError } from '../core/error.js';

/**
 * Run-time argument checks for the public SDK, in the spirit of Python's keyword checking: a TypeScript
 * user may call from plain JavaScript, or build options dynamically, and a manual written for Python
 * invites `copy(src, dst, false)`. Every public function and constructor checks its arguments against
 * one TypeBox schema per signature, so a mistake surfaces as an `InvalidArgumentError` naming the
 * manual's parameter and the call shape, never as a `TypeError` from deep inside.
 *
 * Rules: an options object rejects unknown keys (naming the closest valid one); objects nested in a
 * schema reject unknown keys too unless their schema allows additional properties; class instances
 * pass as objects (their own enumerable fields are checked); `undefined` is "not given".
 */

/** One positional parameter of a signature: the manual's name and its schema. */
export type Param = readonly [name: string, schema: TSchema];

type Positional<P extends readonly Param[]> = { -readonly [K in keyof P]: P[K] extends readonly [string, infer S extends TSchema] ? Static<S> : never };

/** The checked arguments: positional values in order, then the options object when the signature has one. */
export type Checked<P extends readonly Param[], O extends TObject | undefined> = O extends TObject ? [...Positional<P>, Static<O>] : Positional<P>;

/**
 * A function's signature, defined once beside it: `name` as the user writes the call
 * (`Estimator.getJobInfo`, `session.obs.copy`), positional parameters, and the options schema.
 *
 * ```ts
 * const COPY = defineSignature('session.obs.copy', [['src_path', Type.String()], ['dst_path', Type.String()]], CopyOptions);
 * const [src, dst, o] = COPY.check(src_path, dst_path, options);
 * ```
 */
export class Signature<const P extends readonly Param[] = readonly Param[], O extends TObject | undefined = TObject | undefined> {
  /** The call shape shown in errors, e.g. `session.obs.copy(src_path, dst_path, { keep_last_dir, ... })`. */
  readonly shape: string;

  constructor(
    readonly name: string,
    readonly params: P,
    readonly options?: O,
  ) {
    const parts = params.map(([n, s]) => (isOptional(s) ? `${n}?` : n));
    if (options) parts.push(optionsShape(options));
    this.shape = `${name}(${parts.join(', ')})`;
  }

  /** Checks positional values in order, then (when the signature has options) the options object. */
  check(...values: unknown[]): Checked<P, O> {
    const out: unknown[] = this.params.map(([name, schema], i) => checkArg(this.shape, name, schema, values[i]));
    if (this.options) out.push(checkOptions(this.shape, this.options, values[this.params.length]));
    else if (values.length > this.params.length && values.slice(this.params.length).some((v) => v !== undefined))
      throw argError(this.shape, `arguments[${this.params.length}]`, `takes ${this.params.length} argument(s), got ${values.length}.`);
    return out as Checked<P, O>;
  }
}

/** Defines a signature (see `Signature`). */
export function defineSignature<const P extends readonly Param[], O extends TObject | undefined = undefined>(
  name: string,
  params: P,
  options?: O,
): Signature<P, O> {
  return new Signature(name, params, options);
}

/**
 * Checks an options object against `schema`: unknown keys are rejected with the closest valid name,
 * required fields must be present, every field must match. `undefined` stands for "no options" and is
 * accepted when every field is optional (then `{}` is returned).
 */
export function checkOptions<T extends TObject>(signature: string, schema: T, value: unknown, name = 'options'): Static<T> {
  if (value === undefined) {
    const required: readonly string[] = (schema as { required?: readonly string[] }).required ?? [];
    if (required.length === 0) return {} as Static<T>;
    throw argError(signature, required[0] as string, `${required.map((r) => `${name}.${r}`).join(', ')} ${required.length > 1 ? 'are' : 'is'} required`);
  }
  if (!isRecord(value)) {
    // A Python habit: a keyword passed positionally (`copy(src, dst, False)`). Show the call by name, naming the
    // first option that takes the value: options list the manual's keywords first, in the manual's order.
    const fit = Object.entries(schema.properties).find(([, s]) => Value.Check(s, value));
    const hint = fit ? ` Pass it by name: { ${fit[0]}: ${show(value)} }.` : '';
    throw argError(signature, name, `${name} must be an object of keyword options, got ${show(value)}.${hint}`);
  }
  const problem = objectProblem(schema, value, name, true);
  if (problem) throw argError(signature, problem.parameter, problem.message);
  return value as Static<T>;
}

/** Checks one positional argument. A schema wrapped in `Type.Optional` accepts `undefined`. */
export function checkArg<T extends TSchema>(signature: string, name: string, schema: T, value: unknown): Static<T> {
  if (value === undefined) {
    if (isOptional(schema)) return value as Static<T>;
    throw argError(signature, name, `${name} is required (${describe(schema)})`);
  }
  const problem = valueProblem(schema, value, name);
  if (problem) throw argError(signature, problem.parameter, problem.message);
  return value as Static<T>;
}

/** A schema that accepts instances of `cls` (e.g. the session, an AbortSignal), described as `description`. */
export function instanceOf<T>(cls: abstract new (...args: never[]) => T, description: string): TUnsafe<T> {
  return Type.Refine(Type.Unsafe<T>({ description }), (v) => v instanceof cls);
}

/** A schema for a callback; `description` names its shape for errors, e.g. `(line: string) => void`. */
export function callback<T extends (...args: never[]) => unknown>(description: string): TUnsafe<T> {
  return Type.Refine(Type.Unsafe<T>({ description: `a function ${description}` }), (v) => typeof v === 'function');
}

/** A schema for an object the SDK does not look into (a logger, a custom fetch's options), described as `description`. */
export function opaque<T>(description: string): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'object', description });
}

/** The valid name closest to `name` by edit distance, if it is close enough to be a likely typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Levenshtein distance (insert, delete, substitute: 1 each). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

interface Problem {
  parameter: string;
  message: string;
}

function argError(signature: string, parameter: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError(`${signature}: ${message}`, { parameter, signature });
}

/** Finds the first problem of `value` against `schema`, walking objects and arrays to name the exact field. */
function valueProblem(schema: TSchema, value: unknown, path: string): Problem | undefined {
  if (isObjectSchema(schema) && isRecord(value)) return objectProblem(schema, value, path, false);
  if (isArraySchema(schema) && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = valueProblem(schema.items, value[i], `${path}[${i}]`);
      if (p) return p;
    }
    return Value.Check(schema, value) ? undefined : { parameter: path, message: `${path} must be ${describe(schema)}, got ${show(value)}` };
  }
  if (Value.Check(schema, value)) return undefined;
  return { parameter: path, message: `${path} must be ${describe(schema)}, got ${show(value)}` };
}

function objectProblem(schema: TObject, value: Record<string, unknown>, path: string, top: boolean): Problem | undefined {
  const props = schema.properties;
  const extra = (schema as { additionalProperties?: unknown }).additionalProperties;
  const closed = top || extra === false || extra === undefined;
  const where = top ? '' : ` in ${path}`;
  if (closed) {
    for (const key of Object.keys(value)) {
      if (key in props) continue;
      const near = closestName(key, Object.keys(props));
      const hint = near ? `; did you mean '${near}'?` : `; valid options: ${Object.keys(props).join(', ') || 'none'}`;
      return { parameter: `${path}.${key}`, message: `unknown option '${key}'${where}${hint}` };
    }
  }
  const required = new Set<string>((schema as { required?: readonly string[] }).required ?? []);
  for (const [key, s] of Object.entries(props)) {
    const v = value[key];
    const field = `${path}.${key}`;
    if (v === undefined) {
      if (required.has(key)) return { parameter: field, message: `${field} is required (${describe(s)})` };
      continue;
    }
    const p = valueProblem(s, v, field);
    if (p) return p;
  }
  return undefined;
}

function isOptional(schema: TSchema): boolean {
  return (schema as { '~optional'?: boolean })['~optional'] === true;
}

function isObjectSchema(s: TSchema): s is TObject {
  return (s as { type?: unknown }).type === 'object' && typeof (s as { properties?: unknown }).properties === 'object';
}

function isArraySchema(s: TSchema): s is TSchema & { items: TSchema } {
  return (s as { type?: unknown }).type === 'array' && typeof (s as { items?: unknown }).items === 'object';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionsShape(o: TObject): string {
  const names = Object.keys(o.properties);
  const shown = names.slice(0, 6).join(', ');
  return names.length > 6 ? `{ ${shown}, ... }` : `{ ${shown} }`;
}

/** A schema in words: `a string`, `an array of a string`, `'a' or 'b'`, or its `description`. */
export function describe(s: TSchema): string {
  const x = s as Record<string, unknown>;
  if (typeof x.description === 'string') return x.description;
  if ('const' in x) return JSON.stringify(x.const);
  if (Array.isArray(x.anyOf)) return (x.anyOf as TSchema[]).map(describe).join(' or ');
  const bounds = [typeof x.minimum === 'number' ? `≥ ${x.minimum}` : '', typeof x.maximum === 'number' ? `≤ ${x.maximum}` : ''].filter(Boolean).join(' ');
  const tail = bounds ? ` (${bounds})` : '';
  switch (x.type) {
    case 'string':
      return typeof x.minLength === 'number' && x.minLength > 0 ? `a non-empty string${tail}` : `a string${tail}`;
    case 'boolean':
      return 'a boolean';
    case 'number':
      return `a number${tail}`;
    case 'integer':
      return `an integer${tail}`;
    case 'array':
      return `a list of ${describe(x.items as TSchema)}`;
    case 'object':
      return 'an object';
    case 'null':
      return 'null';
    default:
      return 'a value of another type';
  }
}

function show(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') {
    const ctor = (v as object).constructor?.name;
    return ctor && ctor !== 'Object' ? `a ${ctor}` : 'an object';
  }
  return typeof v;
}
