import type { TrainingAlgorithm, TrainingInput, TrainingJobCreateBody, TrainingOutput, TrainingSpec } from '@modelarts-ts/contract';
import {
  asDirectoryUrl,
  CONTAINER_HOME,
  formatObsUrl,
  type InputChannel,
  isObsUrl,
  jobLayout,
  mapContainerPath,
  type OutputChannel,
  parseObsUrl,
  safeRelativePath,
} from '@modelarts-ts/runtime';
import { PlatformError } from '../../errors.js';
import { type Engine, findEngine } from './engines.js';
import { type Flavor, flavorView } from './flavors.js';
import type { JobDefinition } from './store.js';

export interface ValidationContext {
  findFlavor(id: string): Promise<Flavor | undefined>;
  /** Python for an engine's jobs (the platform default when the engine has none configured). */
  pythonFor(engineName: string | undefined): string;
  outputPeriodSeconds: number;
  /** The manifest of a published dataset version, for dataset inputs (absent: dataset inputs are refused). */
  datasetManifest?(datasetId: string, versionId: string | undefined): { manifest: string } | 'no-dataset' | 'no-version';
}

export interface Accepted {
  kind: string;
  flavor: Flavor;
  nodeCount: number;
  definition: JobDefinition;
}

const MAX_ENVIRONMENTS = 100;
/** What a process environment can carry: a name without `=` (POSIX shell names), values without NUL. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** NUL cannot pass through argv or the environment of a process: refused at create, not when the job starts. */
function refuseNul(value: string | undefined, what: string): void {
  if (value?.includes('\u0000')) throw new PlatformError('ModelArts.2788', `${what} must not contain a NUL character`);
}
/** A job folder stand-in, only to check that user container paths stay inside it. */
const PROBE_LAYOUT = jobLayout('/job', 'probe');

function obsDir(url: string, code: 'ModelArts.2757' | 'ModelArts.2791', what: string): string {
  try {
    const loc = parseObsUrl(url);
    return asDirectoryUrl(formatObsUrl(loc));
  } catch (e) {
    throw new PlatformError(code, `Invalid ${what}: ${(e as Error).message}`);
  }
}

function obsUrl(url: string, what: string): string {
  try {
    return formatObsUrl(parseObsUrl(url));
  } catch (e) {
    throw new PlatformError('ModelArts.2791', `Invalid ${what}: ${(e as Error).message}`);
  }
}

/** A container path given by the user (`/home/ma-user/...` or relative), checked to stay in the job folder. */
function containerPath(p: string, what: string): string {
  try {
    mapContainerPath(PROBE_LAYOUT, p, PROBE_LAYOUT.jobDir, what);
    return p;
  } catch (e) {
    throw new PlatformError('ModelArts.2788', `Invalid ${what}: ${(e as Error).message}`);
  }
}

/** code_dir and boot_file: the code folder URL and the boot file relative to it (a full OBS boot path is accepted, as in the cloud). */
function codeAndBoot(a: TrainingAlgorithm): { codeUrl?: string; bootFile?: string } {
  let codeUrl = a.code_dir ? obsDir(a.code_dir, 'ModelArts.2757', 'code_dir') : undefined;
  if (!a.boot_file) return codeUrl ? { codeUrl } : {};
  if (isObsUrl(a.boot_file)) {
    const boot = parseObsUrl(a.boot_file);
    const slash = boot.key.lastIndexOf('/');
    codeUrl ??= formatObsUrl({ bucket: boot.bucket, key: slash < 0 ? '' : boot.key.slice(0, slash + 1) });
    const code = parseObsUrl(codeUrl);
    if (code.bucket !== boot.bucket || !boot.key.startsWith(code.key)) {
      throw new PlatformError('ModelArts.2758', `The boot file ${a.boot_file} is not inside code_dir ${a.code_dir}`);
    }
    return { codeUrl, bootFile: checkedBoot(boot.key.slice(code.key.length)) };
  }
  if (!codeUrl) throw new PlatformError('ModelArts.2757', 'code_dir is required with a relative boot_file');
  return { codeUrl, bootFile: checkedBoot(a.boot_file) };
}

function checkedBoot(rel: string): string {
  try {
    return safeRelativePath(rel, 'boot_file');
  } catch (e) {
    throw new PlatformError('ModelArts.2758', `Invalid boot_file: ${(e as Error).message}`);
  }
}

function checkChannelNames(inputs: readonly TrainingInput[], outputs: readonly TrainingOutput[]): void {
  const seen = new Set<string>();
  for (const c of [...inputs, ...outputs]) {
    if (seen.has(c.name)) throw new PlatformError('ModelArts.2753', `The channel name ${c.name} is used twice`);
    seen.add(c.name);
  }
}

/**
 * Checks a create body as the cloud does (same field rules, same `ModelArts.27xx` codes, all HTTP 400) and returns
 * what to store and run.
 * Everything that can be decided without I/O beyond the flavor catalog is decided here, so a bad body never
 * becomes a job.
 */
export async function acceptCreateBody(body: TrainingJobCreateBody, ctx: ValidationContext): Promise<Accepted> {
  const kind = body.kind ?? 'job';
  if (kind !== 'job') throw new PlatformError('ModelArts.2788', `kind "${kind}" is not supported by ModelArts Local: only "job"`);
  const a: TrainingAlgorithm = body.algorithm ?? {};
  if (a.id || a.subscription_id || a.item_version_id) {
    throw new PlatformError(
      'ModelArts.2755',
      'Saved and subscribed algorithms do not exist in ModelArts Local: give code_dir and boot_file, or a custom image',
    );
  }
  const engineRef = a.engine ?? {};
  const custom = Boolean(engineRef.image_url) || Boolean(a.command);
  if (custom && !(engineRef.image_url && a.command)) throw new PlatformError('ModelArts.2806');
  const { codeUrl, bootFile } = codeAndBoot(a);
  if (!custom && !bootFile) throw new PlatformError('ModelArts.2758', 'boot_file is required (or a custom image with engine.image_url and command)');
  let engine: Engine | undefined;
  if (engineRef.engine_id || engineRef.engine_name) {
    engine = findEngine(engineRef);
    if (!engine) {
      const which = engineRef.engine_id ?? `${engineRef.engine_name} ${engineRef.engine_version ?? ''}`.trim();
      throw new PlatformError('ModelArts.2780', `The engine ${which} does not exist: list them with GET training-job-engines`);
    }
  }

  const resource = body.spec?.resource ?? {};
  if (resource.pool_id)
    throw new PlatformError('ModelArts.2788', 'Dedicated resource pools do not exist in ModelArts Local: use a public flavor without pool_id');
  if (!resource.flavor_id) throw new PlatformError('ModelArts.2788', 'spec.resource.flavor_id is required');
  const flavor = await ctx.findFlavor(resource.flavor_id);
  if (!flavor) throw new PlatformError('ModelArts.2781', `The flavor ${resource.flavor_id} does not exist: list them with GET training-job-flavors`);
  const nodeCount = resource.node_count ?? 1;
  if (nodeCount > flavor.max_num) {
    throw new PlatformError('ModelArts.2793', `node_count ${nodeCount} is above the maximum of ${flavor.flavor_id} (${flavor.max_num})`);
  }

  const inputs = a.inputs ?? [];
  const outputs = a.outputs ?? [];
  checkChannelNames(inputs, outputs);
  const runInputs: InputChannel[] = inputs.map((c) => {
    if (c.remote.dataset) {
      // The job receives the version's manifest and every file its samples point to.
      const found = ctx.datasetManifest?.(c.remote.dataset.id, c.remote.dataset.version_id) ?? 'no-dataset';
      if (found === 'no-dataset') throw new PlatformError('ModelArts.2783', `The dataset ${c.remote.dataset.id} of input ${c.name} does not exist`);
      if (found === 'no-version')
        throw new PlatformError(
          'ModelArts.2782',
          `The dataset ${c.remote.dataset.id} has no published version ${c.remote.dataset.version_id ?? '(current)'} for input ${c.name}`,
        );
      return {
        name: c.name,
        obsUrl: found.manifest,
        manifest: true,
        localDir: containerPath(c.local_dir ?? `${CONTAINER_HOME}/modelarts/inputs/${c.name}_0`, `local_dir of input ${c.name}`),
        accessMethod: c.access_method ?? 'parameter',
      };
    }
    if (!c.remote.obs) throw new PlatformError('ModelArts.2753', `Input ${c.name} needs remote.obs.obs_url`);
    return {
      name: c.name,
      obsUrl: obsUrl(c.remote.obs.obs_url, `obs_url of input ${c.name}`),
      localDir: containerPath(c.local_dir ?? `${CONTAINER_HOME}/modelarts/inputs/${c.name}_0`, `local_dir of input ${c.name}`),
      accessMethod: c.access_method ?? 'parameter',
    };
  });
  const runOutputs: OutputChannel[] = outputs.map((c) => ({
    name: c.name,
    obsUrl: obsDir(c.remote.obs.obs_url, 'ModelArts.2791', `obs_url of output ${c.name}`),
    localDir: containerPath(c.local_dir ?? `${CONTAINER_HOME}/modelarts/outputs/${c.name}_0`, `local_dir of output ${c.name}`),
    accessMethod: c.access_method ?? 'parameter',
  }));
  const parameters = a.parameters ?? [];
  const names = new Set<string>();
  for (const p of parameters) {
    if (names.has(p.name)) throw new PlatformError('ModelArts.2788', `The parameter ${p.name} is given twice`);
    names.add(p.name);
  }
  const environments = a.environments ?? {};
  if (Object.keys(environments).length > MAX_ENVIRONMENTS)
    throw new PlatformError('ModelArts.2788', `At most ${MAX_ENVIRONMENTS} environment variables are allowed`);
  for (const [name, value] of Object.entries(environments)) {
    if (!ENV_NAME.test(name)) throw new PlatformError('ModelArts.2788', `Environment variable name ${JSON.stringify(name)} must match ${ENV_NAME.source}`);
    refuseNul(value, `Environment variable ${name}`);
  }
  for (const p of parameters) refuseNul(p.value, `The value of parameter ${p.name}`);
  refuseNul(a.command, 'command');
  const workingDir = a.working_dir ? containerPath(a.working_dir, 'working_dir') : undefined;
  const localCodeDir = a.local_code_dir ? containerPath(a.local_code_dir, 'local_code_dir') : undefined;
  const logUrlGiven = body.spec?.log_export_path?.obs_url;
  const logUrl = logUrlGiven ? obsDir(logUrlGiven, 'ModelArts.2791', 'log_export_path.obs_url') : undefined;
  const warnings = body.spec?.volumes?.length ? ['Volumes are not mounted in ModelArts Local: spec.volumes is ignored.'] : [];

  const algorithm: TrainingAlgorithm = {
    ...a,
    ...(codeUrl ? { code_dir: codeUrl } : {}),
    ...(bootFile && codeUrl ? { boot_file: `${codeUrl}${bootFile}` } : {}),
    parameters,
    inputs: inputs.map((c, i) => ({ ...c, local_dir: runInputs[i]?.localDir, access_method: c.access_method ?? 'parameter' })),
    outputs: outputs.map((c, i) => ({
      ...c,
      local_dir: runOutputs[i]?.localDir,
      access_method: c.access_method ?? 'parameter',
      mode: c.mode ?? 'upload_periodically',
      period: c.period ?? `${ctx.outputPeriodSeconds}s`,
    })),
    engine: engine
      ? { engine_id: engine.engine_id, engine_name: engine.engine_name, engine_version: engine.engine_version, image_url: engineRef.image_url ?? engine.image }
      : { ...engineRef },
    environments,
  };
  const spec: TrainingSpec = {
    ...body.spec,
    resource: {
      policy: 'regular',
      flavor_id: flavor.flavor_id,
      flavor_name: flavor.flavor_name,
      node_count: nodeCount,
      flavor_detail: { flavor_type: flavor.flavor_type, billing: flavor.billing, flavor_info: flavorView(flavor).flavor_info },
    },
    log_export_path: body.spec?.log_export_path ?? {},
  };
  const definition: JobDefinition = {
    ...(body.metadata.annotations ? { annotations: body.metadata.annotations } : {}),
    algorithm,
    spec,
    warnings,
    run: {
      codeUrl,
      bootFile,
      command: a.command,
      image: engineRef.image_url,
      inputs: runInputs,
      outputs: runOutputs,
      parameters: parameters.map((p) => (p.value === undefined ? { name: p.name } : { name: p.name, value: p.value })),
      environments,
      nodeCount,
      gpus: flavor.gpus,
      python: ctx.pythonFor(engine?.engine_name),
      workingDir,
      localCodeDir,
      logUrl,
      cores: flavor.flavor_info.cpu.core_num,
      memoryBytes: flavor.flavor_info.memory.size * 1024 ** 3,
    },
  };
  return { kind, flavor, nodeCount, definition };
}
