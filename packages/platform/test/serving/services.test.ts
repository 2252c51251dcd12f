import { signRequest } from '@modelarts-ts/sdk';
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
    const instances = new Set<unknown>();
    for (let i = 0; i < 6; i++) {
      const r = await infer(f.p, tok, id, JSON.stringify({ x: [1, 2, i] }));
      expect(r.status, r.text).toBe(200);
      expect(r.json).toMatchObject({ version: '1.0.0', sum: 3 + i });
      instances.add(r.json.instance);
    }
    expect(instances.size).toBe(2);
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
    // The access address itself (no trailing path) reaches the default API; unknown services are 3502.
    const bare = await fetch(`${f.p.endpoint}/v1/infers/${id}`, {
      method: 'POST',
      headers: { 'x-auth-token': tok, 'content-type': 'application/json' },
      body: '{"x":[5]}',
    });
    expect(((await bare.json()) as Record<string, unknown>).sum).toBe(5);
    expect((await infer(f.p, tok, 'no-such-service', '{}')).json.error_code).toBe('ModelArts.3502');
    // AK/SK signatures cover the raw body, as for the rest of the API.
    const signedUrl = new URL(`${f.p.endpoint}/v1/infers/${id}/?trace=1`);
    const signedBody = Buffer.from('{"x":[7]}');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    signRequest({ method: 'POST', url: signedUrl, headers, body: signedBody }, f.p.credentials);
    const signed = await fetch(signedUrl, { method: 'POST', headers, body: signedBody });
    expect(((await signed.json()) as Record<string, unknown>).sum).toBe(7);
    const tampered = await fetch(signedUrl, { method: 'POST', headers, body: '{"x":[8]}' });
    expect(tampered.status).toBe(401);
    // Another account's service is not found.
    const strangerHeaders: Record<string, string> = { 'content-type': 'application/json' };
    signRequest({ method: 'POST', url: signedUrl, headers: strangerHeaders, body: signedBody }, f.p.addTenant());
    const stranger = await fetch(signedUrl, { method: 'POST', headers: strangerHeaders, body: signedBody });
    expect(stranger.status).toBe(404);
    expect(((await stranger.json()) as Record<string, unknown>).error_code).toBe('ModelArts.3502');
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

  it('splits traffic 70/30 by weight over 1,000 requests, with matching counters per model', async () => {
    const v2 = await publishModel(f.client, 'serving', 'sum/2/', 'sum', '2.0.0', jsonModelFiles('2.0.0'));
    const id = await deploy(
      f.client,
      realtime('weighted', [
        { model_id: jsonModel, weight: 70 },
        { model_id: v2, weight: 30 },
      ]),
    );
    expect((await waitService(f.client, id, ['running', 'failed'])).status).toBe('running');
    const seen: Record<string, number> = {};
    for (let batch = 0; batch < 20; batch++) {
      const replies = await Promise.all(Array.from({ length: 50 }, () => infer(f.p, tok, id, '{"x":[1]}')));
      for (const r of replies) {
        expect(r.status).toBe(200);
        const v = String(r.json.version);
        seen[v] = (seen[v] ?? 0) + 1;
      }
    }
    expect((seen['1.0.0'] ?? 0) + (seen['2.0.0'] ?? 0)).toBe(1000);
    expect(Math.abs((seen['1.0.0'] ?? 0) / 10 - 70)).toBeLessThanOrEqual(5);
    const monitor = await f.client.call('services.monitor', { params: { service_id: id } });
    const byModel = Object.fromEntries(monitor.monitors.map((m) => [m.model_version, m.invocation_times]));
    expect(byModel).toEqual({ '1.0.0': seen['1.0.0'], '2.0.0': seen['2.0.0'] });
    expect((await getService(f.client, id)).invocation_times).toBe(1000);
    // A model in use cannot be deleted; duplicate versions in one service are refused.
    const del = await f.client.call('models.delete', { params: { model_id: v2 } });
    expect(del.delete_success_list).toEqual([]);
    expect(del.delete_failed_list[0]).toMatchObject({ model_id: v2, error_code: 'ModelArts.3009' });
    await expectCode(
      deploy(
        f.client,
        realtime('twice', [
          { model_id: v2, weight: 50 },
          { model_id: v2, weight: 50 },
        ]),
      ),
      'ModelArts.3516',
    );
    await expectCode(deploy(f.client, realtime('weighted', [{ model_id: v2 }])), 'ModelArts.3503', 409);
    await f.client.call('services.delete', { params: { service_id: id } });
    await until(
      'deletion',
      () =>
        getService(f.client, id).then(
          () => 'there',
          (e: { error_code?: string }) => e.error_code ?? 'error',
        ),
      (x) => x === 'ModelArts.3502',
    );
    expect((await f.client.call('models.delete', { params: { model_id: v2 } })).delete_success_list).toEqual([v2]);
  }, 180_000);

  it('restarts a killed instance (concerning -> running) while the other keeps answering', async () => {
    const id = await deploy(f.client, realtime('crashy', [{ model_id: jsonModel, instance_count: 2 }]));
    expect((await waitService(f.client, id, ['running', 'failed'])).status).toBe('running');
    // The instance that answers kills itself with SIGKILL right after (its own PID namespace hides its pid from here).
    const first = await infer(f.p, tok, id, '{"x":[1],"kill":true}');
    expect(first.status, first.text).toBe(200);
    let failures = 0;
    const stream = (async () => {
      for (let i = 0; i < 40; i++) if ((await infer(f.p, tok, id, '{"x":[1]}')).status !== 200) failures++;
    })();
    const concerning = await waitService(f.client, id, ['concerning'], 20_000);
    expect(concerning.config[0]?.status).toBe('concerning');
    await stream;
    expect(failures).toBe(0);
    const back = await waitService(f.client, id, ['running'], 60_000);
    expect(back.config[0]?.status).toBe('ready');
    const events = await f.client.call('services.events', { params: { service_id: id }, query: { event_type: 'abnormal' } });
    expect(events.events.map((e) => e.event_info).join('\n')).toMatch(/exited unexpectedly/);
    const instances = new Set<unknown>();
    for (let i = 0; i < 4; i++) instances.add((await infer(f.p, tok, id, '{"x":[1]}')).json.instance);
    expect(instances.size).toBe(2);
    expect(instances.has(first.json.instance)).toBe(false);
  }, 120_000);

  it('enforces the limits: 13 MB -> 413 4104, slow model -> 4205, stopped -> 4203', async () => {
    const id = await deploy(f.client, realtime('limits', [{ model_id: jsonModel }]));
    expect((await waitService(f.client, id, ['running', 'failed'])).status).toBe('running');
    const big = await infer(f.p, tok, id, JSON.stringify({ pad: 'x'.repeat(13 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.json.error_code).toBe('ModelArts.4104');
    const slow = await infer(f.p, tok, id, '{"sleep": 5}');
    expect(slow.status).toBe(408);
    expect(slow.json.error_code).toBe('ModelArts.4205');
    expect((await infer(f.p, tok, id, '{"x":[2]}')).json.sum).toBe(2);
    const counted = await until(
      'counters',
      () => getService(f.client, id),
      (s) => s.invocation_times >= 2,
    );
    expect(counted.failed_times).toBe(1);
    await f.client.call('services.update', { params: { service_id: id }, body: { status: 'stopped' } });
    expect((await waitService(f.client, id, ['stopped'])).config[0]?.status).toBe('notReady');
    const stopped = await infer(f.p, tok, id, '{"x":[1]}');
    expect(stopped.status).toBe(400);
    expect(stopped.json.error_code).toBe('ModelArts.4203');
    await f.client.call('services.update', { params: { service_id: id }, body: { status: 'running' } });
    expect((await waitService(f.client, id, ['running', 'failed'])).status).toBe('running');
    expect((await infer(f.p, tok, id, '{"x":[3]}')).json.sum).toBe(3);
    const logs = await f.client.call('services.logs', { params: { service_id: id } });
    expect(logs.logs.map((l) => l.result)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
  }, 120_000);

  it('updates the config without losing a request in flight (rolling update)', async () => {
    const v3 = await publishModel(f.client, 'serving', 'sum/3/', 'sum', '3.0.0', jsonModelFiles('3.0.0'));
    const id = await deploy(f.client, realtime('rolling', [{ model_id: jsonModel, instance_count: 2 }]));
    expect((await waitService(f.client, id, ['running', 'failed'])).status).toBe('running');
    let stop = false;
    const versions: string[] = [];
    const bad: string[] = [];
    const clients = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const r = await infer(f.p, tok, id, '{"x":[1], "sleep": 0.05}');
        if (r.status === 200) versions.push(String(r.json.version));
        else bad.push(r.text);
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    // Status wins over config: this PUT only changes the description and config.
    await f.client.call('services.update', {
      params: { service_id: id },
      body: { description: 'now v3', config: [{ model_id: v3, specification: 'modelarts.vm.cpu.2u', instance_count: 2, weight: 100 }] },
    });
    await until(
      'v3 answers',
      async () => versions.at(-1),
      (v) => v === '3.0.0',
    );
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(clients);
    expect(bad).toEqual([]);
    expect(versions[0]).toBe('1.0.0');
    expect(versions.at(-1)).toBe('3.0.0');
    const s = await waitService(f.client, id, ['running']);
    expect(s).toMatchObject({ description: 'now v3', config: [{ model_id: v3, model_version: '3.0.0', status: 'ready' }] });
    const logs = await f.client.call('services.logs', { params: { service_id: id } });
    expect(logs.logs.at(-1)).toMatchObject({ result: 'SUCCESS', config: [{ model_id: v3, model_version: '3.0.0', instance_count: 2 }] });
  }, 120_000);
});
