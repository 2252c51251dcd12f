import { describe, expect, it } from 'vitest';
import * as sdk from '../src/index.js';
import {
  Annotation,
  Dataset,
  Estimator,
  InputData,
  InvalidArgumentError,
  Manifest,
  OutputData,
  PascalVoc,
  parseManifest,
  Sample,
  Session,
  TrainingFiles,
  TrainingJob,
  VocObject,
} from '../src/index.js';
import { serverManagementRows } from './server-management-args.js';
import { servingExempt, servingRows } from './serving-arguments.js';
import { fakeSession } from './training-helpers.js';

/**
 * Every public function and constructor, called as a Python user of the manual might get it wrong: a misspelled
 * option, a missing argument, a wrongly typed one. Each must throw InvalidArgumentError naming the parameter
 * (`expect`) before any request is sent. Add a row for every new public function.
 */
type Call = (s: Session) => unknown;
interface Row {
  /** The export (or `Export.method`) the row covers. */
  name: string;
  typo?: [Call, string];
  missing?: [Call, string];
  wrongType?: [Call, string];
}

const est = (s: Session) => new Estimator(s, { job_id: 'job-1', train_instance_type: 'modelarts.vm.cpu.2u' });
const job = (s: Session) => new TrainingJob(s, 'job-1');
const anyFn = (v: unknown) => v as never;
/** A receiver whose methods may be called with anything. */
/** A function that may be called with anything. */
const loose = (f: (...args: never[]) => unknown) => f as unknown as (...args: unknown[]) => unknown;
type Method = 'copy' | 'uploadFile' | 'uploadDir' | 'downloadFile' | 'downloadDir' | 'list' | 'exists' | 'write';
const untyped = (o: object) => o as unknown as Record<Method | 'getJobInfo' | 'deleteJob' | 'controlJob' | 'updateJobConfigs', (...args: unknown[]) => unknown>;

const rows: Row[] = [
  {
    name: 'Session',
    typo: [() => new Session({ access_key: 'a', secret_key: 'b', regoin_name: 'r' } as never), "unknown option 'regoin_name'; did you mean 'region_name'?"],
    wrongType: [() => new Session({ access_key: 'a', secret_key: 'b', project_id: anyFn(123) }), 'options.project_id must be a string, got 123'],
  },
  {
    name: 'Session.local',
    typo: [() => Session.local({ data_dri: '/tmp/x' } as never), "did you mean 'data_dir'?"],
    wrongType: [() => Session.local({ port: anyFn('80') }), 'options.port must be an integer'],
  },
  { name: 'session.getProjectId', wrongType: [(s) => s.getProjectId(anyFn('p')), 'options must be an object'] },
  {
    name: 'session.obs.copy',
    typo: [(s) => s.obs.copy('obs://b/a/', '/tmp/x/', { keep_lastdir: false } as never), "unknown option 'keep_lastdir'; did you mean 'keep_last_dir'?"],
    missing: [(s) => untyped(s.obs).copy('obs://b/a/'), 'dst_path is required'],
    wrongType: [(s) => s.obs.copy('obs://b/a/', '/tmp/x/', anyFn(false)), 'Pass it by name: { keep_last_dir: false }'],
  },
  {
    name: 'session.obs.uploadFile',
    typo: [(s) => s.obs.uploadFile('/tmp/f', 'obs://b/d/', { concurency: 2 } as never), "did you mean 'concurrency'?"],
    missing: [(s) => untyped(s.obs).uploadFile(), 'session.obs.uploadFile(src_local_file, dst_obs_dir, { onProgress, '],
    wrongType: [(s) => s.obs.uploadFile(anyFn(['/tmp/f']), 'obs://b/d/'), 'src_local_file must be a non-empty string, got a list'],
  },
  {
    name: 'session.obs.uploadDir',
    typo: [(s) => s.obs.uploadDir('/tmp/d', 'obs://b/d/', { partsize: 1 } as never), "did you mean 'partSize'?"],
    missing: [(s) => untyped(s.obs).uploadDir('/tmp/d'), 'dst_obs_dir is required'],
    wrongType: [(s) => s.obs.uploadDir('/tmp/d', 'obs://b/d/', { concurrency: 0 }), 'options.concurrency must be an integer (≥ 1), got 0'],
  },
  {
    name: 'session.obs.downloadFile',
    typo: [(s) => s.obs.downloadFile('obs://b/f', '/tmp/', { signl: undefined } as never), "did you mean 'signal'?"],
    missing: [(s) => untyped(s.obs).downloadFile('obs://b/f'), 'dst_local_dir is required'],
    wrongType: [(s) => s.obs.downloadFile('obs://b/f', '/tmp/', { signal: anyFn('x') }), 'options.signal must be an AbortSignal'],
  },
  {
    name: 'session.obs.downloadDir',
    typo: [(s) => s.obs.downloadDir('obs://b/d/', '/tmp/', { checkpont: false } as never), "did you mean 'checkpoint'?"],
    missing: [(s) => untyped(s.obs).downloadDir(), 'src_obs_dir is required'],
    wrongType: [(s) => s.obs.downloadDir('obs://b/d/', '/tmp/', { onProgress: anyFn(1) }), 'options.onProgress must be a function'],
  },
  {
    name: 'session.obs.list',
    typo: [(s) => s.obs.list('obs://b/', { recursiv: true } as never), "did you mean 'recursive'?"],
    missing: [(s) => untyped(s.obs).list(), 'prefix is required'],
  },
  { name: 'session.obs.exists', missing: [(s) => untyped(s.obs).exists(), 'path is required'] },
  {
    name: 'session.obs.remove',
    typo: [(s) => s.obs.remove('obs://b/x', { recursve: true } as never), "did you mean 'recursive'?"],
    wrongType: [(s) => s.obs.remove('obs://b/x', anyFn(true)), 'Pass it by name: { recursive: true }'],
  },
  { name: 'session.obs.makeBucket', wrongType: [(s) => s.obs.makeBucket(anyFn(7)), 'bucket must be a non-empty string, got 7'] },
  { name: 'session.obs.read', wrongType: [(s) => s.obs.read('obs://b/x', { range: anyFn({ begin: 0 }) }), "unknown option 'begin' in options.range"] },
  {
    name: 'session.obs.write',
    missing: [(s) => untyped(s.obs).write('obs://b/x'), 'data is required'],
    wrongType: [(s) => s.obs.write('obs://b/x', anyFn(42)), 'data must be a string, a Uint8Array'],
  },
  {
    name: 'TrainingFiles',
    typo: [() => new TrainingFiles({ code_dir: 'c', boot_file: 'b', obs_pth: 'o' } as never), "did you mean 'obs_path'?"],
    missing: [() => new TrainingFiles(anyFn({ code_dir: 'c' })), 'options.boot_file is required'],
    wrongType: [() => new TrainingFiles(anyFn('obs://b/code/')), 'options must be an object'],
  },
  {
    name: 'InputData',
    typo: [() => new InputData({ obs_path: 'obs://b/d/', local_pth: '/tmp' } as never), "did you mean 'local_path'?"],
    wrongType: [() => new InputData({ is_local_source: anyFn('yes') }), 'options.is_local_source must be a boolean'],
  },
  {
    name: 'OutputData',
    typo: [() => new OutputData({ obs_path: 'obs://b/o/', nmae: 'x' } as never), "did you mean 'name'?"],
    missing: [() => new OutputData(anyFn({})), 'options.obs_path is required'],
  },
  {
    name: 'Estimator',
    typo: [(s) => new Estimator(s, { framwork_type: 'PyTorch' } as never), "unknown option 'framwork_type'; did you mean 'framework_type'?"],
    missing: [() => new Estimator(anyFn(undefined)), 'new Estimator(session, { training_files, outputs,'],
    wrongType: [
      (s) => new Estimator(s, { outputs: anyFn(new OutputData({ obs_path: 'obs://b/o/' })) }),
      'options.outputs must be a list of an object, got a OutputData',
    ],
  },
  {
    name: 'estimator.fit',
    typo: [(s) => est(s).fit({ wiat: true } as never), "unknown option 'wiat'; did you mean 'wait'?"],
    wrongType: [(s) => est(s).fit({ inputs: anyFn({ obs_path: 'obs://b/d/' }) }), 'options.inputs must be a list'],
  },
  { name: 'estimator.getJobInfo', wrongType: [(s) => untyped(est(s)).getJobInfo('job-1'), 'takes 0 argument(s), got 1'] },
  {
    name: 'estimator.updateJobConfigs',
    missing: [(s) => untyped(est(s)).updateJobConfigs(), 'options.description is required'],
    typo: [(s) => est(s).updateJobConfigs({ descripton: 'x' } as never), "did you mean 'description'?"],
  },
  { name: 'estimator.deleteJob', wrongType: [(s) => untyped(est(s)).deleteJob(true), 'takes 0 argument(s)'] },
  { name: 'estimator.controlJob', wrongType: [(s) => untyped(est(s)).controlJob('terminate'), 'takes 0 argument(s)'] },
  { name: 'estimator.getJobLog', wrongType: [(s) => est(s).getJobLog(anyFn('worker-1')), 'Pass it by name: { task_id: "worker-1" }'] },
  { name: 'estimator.getJobMetrics', typo: [(s) => est(s).getJobMetrics({ taskid: 'worker-1' } as never), "did you mean 'task_id'?"] },
  {
    name: 'Estimator.getJobList',
    typo: [(s) => Estimator.getJobList(s, { sortby: 'name' } as never), "did you mean 'sort_by'?"],
    missing: [() => loose(Estimator.getJobList)(), 'session is required'],
    wrongType: [(s) => Estimator.getJobList(s, { limit: 500 }), 'options.limit must be an integer (≥ 1 ≤ 50), got 500'],
  },
  {
    name: 'Estimator.deleteJobById',
    missing: [(s) => loose(Estimator.deleteJobById)(s), 'Estimator.deleteJobById(session, job_id): job_id is required'],
    wrongType: [(s) => Estimator.deleteJobById(s, anyFn({ job_id: 'x' })), 'job_id must be a non-empty string, got an object'],
  },
  { name: 'Estimator.controlJobById', missing: [(s) => loose(Estimator.controlJobById)(s), 'job_id is required'] },
  {
    name: 'Estimator.getTrainInstanceTypes',
    missing: [() => loose(Estimator.getTrainInstanceTypes)(), 'Estimator.getTrainInstanceTypes(session): session is required'],
  },
  { name: 'Estimator.getSpecList', wrongType: [() => Estimator.getSpecList(anyFn({ client: {} })), 'session must be a Session'] },
  { name: 'Estimator.getFrameworkList', missing: [() => loose(Estimator.getFrameworkList)(), 'session is required'] },
  {
    name: 'TrainingJob',
    missing: [(s) => new (TrainingJob as unknown as new (...args: unknown[]) => unknown)(s), 'job_id is required'],
    wrongType: [(s) => new TrainingJob(s, anyFn(42)), 'job_id must be a non-empty string, got 42'],
  },
  { name: 'job.getJobInfo', wrongType: [(s) => untyped(job(s)).getJobInfo({}), 'takes 0 argument(s)'] },
  { name: 'job.getJobLog', wrongType: [(s) => job(s).getJobLog(anyFn('worker-1')), 'Pass it by name: { task_id: "worker-1" }'] },
  { name: 'job.getJobMetrics', wrongType: [(s) => job(s).getJobMetrics({ task_id: anyFn(1) }), 'options.task_id must be a non-empty string, got 1'] },
  {
    name: 'job.updateJobConfigs',
    missing: [(s) => untyped(job(s)).updateJobConfigs(), 'job.updateJobConfigs({ description }): options.description is required'],
  },
  { name: 'job.deleteJob', wrongType: [(s) => untyped(job(s)).deleteJob('now'), 'takes 0 argument(s)'] },
  { name: 'job.controlJob', wrongType: [(s) => untyped(job(s)).controlJob(1), 'takes 0 argument(s)'] },
  { name: 'job.wait', typo: [(s) => job(s).wait({ timeout: 5 } as never), "did you mean 'timeoutMs'?"] },
  { name: 'job.logs', typo: [(s) => job(s).logs({ folow: true } as never), "did you mean 'follow'?"] },
  ...serverManagementRows,
  ...servingRows,
  // Chapter 7.
  {
    name: 'Dataset',
    missing: [(s) => new Dataset(s, anyFn(undefined)), 'dataset_id is required (a dataset id)'],
    wrongType: [() => new Dataset(anyFn({}), 'ds-1'), 'session must be a Session'],
  },
  {
    name: 'Dataset.listDatasets',
    typo: [(s) => Dataset.listDatasets(s, { dataset_nmae: 'x' } as never), "did you mean 'dataset_name'?"],
    wrongType: [(s) => Dataset.listDatasets(s, { limit: 101 }), 'options.limit must be an integer (≥ 1 ≤ 100), got 101'],
  },
  {
    name: 'Dataset.createDataset',
    typo: [
      (s) => Dataset.createDataset(s, { dataset_name: 'x', data_type: 'IMAGE', data_source: {}, work_path: { path: '/b/w/' } } as never),
      "did you mean 'data_sources'?",
    ],
    missing: [
      (s) => Dataset.createDataset(s, { dataset_name: 'x', data_type: 'IMAGE', work_path: { path: '/b/w/' } } as never),
      'options.data_sources is required',
    ],
    wrongType: [
      (s) => Dataset.createDataset(s, { dataset_name: 'x', data_type: anyFn('PICTURES'), data_sources: { path: '/b/d/' }, work_path: { path: '/b/w/' } }),
      'options.data_type must be one of IMAGE, TEXT, AUDIO, TABLE, VIDEO, PLAIN, got "PICTURES"',
    ],
  },
  { name: 'dataset.listSamples', typo: [(s) => new Dataset(s, 'ds-1').listSamples({ label_nmae: 'cat' } as never), "did you mean 'label_name'?"] },
  { name: 'dataset.importData', missing: [(s) => new Dataset(s, 'ds-1').importData(anyFn(undefined)), 'path is required (an OBS folder or manifest path)'] },
  {
    name: 'dataset.waitForImport',
    typo: [(s) => new Dataset(s, 'ds-1').waitForImport('t-1', { onProgres: () => undefined } as never), "did you mean 'onProgress'?"],
  },
  {
    name: 'dataset.createLabelTask',
    wrongType: [
      (s) => new Dataset(s, 'ds-1').createLabelTask({ task_name: 'x', task_type: anyFn(7) }),
      'options.task_type must be a labeling type (0, 1, 3, 100, 101, 102, 200, 201, 202, 400, 600 or 900), got 7',
    ],
  },
  { name: 'Annotation', typo: [() => new Annotation({ nmae: 'cat' } as never), "did you mean 'name'?"] },
  { name: 'Sample', missing: [() => new Sample(anyFn({ usage: 'TRAIN' })), 'options.source is required'] },
  { name: 'Manifest', wrongType: [() => new Manifest({ samples: anyFn('a.jpg') }), 'options.samples must be a list of a Sample or its options, got "a.jpg"'] },
  { name: 'Manifest.parseManifest', typo: [() => Manifest.parseManifest('/tmp/x.manifest', { encodng: 'gbk' } as never), "did you mean 'encoding'?"] },
  { name: 'parseManifest', missing: [() => parseManifest(anyFn(undefined)), 'manifest_path is required'] },
  { name: 'PascalVoc', wrongType: [() => new PascalVoc({ width: anyFn('640') }), 'options.width must be an integer (≥ 0), got "640"'] },
  { name: 'PascalVoc.parseXml', missing: [() => PascalVoc.parseXml(anyFn(undefined)), 'xml_file_path is required'] },
  { name: 'VocObject', missing: [() => new VocObject(anyFn({ pose: '0' })), 'options.name is required'] },
];

/** Exports that are not functions of the manual's API, with why they need no row. */
const EXEMPT: Record<string, string> = {
  ModelArtsClient: 'low level: takes the contract types; Session builds it',
  TrainingJobs: 'low level resource, reached through ModelArtsClient',
  LiteServers: 'low level resource, reached through ModelArtsClient',
  LiteHyperinstances: 'low level resource, reached through ModelArtsClient',
  Datasets: 'low level resource, reached through ModelArtsClient',
  OBS: 'built by Session from resolved settings; its methods have rows',
  TokenCache: 'internal building block of the client',
  PagePromise: 'returned by list calls, not called by users',
  resolveConfig: 'takes a Session options object already checked by new Session',
  cloudEndpoint: 'pure string helper',
  signRequest: 'signing building block',
  levelLogger: 'logger helper',
  poll: 'waiter building block',
  followLog: 'log-stream building block',
  findRunningLocal: 'discovery helper',
  formatObsPath: 'pure path helper',
  parseObsPath: 'validates its own argument (InvalidArgumentError)',
  ...servingExempt,
};

async function refusal(call: Call, s: Session): Promise<InvalidArgumentError> {
  try {
    await call(s);
  } catch (e) {
    if (!(e instanceof InvalidArgumentError)) throw new Error(`expected InvalidArgumentError, got ${String(e)}`);
    return e;
  }
  throw new Error('expected the call to be refused');
}

describe('argument checks of every public function', () => {
  const cases = rows.flatMap((r) =>
    (['typo', 'missing', 'wrongType'] as const).flatMap((k) => (r[k] ? [{ name: r.name, kind: k, call: r[k][0], expected: r[k][1] }] : [])),
  );

  it.each(cases)('$name: $kind', async ({ call, expected }) => {
    const { session, calls } = fakeSession(() => ({ status: 500, body: { error_code: 'X', error_msg: 'a request was sent' } }));
    const e = await refusal(call, session);
    expect(e.message).toContain(expected);
    expect(e.signature).toBeDefined();
    expect(e.message.startsWith(`${e.signature}: `)).toBe(true);
    expect(calls).toEqual([]);
  });

  it('covers every exported function and class (a new export needs a row or a reason)', () => {
    const covered = new Set(rows.map((r) => r.name.split('.')[0]));
    const missing = Object.entries(sdk)
      .filter(([name, v]) => typeof v === 'function' && !/Error$/.test(name) && !covered.has(name) && !(name in EXEMPT))
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it('every row names a typo, a missing argument or a wrong type', () => {
    for (const r of rows) expect(r.typo ?? r.missing ?? r.wrongType, r.name).toBeDefined();
  });
});
