import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../src/proc.js';
import { MODEL_SERVER_SCRIPT, type ModelServer, ModelServerError, startModelServer } from '../src/serving/model-server.js';
import { PYTHON, SKLEARN_PYTHON, writeModel } from './serving-python.js';

let dir: string;
const servers: ModelServer[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runtime-serving-'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop(2000)));
  rmSync(dir, { recursive: true, force: true });
});

async function serve(modelDir: string, extra: Partial<Parameters<typeof startModelServer>[0]> = {}): Promise<ModelServer> {
  const server = await startModelServer({ modelDir, python: PYTHON, startTimeoutMs: 30_000, ...extra });
  servers.push(server);
  return server;
}

interface Reply {
  status: number;
  body: string;
  json: unknown;
  reused: boolean;
}

function call(url: string, init: { method?: string; body?: Buffer | string; type?: string; agent?: Agent } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'POST', agent: init.agent, headers: init.type ? { 'Content-Type': init.type } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body, json, reused: req.reusedSocket });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const postJson = (url: string, value: unknown, agent?: Agent) => call(url, { body: JSON.stringify(value), type: 'application/json', agent });

function multipart(fields: Array<{ name: string; filename?: string; content: string | Buffer }>): { body: Buffer; type: string } {
  const boundary = '----mats-test-boundary';
  const parts: Buffer[] = [];
  for (const f of fields) {
    const disposition = `form-data; name="${f.name}"${f.filename !== undefined ? `; filename="${f.filename}"` : ''}`;
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`), Buffer.from(f.content), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

const JSON_MODEL = `
from model_service.model_service import SingleNodeService

class LinearService(SingleNodeService):
    def __init__(self, model_name, model_path):
        super(LinearService, self).__init__(model_name, model_path)
        import json, os
        with open(os.path.join(model_path, 'weights.json')) as f:
            self.w = json.load(f)

    def _preprocess(self, data):
        return [float(x) for x in data['xs']]

    def _inference(self, xs):
        return [self.w['a'] * x + self.w['b'] for x in xs]

    def _postprocess(self, ys):
        return {'ys': ys, 'label': 'résultat', 'model_name': self.model_name}
`;

describe('the Python model server', () => {
  it('serves a stdlib JSON model: health, POST /, non-ASCII kept, keep-alive, logs to the log file', async () => {
    const modelDir = writeModel(dir, 'linear', {
      'config.json': { model_type: 'MindSpore', model_algorithm: 'predict_analysis' },
      'customize_service.py': JSON_MODEL,
      'weights.json': { a: 2, b: 1 },
    });
    const logFile = join(dir, 'logs', 'linear.log');
    const lines: string[] = [];
    const server = await serve(modelDir, { logFile, modelName: 'linear', onLog: (l) => lines.push(l) });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(isProcessAlive(server.pid)).toBe(true);

    const health = await call(`${server.url}/health`, { method: 'GET' });
    expect(health).toMatchObject({ status: 200, json: { status: 'OK' } });
    expect(await server.healthy()).toBe(true);

    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await postJson(`${server.url}/`, { xs: [1, 2, 3] }, agent);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ ys: [3, 5, 7], label: 'résultat', model_name: 'linear' });
    expect(first.body).toContain('résultat');
    const second = await postJson(`${server.url}/`, { xs: [10] }, agent);
    expect(second.json).toMatchObject({ ys: [21] });
    expect(second.reused).toBe(true);
    agent.destroy();

    await server.stop(5000);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(isProcessAlive(server.pid)).toBe(false);
    expect(readFileSync(logFile, 'utf8')).toContain('Model service LinearService loaded');
    expect(lines.some((l) => l.includes('Model server stopped'))).toBe(true);
  });

  it('hands multipart files to the service as {field: {filename: file-like}} and text fields as strings', async () => {
    const modelDir = writeModel(dir, 'files', {
      'config.json': {
        model_type: 'TensorFlow',
        model_algorithm: 'image_classification',
        apis: [
          {
            procotol: 'http',
            url: '/',
            method: 'post',
            request: { 'Content-type': 'multipart/form-data', data: { type: 'object', properties: { images: { type: 'file' } } } },
          },
        ],
      },
      'customize_service.py': `
from model_service.tfserving_model_service import TfServingBaseService

class ImageService(TfServingBaseService):
    def _preprocess(self, data):
        out = {}
        for field, value in data.items():
            if isinstance(value, dict):
                out[field] = [{'name': n, 'size': len(f.getvalue()), 'head': f.read(4).decode('latin-1')} for n, f in value.items()]
            else:
                out[field] = value
        return out

    def _inference(self, data):
        return data

    def _postprocess(self, data):
        return {'fields': data, 'model_path': self.model_path}
`,
    });
    const server = await serve(modelDir);
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d]);
    const form = multipart([
      { name: 'images', filename: 'a.png', content: binary },
      { name: 'images', filename: 'b.txt', content: 'hello' },
      { name: 'note', content: 'été' },
    ]);
    const reply = await call(`${server.url}/?threshold=0.5`, { body: form.body, type: form.type });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      fields: {
        images: [
          { name: 'a.png', size: binary.length, head: '\u0089PNG' },
          { name: 'b.txt', size: 5, head: 'hell' },
        ],
        note: 'été',
        threshold: '0.5',
      },
      model_path: modelDir,
    });
  });

  it('loads a PTServingBaseService that uses only its hooks without torch; model_path is the weights file', async () => {
    const modelDir = writeModel(dir, 'pytorch', {
      'config.json': { model_type: 'PyTorch', model_algorithm: 'image_classification', runtime: 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64' },
      'customize_service.py': `
import log
from model_service.pytorch_model_service import PTServingBaseService
from metric.metrics_manager import MetricsManager

logger = log.getLogger(__name__)

class Mnist(PTServingBaseService):
    def __init__(self, model_name, model_path):
        super(Mnist, self).__init__(model_name, model_path)
        self.model = lambda values: sum(values)

    def _preprocess(self, data):
        logger.info('pre')
        return {'input': data['values']}

    def _postprocess(self, data):
        ok = self.model_name + '_LatencyOverall' in MetricsManager.metrics
        return {'sum': data['input'], 'weights': self.model_path, 'metrics': ok}
`,
      'mnist.pth': Buffer.from('not really torch'),
    });
    const server = await serve(modelDir);
    const reply = await postJson(`${server.url}/`, { values: [1, 2, 3.5] });
    expect(reply).toMatchObject({ status: 200, json: { sum: 6.5, weights: join(modelDir, 'mnist.pth'), metrics: true } });
  });

  it('answers the cloud error bodies: MR.0101 for bad input, MR.0105 with 400 for KeyError and 500 otherwise', async () => {
    const modelDir = writeModel(dir, 'errors', {
      'config.json': { model_type: 'PyTorch', model_algorithm: 'predict_analysis' },
      'customize_service.py': `
from model_service.pytorch_model_service import PTServingBaseService

class Failing(PTServingBaseService):
    def _inference(self, data):
        if data.get('mode') == 'boom':
            raise RuntimeError('the model blew up')
        if data.get('mode') == 'bytes':
            return b'not json'
        return {'x': data['missing']}
`,
    });
    const server = await serve(modelDir);
    const MR0101 = { erno: 'MR.0101', msg: 'The input parameter is invalid', words_result: {} };
    const MR0105 = { erno: 'MR.0105', msg: 'Recognition failed', words_result: {} };
    expect(await postJson(`${server.url}/`, { mode: 'key' })).toMatchObject({ status: 400, json: MR0105 });
    expect(await postJson(`${server.url}/`, { mode: 'bytes' })).toMatchObject({ status: 400, json: MR0105 });
    expect(await postJson(`${server.url}/`, { mode: 'boom' })).toMatchObject({ status: 500, json: MR0105 });
    expect(await call(`${server.url}/`, { body: '{not json', type: 'application/json' })).toMatchObject({ status: 400, json: MR0101 });
    expect(await call(`${server.url}/`, { body: '{}', type: 'application/json' })).toMatchObject({ status: 400, json: MR0101 });
    expect(await call(`${server.url}/`, { body: 'x=1', type: 'text/plain' })).toMatchObject({ status: 400, json: MR0101 });
    expect(await call(`${server.url}/`, { method: 'GET' })).toMatchObject({ status: 405 });
    expect(await postJson(`${server.url}/other`, { mode: 'key' })).toMatchObject({ status: 404, json: { error_code: 'ModelArts.4204' } });
    expect(server.logTail().join('\n')).toContain('RuntimeError: the model blew up');
  });

  it('serves the apis paths of config.json, including a GET API fed by the query string', async () => {
    const modelDir = writeModel(dir, 'apis', {
      'config.json': {
        model_type: 'MindSpore',
        model_algorithm: 'predict_analysis',
        apis: [
          { protocol: 'http', url: '/v2/sum', method: 'post', request: { 'Content-type': 'application/json' } },
          { protocol: 'http', url: '/v2/echo', method: 'get' },
        ],
      },
      'customize_service.py': `
from model_service.model_service import SingleNodeService

class Api(SingleNodeService):
    def __init__(self, model_name, model_path):
        pass

    def _inference(self, data):
        if 'xs' in data:
            return {'sum': sum(data['xs'])}
        return {'echo': dict(data), 'path': self.model_path}
`,
    });
    const server = await serve(modelDir);
    expect(await postJson(`${server.url}/v2/sum`, { xs: [4, 5] })).toMatchObject({ status: 200, json: { sum: 9 } });
    expect(await postJson(`${server.url}/v2/sum/`, { xs: [1] })).toMatchObject({ status: 200, json: { sum: 1 } });
    // __init__ skipped the base constructor: model_path is still set, as on the cloud.
    expect(await call(`${server.url}/v2/echo?q=a%20b&n=2`, { method: 'GET' })).toMatchObject({
      status: 200,
      json: { echo: { q: 'a b', n: '2' }, path: modelDir },
    });
    expect(await postJson(`${server.url}/`, { xs: [2] })).toMatchObject({ status: 200, json: { sum: 2 } });
  });

  it('gives XGBoost/sklearn services the raw body and wraps the result as data.resp_data, echoing meta', async () => {
    const modelDir = writeModel(dir, 'sklearn', {
      'config.json': { model_type: 'Scikit_Learn', model_algorithm: 'predict_analysis' },
      'customize_service.py': `
import collections, json
from model_service.python_model_service import XgSklServingBaseService

class user_Service(XgSklServingBaseService):
    def _preprocess(self, data):
        body = json.loads(data, object_pairs_hook=collections.OrderedDict)
        return [[row[k] for k in row] for row in body['data']['req_data']]

    def _inference(self, rows):
        with open(self.model_path) as f:
            bias = float(f.read())
        return [sum(r) + bias for r in rows]

    def _postprocess(self, data):
        return [{'predict_result': v} for v in data]
`,
      'model.m': '0.5',
    });
    const server = await serve(modelDir);
    const reply = await postJson(`${server.url}/`, {
      meta: { uuid: 'u-1' },
      data: {
        req_data: [
          { a: 1, b: 2 },
          { a: 3, b: 4 },
        ],
      },
    });
    expect(reply).toMatchObject({ status: 200, json: { meta: { uuid: 'u-1' }, data: { resp_data: [{ predict_result: 3.5 }, { predict_result: 7.5 }] } } });
    const bad = await call(`${server.url}/`, { body: 'nope', type: 'application/json' });
    expect(bad.status).toBe(500);
    expect(bad.json).toMatchObject({ erno: 'PY.0101', msg: 'The input data is invalid' });
    const missing = await postJson(`${server.url}/`, { data: {} });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ erno: 'PY.0105', msg: 'Predict failed' });
    expect((missing.json as { error_info: string }).error_info).toContain("KeyError: 'req_data'");
  });

  it('runs the service with a clean environment plus the given env and python path', async () => {
    const extra = join(dir, 'extra-path');
    writeModel(dir, 'extra-path', {});
    const modelDir = writeModel(dir, 'env', {
      'config.json': { model_type: 'MindSpore', model_algorithm: 'predict_analysis' },
      'customize_service.py': `
import os, sys
from model_service.model_service import SingleNodeService

class Env(SingleNodeService):
    def _inference(self, data):
        out = dict((k, os.environ.get(k)) for k in data['names'])
        out.update(cwd=os.getcwd(), path0=[p for p in sys.path if p.endswith('extra-path')])
        return out
`,
    });
    process.env.MODELARTS_TEST_SECRET = 'do-not-leak';
    try {
      const server = await serve(modelDir, { env: { MY_SETTING: 'on' }, pythonPath: [extra] });
      const reply = await postJson(`${server.url}/`, { names: ['MY_SETTING', 'MODELARTS_TEST_SECRET'] });
      expect(reply.json).toEqual({ MY_SETTING: 'on', MODELARTS_TEST_SECRET: null, cwd: modelDir, path0: [extra] });
    } finally {
      delete process.env.MODELARTS_TEST_SECRET;
    }
  });

  it('rejects with ModelServerError carrying the traceback when the service cannot load, and leaves no process', async () => {
    const broken = writeModel(dir, 'broken', {
      'config.json': { model_type: 'PyTorch', model_algorithm: 'predict_analysis' },
      'customize_service.py': 'import torch_that_does_not_exist\n',
    });
    const error = await startModelServer({ modelDir: broken, python: PYTHON }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelServerError);
    expect((error as Error).message).toContain('failed to load');
    expect((error as Error).message).toContain("No module named 'torch_that_does_not_exist'");

    const two = writeModel(dir, 'two', {
      'config.json': { model_type: 'PyTorch', model_algorithm: 'predict_analysis' },
      'customize_service.py': `
from model_service.pytorch_model_service import PTServingBaseService
class A(PTServingBaseService):
    pass
class B(PTServingBaseService):
    pass
`,
    });
    await expect(startModelServer({ modelDir: two, python: PYTHON })).rejects.toThrow(/exactly one service class .*found: A, B/);

    const noScript = writeModel(dir, 'noscript', { 'config.json': { model_type: 'MindSpore', model_algorithm: 'predict_analysis' } });
    await expect(startModelServer({ modelDir: noScript, python: PYTHON })).rejects.toThrow(/customize_service.py is missing/);

    await expect(startModelServer({ modelDir: noScript, python: join(dir, 'no-python') })).rejects.toThrow(/cannot start .*ENOENT/);
  });

  it('times out a service that loads too slowly and kills it', async () => {
    const modelDir = writeModel(dir, 'slow', {
      'config.json': { model_type: 'MindSpore', model_algorithm: 'predict_analysis' },
      'customize_service.py': `
import os, time
from model_service.model_service import SingleNodeService
with open(os.environ['PID_FILE'], 'w') as f:
    f.write(str(os.getpid()))
time.sleep(60)
class Slow(SingleNodeService):
    pass
`,
    });
    const pidFile = join(dir, 'slow.pid');
    const error = await startModelServer({ modelDir, python: PYTHON, startTimeoutMs: 1500, env: { PID_FILE: pidFile } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelServerError);
    expect((error as Error).message).toContain('not healthy within 1500 ms');
    expect(isProcessAlive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('exits when its launcher is gone (stdin closes), so no orphan keeps the port', async () => {
    const modelDir = writeModel(dir, 'orphan', {
      'config.json': { model_type: 'MindSpore', model_algorithm: 'predict_analysis' },
      'customize_service.py': 'from model_service.model_service import SingleNodeService\nclass S(SingleNodeService):\n    pass\n',
    });
    const child = spawn(PYTHON, ['-u', MODEL_SERVER_SCRIPT, '--model-dir', modelDir, '--exit-with-stdin'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const exited = once(child, 'exit');
    while (!out.includes('loaded in')) await new Promise((r) => setTimeout(r, 50));
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    child.stdin.end();
    expect(await exited).toEqual([0, null]);
  });

  it('lets a request in flight finish when stopped (SIGTERM), then exits 0', async () => {
    const modelDir = writeModel(dir, 'drain', {
      'config.json': { model_type: 'MindSpore', model_algorithm: 'predict_analysis' },
      'customize_service.py': `
import time
from model_service.model_service import SingleNodeService
class Slow(SingleNodeService):
    def _inference(self, data):
        time.sleep(data['seconds'])
        return {'slept': data['seconds']}
`,
    });
    const server = await serve(modelDir);
    const pending = postJson(`${server.url}/`, { seconds: 1 });
    await new Promise((r) => setTimeout(r, 300));
    const stopped = server.stop(10_000);
    expect(await pending).toMatchObject({ status: 200, json: { slept: 1 } });
    await stopped;
    expect(await server.exited).toEqual({ code: 0, signal: null });
    await expect(call(`${server.url}/health`, { method: 'GET' })).rejects.toThrow();
  });

  it.skipIf(!SKLEARN_PYTHON)('serves a Scikit_Learn model file without customize_service.py (default service)', async () => {
    const modelDir = writeModel(dir, 'sklearn-default', { 'config.json': { model_type: 'Scikit_Learn', model_algorithm: 'predict_analysis' } });
    const python = SKLEARN_PYTHON as string;
    execFileSync(python, [
      '-c',
      'import joblib, sys\nfrom sklearn.linear_model import LinearRegression\njoblib.dump(LinearRegression().fit([[0, 0], [1, 1], [2, 3]], [0, 2, 5]), sys.argv[1])',
      join(modelDir, 'model.pkl'),
    ]);
    const server = await serve(modelDir, { python });
    const reply = await postJson(`${server.url}/`, {
      data: {
        req_data: [
          { a: 1, b: 1 },
          { a: 2, b: 3 },
        ],
      },
    });
    expect(reply.status).toBe(200);
    const rows = (reply.json as { data: { resp_data: Array<{ predict_result: number }> } }).data.resp_data;
    expect(rows.map((r) => Math.round(r.predict_result * 1000) / 1000)).toEqual([2, 5]);
  });

  it('unref() lets the launching Node process exit, and the server ends with it', async () => {
    const modelDir = writeModel(dir, 'unref', {
      'config.json': { model_type: 'MindSpore', model_algorithm: 'predict_analysis' },
      'customize_service.py': 'from model_service.model_service import SingleNodeService\nclass S(SingleNodeService):\n    pass\n',
    });
    // The built package, as a user script imports it (npm test builds before running the suites).
    const entry = new URL('../dist/index.js', import.meta.url).href;
    const script = `
const { startModelServer } = await import(${JSON.stringify(entry)});
const server = await startModelServer({ modelDir: ${JSON.stringify(modelDir)}, python: ${JSON.stringify(PYTHON)} });
const res = await fetch(server.url + '/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a": 1}' });
console.log(JSON.stringify({ pid: server.pid, body: await res.json() }));
server.unref();
`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const { pid, body } = JSON.parse(out.trim()) as { pid: number; body: unknown };
    expect(body).toEqual({ a: 1 });
    while (isProcessAlive(pid)) await new Promise((r) => setTimeout(r, 50));
    expect(isProcessAlive(pid)).toBe(false);
  });
});
