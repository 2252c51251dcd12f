import { type Static, Type } from '@modelarts-ts/contract';
import { defineSignature } from '../internal/arguments.js';
import { formatObsPath, parseObsPath } from '../obs/paths.js';

/**
 * The manual's `train_params` data classes (Tables 8-2, 8-3, 8-5 and the debugging sections). Every function that
 * takes one also takes a plain object of the same shape.
 */

const str = () => Type.Optional(Type.String());

export const TrainingFilesOptions = Type.Object({
  /** `obs://bucket/dir/` for a remote job, or a local folder (local mode; uploaded to `obs_path` for a remote job). */
  code_dir: Type.String({ minLength: 1 }),
  /** Relative to `code_dir` (`train.py`), or an absolute OBS path inside it. */
  boot_file: Type.String({ minLength: 1 }),
  /** Where a local `code_dir` is uploaded before a remote job. */
  obs_path: str(),
});
export type TrainingFilesOptions = Static<typeof TrainingFilesOptions>;

export class TrainingFiles implements TrainingFilesOptions {
  readonly code_dir: string;
  readonly boot_file: string;
  readonly obs_path: string | undefined;

  constructor(o: TrainingFilesOptions) {
    NEW_TRAINING_FILES.check(o);
    this.code_dir = o.code_dir;
    this.boot_file = o.boot_file;
    this.obs_path = o.obs_path;
  }
}

export const InputDataOptions = Type.Object({
  /** OBS folder or file (an archive in local mode is unpacked); with `is_local_source`, where local data is uploaded. */
  obs_path: str(),
  /** Channel name, passed to the boot file as `--<name>=<local dir>`. A remote job names an unnamed input `data_url`. */
  name: str(),
  /** Local mode: where the data is downloaded to (or already is, with `is_local_source`). Not sent for a remote job. */
  local_path: str(),
  /** The data already sits at `local_path` (default false). */
  is_local_source: Type.Optional(Type.Boolean()),
});
export type InputDataOptions = Static<typeof InputDataOptions>;

export class InputData implements InputDataOptions {
  readonly obs_path: string | undefined;
  readonly name: string | undefined;
  readonly local_path: string | undefined;
  readonly is_local_source: boolean;

  constructor(o: InputDataOptions) {
    NEW_INPUT_DATA.check(o);
    this.obs_path = o.obs_path;
    this.name = o.name;
    this.local_path = o.local_path;
    this.is_local_source = o.is_local_source ?? false;
  }
}

export const OutputDataOptions = Type.Object({
  /** OBS folder the outputs are uploaded to. */
  obs_path: Type.String({ minLength: 1 }),
  /** Channel name, passed to the boot file as `--<name>=<local dir>`. A remote job names an unnamed output `train_url`. */
  name: str(),
  /** Local mode: the folder the script writes to; its contents are uploaded to `obs_path` after training. Not sent for a remote job. */
  local_path: str(),
});
export type OutputDataOptions = Static<typeof OutputDataOptions>;

export class OutputData implements OutputDataOptions {
  readonly obs_path: string;
  readonly name: string | undefined;
  readonly local_path: string | undefined;

  constructor(o: OutputDataOptions) {
    NEW_OUTPUT_DATA.check(o);
    this.obs_path = o.obs_path;
    this.name = o.name;
    this.local_path = o.local_path;
  }
}

const NEW_TRAINING_FILES = defineSignature('new TrainingFiles', [['options', TrainingFilesOptions]]);
const NEW_INPUT_DATA = defineSignature('new InputData', [['options', InputDataOptions]]);
const NEW_OUTPUT_DATA = defineSignature('new OutputData', [['options', OutputDataOptions]]);

/**
 * A running parameter (`[{"name": …, "value": …}]`), passed to the boot file as `--name=value`. A parameter with no
 * value, or with `value: true`, is a bare flag `--name` (the manual's `action='store_true'`); `value: false` leaves
 * the flag out.
 */
export const TrainingParameterInput = Type.Object({
  name: Type.String({ minLength: 1 }),
  value: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
});
export type TrainingParameterInput = Static<typeof TrainingParameterInput>;

/** An attached disk (Table 8-1 `volumes`), e.g. `{ nfs: { local_path, read_only, nfs_server_path } }`. */
export const TrainingVolume = Type.Object({
  nfs: Type.Optional(Type.Object({ nfs_server_path: Type.String(), local_path: Type.String(), read_only: Type.Optional(Type.Boolean()) })),
  pfs: Type.Optional(Type.Object({ pfs_path: Type.String(), local_path: Type.String() })),
  obs: Type.Optional(Type.Object({ obs_path: Type.String(), local_path: Type.String() })),
});
export type TrainingVolume = Static<typeof TrainingVolume>;

/** `--name=value` words of the parameters, in order (booleans as described on TrainingParameterInput). */
export function parameterArgs(parameters: readonly TrainingParameterInput[]): string[] {
  const out: string[] = [];
  for (const p of parameters) {
    if (p.value === false) continue;
    out.push(p.value === undefined || p.value === true ? `--${p.name}` : `--${p.name}=${String(p.value)}`);
  }
  return out;
}

/** The wire form: values travel as strings; a bare flag has no value. */
export function wireParameters(parameters: readonly TrainingParameterInput[]): Array<{ name: string; value?: string }> {
  return parameters
    .filter((p) => p.value !== false)
    .map((p) => (p.value === undefined || p.value === true ? { name: p.name } : { name: p.name, value: String(p.value) }));
}

/** `obs://…` (the manual also writes OBS paths as `/bucket/key`, which cannot be told from a local path without context). */
export function isObsUrl(p: string): boolean {
  return /^obs:\/\//i.test(p) || /^s3:\/\//i.test(p);
}

/** `obs://bucket/key` for either of the manual's forms (`/bucket/key` too), so `session.obs.copy` sees the OBS side. */
export function obsUri(p: string): string {
  return formatObsPath(parseObsPath(p));
}

/** The same path ending with `/` (an OBS folder). */
export function obsFolder(p: string): string {
  const u = obsUri(p);
  return u.endsWith('/') ? u : `${u}/`;
}
