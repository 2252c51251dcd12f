import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIError, Model, Predictor, ResourceFailedError, ServiceConfig, type Session } from '../src/index.js';
import { type PlatformFixture, platformFixture } from './fixture.js';
import { PYTHON, rows, writeBrokenModel, writeFileModel, writeJsonModel } from './serving-helpers.js';

let f: PlatformFixture;
let session: Session;
let jsonModel: Model;
let fileModel: Model;

type Answer = { data: { resp_data: Array<{ predict_result: number }> }; instance: string; greeting: string };

beforeAll(async () => {
  f = await platformFixture({ trainingPython: PYTHON });
  session = f.session;
  await session.obs.makeBucket('serving');
  const work = f.tempDir('serving-remote');
  await session.obs.copy(writeJsonModel(join(work, 'json')), 'obs://serving/json/', { keep_last_dir: false });
  await session.obs.copy(writeFileModel(join(work, 'files')), 'obs://serving/files/', { keep_last_dir: false });
  await session.obs.copy(writeBrokenModel(join(work, 'broken')), 'obs://serving/broken/', { keep_last_dir: false });
  [jsonModel, fileModel] = await Promise.all([
    Model.create(session, { model_name: 'json_model', model_version: '1.0.0', source_location: 'obs://serving/json/', model_type: 'MindSpore' }),
    // The manual's `/bucket/path/` form.
    Model.create(session, { model_name: 'file_model', model_version: '1.0.0', source_location: '/serving/files/', model_type: 'MindSpore' }),
  ]);
});
afterAll(async () => {
  await f?.close();
});

describe('Model on ModelArts Local (manual chapter 9)', () => {
  it('imports from OBS and waits until published; info, list, object list', async () => {
    const info = await jsonModel.getModelInfo();
    expect(info).toMatchObject({ model_name: 'json_model', model_version: '1.0.0', model_status: 'published', model_type: 'MindSpore' });
    expect(info.model_size).toBeGreaterThan(0);
    const page = await Model.getModelList(session, { model_name: 'json', order: 'desc' });
    expect(page.models.map((m) => m.model_id)).toEqual([jsonModel.model_id]);
    const objects = await Model.getModelObjectList(session, { model_status: 'published' });
    expect(objects.map((m) => m.model_id).sort()).toEqual([jsonModel.model_id, fileModel.model_id].sort());
    expect((await objects[0]?.getModelInfo())?.model_status).toBe('published');
  });

  it('a local model published with publishModel: uploaded to the default bucket, then imported', async () => {
    const dir = writeJsonModel(join(f.tempDir('publish'), 'pkg'), 5, 0);
    const local = new Model(session, {
      publish: false,
      source_location_type: 'LOCAL_SOURCE',
      source_location: dir,
      model_version: '2.0.0',
      model_type: 'MindSpore',
      model_name: 'json_model',
    });
    expect(local.isLocal).toBe(true);
    const id = await local.publishModel();
    expect(local.isLocal).toBe(false);
    const info = await local.getModelInfo();
    expect(info).toMatchObject({ model_id: id, model_version: '2.0.0', model_status: 'published' });
    expect(info.source_location).toMatch(/^obs:\/\/modelarts-[a-z0-9-]+\/model-\d{4}-\d{6}\/$/);
    await local.deleteModel();
    await expect(local.getModelInfo()).rejects.toMatchObject({ status: 404 });
  });

  it('a package the platform refuses ends in ResourceFailedError or an APIError with the cloud code', async () => {
    await session.obs.write('obs://serving/bad/model/config.json', '{ not json');
    const e = await Model.create(session, { model_version: '1.0.0', source_location: 'obs://serving/bad/', model_type: 'MindSpore' }).catch((x: unknown) => x);
    expect(e instanceof ResourceFailedError || e instanceof APIError).toBe(true);
    if (e instanceof APIError) expect(e.error_code).toMatch(/^ModelArts\.30/);
    else expect((e as ResourceFailedError).reason).toMatch(/config\.json/);
  });
});

describe('Predictor on ModelArts Local (manual chapter 10)', () => {
  let json: Predictor;

  it('deployPredictor with 2 instances: running, predicts through the router, both instances answer', async () => {
    json = await jsonModel.deployPredictor({
      service_name: 'json_service',
      configs: [
        new ServiceConfig({
          model_id: jsonModel.model_id as string,
          weight: '100',
          instance_count: 2,
          specification: 'modelarts.vm.cpu.2u',
          envs: { GREETING: 'hello' },
        }),
      ],
    });
    const info = await json.getServiceInfo();
    expect(info.status).toBe('running');
    expect(info.config[0]).toMatchObject({ model_id: jsonModel.model_id, instance_count: 2, status: 'ready', weight: 100 });
    const instances = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const r = (await json.predict({ data: rows(i), data_type: 'json' })) as Answer;
      expect(r.data.resp_data[0]?.predict_result).toBe(3 * i + 2);
      expect(r.greeting).toBe('hello');
      instances.add(r.instance);
    }
    expect(instances.size).toBe(2);
    const after = await json.getServiceInfo();
    expect(after.invocation_times).toBe(6);
    expect(after.failed_times).toBe(0);
    const monitor = await json.getServiceMonitor();
    expect(monitor.monitors[0]).toMatchObject({ model_id: jsonModel.model_id, invocation_times: 6, model_running_instance_count: 2 });
    expect(monitor.monitors[0]?.cpu_memory_usage).toBeGreaterThan(0);
  });

  it('a multipart file model: the SDK sends files under the model’s declared field', async () => {
    const files = await fileModel.deployPredictor({
      configs: [{ model_id: fileModel.model_id as string, weight: 100, instance_count: 2, specification: 'modelarts.vm.cpu.2u' }],
    });
    const dir = f.tempDir('predict-files');
    writeFileSync(join(dir, 'a.txt'), 'one\ntwo\n');
    writeFileSync(join(dir, 'b.csv'), 'x\n1\n');
    expect(await files.predict({ data: [join(dir, 'a.txt'), join(dir, 'b.csv')], data_type: 'files' })).toEqual({
      files: { 'a.txt': { field: 'file', bytes: 8, lines: 2 }, 'b.csv': { field: 'file', bytes: 4, lines: 2 } },
    });
    await files.deleteService();
  });

  it('lists services and service objects; update description, logs and events', async () => {
    const page = await Predictor.getServiceList(session, { service_name: 'json_service', infer_type: 'real-time', offset: '0' });
    expect(page.services.map((s) => s.service_id)).toEqual([json.service_id]);
    const objects = await Predictor.getServiceObjectList(session, { service_name: 'json' });
    expect(objects.map((p) => p.service_id)).toEqual([json.service_id]);
    await objects[0]?.updateServiceConfig({ description: 'the linear model' });
    expect((await json.getServiceInfo()).description).toBe('the linear model');
    expect((await json.getServiceLogs()).logs.length).toBeGreaterThanOrEqual(1);
    const events = await json.getServiceEvents();
    expect(events.events.length).toBeGreaterThan(0);
  });

  it('a model in use is not deleted (ModelArts.3009)', async () => {
    await expect(jsonModel.deleteModel()).rejects.toMatchObject({ error_code: 'ModelArts.3009' });
  });

  it('stop → 4203 on predict → start → running again', async () => {
    await json.updateServiceConfig({ status: 'stopped' });
    await expect(json.waitUntilRunning({ timeoutMs: 30_000 })).rejects.toBeInstanceOf(ResourceFailedError);
    await expect(json.predict({ data: rows(1), data_type: 'json' })).rejects.toMatchObject({ error_code: 'ModelArts.4203' });
    await json.updateServiceConfig({ status: 'running' });
    await json.waitUntilRunning({ timeoutMs: 60_000 });
    expect(((await json.predict({ data: rows(1), data_type: 'json' })) as Answer).data.resp_data[0]?.predict_result).toBe(5);
  });

  it("specification: 'local' of a published model: its OBS package is served on this machine", async () => {
    const local = await jsonModel.deployPredictor({
      configs: [{ model_id: jsonModel.model_id as string, weight: 100, instance_count: 1, specification: 'local' }],
      python: PYTHON,
    });
    expect(local.isLocal).toBe(true);
    expect(((await local.predict({ data: rows(2), data_type: 'json' })) as Answer).data.resp_data[0]?.predict_result).toBe(8);
    await local.deleteService();
  });

  it('a failed deployment throws ResourceFailedError with the reason and the last events', async () => {
    const broken = await Model.create(session, { model_version: '1.0.0', source_location: 'obs://serving/broken/', model_type: 'MindSpore' });
    const e = await broken
      .deployPredictor({ configs: [{ model_id: broken.model_id as string, weight: 100, instance_count: 1, specification: 'modelarts.vm.cpu.2u' }] })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResourceFailedError);
    const err = e as ResourceFailedError<{ status: string }>;
    expect(err.status).toBe('failed');
    expect(err.reason).toContain('weights are corrupt');
    expect(err.reason).toContain('last events');
  });

  it('deleteService: the service is gone (404 ModelArts.3502)', async () => {
    await json.deleteService();
    for (let i = 0; i < 100; i++) {
      const r = await json.getServiceInfo().catch((x: unknown) => x);
      if (r instanceof APIError) {
        expect(r).toMatchObject({ status: 404, error_code: 'ModelArts.3502' });
        return;
      }
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('the service was not deleted');
  });
});
