import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIError, CondaDependencies, Environment, InvalidArgumentError, Model, Predictor, ResourceFailedError, ServiceConfig, Session } from '../src/index.js';
import { PYTHON, rows, writeBrokenModel, writeFileModel, writeJsonModel } from './serving-helpers.js';

// Local models and local services need no platform: the session is never called.
const session = new Session({ access_key: 'ak', secret_key: 'sk', project_id: 'p', region_name: 'r', endpoint: 'http://127.0.0.1:9' });
let work: string;
const predictors: Predictor[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ma-serving-local-'));
});
afterAll(async () => {
  for (const p of predictors) await p.deleteService().catch(() => {});
  rmSync(work, { recursive: true, force: true });
});

async function localPredictor(dir: string, envs?: Record<string, string>) {
  const env = new Environment('local_env');
  env.conda = CondaDependencies.create({ pip_packages: [], conda_packages: ['python=3.8'] });
  const model = new Model(session, {
    publish: false,
    source_location_type: 'LOCAL_SOURCE',
    source_location: dir,
    environment: env,
    model_version: '1.0.1',
    model_type: 'MindSpore',
    model_algorithm: 'predict_analysis',
    model_name: 'local_infer',
  });
  const configs = [
    new ServiceConfig({ model_id: await model.getModelId(), weight: '100', instance_count: 1, specification: 'local', ...(envs ? { envs } : {}) }),
  ];
  const p = await model.deployPredictor({ configs, python: PYTHON });
  predictors.push(p);
  return { model, p };
}

describe("specification: 'local' (manual 9.1 and 10.2)", () => {
  it('serves a local model on this machine: JSON predict, info, monitor, logs, stop/start, delete', async () => {
    const { model, p } = await localPredictor(writeJsonModel(join(work, 'json')), { GREETING: 'hi' });
    expect(model.isLocal).toBe(true);
    expect(p.isLocal).toBe(true);
    const r = (await p.predict({ data: rows(1, 2), data_type: 'json' })) as { data: { resp_data: Array<{ predict_result: number }> }; greeting: string };
    expect(r.data.resp_data.map((d) => d.predict_result)).toEqual([5, 8]);
    expect(r.greeting).toBe('hi');
    // A .json file works too.
    const file = join(work, 'req.json');
    writeFileSync(file, JSON.stringify(rows(10)));
    expect(
      ((await p.predict({ data: file, data_type: 'JSON' })) as { data: { resp_data: Array<{ predict_result: number }> } }).data.resp_data[0]?.predict_result,
    ).toBe(32);

    const info = await p.getServiceInfo();
    expect(info.status).toBe('running');
    expect(info.invocation_times).toBe(2);
    expect(info.access_address).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(info.config[0]).toMatchObject({ model_name: 'local_infer', model_version: '1.0.1', status: 'ready', weight: 100 });
    const monitor = await p.getServiceMonitor();
    expect(monitor.monitors[0]?.cpu_memory_usage).toBeGreaterThan(0);
    expect((await p.getServiceLogs()).logs[0]?.result).toBe('SUCCESS');

    await p.updateServiceConfig({ status: 'stopped' });
    expect((await p.getServiceInfo()).status).toBe('stopped');
    await expect(p.predict({ data: rows(1), data_type: 'json' })).rejects.toMatchObject({ error_code: 'ModelArts.4203' });
    await p.updateServiceConfig({ status: 'running' });
    await p.waitUntilRunning();
    expect(await p.predict({ data: rows(0), data_type: 'json' })).toMatchObject({ data: { resp_data: [{ predict_result: 2 }] } });

    // The same process finds the local service by id.
    expect(new Predictor(session, p.service_id).isLocal).toBe(true);
    await p.deleteService();
    await expect(p.getServiceInfo()).rejects.toMatchObject({ status: 404, error_code: 'ModelArts.3502' });
  });

  it('files: a path, a list and named fields go as multipart; the field is the model’s declared file input', async () => {
    const { p } = await localPredictor(writeFileModel(join(work, 'files')));
    const a = join(work, 'a.txt');
    const b = join(work, 'b.csv');
    writeFileSync(a, 'one\ntwo\n');
    writeFileSync(b, 'x,y\n1,2\n3,4\n');
    expect(await p.predict({ data: a, data_type: 'files' })).toEqual({ files: { 'a.txt': { field: 'file', bytes: 8, lines: 2 } } });
    expect(await p.predict({ data: [a, b], data_type: 'files' })).toEqual({
      files: { 'a.txt': { field: 'file', bytes: 8, lines: 2 }, 'b.csv': { field: 'file', bytes: 12, lines: 3 } },
    });
    expect(await p.predict({ data: { images: b }, data_type: 'images' })).toEqual({ files: { 'b.csv': { field: 'images', bytes: 12, lines: 3 } } });
    await expect(p.predict({ data: join(work, 'missing.png'), data_type: 'images' })).rejects.toThrow(InvalidArgumentError);
  });

  it('a model that fails to load: ResourceFailedError with the reason from the model server', async () => {
    const model = new Model(session, {
      publish: false,
      source_location_type: 'LOCAL_SOURCE',
      source_location: writeBrokenModel(join(work, 'broken')),
      model_version: '1.0.0',
      model_type: 'MindSpore',
    });
    const configs = [{ model_id: await model.getModelId(), weight: 100, instance_count: 1, specification: 'local' }];
    const err = await model.deployPredictor({ configs, python: PYTHON }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceFailedError);
    expect((err as ResourceFailedError).status).toBe('failed');
    expect((err as ResourceFailedError).reason).toContain('weights are corrupt');
  });

  it('a model error answers the model server’s MR.0105 body as an APIError', async () => {
    const { p } = await localPredictor(writeJsonModel(join(work, 'json2')));
    const e = await p.predict({ data: { nothing: 1 }, data_type: 'json' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(APIError);
    expect((e as APIError).error_code).toBe('MR.0105');
  });

  it('argument errors name the parameter and the call', async () => {
    expect(() => new Model(session, { model_version: '01.0.0', source_location: '/x', model_type: 'MindSpore' })).toThrow(/model_version/);
    expect(() => new Model(session, { model_version: '1.0.0', source_location: '/x', model_type: 'Sklearn' as 'XGBoost' })).toThrow(/model_type/);
    expect(() => new Model(session, { model_id: 'm', source_location: '/x' } as never)).toThrow(/unknown option 'source_location'/);
    expect(() => new Model(session, { publish: false, model_version: '1.0.0', source_location: '/x', model_type: 'MindSpore' })).toThrow(/LOCAL_SOURCE/);
    expect(() => new ServiceConfig({ model_id: 'm', weight: 100, instance_count: 1, specificaton: 'local' } as never)).toThrow(/did you mean 'specification'/);
    expect(() => new Predictor(session, '')).toThrow(/service_id/);
    const env = new Environment('e', { pip_packages: ['numpy~=1.0'] });
    expect(() => new Model(session, { model_version: '1.0.0', source_location: '/b/m/', model_type: 'MindSpore', environment: env })).toThrow(/numpy~=1.0/);
    await expect(Model.configureTfInferEnviron({ device_type: 'TPU' as 'CPU' })).rejects.toThrow(/device_type/);
    await expect(
      new Model(session, {
        publish: false,
        source_location_type: 'LOCAL_SOURCE',
        source_location: join(work, 'nothing-here'),
        model_version: '1.0.0',
        model_type: 'MindSpore',
      }).ready(),
    ).rejects.toThrow(/holds no model package/);
    const local = new Model(session, {
      publish: false,
      source_location_type: 'LOCAL_SOURCE',
      source_location: writeJsonModel(join(work, 'json3')),
      model_version: '1.0.0',
      model_type: 'MindSpore',
    });
    await expect(
      local.deployPredictor({ configs: [{ model_id: await local.getModelId(), weight: 50, instance_count: 1, specification: 'local' }] }),
    ).rejects.toThrow(/weight 100 and instance_count 1/);
    await expect(local.getModelInfo()).rejects.toThrow(/publishModel/);
    await expect(
      local.deployPredictor({ configs: [{ model_id: await local.getModelId(), weight: 100, instance_count: 1, specification: 'modelarts.vm.cpu.2u' }] }),
    ).rejects.toThrow(/local model: serve it with specification 'local'/);
  });
});
