import type { ModelCreateBody } from '@modelarts-ts/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, expectCode, type Fixture, trainingFixture } from '../training/helpers.js';
import { createModel, deploy, getModel, jsonModelFiles, publishModel, realtime, uploadModel, waitModel } from './helpers.js';

let f: Fixture;

beforeAll(async () => {
  f = await trainingFixture();
  await f.client.bucket('models');
}, 60_000);
afterAll(async () => {
  await f?.close();
});

const body = (name: string, source_location: string, extra: Partial<ModelCreateBody> = {}): ModelCreateBody => ({
  model_name: name,
  model_version: '1.0.0',
  source_location,
  model_type: 'PyTorch',
  ...extra,
});

describe('model import', () => {
  it('accepts the three source_location forms and snapshots the package', async () => {
    await uploadModel(f.client, 'models', 'pkg/', jsonModelFiles('1.0.0'));
    const forms = ['obs://models/pkg/', '/models/pkg', `https://models.obs.${f.p.config.region}.myhuaweicloud.com/pkg/`];
    const ids: string[] = [];
    for (const [i, loc] of forms.entries())
      ids.push(await createModel(f.client, body(`form-${i}`, loc, { description: 'three forms', source_job_id: 'job-1' })));
    for (const id of ids) {
      const m = await waitModel(f.client, id);
      expect(m.model_status, m.error_msg).toBe('published');
      expect(m.model_size).toBeGreaterThan(100);
      expect(m.source_job_id).toBe('job-1');
      expect(m.install_type).toEqual(['real-time', 'batch']);
      expect(JSON.parse(m.apis)).toMatchObject([{ url: '/', method: 'post' }]);
      expect(JSON.parse(m.config)).toMatchObject({ model_type: 'PyTorch', model_algorithm: 'predict_analysis' });
    }
    // A later change in OBS does not alter the published model.
    await f.client.put('models', 'pkg/model/customize_service.py', 'broken = (');
    await f.client.put('models', 'pkg/model/config.json', '{}');
    const m = await getModel(f.client, ids[0] as string);
    expect(JSON.parse(m.config).model_algorithm).toBe('predict_analysis');
    const list = await f.client.call('models.list', { query: { model_name: 'form-', sort_by: 'create_at', order: 'asc', limit: 2, offset: 1 } });
    expect(list.total_count).toBe(3);
    expect(list.models.map((x) => x.model_name)).toEqual(['form-2']);
    const exact = await f.client.call('models.list', { query: { model_name: 'form-1', exact_match: true } });
    expect(exact.models.map((x) => x.model_id)).toEqual([ids[1]]);
    const cascade = await f.client.call('models.delete', { params: { model_id: ids[2] as string }, query: { cascade: true } });
    expect(cascade.delete_success_list).toEqual([ids[2]]);
    await expectCode(getModel(f.client, ids[2] as string), 'ModelArts.3001', 404);
  }, 60_000);

  it('answers the cloud codes for bad packages, names and versions', async () => {
    const files = jsonModelFiles('1.0.0');
    await f.client.put('models', 'nomodel/config.json', files['config.json'] as string);
    await expectCode(createModel(f.client, body('a', 'obs://models/nomodel/')), 'ModelArts.3017');
    await expectCode(createModel(f.client, body('a', 'obs://models/empty/')), 'ModelArts.3017');
    await expectCode(createModel(f.client, body('a', 'obs://no-such-bucket/x/')), 'ModelArts.3017');
    await expectCode(createModel(f.client, body('a', 'models/relative/')), 'ModelArts.3017');
    await uploadModel(f.client, 'models', 'noconfig/', { 'customize_service.py': files['customize_service.py'] as string });
    await expectCode(createModel(f.client, body('a', 'obs://models/noconfig/')), 'ModelArts.3017');
    await uploadModel(f.client, 'models', 'twoconfigs/', { ...files, 'sub/config.json': '{}' });
    await expectCode(createModel(f.client, body('a', 'obs://models/twoconfigs/')), 'ModelArts.3017');
    await uploadModel(f.client, 'models', 'nocode/', { 'config.json': files['config.json'] as string });
    await expectCode(createModel(f.client, body('a', 'obs://models/nocode/')), 'ModelArts.3017');
    await uploadModel(f.client, 'models', 'badjson/', { ...files, 'config.json': '{not json' });
    await expectCode(createModel(f.client, body('a', 'obs://models/badjson/')), 'ModelArts.3015');
    await uploadModel(f.client, 'models', 'badalgo/', { ...files, 'config.json': JSON.stringify({ model_type: 'PyTorch', model_algorithm: '1bad' }) });
    await expectCode(createModel(f.client, body('a', 'obs://models/badalgo/')), 'ModelArts.3015');
    await uploadModel(f.client, 'models', 'good/', files);
    await expectCode(createModel(f.client, body('a', 'obs://models/good/', { initial_config: '{oops' })), 'ModelArts.3016');
    const conda = { installer: 'conda', packages: [{ package_name: 'numpy' }] };
    await expectCode(createModel(f.client, body('a', 'obs://models/good/', { dependencies: [conda] })), 'ModelArts.3040');
    const loose = { installer: 'pip', packages: [{ package_name: 'numpy', package_version: '1.0' }] };
    await expectCode(createModel(f.client, body('a', 'obs://models/good/', { dependencies: [loose] })), 'ModelArts.3041');
    for (const model_version of ['01.0.0', '1.0', '1.0.100', 'v1']) {
      await expectCode(createModel(f.client, body('a', 'obs://models/good/', { model_version })), 'ModelArts.0101');
    }
    for (const model_name of ['', 'has space', 'x'.repeat(65), 'semi;colon']) {
      await expectCode(createModel(f.client, body(model_name, 'obs://models/good/')), 'ModelArts.0101');
    }
    await expectCode(createModel(f.client, body('a', 'obs://models/good/', { description: 'no <tags>' })), 'ModelArts.0101');
    await expectCode(createModel(f.client, body('a', 'obs://models/good/', { model_type: 'Nonsense' })), 'ModelArts.0101');
    const ok = await createModel(f.client, body('dup', 'obs://models/good/'));
    await expectCode(createModel(f.client, body('dup', 'obs://models/good/')), 'ModelArts.3002', 409);
    expect((await waitModel(f.client, ok)).model_status).toBe('published');
  }, 60_000);

  it('refuses to deploy a model that is still publishing (3515)', async () => {
    // A large weights file keeps the copy into platform storage busy for a moment.
    await uploadModel(f.client, 'models', 'big/', { ...jsonModelFiles('1.0.0'), 'weights.pth': Buffer.alloc(64 * 1024 * 1024, 7) as unknown as string });
    const id = await createModel(f.client, body('big', 'obs://models/big/'));
    await expectCode(deploy(f.client, realtime('too-early', [{ model_id: id }])), 'ModelArts.3515');
    expect((await waitModel(f.client, id)).model_status).toBe('published');
    await expectCode(deploy(f.client, realtime('nobody', [{ model_id: '00000000-0000-0000-0000-000000000000' }])), 'ModelArts.3507', 404);
  }, 60_000);

  it('lists engine runtimes and deployment flavors', async () => {
    const r = await f.client.call('models.runtimes', {});
    expect(r.engine_runtimes.map((e) => e.ai_engine)).toContain('PyTorch');
    const s = await f.client.call('services.specifications', {});
    expect(s.specifications.map((x) => x.specification)).toContain('modelarts.vm.cpu.2u');
    expect(s.specifications[0]).toMatchObject({ category: 'CPU', cpu_info: { cpu: 2 }, memory_info: { memory: 8 } });
  });

  it('keeps another project out', async () => {
    const id = await publishModel(f.client, 'models', 'good/', 'mine', '1.0.0', jsonModelFiles('1.0.0'));
    const stranger = new Client(f.p.endpoint, f.p.addTenant());
    try {
      await expectCode(getModel(stranger, id), 'ModelArts.3001', 404);
      // Their import cannot read this account's bucket either.
      await expectCode(createModel(stranger, body('steal', 'obs://models/good/')), 'ModelArts.3017');
    } finally {
      stranger.close();
    }
  });
});
