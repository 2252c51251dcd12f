import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, trainingFixture } from '../training/helpers.js';
import { deploy, fileModelFiles, getService, jsonModelFiles, publishModel, waitService } from './helpers.js';

let f: Fixture;

beforeAll(async () => {
  f = await trainingFixture();
  await f.client.bucket('batch');
}, 60_000);
afterAll(async () => {
  await f?.close();
});

const manifest = async (prefix: string) => {
  const key = (await f.client.keys('batch', prefix)).find((k) => k.endsWith('.manifest')) as string;
  return (await f.client.text('batch', key))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, string>);
};

describe('batch services', () => {
  it('sends one request per file and writes the results and the manifest to dest_path', async () => {
    const model = await publishModel(f.client, 'batch', 'files-model/', 'files', '1.0.0', fileModelFiles());
    await f.client.put('batch', 'in/a.bin', Buffer.alloc(10, 1));
    await f.client.put('batch', 'in/sub/b.txt', 'hello');
    const id = await deploy(f.client, {
      service_name: 'batch-files',
      infer_type: 'batch',
      config: [
        {
          model_id: model,
          specification: 'modelarts.vm.cpu.2u',
          instance_count: 2,
          src_path: 'https://batch.obs.cn-north-4.myhuaweicloud.com/in/',
          dest_path: 'obs://batch/out/',
          req_uri: '/',
          mapping_type: 'file',
        },
      ],
    });
    const s = await waitService(f.client, id, ['finished', 'failed']);
    expect(s.status, s.error_msg).toBe('finished');
    expect(s.start_time).toBeGreaterThan(0);
    expect((s.finished_time as number) >= (s.start_time as number)).toBe(true);
    expect(s.config[0]).toMatchObject({ mapping_type: 'file', src_path: expect.stringContaining('/in/') });
    expect(s.access_address).toBeUndefined();
    expect(JSON.parse(await f.client.text('batch', 'out/infer-result/a.bin_result.txt'))).toEqual({ files: [{ name: 'a.bin', size: 10 }] });
    expect(JSON.parse(await f.client.text('batch', 'out/infer-result/sub/b.txt_result.txt'))).toEqual({ files: [{ name: 'b.txt', size: 5 }] });
    const lines = await manifest('out/');
    expect(lines.map((l) => [l.source, l.result]).sort()).toEqual([
      ['obs://batch/in/a.bin', 'SUCCESSFUL'],
      ['obs://batch/in/sub/b.txt', 'SUCCESSFUL'],
    ]);
    expect((await getService(f.client, id)).invocation_times).toBe(2);
  }, 120_000);

  it('sends one JSON request per CSV row, built by mapping_rule', async () => {
    const model = await publishModel(f.client, 'batch', 'sum-model/', 'sum', '1.0.0', jsonModelFiles('1.0.0'));
    await f.client.put('batch', 'csv/rows.csv', '1,2\n3,4\n10,-1\n');
    const mapping_rule = {
      type: 'object',
      properties: {
        x: {
          type: 'array',
          items: [
            { type: 'number', index: 0 },
            { type: 'number', index: 1 },
          ],
        },
      },
    };
    const id = await deploy(f.client, {
      service_name: 'batch-csv',
      infer_type: 'batch',
      config: [
        {
          model_id: model,
          specification: 'modelarts.vm.cpu.2u',
          instance_count: 1,
          src_path: '/batch/csv/',
          dest_path: '/batch/csv-out/',
          req_uri: '/',
          mapping_type: 'csv',
          mapping_rule,
        },
      ],
    });
    const s = await waitService(f.client, id, ['finished', 'failed']);
    expect(s.status, s.error_msg).toBe('finished');
    const rows = (await f.client.text('batch', 'csv-out/infer-result/rows.csv_result.txt'))
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { sum: number }).sum);
    expect(rows).toEqual([3, 7, 9]);
    expect((await manifest('csv-out/'))[0]).toMatchObject({ result: 'SUCCESSFUL', 'inference-loc': 'obs://batch/csv-out/infer-result/rows.csv_result.txt' });
  }, 120_000);

  it('calls the req_uri API with its file field, and names OBS URLs for a single-object src_path', async () => {
    const api = (url: string, contentType: string, properties: object) => ({
      protocol: 'http',
      url,
      method: 'post',
      request: { 'Content-type': contentType, data: { type: 'object', properties } },
      response: { 'Content-type': 'application/json', data: { type: 'object' } },
    });
    const model = await publishModel(f.client, 'batch', 'two-apis/', 'two-apis', '1.0.0', {
      'config.json': JSON.stringify({
        model_type: 'PyTorch',
        model_algorithm: 'image_classification',
        apis: [api('/', 'application/json', { x: { type: 'array' } }), api('/predict/files', 'multipart/form-data', { doc: { type: 'file' } })],
      }),
      // Answers, for each multipart field, the name and size of its file: the field shows which API the request used.
      'customize_service.py': `from model_service.model_service import SingleNodeService


class Fields(SingleNodeService):
    def _inference(self, data):
        return {field: [[name, len(f.read())] for name, f in files.items()] for field, files in data.items()}
`,
    });
    await f.client.put('batch', 'one/doc.txt', 'twelve bytes');
    const id = await deploy(f.client, {
      service_name: 'batch-req-uri',
      infer_type: 'batch',
      config: [
        {
          model_id: model,
          specification: 'modelarts.vm.cpu.2u',
          instance_count: 1,
          src_path: 'obs://batch/one/doc.txt',
          dest_path: 'obs://batch/one-out/',
          req_uri: '/predict/files',
          mapping_type: 'file',
        },
      ],
    });
    const s = await waitService(f.client, id, ['finished', 'failed']);
    expect(s.status, s.error_msg).toBe('finished');
    expect(JSON.parse(await f.client.text('batch', 'one-out/infer-result/doc.txt_result.txt'))).toEqual({ doc: [['doc.txt', 12]] });
    const keys = await f.client.keys('batch', 'one-out/');
    expect(keys).toContain(`one-out/infer-result-${id}.manifest`);
    expect(await manifest('one-out/')).toEqual([
      { source: 'obs://batch/one/doc.txt', result: 'SUCCESSFUL', 'inference-loc': 'obs://batch/one-out/infer-result/doc.txt_result.txt' },
    ]);
  }, 120_000);

  it('reads the inputs a manifest names (src_type ManifestFile), from OBS', async () => {
    const model = await publishModel(f.client, 'batch', 'files-model-m/', 'files-m', '1.0.0', fileModelFiles());
    await f.client.put('batch', 'pics/p.bin', Buffer.alloc(3, 7));
    await f.client.put('batch', 'pics/deep/q.bin', Buffer.alloc(8, 1));
    await f.client.put(
      'batch',
      'lists/input.manifest',
      [{ source: 'obs://batch/pics/p.bin', annotation: [] }, { source: 'obs://batch/pics/deep/q.bin' }, { source: 'obs://batch/pics/missing.bin' }]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const id = await deploy(f.client, {
      service_name: 'batch-manifest',
      infer_type: 'batch',
      config: [
        {
          model_id: model,
          specification: 'modelarts.vm.cpu.2u',
          instance_count: 1,
          src_path: 'obs://batch/lists/input.manifest',
          dest_path: 'obs://batch/m-out/',
          req_uri: '/',
          mapping_type: 'file',
          src_type: 'ManifestFile',
        },
      ],
    });
    const s = await waitService(f.client, id, ['finished', 'failed']);
    expect(s.status, s.error_msg).toBe('finished');
    expect(s.config[0]).toMatchObject({ src_type: 'ManifestFile' });
    expect(JSON.parse(await f.client.text('batch', 'm-out/infer-result/p.bin_result.txt'))).toEqual({ files: [{ name: 'p.bin', size: 3 }] });
    expect(JSON.parse(await f.client.text('batch', 'm-out/infer-result/q.bin_result.txt'))).toEqual({ files: [{ name: 'q.bin', size: 8 }] });
    const lines = await manifest('m-out/');
    expect(lines.slice(0, 2)).toEqual([
      { source: 'obs://batch/pics/p.bin', result: 'SUCCESSFUL', 'inference-loc': 'obs://batch/m-out/infer-result/p.bin_result.txt' },
      { source: 'obs://batch/pics/deep/q.bin', result: 'SUCCESSFUL', 'inference-loc': 'obs://batch/m-out/infer-result/q.bin_result.txt' },
    ]);
    expect(lines[2]).toMatchObject({ source: 'obs://batch/pics/missing.bin', result: 'FAILED' });
  }, 120_000);

  it('fails with the reason when the input is missing', async () => {
    const model = await publishModel(f.client, 'batch', 'sum-model2/', 'sum2', '1.0.0', jsonModelFiles('1.0.0'));
    const id = await deploy(f.client, {
      service_name: 'batch-missing',
      infer_type: 'batch',
      config: [
        {
          model_id: model,
          specification: 'modelarts.vm.cpu.2u',
          instance_count: 1,
          src_path: 'obs://batch/nothing-here/',
          dest_path: 'obs://batch/x/',
          req_uri: '/',
          mapping_type: 'file',
        },
      ],
    });
    const s = await waitService(f.client, id, ['finished', 'failed']);
    expect(s.status).toBe('failed');
    expect(s.error_msg).toBeTruthy();
  }, 120_000);
});
