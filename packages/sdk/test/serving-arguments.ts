import {
  CondaDependencies,
  Dependencies,
  Environment,
  Model,
  Packages,
  Params,
  Predictor,
  Schedule,
  ServiceConfig,
  type Session,
  TransformerConfig,
} from '../src/index.js';

/** Rows of the argument-check table (test/arguments.test.ts) for chapters 9–10. */
type Call = (s: Session) => unknown;
interface Row {
  name: string;
  typo?: [Call, string];
  missing?: [Call, string];
  wrongType?: [Call, string];
}

const any = (v: unknown) => v as never;
const byId = (s: Session) => new Model(s, { model_id: 'm1' });
const pred = (s: Session) => new Predictor(s, 's1');
const create = { model_version: '1.0.0', source_location: '/b/p/', model_type: 'MindSpore' } as const;
const config = { model_id: 'm1', weight: 100, instance_count: 1, specification: 'modelarts.vm.cpu.2u' };
const transformer = {
  model_id: 'm1',
  specification: 'modelarts.vm.cpu.2u',
  instance_count: 1,
  src_path: 'obs://b/in/',
  dest_path: 'obs://b/out/',
  mapping_type: 'file',
} as const;

export const servingRows: Row[] = [
  {
    name: 'Model',
    typo: [(s) => new Model(s, { ...create, model_nmae: 'x' } as never), "did you mean 'model_name'?"],
    missing: [(s) => new Model(s, { source_location: '/b/p/', model_type: 'MindSpore' } as never), 'options.model_version is required'],
    wrongType: [(s) => new Model(s, { ...create, publish: any('no') }), 'options.publish must be a boolean'],
  },
  { name: 'Model.create', wrongType: [(s) => Model.create(s, { ...create, model_type: any('Sklearn') }), 'options.model_type must be'] },
  { name: 'Model.getModelList', typo: [(s) => Model.getModelList(s, { model_staus: 'published' } as never), "did you mean 'model_status'?"] },
  { name: 'Model.getModelObjectList', wrongType: [(s) => Model.getModelObjectList(s, { limit: any('5') }), 'options.limit must be an integer'] },
  { name: 'Model.deleteModelById', missing: [(s) => Model.deleteModelById(s, any(undefined)), 'model_id is required'] },
  { name: 'Model.configureTfInferEnviron', wrongType: [() => Model.configureTfInferEnviron({ device_type: any('TPU') }), 'options.device_type must be'] },
  { name: 'model.getModelInfo', wrongType: [(s) => (byId(s).getModelInfo as (...a: unknown[]) => unknown)('now'), 'takes 0 argument(s)'] },
  { name: 'model.publishModel', typo: [(s) => byId(s).publishModel({ obs_locaton: 'obs://b/p/' } as never), "did you mean 'obs_location'?"] },
  { name: 'model.deleteModel', wrongType: [(s) => byId(s).deleteModel({ cascade: any('yes') }), 'options.cascade must be a boolean'] },
  {
    name: 'model.deployPredictor',
    typo: [(s) => byId(s).deployPredictor({ configs: [config], servce_name: 'x' } as never), "did you mean 'service_name'?"],
    missing: [(s) => byId(s).deployPredictor(any({})), 'options.configs is required'],
    wrongType: [(s) => byId(s).deployPredictor({ configs: [{ ...config, instance_count: 0 }] }), 'options.configs[0].instance_count must be an integer'],
  },
  {
    name: 'model.deployTransformer',
    wrongType: [(s) => byId(s).deployTransformer({ configs: [{ ...transformer, mapping_type: any('rows') }] }), 'options.configs[0].mapping_type must be'],
  },
  {
    name: 'Predictor',
    missing: [(s) => new Predictor(s, any(undefined)), 'service_id is required'],
    wrongType: [(s) => new Predictor(s, any(42)), 'service_id must be a non-empty string, got 42'],
  },
  {
    name: 'predictor.predict',
    typo: [(s) => pred(s).predict({ data: {}, data_type: 'json', pth: '/' } as never), "did you mean 'path'?"],
    missing: [(s) => pred(s).predict(any({ data: {} })), 'options.data_type is required'],
  },
  { name: 'predictor.deleteService', wrongType: [(s) => (pred(s).deleteService as (...a: unknown[]) => unknown)(true), 'takes 0 argument(s)'] },
  { name: 'predictor.updateServiceConfig', wrongType: [(s) => pred(s).updateServiceConfig({ status: any('paused') }), 'options.status must be'] },
  { name: 'predictor.getServiceEvents', typo: [(s) => pred(s).getServiceEvents({ event_typ: 'normal' } as never), "did you mean 'event_type'?"] },
  { name: 'predictor.waitUntilRunning', typo: [(s) => pred(s).waitUntilRunning({ timeout: 5 } as never), "did you mean 'timeoutMs'?"] },
  { name: 'Predictor.getServiceList', typo: [(s) => Predictor.getServiceList(s, { servce_name: 'x' } as never), "did you mean 'service_name'?"] },
  {
    name: 'Predictor.getServiceObjectList',
    wrongType: [(s) => Predictor.getServiceObjectList(s, { is_show: any('yes') }), 'options.is_show must be a boolean'],
  },
  {
    name: 'ServiceConfig',
    typo: [() => new ServiceConfig({ ...config, specificaton: 'x' } as never), "did you mean 'specification'?"],
    missing: [() => new ServiceConfig(any({ weight: 100, instance_count: 1, specification: 'x' })), 'options.model_id is required'],
    wrongType: [() => new ServiceConfig({ ...config, weight: any('most') }), 'options.weight must be'],
  },
  { name: 'TransformerConfig', missing: [() => new TransformerConfig(any({ ...transformer, src_path: undefined })), 'options.src_path is required'] },
  { name: 'Schedule', wrongType: [() => new Schedule({ op_type: any('start'), time_unit: 'HOURS', duration: 1 }), 'options.op_type must be "stop"'] },
  { name: 'Params', missing: [() => new Params(any({ url: '/', param_type: 'number' })), 'options.param_name is required'] },
  { name: 'Packages', wrongType: [() => new Packages({ package_name: 'numpy', restraint: any('ABOUT') }), 'options.restraint must be'] },
  { name: 'Dependencies', wrongType: [() => new Dependencies({ installer: any('conda'), packages: [] }), 'options.installer must be "pip"'] },
  { name: 'CondaDependencies', typo: [() => CondaDependencies.create({ pip_package: ['numpy'] } as never), "did you mean 'pip_packages'?"] },
  { name: 'Environment', missing: [() => new Environment(any(undefined)), 'name is required'] },
];

/** Serving exports that need no row, and why. */
export const servingExempt: Record<string, string> = {
  Models: 'low level resource, reached through ModelArtsClient',
  Services: 'low level resource, reached through ModelArtsClient',
  pipRequirement: 'pure parser of one requirement; refuses what config.json cannot express (InvalidArgumentError)',
};
