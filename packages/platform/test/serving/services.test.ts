import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCode, type Fixture, trainingFixture } from '../training/helpers.js';
import { deploy, fileModelFiles, getService, infer, jsonModelFiles, publishModel, realtime, token, until, waitService } from './helpers.js';

let f: Fixture;
let tok: string;
let jsonModel: string;

beforeAll(async () => {
  f = await trainingFixture({ inferenceTimeoutSeconds: 2, inferenceBodyLimitBytes: 12 * 1024 * 1024 });
  tok = await token(f.p);
  await f.client.bucket('serving');
  jsonModel = await publishModel(f.client, 'serving', 'sum/1/', 'sum', '1.0.0', jsonModelFiles('1.0.0'));
}, 60_000);
afterAll(async () => {
  await f?.close();
});

describe('real-time services', () => {
  it('deploys a JSON model with 2 instances and answers through the router with a token', async () => {
    const id = await deploy(f.client, realtime('sum-service', [{ model_id: jsonModel, instance_count: 2 }]));
    const s = await waitService(f.client, id, ['running', 'failed']);
    expect(s.status, s.error_msg).toBe('running');
    expect(s.access_address).toBe(`${f.p.endpoint}/v1/infers/${id}`);
    expect(s.config[0]).toMatchObject({ model_id: jsonModel, model_name: 'sum', model_version: '1.0.0', instance_count: 2, status: 'ready', weight: 100 });
    const pids = new Set<unknown>();
    for (let i = 0; i < 6; i++) {
      const r = await infer(f.p, tok, id, JSON.stringify({ x: [1, 2, i] }));
      expect(r.status, r.text).toBe(200);
      expect(r.json).toMatchObject({ version: '1.0.0', sum: 3 + i });
      pids.add(r.json.pid);
    }
    expect(pids.size).toBe(2);
    const after = await until(
      'counters',
      () => getService(f.client, id),
      (x) => x.invocation_times >= 6,
    );
    expect(after).toMatchObject({ invocation_times: 6, failed_times: 0 });
    const events = await f.client.call('services.events', { params: { service_id: id }, query: { order: 'asc' } });
    const texts = events.events.map((e) => e.event_info);
    expect(texts[0]).toMatch(/Start to deploy/);
    expect(texts.at(-1)).toMatch(/is running/);
    expect(texts.filter((t) => /Starting model sum 1\.0\.0/.test(t))).toHaveLength(2);
    const monitor = await f.client.call('services.monitor', { params: { service_id: id } });
    expect(monitor).toMatchObject({ service_running_instance_count: 2, service_instance_count: 2 });
    expect(monitor.monitors[0]).toMatchObject({ model_id: jsonModel, invocation_times: 6, model_running_instance_count: 2, cpu_core_total: 4 });
    expect(monitor.monitors[0]?.cpu_memory_usage).toBeGreaterThan(0);
    // No token: the router authenticates like the rest of the API.
    const anon = await fetch(`${f.p.endpoint}/v1/infers/${id}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anon.status).toBe(401);
    // Bad JSON is the gateway's 4105.
    expect((await infer(f.p, tok, id, '{nope')).json.error_code).toBe('ModelArts.4105');
  }, 120_000);

  it('deploys a multipart file model and passes files through', async () => {
    const fileModel = await publishModel(f.client, 'serving', 'files/', 'files', '1.0.0', fileModelFiles());
    const id = await deploy(f.client, realtime('file-service', [{ model_id: fileModel, instance_count: 2 }]));
    expect((await waitService(f.client, id, ['running', 'failed'])).status).toBe('running');
    const form = new FormData();
    form.append('files', new Blob([Buffer.alloc(1234, 1)]), 'a.bin');
    form.append('files', new Blob(['hello']), 'b.txt');
    const r = await infer(f.p, tok, id, form);
    expect(r.status, r.text).toBe(200);
    expect(r.json).toEqual({
      files: [
        { name: 'a.bin', size: 1234 },
        { name: 'b.txt', size: 5 },
      ],
    });
  }, 120_000);
});
