import { execFileSync } from 'node:child_process';
import { startPlatform, type TestPlatform } from '@modelarts-ts/platform/testing';
import { APIError, Session } from '@modelarts-ts/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readText } from './common.js';
import { debugModel } from './debug-model.js';
import { deleteModel } from './delete-model.js';
import { deleteService } from './delete-service.js';
import { deployPredictor } from './deploy-predictor.js';
import { deployTransformer } from './deploy-transformer.js';
import { importModel } from './import-model.js';
import { listModels } from './list-models.js';
import { listServices } from './list-services.js';
import { localService } from './local-service.js';
import { modelDetails } from './model-details.js';
import { modelObjects } from './model-objects.js';
import { predict } from './predict.js';
import { serviceDetails } from './service-details.js';
import { serviceLogs } from './service-logs.js';
import { serviceMonitor } from './service-monitor.js';
import { serviceObjects } from './service-objects.js';
import { tour } from './tour.js';
import { updateService } from './update-service.js';

/** The interpreter python3 resolves to (launchers such as pyenv shims cost a second per start). */
const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

let p: TestPlatform;
let session: Session;

type Resp = { data: { resp_data: Array<{ x: number; predict_result: number }> } };
const results = (r: unknown) => (r as Resp).data.resp_data.map((d) => d.predict_result);

beforeAll(async () => {
  p = await startPlatform({ trainingCpuCapacity: 64, trainingPython: PYTHON });
  session = new Session({
    access_key: p.credentials.access_key,
    secret_key: p.credentials.secret_key,
    project_id: p.credentials.project_id,
    region_name: p.credentials.region_name,
    endpoint: p.endpoint,
  });
});
afterAll(async () => {
  await session?.close();
  await p?.close();
});

describe('manual chapter 9: model examples', () => {
  it('9.1 debug a local model, then publish it', async () => {
    const r = await debugModel(session, { python: PYTHON });
    expect(results(r.local_result)).toEqual([5, 8]);
    expect(r.info).toMatchObject({ model_id: r.model_id, model_status: 'published' });
    expect(r.info.source_location).toMatch(/serving\/published\//);
  });

  it('9.2 import from OBS with execution code and runtime, then open by id', async () => {
    const info = await importModel(session);
    expect(info).toMatchObject({ model_status: 'published', model_type: 'MindSpore', runtime: 'python3.7', model_version: '1.0.0' });
  });

  it('9.3 and 9.4 list models and model objects', async () => {
    const list = await listModels(session);
    expect(list.all).toBeGreaterThanOrEqual(1);
    expect(list.digit.models.every((m) => m.model_name.includes('digit') && m.model_status === 'published')).toBe(true);
    const objects = await modelObjects(session);
    expect(objects.digit_ids.length).toBeGreaterThanOrEqual(2);
  });

  it('9.5 and 9.6 model details; delete', async () => {
    const d = await modelDetails(session);
    expect(d.model_info.model_status).toBe('published');
    expect(d.first_info.model_id).toBeTruthy();
    expect((await deleteModel(session)).left).toBe(0);
  });
});

describe('manual chapter 10: service examples', () => {
  it('10.2 a local service', async () => {
    const r = await localService(session, { python: PYTHON });
    expect(r.tf.device_type).toBe('CPU');
    expect(results(r.predict_result)).toEqual([11]);
    expect(r.info.status).toBe('running');
  });

  it('10.3 predictors: a scheduled service, a 70/30 service of two versions', async () => {
    const r = await deployPredictor(session);
    expect(r.scheduled.status).toBe('running');
    expect(r.scheduled.schedule?.[0]).toEqual({ type: 'stop', time_unit: 'HOURS', duration: 1 });
    expect(r.scheduled.due_time).toBeGreaterThan(Date.now());
    expect(r.weighted.config.map((c) => c.weight)).toEqual([70, 30]);
    // Both versions answered: y = 3x + 2 and y = 5x at x = 2 (with 20 calls at 70/30, each gets some).
    expect(new Set(r.results)).toEqual(new Set([8, 10]));
  });

  it('10.3 transformers over a folder and a CSV', async () => {
    const r = await deployTransformer(session);
    expect(r.files.status).toBe('finished');
    expect(r.csv.status).toBe('finished');
    expect(results(JSON.parse(await readText(session, `${r.dest_path}files/infer-result/a.txt_result.txt`)))).toEqual([5, 8]);
    expect(results(JSON.parse(await readText(session, `${r.dest_path}files/infer-result/b.txt_result.txt`)))).toEqual([32]);
    // The CSV: one answer per row, in row order.
    const rowsOut = (await readText(session, `${r.dest_path}csv/infer-result/points.csv_result.txt`)).trim().split('\n');
    expect(rowsOut.map((l) => results(JSON.parse(l))[0])).toEqual([2, 6.5, 14]);
    // The manifest: one line per input, all SUCCESSFUL.
    const keys: string[] = [];
    for await (const o of session.obs.list(`${r.dest_path}files/`)) keys.push(o.key);
    const manifest = keys.find((k) => /infer-result-[^/]+\.manifest$/.test(k)) as string;
    const lines = (await readText(session, `obs://${r.dest_path.split('/')[2]}/${manifest}`))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { result: string });
    expect(lines.map((l) => l.result)).toEqual(['SUCCESSFUL', 'SUCCESSFUL']);
  });

  it('10.4 to 10.7: details, predict, lists', async () => {
    const d = await serviceDetails(session);
    expect(d.predictor_info.status).toBe('running');
    const pr = await predict(session);
    expect(results(pr.dict)).toEqual([5, 8]);
    expect(results(pr.json_file)).toEqual([23]);
    expect(results(pr.files)).toEqual([3.5, 5]);
    const ls = await listServices(session);
    expect(ls.digit.services.every((s) => s.service_name.includes('digit') && s.infer_type === 'real-time')).toBe(true);
    const objs = await serviceObjects(session);
    expect(objs.digit_ids.length).toBeGreaterThanOrEqual(2);
  });

  it('10.8 to 10.11: update, monitor, logs, delete', async () => {
    const u = await updateService(session);
    expect(u.description).toBe('description');
    expect(u.instance_count).toBe(2);
    expect(results(u.answer)).toEqual([5]);
    const m = await serviceMonitor(session);
    expect(m.predictor_monitor.monitors[0]?.invocation_times).toBe(1);
    const l = await serviceLogs(session);
    expect(l.predictor_log.logs[0]?.result).toBe('SUCCESS');
    expect(l.events.length).toBeGreaterThan(0);
    const del = await deleteService(session);
    for (const id of del.deleted) {
      for (let i = 0; ; i++) {
        const e = await session.client.services.get(id).catch((x: unknown) => x);
        if (e instanceof APIError && e.error_code === 'ModelArts.3502') break;
        if (i > 100) throw new Error(`service ${id} was not deleted`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
});

describe('the tour: train → model → service → batch', () => {
  it('a job writes the package, the model is traced to it, the service and the batches answer y = 3x + 2', async () => {
    const r = await tour(session);
    expect(r.model).toMatchObject({ source_job_id: r.job_id, model_status: 'published' });
    const [y0, y1, y2] = results(r.prediction);
    expect(y0).toBeCloseTo(2, 0);
    expect(y1).toBeCloseTo(5, 0);
    expect(y2).toBeCloseTo(8, 0);
    expect(r.batch).toEqual({ files: 'finished', csv: 'finished' });
    expect(results(r.results['a.txt'])).toHaveLength(2);
    expect(r.results['points.csv'].map((l) => results(JSON.parse(l))[0])).toEqual([expect.closeTo(2, 0), expect.closeTo(6.5, 0), expect.closeTo(14, 0)]);
  });
});
