import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The interpreter `python3` resolves to (launchers such as pyenv shims cost a second per start). */
export const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

/** A stdlib model: y = w·x + b per row of `{"data": {"req_data": [{"x": …}]}}`; answers which instance served. */
const JSON_SERVICE = `import json, os, uuid
from model_service.model_service import SingleNodeService

# Tells instances apart: a sandboxed server has its own PID namespace, so os.getpid() may repeat.
INSTANCE = uuid.uuid4().hex


class LinearService(SingleNodeService):
    def __init__(self, model_name, model_path):
        super(LinearService, self).__init__(model_name, model_path)
        with open(os.path.join(self.model_path, 'weights.json')) as f:
            self.weights = json.load(f)

    def _preprocess(self, data):
        return [float(row['x']) for row in data['data']['req_data']]

    def _inference(self, xs):
        return [self.weights['w'] * x + self.weights['b'] for x in xs]

    def _postprocess(self, ys):
        return {'data': {'resp_data': [{'predict_result': y} for y in ys]}, 'instance': INSTANCE, 'greeting': os.environ.get('GREETING', '')}
`;

const JSON_CONFIG = {
  model_algorithm: 'predict_analysis',
  model_type: 'MindSpore',
  runtime: 'python3.7',
  apis: [
    {
      protocol: 'http',
      url: '/',
      method: 'post',
      request: {
        'Content-type': 'application/json',
        data: {
          type: 'object',
          properties: {
            data: { type: 'object', properties: { req_data: { type: 'array', items: [{ type: 'object', properties: { x: { type: 'number' } } }] } } },
          },
        },
      },
      response: {
        'Content-type': 'application/json',
        data: { type: 'object', properties: { data: { type: 'object', properties: { resp_data: { type: 'array' } } } } },
      },
    },
  ],
};

/** A multipart model: for every uploaded file, its field, size and line count. */
const FILE_SERVICE = `from model_service.model_service import SingleNodeService


class FileStatsService(SingleNodeService):
    def _preprocess(self, data):
        out = {}
        for field, files in data.items():
            if not isinstance(files, dict):
                continue
            for name, f in files.items():
                content = f.read()
                out[name] = {'field': field, 'bytes': len(content), 'lines': content.count(b'\\n')}
        return out

    def _inference(self, data):
        return data

    def _postprocess(self, data):
        return {'files': data}
`;

const FILE_CONFIG = {
  model_algorithm: 'file_stats',
  model_type: 'MindSpore',
  apis: [
    {
      protocol: 'http',
      url: '/',
      method: 'post',
      request: { 'Content-type': 'multipart/form-data', data: { type: 'object', properties: { file: { type: 'file' } } } },
      response: { 'Content-type': 'application/json', data: { type: 'object', properties: { files: { type: 'object' } } } },
    },
  ],
};

/** A model whose service class raises at load time. */
const BROKEN_SERVICE = `from model_service.model_service import SingleNodeService


class BrokenService(SingleNodeService):
    def __init__(self, model_name, model_path):
        raise RuntimeError('weights are corrupt')
`;

function write(root: string, files: Record<string, string | object>): string {
  const model = join(root, 'model');
  mkdirSync(model, { recursive: true });
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(model, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return root;
}

/** `<root>/model/` with the JSON model (w, b as given); answers `root`, the package folder. */
export function writeJsonModel(root: string, w = 3, b = 2): string {
  return write(root, { 'customize_service.py': JSON_SERVICE, 'config.json': JSON_CONFIG, 'weights.json': { w, b } });
}

export function writeFileModel(root: string): string {
  return write(root, { 'customize_service.py': FILE_SERVICE, 'config.json': FILE_CONFIG });
}

export function writeBrokenModel(root: string): string {
  return write(root, { 'customize_service.py': BROKEN_SERVICE, 'config.json': { ...JSON_CONFIG, model_algorithm: 'broken' } });
}

/** The JSON model's request for inputs `xs`. */
export const rows = (...xs: number[]) => ({ data: { req_data: xs.map((x) => ({ x })) } });
