import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCode, type Fixture, trainingFixture } from '../training/helpers.js';
import { deploy, jsonModelFiles, publishModel, realtime, waitService } from './helpers.js';

let f: Fixture;
let model: string;

beforeAll(async () => {
  f = await trainingFixture({ modelQuota: 2, serviceQuota: 3, runningServiceQuota: 2, serviceInstanceQuota: 3 });
  await f.client.bucket('quotas');
  model = await publishModel(f.client, 'quotas', 'sum/1/', 'sum', '1.0.0', jsonModelFiles('1.0.0'));
}, 60_000);
afterAll(async () => {
  await f?.close();
});

const names = async () => (await f.client.call('services.list', { query: { sort_by: 'service_name', order: 'asc' } })).services.map((s) => s.service_name);
const setStatus = (id: string, status: 'running' | 'stopped') => f.client.call('services.update', { params: { service_id: id }, body: { status } });

describe('model and service quotas (2 models, 3 services, 2 running, 3 instances in these tests)', () => {
  it('refuses what would pass a quota with the cloud’s code, creates nothing, and lets stopped services free their share', async () => {
    const a = await deploy(f.client, realtime('quota-a', [{ model_id: model, instance_count: 2 }]));
    expect((await waitService(f.client, a, ['running', 'failed'])).status).toBe('running');

    const tooWide = await expectCode(deploy(f.client, realtime('quota-b', [{ model_id: model, instance_count: 2 }])), 'ModelArts.3522');
    expect(tooWide.message).toMatch(/2 of 3 instances/);
    expect(await names()).toEqual(['quota-a']);

    const b = await deploy(f.client, realtime('quota-b', [{ model_id: model, instance_count: 1 }]));
    await waitService(f.client, b, ['running', 'failed']);
    await expectCode(deploy(f.client, realtime('quota-c', [{ model_id: model }])), 'ModelArts.3521');

    // A stopped service holds no running share: C fits once B stops, and then B cannot start again.
    await setStatus(b, 'stopped');
    await waitService(f.client, b, ['stopped']);
    const c = await deploy(f.client, realtime('quota-c', [{ model_id: model }]));
    await expectCode(setStatus(b, 'running'), 'ModelArts.3521');
    expect((await f.client.call('services.get', { params: { service_id: b } })).status).toBe('stopped');

    // Three services exist: a fourth is refused even though it would not run more instances.
    await expectCode(deploy(f.client, realtime('quota-d', [{ model_id: model }])), 'ModelArts.3520');
    // Growing A to 3 instances would need 3 + C's 1.
    await expectCode(
      f.client.call('services.update', { params: { service_id: a }, body: { config: realtime('x', [{ model_id: model, instance_count: 3 }]).config } }),
      'ModelArts.3522',
    );
    expect((await f.client.call('services.get', { params: { service_id: a } })).config[0]?.instance_count).toBe(2);
    expect(await names()).toEqual(['quota-a', 'quota-b', 'quota-c']);
    await waitService(f.client, c, ['running', 'failed']);
  });

  it('refuses a model past the model quota (2 here) with 3578, and takes one again after a delete', async () => {
    const second = await publishModel(f.client, 'quotas', 'sum/1/', 'sum', '2.0.0', jsonModelFiles('2.0.0'));
    await expectCode(publishModel(f.client, 'quotas', 'sum/1/', 'sum', '3.0.0', jsonModelFiles('3.0.0')), 'ModelArts.3578');
    expect((await f.client.call('models.list', { query: {} })).total_count).toBe(2);
    await f.client.call('models.delete', { params: { model_id: second } });
    await publishModel(f.client, 'quotas', 'sum/1/', 'sum', '3.0.0', jsonModelFiles('3.0.0'));
  });
});
