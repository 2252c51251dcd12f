import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  checkModelConfig,
  MODEL_TYPES_NEEDING_INFERENCE_CODE,
  type ModelConfig,
  type ModelConfigDefaults,
  type ModelDependency,
  type ModelPackageIssue,
  pipRequirement,
} from '@modelarts-ts/contract';
import { splitInterpreter } from '../command.js';
import { cleanBaseEnv } from '../environment.js';
import { walkFiles } from '../local-files.js';
import type { LogSink } from '../log-sink.js';
import { Worker } from '../worker.js';

export const MODEL_FOLDER = 'model';
export const MODEL_CONFIG_FILE = 'config.json';
export const INFERENCE_CODE_FILE = 'customize_service.py';
/** Where `installModelDependencies` puts the packages by default: beside the `model/` folder, inside the package. */
export const MODEL_PIP_FOLDER = '.pip-packages';

export interface ModelPackageInfo {
  /** The `model/` folder (absolute). */
  modelDir: string;
  /** config.json as read, when it parsed as a JSON object (even if it has issues). */
  config: ModelConfig | undefined;
  /** Empty when the package is acceptable; each with the cloud's code. */
  errors: ModelPackageIssue[];
  /** Bytes of every file under `model/` (the model's `model_size`). */
  sizeBytes: number;
  hasInferenceCode: boolean;
}

async function isDir(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

async function isFile(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined))?.isFile() ?? false;
}

/**
 * Validates a model package: `dir` is the package (holding `model/`) or the `model/` folder itself (the manual's local
 * example passes either). `model/` must hold config.json, valid as `checkModelConfig` says, and `customize_service.py`
 * where the model type needs inference code. `defaults` fill `model_type`/`model_algorithm` given by the request.
 */
export async function inspectModelPackage(dir: string, defaults: ModelConfigDefaults = {}): Promise<ModelPackageInfo> {
  const root = resolve(dir);
  const errors: ModelPackageIssue[] = [];
  const layout = (message: string) => errors.push({ code: 'ModelArts.3017', message });
  let modelDir = join(root, MODEL_FOLDER);
  const info = (): ModelPackageInfo => ({ modelDir, config, errors, sizeBytes, hasInferenceCode });
  let config: ModelConfig | undefined;
  let sizeBytes = 0;
  let hasInferenceCode = false;

  if (!(await isDir(root))) {
    layout(`the model package ${dir} is not a folder`);
    return info();
  }
  if (!(await isDir(modelDir))) {
    if (basename(root) === MODEL_FOLDER || (await isFile(join(root, MODEL_CONFIG_FILE)))) modelDir = root;
    else {
      layout(`the model package has no ${MODEL_FOLDER}/ folder (it must hold ${MODEL_CONFIG_FILE} and the model files)`);
      return info();
    }
  }
  const files = await walkFiles(modelDir);
  for (const f of files) sizeBytes += (await stat(join(modelDir, f)).catch(() => undefined))?.size ?? 0;
  hasInferenceCode = files.includes(INFERENCE_CODE_FILE);

  if (!files.includes(MODEL_CONFIG_FILE)) {
    const elsewhere = files.find((f) => basename(f) === MODEL_CONFIG_FILE);
    layout(
      `${MODEL_FOLDER}/${MODEL_CONFIG_FILE} is missing${elsewhere ? ` (found ${MODEL_FOLDER}/${elsewhere}; it must be directly in ${MODEL_FOLDER}/)` : ''}`,
    );
    return info();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readFile(join(modelDir, MODEL_CONFIG_FILE), 'utf8')).replace(/^\uFEFF/, ''));
  } catch (e) {
    errors.push({ code: 'ModelArts.3015', message: `config.json is not valid JSON: ${(e as Error).message}` });
    return info();
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) config = parsed as ModelConfig;
  errors.push(...checkModelConfig(parsed, defaults));
  const modelType = config?.model_type ?? defaults.model_type;
  if (modelType && MODEL_TYPES_NEEDING_INFERENCE_CODE.includes(modelType) && !hasInferenceCode) {
    layout(`${MODEL_FOLDER}/${INFERENCE_CODE_FILE} is missing: model type ${modelType} needs inference code`);
  }
  return info();
}

export interface InstallDependenciesOptions {
  /** Interpreter whose pip installs (`python3`, a path, or a path with options). */
  python: string;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
  /** Default `<package>/.pip-packages`, beside `model/`. */
  target?: string;
  /** Extra pip options, e.g. `['--no-index', '--find-links', dir]`. */
  pipArgs?: string[];
  /** Added to the clean base environment (e.g. `PIP_INDEX_URL`). */
  env?: Record<string, string>;
}

/** pip failed: the message carries pip's error lines. */
export class ModelDependencyError extends Error {
  override name = 'ModelDependencyError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export function defaultDependencyTarget(modelDir: string): string {
  return join(dirname(resolve(modelDir)), MODEL_PIP_FOLDER);
}

/** What to pass as `pythonPath` to `startModelServer`: the installed dependencies, when there are any. */
export function modelPythonPath(modelDir: string, target = defaultDependencyTarget(modelDir)): string[] {
  return existsSync(target) ? [target] : [];
}

/** Splits process output into lines for `onLog`. */
class LineLog implements LogSink {
  private partial = '';
  constructor(private readonly onLine: (line: string) => void) {}
  write(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.onLine(p.replace(/\r$/, ''));
  }
  service(message: string): void {
    this.onLine(message);
  }
  flush(): void {
    if (this.partial) this.onLine(this.partial);
    this.partial = '';
  }
}

/**
 * Installs config.json `dependencies` with `python -m pip install --target`, one pip run per entry in array order
 * (cwd: the model folder, so wheels shipped in it can be named by relative path). Packages land in a temporary folder
 * renamed to `target` when every run succeeded, so a failed or aborted install leaves nothing half-written. Resolves
 * with the target, or undefined when there is nothing to install; rejects with `ModelDependencyError` carrying pip's
 * error lines. Callers serialise installs into one target (the final swap of the folder is not atomic).
 */
export async function installModelDependencies(
  modelDir: string,
  dependencies: readonly ModelDependency[] | undefined,
  options: InstallDependenciesOptions,
): Promise<string | undefined> {
  const runs = (dependencies ?? []).map((d) => d.packages.map(pipRequirement)).filter((r) => r.length > 0);
  if (runs.length === 0) return undefined;
  const [file, ...pythonOptions] = splitInterpreter(options.python);
  if (!file) throw new ModelDependencyError(`empty python setting "${options.python}"`, 1);
  const target = resolve(options.target ?? defaultDependencyTarget(modelDir));
  const staging = `${target}.tmp-${randomUUID()}`;
  await mkdir(staging, { recursive: true });
  const log = new LineLog(options.onLog ?? (() => {}));
  const env = { ...cleanBaseEnv(process.env), ...(options.env ?? {}), PYTHONUNBUFFERED: '1' };
  try {
    for (const requirements of runs) {
      options.signal?.throwIfAborted();
      log.service(`pip install ${requirements.join(' ')}`);
      const args = [...pythonOptions, '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--no-warn-script-location'];
      const worker = new Worker({
        task: 'pip',
        command: { file, args: [...args, '--target', staging, ...(options.pipArgs ?? []), ...requirements] },
        cwd: resolve(modelDir),
        env,
        log,
      });
      const abort = () => void worker.stop(2000);
      options.signal?.addEventListener('abort', abort, { once: true });
      const code = await worker.exited.finally(() => options.signal?.removeEventListener('abort', abort));
      log.flush();
      options.signal?.throwIfAborted();
      if (code !== 0) {
        const lines = worker.stderr.last();
        const errorLines = lines.filter((l) => l.startsWith('ERROR'));
        const detail = (errorLines.length ? errorLines : lines.slice(-5)).join('\n');
        throw new ModelDependencyError(`pip install ${requirements.join(' ')} failed with exit code ${code}${detail ? `:\n${detail}` : ''}`, code);
      }
    }
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
