import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from '../core/error.js';
import { formatObsPath, parseObsPath } from '../obs/paths.js';
import type { Session } from '../session.js';

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isFile() ?? false;
}

/**
 * The folder holding a local model's `config.json` and `customize_service.py`: `<source_location>/model/`, or the
 * folder itself (the manual's text names the parent of `model/`, its example the `model/` folder: both work).
 */
export async function localModelDir(source_location: string): Promise<string> {
  const root = resolve(source_location);
  if (await isFile(join(root, 'model', 'config.json'))) return join(root, 'model');
  if (await isFile(join(root, 'config.json'))) return root;
  throw new InvalidArgumentError(
    `source_location "${source_location}" holds no model package: expected ${join(root, 'model', 'config.json')} (or config.json in the folder itself).`,
  );
}

/** The model's `config.json`, parsed (`{}` when it cannot be read). */
export async function readModelConfig(modelDir: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(join(modelDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * An OBS folder in any form the cloud writes it (`obs://b/p/`, `/b/p/`, `https://b.obs.<region>.myhuaweicloud.com/p/`)
 * as `obs://b/p/`.
 */
export function obsFolderUrl(location: string): string {
  const https = /^https?:\/\/([^./]+)\.obs\.[^/]+\/?(.*)$/.exec(location);
  const loc = https ? { bucket: https[1] as string, key: https[2] as string } : parseObsPath(location);
  const key = loc.key === '' || loc.key.endsWith('/') ? loc.key : `${loc.key}/`;
  return formatObsPath({ bucket: loc.bucket, key });
}

/** Downloads a published model's `model/` folder from OBS into a new temp folder; answers that folder. */
export async function downloadModelDir(session: Session, source_location: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'modelarts-local-model-'));
  await session.obs.copy(`${obsFolderUrl(source_location)}model/`, dir, { keep_last_dir: false, checkpoint: false });
  return localModelDir(dir);
}

/** `modelarts-<region>-<project id prefix>`: the default bucket of publishModel, as the manual's example shows it. */
export async function defaultBucket(session: Session): Promise<string> {
  const project = await session.getProjectId();
  const region = (session.region_name ?? 'local').toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `modelarts-${region}-${project
    .replace(/[^a-z0-9]/gi, '')
    .slice(0, 8)
    .toLowerCase()}`;
}
