import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The interpreter `python3` resolves to (launchers such as pyenv shims cost a second per start). */
export const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

const api = (contentType: string, properties: object) => ({
  protocol: 'http',
  url: '/',
  method: 'post',
  request: { 'Content-type': contentType, data: { type: 'object', properties } },
  response: { 'Content-type': 'application/json', data: { type: 'object' } },
});

/** Model packages for the CLI suites: `sum` answers the sum of `x` and which instance served; `files` the size of each upload. */
const PACKAGES = {
  sum: {
    'config.json': { model_type: 'MindSpore', model_algorithm: 'predict_analysis', apis: [api('application/json', { x: { type: 'array' } })] },
    'customize_service.py': `import uuid
from model_service.model_service import SingleNodeService

# Tells instances apart: a sandboxed server has its own PID namespace, so os.getpid() may repeat.
INSTANCE = uuid.uuid4().hex


class SumService(SingleNodeService):
    def _inference(self, data):
        return {'sum': sum(data['x']), 'instance': INSTANCE}
`,
  },
  files: {
    'config.json': { model_type: 'MindSpore', model_algorithm: 'file_size', apis: [api('multipart/form-data', { doc: { type: 'file' } })] },
    'customize_service.py': `from model_service.model_service import SingleNodeService


class SizeService(SingleNodeService):
    def _inference(self, data):
        return {name: [field, len(f.read())] for field, files in data.items() for name, f in files.items()}
`,
  },
} as const;

/** Writes `<root>/model/…` of one package; answers `root`. */
export function writeModelPackage(root: string, kind: keyof typeof PACKAGES): string {
  mkdirSync(join(root, 'model'), { recursive: true });
  for (const [name, content] of Object.entries(PACKAGES[kind])) {
    writeFileSync(join(root, 'model', name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}
