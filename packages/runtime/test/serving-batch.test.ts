import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchRequest, type BatchResponse, BatchSpecError, buildCsvBody, fileInputName, runBatch } from '../src/serving/batch.js';
import { type ModelServer, startModelServer } from '../src/serving/model-server.js';
import { PYTHON, writeModel } from './serving-python.js';

let dir: string;
let fileServer: ModelServer;
let csvServer: ModelServer;

const FILE_MODEL = `
import hashlib
from model_service.pytorch_model_service import PTServingBaseService

class Digest(PTServingBaseService):
    def _inference(self, data):
        out = {}
        for name, f in data['images'].items():
            content = f.read()
            if name.endswith('.txt'):
                raise RuntimeError('text is not an image')
            out[name] = {'sha1': hashlib.sha1(content).hexdigest(), 'size': len(content)}
        return out
`;

const CSV_MODEL = `
from model_service.model_service import SingleNodeService

class Iris(SingleNodeService):
    def _inference(self, data):
        row = data['data']['req_data'][0]
        if row.get('input_1') == 0:
            raise ValueError('zero sepal')
        return {'data': {'resp_data': [{'predict_result': sum(v for v in row.values() if isinstance(v, (int, float))), 'echo': row}]}}
`;

const RULE = {
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: {
        req_data: {
          type: 'array',
          items: [
            {
              type: 'object',
              properties: {
                input_1: { type: 'number', index: 0 },
                input_2: { type: 'number', index: 1 },
                input_3: { type: 'number', index: 2 },
                input_4: { type: 'number', index: -1 },
                name: { type: 'string', index: 3 },
              },
            },
          ],
        },
      },
    },
  },
};

function sender(server: ModelServer, seen: BatchRequest[] = []) {
  return async (req: BatchRequest): Promise<BatchResponse> => {
    seen.push(req);
    const res = await fetch(`${server.url}${req.path}`, { method: 'POST', headers: { 'Content-Type': req.contentType }, body: req.body });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? '' };
  };
}

function put(root: string, files: Record<string, string | Buffer>): string {
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), c);
  }
  return root;
}

const sha1 = (b: string | Buffer) => createHash('sha1').update(b).digest('hex');

const manifestLines = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, string>);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runtime-batch-'));
  const files = writeModel(dir, 'digest', {
    'config.json': { model_type: 'PyTorch', model_algorithm: 'image_classification' },
    'customize_service.py': FILE_MODEL,
  });
  const csv = writeModel(dir, 'iris', { 'config.json': { model_type: 'MindSpore', model_algorithm: 'predict_analysis' }, 'customize_service.py': CSV_MODEL });
  [fileServer, csvServer] = await Promise.all([startModelServer({ modelDir: files, python: PYTHON }), startModelServer({ modelDir: csv, python: PYTHON })]);
});
afterAll(async () => {
  await Promise.all([fileServer?.stop(), csvServer?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('runBatch', () => {
  it('file mapping: one multipart request per file, a result file per success, a manifest line per input', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
    const srcDir = put(join(dir, 'files-in'), { 'a.jpg': 'jpeg bytes', 'sub/b.png': png, 'notes.txt': 'text' });
    const destDir = join(dir, 'files-out');
    const progress: number[] = [];
    const seen: BatchRequest[] = [];
    const result = await runBatch({
      srcDir,
      destDir,
      mapping_type: 'file',
      send: sender(fileServer, seen),
      taskId: 'task-1',
      sourcePrefix: 'obs://bkt/in/',
      destPrefix: 'obs://bkt/out/',
      concurrency: 2,
      onProgress: (p) => progress.push(p.done),
    });
    expect(result).toEqual({ total: 3, succeeded: 2, failed: 1, manifest: join(destDir, 'infer-result-task-1.manifest') });
    expect(progress.at(-1)).toBe(3);
    expect(seen.every((r) => r.path === '/' && r.contentType.startsWith('multipart/form-data; boundary='))).toBe(true);

    expect(JSON.parse(readFileSync(join(destDir, 'infer-result', 'a.jpg_result.txt'), 'utf8'))).toEqual({ 'a.jpg': { sha1: sha1('jpeg bytes'), size: 10 } });
    expect(JSON.parse(readFileSync(join(destDir, 'infer-result', 'sub', 'b.png_result.txt'), 'utf8'))).toEqual({
      'b.png': { sha1: sha1(png), size: png.length },
    });
    expect(readdirSync(join(destDir, 'infer-result')).sort()).toEqual(['a.jpg_result.txt', 'sub']);

    const lines = manifestLines(result.manifest);
    expect(lines).toEqual([
      { source: 'obs://bkt/in/a.jpg', result: 'SUCCESSFUL', 'inference-loc': 'obs://bkt/out/infer-result/a.jpg_result.txt' },
      { source: 'obs://bkt/in/notes.txt', result: 'FAILED', error_message: expect.stringMatching(/^HTTP 500: .*"erno": "MR\.0105"/) },
      { source: 'obs://bkt/in/sub/b.png', result: 'SUCCESSFUL', 'inference-loc': 'obs://bkt/out/infer-result/sub/b.png_result.txt' },
    ]);
  });

  it('csv mapping: one JSON request per row built by mapping_rule, one result line per row, non-CSV inputs failed', async () => {
    const srcDir = put(join(dir, 'csv-in'), {
      'iris.csv': '5.1,3.5,1.4,"setosa, maybe"\n6.2,2.9,4.3,versicolor\n\n0,1,1,x\n',
      'more/ok.csv': '\uFEFF1,2,3,a\n',
      'readme.md': '# not csv',
    });
    const destDir = join(dir, 'csv-out');
    const seen: BatchRequest[] = [];
    const result = await runBatch({ srcDir, destDir, mapping_type: 'csv', mapping_rule: RULE, send: sender(csvServer, seen), taskId: 't2', req_uri: '/' });
    expect(result).toMatchObject({ total: 5, succeeded: 3, failed: 2 });
    expect(seen.map((r) => JSON.parse(r.body.toString()))).toContainEqual({
      data: { req_data: [{ input_1: 5.1, input_2: 3.5, input_3: 1.4, name: 'setosa, maybe' }] },
    });
    expect(seen.every((r) => r.contentType === 'application/json')).toBe(true);

    const iris = readFileSync(join(destDir, 'infer-result', 'iris.csv_result.txt'), 'utf8')
      .trim()
      .split('\n');
    expect(iris).toHaveLength(3);
    expect(JSON.parse(iris[0] as string)).toMatchObject({ data: { resp_data: [{ predict_result: 10, echo: { name: 'setosa, maybe' } }] } });
    expect(JSON.parse(iris[1] as string)).toMatchObject({ data: { resp_data: [{ echo: { input_1: 6.2, name: 'versicolor' } }] } });
    expect(JSON.parse(iris[2] as string)).toMatchObject({ erno: 'MR.0105' });

    expect(manifestLines(result.manifest)).toEqual([
      {
        source: 'iris.csv',
        result: 'FAILED',
        'inference-loc': 'infer-result/iris.csv_result.txt',
        error_message: expect.stringMatching(/^1 of 3 rows failed; first: row 3: HTTP 500/),
      },
      { source: 'more/ok.csv', result: 'SUCCESSFUL', 'inference-loc': 'infer-result/more/ok.csv_result.txt' },
      { source: 'readme.md', result: 'FAILED', error_message: 'Only .csv files can be used with mapping_type csv.' },
    ]);
  });

  it('manifest src_type: fetches each source with readSource; unreadable ones are "Download file failed."', async () => {
    const srcDir = put(join(dir, 'manifest-in'), {
      'input.manifest': [
        JSON.stringify({ source: 'obs://bkt/img/x.jpg', usage: 'inference' }),
        JSON.stringify({ source: 'https://bkt.obs.example.com/img/dup/x.jpg?Signature=abc' }),
        JSON.stringify({ source: 'obs://bkt/img/gone.jpg' }),
        'not json',
        '',
      ].join('\n'),
    });
    const objects: Record<string, string> = { 'obs://bkt/img/x.jpg': 'first', 'https://bkt.obs.example.com/img/dup/x.jpg?Signature=abc': 'second' };
    const destDir = join(dir, 'manifest-out');
    const result = await runBatch({
      srcDir,
      destDir,
      mapping_type: 'file',
      src_type: 'ManifestFile',
      readSource: async (source) => {
        const v = objects[source];
        if (v === undefined) throw new Error('NoSuchKey');
        return Buffer.from(v);
      },
      send: sender(fileServer),
      taskId: 'm',
    });
    expect(result).toMatchObject({ total: 4, succeeded: 2, failed: 2 });
    expect(manifestLines(result.manifest)).toEqual([
      { source: 'obs://bkt/img/x.jpg', result: 'SUCCESSFUL', 'inference-loc': 'infer-result/x.jpg_result.txt' },
      { source: 'https://bkt.obs.example.com/img/dup/x.jpg?Signature=abc', result: 'SUCCESSFUL', 'inference-loc': 'infer-result/x-1.jpg_result.txt' },
      { source: 'obs://bkt/img/gone.jpg', result: 'FAILED', error_message: 'Download file failed.' },
      { source: 'not json', result: 'FAILED', error_message: 'Invalid manifest line: no "source".' },
    ]);
    expect(JSON.parse(readFileSync(join(destDir, 'infer-result', 'x-1.jpg_result.txt'), 'utf8'))).toMatchObject({ 'x-1.jpg': { size: 6 } });
  });

  it('refuses specs that cannot run, before any request', async () => {
    const srcDir = put(join(dir, 'spec-in'), { 'a.csv': '1,2\n' });
    const send = async (): Promise<BatchResponse> => {
      throw new Error('no request expected');
    };
    const base = { srcDir, destDir: join(dir, 'spec-out'), send };
    await expect(runBatch({ ...base, mapping_type: 'csv' })).rejects.toBeInstanceOf(BatchSpecError);
    await expect(runBatch({ ...base, mapping_type: 'csv', mapping_rule: { type: 'object', properties: { a: { index: -1 } } } })).rejects.toThrow(
      /at least one CSV column/,
    );
    await expect(runBatch({ ...base, mapping_type: 'file', src_type: 'ManifestFile' })).rejects.toThrow(/needs readSource/);
    await expect(runBatch({ ...base, mapping_type: 'file', taskId: '../x' })).rejects.toBeInstanceOf(BatchSpecError);
    await expect(runBatch({ ...base, mapping_type: 'file', signal: AbortSignal.abort() })).rejects.toThrow();
  });
});

describe('buildCsvBody', () => {
  it('types cells by the schema, leaves out index -1 and missing columns, infers untyped leaves', () => {
    const rule = {
      properties: {
        a: { index: 0 },
        b: { index: 1, type: 'string' },
        c: { index: 2, type: 'boolean' },
        d: { index: 9 },
        e: { index: -1 },
        f: { type: 'integer', index: 1 },
      },
    };
    expect(buildCsvBody(rule, ['1.5', '007', 'TRUE'])).toEqual({ a: 1.5, b: '007', c: true, f: 7 });
    expect(buildCsvBody({ type: 'array', item: { index: 0 } }, ['x'])).toEqual(['x']);
  });
});

describe('fileInputName', () => {
  it("names the file property of the API's request schema", () => {
    const config = {
      model_type: 'PyTorch',
      apis: [
        { url: '/', method: 'post', request: { 'Content-type': 'multipart/form-data', data: { type: 'object', properties: { images: { type: 'file' } } } } },
        { url: '/audio/', request: { data: { type: 'object', properties: { rate: { type: 'integer' }, clip: { type: 'file' } } } } },
      ],
    };
    expect(fileInputName(config)).toBe('images');
    expect(fileInputName(config, '/audio')).toBe('clip');
    expect(fileInputName(config, '/none')).toBeUndefined();
    expect(fileInputName(undefined)).toBeUndefined();
  });
});

describe('runBatch with a send that answers strings or Uint8Arrays', () => {
  it('writes the same bytes', async () => {
    const srcDir = put(join(dir, 'types-in'), { 'a.bin': 'x', 'b.bin': 'y' });
    const destDir = join(dir, 'types-out');
    const result = await runBatch({
      srcDir,
      destDir,
      mapping_type: 'file',
      send: async (req) => {
        const text = req.body.includes(Buffer.from('filename="a.bin"')) ? 'été' : 'ok';
        return text === 'ok' ? { status: 200, body: new TextEncoder().encode(text) } : { status: 200, body: text };
      },
    });
    expect(result).toMatchObject({ total: 2, succeeded: 2 });
    expect(readFileSync(join(destDir, 'infer-result', 'a.bin_result.txt'), 'utf8')).toBe('été');
    expect(readFileSync(join(destDir, 'infer-result', 'b.bin_result.txt'), 'utf8')).toBe('ok');
  });
});
