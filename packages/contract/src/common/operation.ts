import type { Static, TObject, TSchema } from 'typebox';
import type { ErrorCode } from './error-codes.js';

/** `ANY`: the operation answers every method (inference passes the caller's method on to the model). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'ANY';

/** Which endpoint serves an operation: the cloud splits IAM and ModelArts across hosts; ModelArts Local serves all on one port. */
export type Service = 'iam' | 'modelarts' | 'local' | 'inference';

/** `none`: no credentials (token issue, health); `required`: AK/SK signature or X-Auth-Token. */
export type AuthMode = 'none' | 'required';

/** One REST operation, declared once: the platform registers its route from it, the SDK takes its types from it. */
export interface OperationSpec {
  readonly id: string;
  readonly service: Service;
  readonly method: HttpMethod;
  /** Path template with `{name}` parameters, exactly as the cloud spells it; a last `{name*}` takes the rest of the path (any segments, or none). */
  readonly path: string;
  readonly summary: string;
  readonly auth: AuthMode;
  /** Error code for a request that fails the schemas (default `ModelArts.0101`); e.g. training answers `ModelArts.2788`. */
  readonly validationErrorCode?: ErrorCode;
  readonly params?: TObject;
  readonly query?: TObject;
  readonly body?: TSchema;
  /** The body is taken as bytes of any content type and never parsed (inference passes it on to a model unchanged). */
  readonly rawBody?: boolean;
  /** Response headers the operation promises on success (e.g. `X-Subject-Token`). */
  readonly responseHeaders?: readonly string[];
  /** Success status -> body schema. Errors always use the common error bodies. */
  readonly responses: Readonly<Record<number, TSchema>>;
}

export function defineOperation<const T extends OperationSpec>(op: T): T {
  return op;
}

type SchemaOf<T, K extends keyof OperationSpec> = T extends { readonly [P in K]: infer S extends TSchema } ? S : never;

export type OperationParams<T extends OperationSpec> = [SchemaOf<T, 'params'>] extends [never] ? Record<string, never> : Static<SchemaOf<T, 'params'>>;
export type OperationQuery<T extends OperationSpec> = [SchemaOf<T, 'query'>] extends [never] ? Record<string, never> : Static<SchemaOf<T, 'query'>>;
export type OperationBody<T extends OperationSpec> = [SchemaOf<T, 'body'>] extends [never] ? undefined : Static<SchemaOf<T, 'body'>>;

type SuccessSchema<T extends OperationSpec> = T['responses'][keyof T['responses'] & (200 | 201 | 202 | 204)];
export type OperationResponse<T extends OperationSpec> = SuccessSchema<T> extends TSchema ? Static<SuccessSchema<T>> : never;

/** `/v2/{project_id}/x` -> `/v2/:project_id/x` (the router's syntax); a rest-of-path `{name*}` becomes `*`. */
export function routerPath(path: string): string {
  return path.replace(/\{\w+\*\}/g, '*').replace(/\{(\w+)\}/g, ':$1');
}

/** Fills `{name}` from `params`, percent-encoding each value as one path segment. */
export function expandPath(path: string, params: Readonly<Record<string, string | number>>): string {
  const rest = path.replace(/\{(\w+)\*\}/g, (_m, name: string) =>
    String(params[name] ?? '')
      .replace(/^\/+/, '')
      .split('/')
      .map(encodeURIComponent)
      .join('/'),
  );
  return rest.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = params[name];
    if (v === undefined || v === '') throw new TypeError(`missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(v));
  });
}

/** The `{name}` parameters of a path (a rest-of-path `{name*}` is not one: the router hands it over as `*`). */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}
