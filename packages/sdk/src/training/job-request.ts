import { type Static, type TrainingAlgorithm, type TrainingJobCreateBody, type TrainingSpec, Type } from '@modelarts-ts/contract';
import { InvalidArgumentError } from '../core/error.js';
import { InputDataOptions, isObsUrl, OutputDataOptions, TrainingFilesOptions, TrainingParameterInput, TrainingVolume, wireParameters } from './data.js';

const str = () => Type.Optional(Type.String());

/** What an Estimator holds (Table 8-1 and the debugging sections), as the manual names it. */
export const EstimatorOptions = Type.Object({
  training_files: Type.Optional(TrainingFilesOptions),
  /** A list, as in the manual (`outputs=[OutputData(...)]`). */
  outputs: Type.Optional(Type.Array(OutputDataOptions)),
  parameters: Type.Optional(Type.Array(TrainingParameterInput)),
  /** A flavor id (`modelarts.vm.cpu.2u`, see `getSpecList`), or `local` to run right here. */
  train_instance_type: str(),
  /** Nodes (workers); in local mode, local worker processes. Default 1. */
  train_instance_count: Type.Optional(Type.Integer({ minimum: 1 })),
  framework_type: str(),
  framework_version: str(),
  /** Custom image (with `user_command`). */
  user_image_url: str(),
  user_command: str(),
  /** OBS folder the logs are exported to. */
  log_url: str(),
  local_code_dir: str(),
  working_dir: str(),
  job_description: str(),
  volumes: Type.Optional(Type.Array(TrainingVolume)),
  env_variables: Type.Optional(Type.Record(Type.String(), Type.String())),
  pool_id: str(),
  /** The interpreter the boot file runs with (default python3; `.js`/`.mjs` boot files run with node). */
  script_interpreter: str(),
  /** An existing job, for `getJobInfo`, `updateJobConfigs`, `deleteJob`, `controlJob`, `getJobLog`, `getJobMetrics`. */
  job_id: str(),
});
export type EstimatorOptions = Static<typeof EstimatorOptions>;

/** Table 8-4's data arguments of `fit`. */
export const JobInputs = Type.Object({
  /** A list, as in the manual (`inputs=[InputData(...)]`). */
  inputs: Type.Optional(Type.Array(InputDataOptions)),
  dataset_id: str(),
  dataset_version_id: str(),
});
export type JobInputs = Static<typeof JobInputs>;

/** The environment variable through which a remote job learns `script_interpreter` (the cloud's own name for it). */
export const SCRIPT_INTERPRETER_ENV = 'MA_SCRIPT_INTERPRETER';

/** `code_dir` + `boot_file` as the API wants them: an OBS folder ending with `/`, the boot file as a full OBS path. */
export function obsCode(code_dir: string, boot_file: string): { code_dir: string; boot_file: string } {
  const dir = code_dir.endsWith('/') ? code_dir : `${code_dir}/`;
  const boot = isObsUrl(boot_file) || boot_file.startsWith('/') ? boot_file : dir + boot_file.replace(/^\.\//, '');
  return { code_dir: dir, boot_file: boot };
}

/**
 * The create body of a remote job: each Estimator and fit argument mapped to its v2 field. `code` is the OBS code
 * folder after any upload; inputs that were local are already replaced by their OBS copies.
 */
export function buildCreateBody(
  e: EstimatorOptions,
  fit: JobInputs,
  job_name: string,
  code: { code_dir: string; boot_file: string } | undefined,
  warn: (message: string) => void = warnUser,
): TrainingJobCreateBody {
  if (!e.train_instance_type) throw new InvalidArgumentError('train_instance_type is required: a flavor id (see Estimator.getSpecList) or "local".');
  const count = e.train_instance_count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError(`train_instance_count must be an integer ≥ 1 (got ${count})`);
  const image = e.user_image_url !== undefined || e.user_command !== undefined;
  if (image && (!e.user_image_url || !e.user_command))
    throw new InvalidArgumentError('user_image_url and user_command go together (a custom-image job needs both).');
  if (!code && !image) throw new InvalidArgumentError('training_files (code_dir + boot_file) or user_image_url + user_command is required.');

  const algorithm: TrainingAlgorithm = {};
  if (code) {
    algorithm.code_dir = code.code_dir;
    algorithm.boot_file = code.boot_file;
  }
  if (image) algorithm.command = e.user_command;
  const engine: NonNullable<TrainingAlgorithm['engine']> = {};
  if (e.framework_type) engine.engine_name = e.framework_type;
  if (e.framework_version) engine.engine_version = e.framework_version;
  if (e.user_image_url) engine.image_url = e.user_image_url;
  if (Object.keys(engine).length > 0) algorithm.engine = engine;
  const inputs = remoteInputs(fit);
  if (inputs.length) algorithm.inputs = inputs;
  // `local_path` is the local mode's folder: a remote job gets the cloud's own channel folder instead.
  const outputNames = channelNames(e.outputs ?? [], DEFAULT_OUTPUT_CHANNEL, 'outputs');
  if (e.outputs?.length) algorithm.outputs = e.outputs.map((o, i) => ({ name: outputNames[i] as string, remote: { obs: { obs_url: o.obs_path } } }));
  const parameters = withoutChannels(e.parameters ?? [], [...inputs.map((c) => c.name), ...outputNames], warn);
  if (parameters.length) algorithm.parameters = wireParameters(parameters);
  if (e.local_code_dir) algorithm.local_code_dir = e.local_code_dir;
  if (e.working_dir) algorithm.working_dir = e.working_dir;
  const env: Record<string, string> = { ...e.env_variables };
  if (e.script_interpreter) env[SCRIPT_INTERPRETER_ENV] = e.script_interpreter;
  if (Object.keys(env).length) algorithm.environments = env;

  const spec: TrainingSpec = { resource: { flavor_id: e.train_instance_type, node_count: count } };
  if (e.pool_id) spec.resource.pool_id = e.pool_id;
  if (e.volumes?.length) spec.volumes = e.volumes.map((v) => ({ ...v }));
  if (e.log_url) spec.log_export_path = { obs_url: e.log_url };

  return {
    kind: 'job',
    metadata: { name: job_name, ...(e.job_description !== undefined ? { description: e.job_description } : {}) },
    algorithm,
    spec,
  };
}

function remoteInputs(fit: JobInputs): NonNullable<TrainingAlgorithm['inputs']> {
  const hasDataset = fit.dataset_id !== undefined || fit.dataset_version_id !== undefined;
  if (hasDataset && fit.inputs?.length) throw new InvalidArgumentError('Pass either inputs or dataset_id + dataset_version_id, not both.');
  if (hasDataset) {
    if (!fit.dataset_id || !fit.dataset_version_id) throw new InvalidArgumentError('dataset_id and dataset_version_id go together.');
    return [{ name: DEFAULT_INPUT_CHANNEL, remote: { dataset: { id: fit.dataset_id, version_id: fit.dataset_version_id } } }];
  }
  const inputs = fit.inputs ?? [];
  const names = channelNames(inputs, DEFAULT_INPUT_CHANNEL, 'inputs');
  return inputs.map((d, i) => {
    if (!d.obs_path) throw new InvalidArgumentError(`inputs[${i}] has no obs_path: a remote job reads its inputs from OBS.`);
    return { name: names[i] as string, remote: { obs: { obs_url: d.obs_path } } };
  });
}

/** The names the cloud's SDK gives an unnamed channel: `data_url` for an input, `train_url` for an output. */
export const DEFAULT_INPUT_CHANNEL = 'data_url';
export const DEFAULT_OUTPUT_CHANNEL = 'train_url';

/** Channel names in order: an unnamed channel takes `fallback`, which only one channel can have. */
function channelNames(channels: ReadonlyArray<{ name?: string | undefined }>, fallback: string, what: string): string[] {
  const names = channels.map((c) => c.name || fallback);
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) {
      const hint = channels[i]?.name ? '' : ` (an unnamed channel is named "${fallback}")`;
      throw new InvalidArgumentError(`${what}[${i}]: two ${what} are named "${n}"${hint}: give each channel its own name.`);
    }
    seen.add(n);
  });
  return names;
}

/**
 * The parameters minus those named like a channel: a remote job passes each channel as `--<name>=<its folder>`,
 * so a parameter of the same name (in the manual's examples, `data_url` set to the local mode's folder) would
 * pass the flag twice. The channel wins; the user is told.
 */
function withoutChannels(parameters: readonly TrainingParameterInput[], channels: readonly string[], warn: (m: string) => void): TrainingParameterInput[] {
  const kept: TrainingParameterInput[] = [];
  for (const p of parameters) {
    if (channels.includes(p.name)) {
      warn(`The parameter "${p.name}" has the name of a channel: the remote job gets --${p.name}=<the channel's folder>, and the parameter is not passed.`);
      continue;
    }
    kept.push(p);
  }
  return kept;
}

function warnUser(message: string): void {
  process.emitWarning(message, { code: 'MODELARTS_PARAMETER_SHADOWED' });
}

/** The manual's time suffix: `<name>-YYYYMMDD-HHMMSS` (local time). */
export function timeSuffix(d: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
