import {
  checkModelConfig,
  MODEL_TYPES_NEEDING_INFERENCE_CODE,
  type ModelConfigDefaults,
  type ModelCreateBody,
  type ModelDependency,
  parseObsLocation,
} from '@modelarts-ts/contract';
import { PlatformError } from '../../errors.js';
import { isStorageError } from '../../storage/errors.js';
import type { ObjectStore } from '../../storage/object-store.js';

const CONFIG_FILE = 'config.json';
const SCRIPT = 'customize_service.py';
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Where a package lives: the bucket, the prefix given, and the prefix of its `model/` folder. */
export interface PackageLocation {
  bucket: string;
  /** The `source_location` prefix (ends in `/`, or `''` for the bucket root). */
  prefix: string;
  /** The `model/` folder's prefix. */
  modelPrefix: string;
}

/** What import-time validation found: the location, the package's config.json and its byte size. */
export interface CheckedPackage {
  location: PackageLocation;
  config: Record<string, unknown>;
  size: number;
  files: string[];
}

/**
 * `obs://b/p/`, `/b/p/` and `https://b.obs.{region}.myhuaweicloud.com/p/` name the folder holding `model/`;
 * a location that already ends in `model/` names that folder itself.
 */
export function packagePrefix(sourceLocation: string): { bucket: string; prefix: string } {
  const loc = parseObsLocation(sourceLocation);
  if ('error' in loc) throw new PlatformError('ModelArts.3017', `source_location: ${loc.error}`);
  if (loc.key.split('/').some((s) => s === '..' || s === '.'))
    throw new PlatformError('ModelArts.3017', 'source_location must not contain "." or ".." segments');
  const prefix = loc.key === '' || loc.key.endsWith('/') ? loc.key : `${loc.key}/`;
  return { bucket: loc.bucket, prefix };
}

async function listAll(store: ObjectStore, bucket: string, prefix: string): Promise<Array<{ key: string; size: number }>> {
  const out: Array<{ key: string; size: number }> = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.list(bucket, { prefix, maxKeys: 1000, ...(after !== undefined ? { after } : {}) });
    for (const o of page.objects) if (!o.key.endsWith('/')) out.push({ key: o.key, size: o.size });
    if (!page.isTruncated || page.last === undefined) return out;
    after = page.last;
  }
}

async function readSmall(store: ObjectStore, bucket: string, key: string): Promise<string> {
  const reader = await store.get(bucket, key);
  if (reader.info.size > MAX_CONFIG_BYTES) {
    reader.release();
    throw new PlatformError('ModelArts.3015', `${CONFIG_FILE} is larger than 1 MB`);
  }
  const chunks: Buffer[] = [];
  for await (const c of reader.stream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Checks a package in OBS the way the cloud does at import: the bucket is the caller's, a `model/` folder
 * exists with exactly one `config.json` (at its top) and the inference code the model type needs.
 */
export async function checkPackage(
  store: ObjectStore,
  domainId: string,
  sourceLocation: string,
  modelType: string,
  /** Undefined when `initial_config` replaces the package's config.json (which is then not required). */
  configDefaults: ModelConfigDefaults | undefined,
): Promise<CheckedPackage> {
  const { bucket, prefix } = packagePrefix(sourceLocation);
  try {
    const b = await store.headBucket(bucket);
    if (b.domainId !== domainId) throw new PlatformError('ModelArts.3017', `The bucket ${bucket} does not exist or belongs to another account`);
  } catch (e) {
    if (isStorageError(e) && e.code === 'BucketNotFound') throw new PlatformError('ModelArts.3017', `The bucket ${bucket} does not exist`);
    throw e;
  }
  const all = await listAll(store, bucket, prefix);
  if (all.length === 0) throw new PlatformError('ModelArts.3017', `Nothing is stored under ${sourceLocation}`);
  const modelPrefix = prefix.endsWith('model/') && !all.some((o) => o.key.startsWith(`${prefix}model/`)) ? prefix : `${prefix}model/`;
  const inModel = all.filter((o) => o.key.startsWith(modelPrefix));
  if (inModel.length === 0)
    throw new PlatformError('ModelArts.3017', `The package has no model/ folder: ${sourceLocation} must contain model/ with the model files and config.json`);
  const rel = inModel.map((o) => o.key.slice(modelPrefix.length));
  const configs = rel.filter((k) => k === CONFIG_FILE || k.endsWith(`/${CONFIG_FILE}`));
  let config: Record<string, unknown> = {};
  if (configDefaults) {
    if (configs.length === 0) throw new PlatformError('ModelArts.3017', `model/ holds no ${CONFIG_FILE}`);
    if (configs.length > 1) throw new PlatformError('ModelArts.3017', `model/ must hold exactly one ${CONFIG_FILE}; found ${configs.join(', ')}`);
    if (configs[0] !== CONFIG_FILE) throw new PlatformError('ModelArts.3017', `${CONFIG_FILE} must sit directly in model/, not at model/${configs[0]}`);
    config = parseConfig(await readSmall(store, bucket, modelPrefix + CONFIG_FILE), 'ModelArts.3015', CONFIG_FILE, configDefaults);
  }
  if (MODEL_TYPES_NEEDING_INFERENCE_CODE.includes(modelType) && !rel.includes(SCRIPT)) {
    throw new PlatformError('ModelArts.3017', `model/ holds no ${SCRIPT}: model type ${modelType} needs inference code`);
  }
  return { location: { bucket, prefix, modelPrefix }, config, size: inModel.reduce((s, o) => s + o.size, 0), files: rel };
}

/** Parses config.json (or `initial_config`) and checks it as the import does; the first problem answers its code. */
export function parseConfig(text: string, code: 'ModelArts.3015' | 'ModelArts.3016', what: string, defaults: ModelConfigDefaults): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new PlatformError(code, `${what} is not valid JSON: ${(e as Error).message}`);
  }
  const issue = checkModelConfig(value, defaults)[0];
  if (issue) throw new PlatformError(issue.code === 'ModelArts.3015' ? code : issue.code, issue.message.replace(/^config\.json/, what));
  return value as Record<string, unknown>;
}

/** pip only; `restraint` EXACT/ATLEAST/ATMOST and only with a version. */
export function checkDependencies(deps: readonly ModelDependency[]): void {
  for (const d of deps) {
    if (d.installer !== 'pip') throw new PlatformError('ModelArts.3040', `installer "${d.installer}" is not supported: the only installer is pip`);
    for (const p of d.packages ?? []) {
      if (typeof p.package_name !== 'string' || p.package_name === '') throw new PlatformError('ModelArts.3041', 'every package needs a package_name');
      const version = p.package_version ?? '';
      const restraint = p.restraint ?? '';
      if (version === '' && restraint !== '') throw new PlatformError('ModelArts.3041', `${p.package_name}: restraint ${restraint} needs a package_version`);
      if (version !== '' && !['EXACT', 'ATLEAST', 'ATMOST'].includes(restraint)) {
        throw new PlatformError('ModelArts.3041', `${p.package_name}: package_version ${version} needs restraint EXACT, ATLEAST or ATMOST`);
      }
    }
  }
}

/** The APIs in config.json form (`request`/`response`), from the package or the request's `apis`. */
export function configApis(body: ModelCreateBody, config: Record<string, unknown>): unknown[] {
  if (Array.isArray(config.apis)) return config.apis;
  return (body.apis ?? []).map((a) => ({
    protocol: a.protocol ?? 'http',
    url: a.url ?? '/',
    method: a.method ?? 'post',
    ...(a.input_params !== undefined ? { request: { 'Content-type': 'application/json', data: a.input_params } } : {}),
    ...(a.output_params !== undefined ? { response: { 'Content-type': 'application/json', data: a.output_params } } : {}),
  }));
}
