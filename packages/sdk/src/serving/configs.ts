import { type Static, Type } from '@modelarts-ts/contract';
import { defineSignature } from '../internal/arguments.js';

/**
 * The manual's `modelarts.config.model_config` data classes (Tables 9-4 to 9-6, 10-2, 10-6, 10-7, 10-9) as TypeBox
 * schemas (the run-time argument checks) and classes. Every function that takes one also takes a plain object of the
 * same shape. Data keeps the manual's names; `toWire…` functions give the REST names where they differ.
 */

const Envs = Type.Record(Type.String(), Type.String(), { description: 'environment variables of the model server' });
/** The manual writes weights as strings (`weight="70"`); the REST API takes integers. */
const Weight = Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.String({ pattern: '^\\d{1,3}$' })]);
const InstanceCount = Type.Integer({ minimum: 1, maximum: 128 });

/** Table 10-6 (real-time) / Table 10-2 (`specification: 'local'`). */
export const ServiceConfigSchema = Type.Object(
  {
    model_id: Type.String({ minLength: 1 }),
    weight: Weight,
    specification: Type.String({ minLength: 1, description: 'a flavor id (`modelarts.vm.cpu.2u`) or `local`' }),
    instance_count: InstanceCount,
    envs: Type.Optional(Envs),
    custom_spec: Type.Optional(Type.Object({ cpu: Type.Number(), memory: Type.Integer(), gpu_p4: Type.Optional(Type.Number()) })),
    cluster_id: Type.Optional(Type.String()),
    pool_name: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ServiceConfigOptions = Static<typeof ServiceConfigSchema>;

/** Table 10-7 (batch). The manual spells the inference path `reg_uri`; the REST field is `req_uri` (both accepted). */
export const TransformerConfigSchema = Type.Object(
  {
    model_id: Type.String({ minLength: 1 }),
    specification: Type.String({ minLength: 1 }),
    instance_count: InstanceCount,
    envs: Type.Optional(Envs),
    src_path: Type.String({ minLength: 1 }),
    dest_path: Type.String({ minLength: 1 }),
    reg_uri: Type.Optional(Type.String()),
    req_uri: Type.Optional(Type.String()),
    mapping_type: Type.Union([Type.Literal('file'), Type.Literal('csv')]),
    mapping_rule: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
    src_type: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('ManifestFile')])),
  },
  { additionalProperties: false },
);
export type TransformerConfigOptions = Static<typeof TransformerConfigSchema>;

/** Table 10-9. The REST API names `op_type` `type`. */
export const ScheduleSchema = Type.Object(
  {
    op_type: Type.Literal('stop'),
    time_unit: Type.Union([Type.Literal('DAYS'), Type.Literal('HOURS'), Type.Literal('MINUTES')]),
    duration: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type ScheduleOptions = Static<typeof ScheduleSchema>;

/** Table 9-4 (`input_params` / `output_params`). */
export const ParamsSchema = Type.Object(
  {
    url: Type.String(),
    param_name: Type.String({ minLength: 1, maxLength: 64 }),
    param_type: Type.String({ minLength: 1 }),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    param_desc: Type.Optional(Type.String({ maxLength: 100 })),
    method: Type.Optional(Type.String()),
    protocol: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ParamsOptions = Static<typeof ParamsSchema>;

/** Table 9-6. `restraint` is required when a version is given. */
export const PackagesSchema = Type.Object(
  {
    package_name: Type.String({ minLength: 1 }),
    package_version: Type.Optional(Type.String()),
    restraint: Type.Optional(Type.Union([Type.Literal('EXACT'), Type.Literal('ATLEAST'), Type.Literal('ATMOST'), Type.Literal('')])),
  },
  { additionalProperties: false },
);
export type PackagesOptions = Static<typeof PackagesSchema>;

/** Table 9-5. */
export const DependenciesSchema = Type.Object({ installer: Type.Literal('pip'), packages: Type.Array(PackagesSchema) }, { additionalProperties: false });
export type DependenciesOptions = Static<typeof DependenciesSchema>;

const SIG = {
  ServiceConfig: defineSignature('new ServiceConfig', [], ServiceConfigSchema),
  TransformerConfig: defineSignature('new TransformerConfig', [], TransformerConfigSchema),
  Schedule: defineSignature('new Schedule', [], ScheduleSchema),
  Params: defineSignature('new Params', [], ParamsSchema),
  Packages: defineSignature('new Packages', [], PackagesSchema),
  Dependencies: defineSignature('new Dependencies', [], DependenciesSchema),
};

export class ServiceConfig implements ServiceConfigOptions {
  readonly model_id: string;
  readonly weight: number | string;
  readonly specification: string;
  readonly instance_count: number;
  readonly envs: Record<string, string> | undefined;
  readonly custom_spec: ServiceConfigOptions['custom_spec'];
  readonly cluster_id: string | undefined;
  readonly pool_name: string | undefined;

  constructor(options: ServiceConfigOptions) {
    const [o] = SIG.ServiceConfig.check(options);
    this.model_id = o.model_id;
    this.weight = o.weight;
    this.specification = o.specification;
    this.instance_count = o.instance_count;
    this.envs = o.envs;
    this.custom_spec = o.custom_spec;
    this.cluster_id = o.cluster_id;
    this.pool_name = o.pool_name;
  }
}

export class TransformerConfig implements TransformerConfigOptions {
  readonly model_id: string;
  readonly specification: string;
  readonly instance_count: number;
  readonly envs: Record<string, string> | undefined;
  readonly src_path: string;
  readonly dest_path: string;
  readonly reg_uri: string | undefined;
  readonly mapping_type: 'file' | 'csv';
  readonly mapping_rule: Record<string, unknown> | null | undefined;
  readonly src_type: TransformerConfigOptions['src_type'];

  constructor(options: TransformerConfigOptions) {
    const [o] = SIG.TransformerConfig.check(options);
    this.model_id = o.model_id;
    this.specification = o.specification;
    this.instance_count = o.instance_count;
    this.envs = o.envs;
    this.src_path = o.src_path;
    this.dest_path = o.dest_path;
    this.reg_uri = o.reg_uri ?? o.req_uri;
    this.mapping_type = o.mapping_type;
    this.mapping_rule = o.mapping_rule;
    this.src_type = o.src_type;
  }
}

export class Schedule implements ScheduleOptions {
  readonly op_type: 'stop';
  readonly time_unit: ScheduleOptions['time_unit'];
  readonly duration: number;

  constructor(options: ScheduleOptions) {
    const [o] = SIG.Schedule.check(options);
    this.op_type = o.op_type;
    this.time_unit = o.time_unit;
    this.duration = o.duration;
  }
}

export class Params implements ParamsOptions {
  readonly url: string;
  readonly param_name: string;
  readonly param_type: string;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly param_desc: string | undefined;

  constructor(options: ParamsOptions) {
    const [o] = SIG.Params.check(options);
    this.url = o.url;
    this.param_name = o.param_name;
    this.param_type = o.param_type;
    this.min = o.min;
    this.max = o.max;
    this.param_desc = o.param_desc;
  }
}

export class Packages implements PackagesOptions {
  readonly package_name: string;
  readonly package_version: string | undefined;
  readonly restraint: PackagesOptions['restraint'];

  constructor(options: PackagesOptions) {
    const [o] = SIG.Packages.check(options);
    this.package_name = o.package_name;
    this.package_version = o.package_version;
    this.restraint = o.restraint;
  }
}

export class Dependencies implements DependenciesOptions {
  readonly installer: 'pip';
  readonly packages: PackagesOptions[];

  constructor(options: DependenciesOptions) {
    const [o] = SIG.Dependencies.check(options);
    this.installer = o.installer;
    this.packages = o.packages.map((p) => ({ ...p }));
  }
}

/** Drops undefined fields, so that a wire body carries only what was given. */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A real-time config as the REST API takes it (`weight` as an integer). */
export function wireServiceConfig(c: ServiceConfigOptions) {
  return defined({
    model_id: c.model_id,
    weight: Number(c.weight),
    specification: c.specification,
    instance_count: c.instance_count,
    envs: c.envs,
    custom_spec: c.custom_spec,
    cluster_id: c.cluster_id,
    pool_name: c.pool_name,
  });
}

/** A batch config as the REST API takes it (`reg_uri` → `req_uri`, default `/`). */
export function wireTransformerConfig(c: TransformerConfigOptions) {
  return defined({
    model_id: c.model_id,
    specification: c.specification,
    instance_count: c.instance_count,
    envs: c.envs,
    src_path: c.src_path,
    dest_path: c.dest_path,
    req_uri: c.reg_uri ?? c.req_uri ?? '/',
    mapping_type: c.mapping_type,
    mapping_rule: c.mapping_rule ?? undefined,
    src_type: c.src_type,
  });
}

/** `op_type` → `type`. */
export function wireSchedule(s: ScheduleOptions) {
  return { type: s.op_type, time_unit: s.time_unit, duration: s.duration };
}

/** The package restraint rule: a version needs a restraint. */
export function checkPackages(deps: readonly DependenciesOptions[]): string | undefined {
  for (const d of deps) {
    for (const p of d.packages) {
      if (p.package_version && !p.restraint)
        return `package ${p.package_name} has package_version ${p.package_version} but no restraint (EXACT, ATLEAST or ATMOST)`;
    }
  }
  return undefined;
}
