import { type Static, Type } from '@modelarts-ts/contract';
import { InvalidArgumentError } from '../core/error.js';
import { defineSignature } from '../internal/arguments.js';
import type { DependenciesOptions, PackagesOptions } from './configs.js';

/** Table 9-3. */
export const CondaDependenciesSchema = Type.Object(
  {
    channels: Type.Optional(Type.Array(Type.String())),
    pip_packages: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    conda_packages: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  },
  { additionalProperties: false },
);
export type CondaDependenciesOptions = Static<typeof CondaDependenciesSchema>;

const CONDA = defineSignature('new CondaDependencies', [], CondaDependenciesSchema);
const CONDA_CREATE = defineSignature('CondaDependencies.create', [], CondaDependenciesSchema);

/**
 * The manual's `CondaDependencies` (Table 9-3): the packages a model needs. There is no conda here: `pip_packages`
 * become the model's pip dependencies (config.json `dependencies`), installed into the model's own folder when it is
 * served; `conda_packages` and `channels` are kept for the record (a `python=3.x` pin is not enforced).
 */
export class CondaDependencies implements CondaDependenciesOptions {
  readonly channels: string[];
  readonly pip_packages: string[];
  readonly conda_packages: string[];

  constructor(options: CondaDependenciesOptions = {}) {
    const [o] = CONDA.check(options);
    this.channels = [...(o.channels ?? [])];
    this.pip_packages = [...(o.pip_packages ?? [])];
    this.conda_packages = [...(o.conda_packages ?? [])];
  }

  /** The manual's `CondaDependencies.create(pip_packages=[…], conda_packages=[…])`. */
  static create(options: CondaDependenciesOptions = {}): CondaDependencies {
    return new CondaDependencies(CONDA_CREATE.check(options)[0]);
  }
}

export const EnvironmentSchema = Type.Object(
  { name: Type.String({ minLength: 1 }), conda: Type.Optional(CondaDependenciesSchema) },
  { additionalProperties: false },
);
export type EnvironmentOptions = Static<typeof EnvironmentSchema>;

const ENVIRONMENT = defineSignature('new Environment', [
  ['name', Type.String({ minLength: 1 })],
  ['conda', Type.Optional(CondaDependenciesSchema)],
]);

/** The manual's `Environment(name)` (Table 9-2); attach packages with `env.conda = CondaDependencies.create(…)`. */
export class Environment {
  conda: CondaDependencies | undefined;

  readonly name: string;

  constructor(name: string, conda?: CondaDependenciesOptions) {
    const [n, c] = ENVIRONMENT.check(name, conda);
    this.name = n;
    this.conda = c ? new CondaDependencies(c) : undefined;
  }
}

const RESTRAINTS: Record<string, PackagesOptions['restraint']> = { '==': 'EXACT', '>=': 'ATLEAST', '<=': 'ATMOST' };

/** `numpy==1.15.0` → `{package_name, package_version, restraint: EXACT}`; `>=` ATLEAST, `<=` ATMOST, a bare name any version. */
export function pipRequirement(spec: string): PackagesOptions {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._\-[\],]*)\s*(?:(==|>=|<=)\s*([^\s,;]+))?\s*$/.exec(spec);
  if (!m) {
    throw new InvalidArgumentError(
      `pip package "${spec}" cannot be a model dependency: write name, name==version, name>=version or name<=version (config.json restraints EXACT, ATLEAST, ATMOST).`,
    );
  }
  const [, name, op, version] = m as unknown as [string, string, string | undefined, string | undefined];
  return op && version ? { package_name: name, package_version: version, restraint: RESTRAINTS[op] } : { package_name: name };
}

/** The config.json `dependencies` an Environment stands for (empty when it lists no pip packages). */
export function environmentDependencies(env: { conda?: CondaDependenciesOptions | undefined } | undefined): DependenciesOptions[] {
  const pip = env?.conda?.pip_packages ?? [];
  return pip.length ? [{ installer: 'pip', packages: pip.map(pipRequirement) }] : [];
}
