import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';

/**
 * The model package's `model/config.json`: what the import reads (engine, algorithm, APIs, pip dependencies,
 * health probe for custom images). docs/serving.md describes the package layout.
 */

/** Every `model_type` the cloud has accepted (create enum union; `Custom` appears only as a list filter). */
export const MODEL_TYPES = [
  'TensorFlow',
  'MXNet',
  'Caffe',
  'Spark_MLlib',
  'Scikit_Learn',
  'XGBoost',
  'Image',
  'PyTorch',
  'MindSpore',
  'Template',
  'Custom',
] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

/**
 * Model types whose package must carry `customize_service.py`. TensorFlow (the SavedModel's default signature),
 * XGBoost and Scikit_Learn (the model file's `predict`) have a default service; Image models bring their own server.
 */
export const MODEL_TYPES_NEEDING_INFERENCE_CODE: readonly string[] = ['PyTorch', 'MindSpore', 'Caffe', 'MXNet', 'Spark_MLlib'];

/** Starts with a letter, at most 36 characters, none of `& ! ' " < > =`. */
export const MODEL_ALGORITHM_PATTERN = '^[A-Za-z][^&!\'"<>=]{0,35}$';

export const DEPENDENCY_RESTRAINTS = ['EXACT', 'ATLEAST', 'ATMOST'] as const;
export type DependencyRestraint = (typeof DEPENDENCY_RESTRAINTS)[number];

export const ModelMetrics = Type.Object({
  f1: Type.Optional(Type.Union([Type.Number(), Type.String()])),
  recall: Type.Optional(Type.Union([Type.Number(), Type.String()])),
  precision: Type.Optional(Type.Union([Type.Number(), Type.String()])),
  accuracy: Type.Optional(Type.Union([Type.Number(), Type.String()])),
});
export type ModelMetrics = Static<typeof ModelMetrics>;

/** A request or response block: `Content-type` and a JSON Schema (`{"type": "file"}` marks an uploaded file). */
export const ModelApiMessage = Type.Object({
  'Content-type': Type.Optional(Type.String()),
  data: Type.Optional(Type.Unknown()),
});
export type ModelApiMessage = Static<typeof ModelApiMessage>;

export const ModelApi = Type.Object({
  protocol: Type.Optional(Type.String()),
  /** The misspelling of the cloud's own samples, found in many real packages. */
  procotol: Type.Optional(Type.String()),
  /** Default `/`. */
  url: Type.Optional(Type.String()),
  /** Default `post`; files use lower case. */
  method: Type.Optional(Type.String()),
  request: Type.Optional(ModelApiMessage),
  response: Type.Optional(ModelApiMessage),
});
export type ModelApi = Static<typeof ModelApi>;

/** One pip package; empty `package_version`/`restraint` mean any version. */
export const ModelDependencyPackage = Type.Object({
  package_name: Type.String({ minLength: 1 }),
  package_version: Type.Optional(Type.String()),
  restraint: Type.Optional(Type.String()),
});
export type ModelDependencyPackage = Static<typeof ModelDependencyPackage>;

/** Installed in array order; `installer` is always `pip`. */
export const ModelDependency = Type.Object({
  installer: Type.String(),
  packages: Type.Array(ModelDependencyPackage),
});
export type ModelDependency = Static<typeof ModelDependency>;

const Seconds = Type.Union([Type.Integer(), Type.String()]);

/** Health probe of custom-image (`Image`) models. */
export const ModelHealth = Type.Object({
  url: Type.String(),
  protocol: Type.Optional(Type.String()),
  initial_delay_seconds: Type.Optional(Seconds),
  timeout_seconds: Type.Optional(Seconds),
  period_seconds: Type.Optional(Seconds),
  failure_threshold: Type.Optional(Seconds),
  check_method: Type.Optional(Type.String()),
  command: Type.Optional(Type.String()),
});
export type ModelHealth = Static<typeof ModelHealth>;

/** config.json. Other keys are kept as they are (real packages carry extras). */
export const ModelConfig = Type.Object({
  model_algorithm: Type.Optional(Type.String()),
  model_type: Type.String({ minLength: 1 }),
  runtime: Type.Optional(Type.String()),
  swr_location: Type.Optional(Type.String()),
  metrics: Type.Optional(ModelMetrics),
  apis: Type.Optional(Type.Array(ModelApi)),
  dependencies: Type.Optional(Type.Array(ModelDependency)),
  health: Type.Optional(ModelHealth),
});
export type ModelConfig = Static<typeof ModelConfig>;

/**
 * Codes of package and config.json problems: 3015 config.json invalid, 3017 package (source location) not
 * acceptable, 3040 unsupported installer, 3041 bad `restraint`.
 */
export type ModelPackageErrorCode = 'ModelArts.3015' | 'ModelArts.3017' | 'ModelArts.3040' | 'ModelArts.3041';

export interface ModelPackageIssue {
  code: ModelPackageErrorCode;
  message: string;
}

/** Values the import request supplies when config.json leaves them out. */
export interface ModelConfigDefaults {
  model_type?: string | undefined;
  model_algorithm?: string | undefined;
}

let compiled: { Check(value: unknown): boolean; Errors(value: unknown): Iterable<{ instancePath: string; message: string }> } | undefined;

/** Checks a parsed config.json: the schema, then the rules the schema cannot say. Empty when it is acceptable. */
export function checkModelConfig(value: unknown, defaults: ModelConfigDefaults = {}): ModelPackageIssue[] {
  const bad = (message: string): ModelPackageIssue => ({ code: 'ModelArts.3015', message: `config.json: ${message}` });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [bad('must be a JSON object')];
  const merged: Record<string, unknown> = { ...value };
  if (merged.model_type === undefined && defaults.model_type) merged.model_type = defaults.model_type;
  if (merged.model_algorithm === undefined && defaults.model_algorithm) merged.model_algorithm = defaults.model_algorithm;
  compiled ??= Compile(ModelConfig);
  const check = compiled;
  if (!check.Check(merged)) {
    return [...check.Errors(merged)].slice(0, 5).map((e) => bad(`${e.instancePath || '/'} ${e.message}`));
  }
  const config = merged as ModelConfig;
  const issues: ModelPackageIssue[] = [];
  if (!(MODEL_TYPES as readonly string[]).includes(config.model_type)) {
    issues.push(bad(`model_type "${config.model_type}" is not one of ${MODEL_TYPES.join(', ')}`));
  }
  if (config.model_algorithm === undefined || config.model_algorithm === '') {
    if (config.model_type !== 'Image') issues.push(bad('model_algorithm is required'));
  } else if (!new RegExp(MODEL_ALGORITHM_PATTERN).test(config.model_algorithm)) {
    issues.push(bad(`model_algorithm "${config.model_algorithm}" must start with a letter, have at most 36 characters and none of & ! ' " < > =`));
  }
  if (config.model_type === 'Image' && !config.swr_location) issues.push(bad('swr_location is required for model_type Image'));
  for (const dep of config.dependencies ?? []) {
    if (dep.installer !== 'pip') issues.push({ code: 'ModelArts.3040', message: `config.json: installer "${dep.installer}" is not supported (only pip)` });
    for (const p of dep.packages) {
      const restraint = p.restraint ?? '';
      if (restraint !== '' && !(DEPENDENCY_RESTRAINTS as readonly string[]).includes(restraint)) {
        issues.push({
          code: 'ModelArts.3041',
          message: `config.json: restraint "${restraint}" of ${p.package_name} is not one of ${DEPENDENCY_RESTRAINTS.join(', ')}`,
        });
      } else if (p.package_version && restraint === '') {
        issues.push({ code: 'ModelArts.3041', message: `config.json: ${p.package_name} has a package_version but no restraint (EXACT, ATLEAST or ATMOST)` });
      }
    }
  }
  return issues;
}

/** The pip requirement of one package: `name`, `name==v`, `name>=v` or `name<=v`. */
export function pipRequirement(p: ModelDependencyPackage): string {
  if (!p.package_version) return p.package_name;
  const op = p.restraint === 'ATLEAST' ? '>=' : p.restraint === 'ATMOST' ? '<=' : '==';
  return `${p.package_name}${op}${p.package_version}`;
}
