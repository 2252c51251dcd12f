import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectModelPackage, installModelDependencies, ModelDependencyError, modelPythonPath } from '../src/serving/model-package.js';
import { startModelServer } from '../src/serving/model-server.js';
import { PYTHON, writeModel } from './serving-python.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runtime-package-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = {
  model_type: 'PyTorch',
  model_algorithm: 'image_classification',
  dependencies: [{ installer: 'pip', packages: [{ package_name: 'numpy', package_version: '1.24.0', restraint: 'ATLEAST' }] }],
};

describe('inspectModelPackage', () => {
  it('accepts a package folder or its model/ folder and reports size and config', async () => {
    const modelDir = writeModel(dir, 'good', { 'config.json': GOOD, 'customize_service.py': '# code\n', 'weights.pth': Buffer.alloc(1000) });
    for (const path of [join(dir, 'good'), modelDir]) {
      const info = await inspectModelPackage(path);
      expect(info.errors).toEqual([]);
      expect(info.modelDir).toBe(modelDir);
      expect(info.config?.model_type).toBe('PyTorch');
      expect(info.hasInferenceCode).toBe(true);
      expect(info.sizeBytes).toBe(1000 + JSON.stringify(GOOD).length + '# code\n'.length);
    }
  });

  it('answers the cloud codes for bad layouts and bad config.json fields', async () => {
    const codes = async (path: string, defaults = {}) => (await inspectModelPackage(path, defaults)).errors.map((e) => `${e.code} ${e.message}`);
    mkdirSync(join(dir, 'empty'));
    expect(await codes(join(dir, 'empty'))).toEqual([expect.stringMatching(/^ModelArts\.3017 the model package has no model\/ folder/)]);
    expect(await codes(join(dir, 'absent'))).toEqual([expect.stringMatching(/^ModelArts\.3017 .* is not a folder/)]);

    writeModel(dir, 'nested', { 'sub/config.json': GOOD });
    expect(await codes(join(dir, 'nested'))).toEqual([
      'ModelArts.3017 model/config.json is missing (found model/sub/config.json; it must be directly in model/)',
    ]);

    writeModel(dir, 'badjson', { 'config.json': '{"model_type": ' });
    expect(await codes(join(dir, 'badjson'))).toEqual([expect.stringMatching(/^ModelArts\.3015 config\.json is not valid JSON/)]);

    writeModel(dir, 'nocode', { 'config.json': GOOD });
    expect(await codes(join(dir, 'nocode'))).toEqual(['ModelArts.3017 model/customize_service.py is missing: model type PyTorch needs inference code']);
    // XGBoost, Scikit_Learn and TensorFlow have a default service.
    writeModel(dir, 'xgb', { 'config.json': { model_type: 'XGBoost', model_algorithm: 'predict_analysis' }, 'model.m': 'x' });
    expect(await codes(join(dir, 'xgb'))).toEqual([]);

    writeModel(dir, 'fields', {
      'config.json': {
        model_type: 'Keras',
        model_algorithm: '1bad<name>',
        dependencies: [
          { installer: 'conda', packages: [{ package_name: 'a' }] },
          {
            installer: 'pip',
            packages: [
              { package_name: 'b', package_version: '1.0' },
              { package_name: 'c', package_version: '1', restraint: 'ABOUT' },
            ],
          },
        ],
      },
      'customize_service.py': '',
    });
    expect((await inspectModelPackage(join(dir, 'fields'))).errors.map((e) => e.code)).toEqual([
      'ModelArts.3015',
      'ModelArts.3015',
      'ModelArts.3040',
      'ModelArts.3041',
      'ModelArts.3041',
    ]);

    writeModel(dir, 'schema', { 'config.json': { model_algorithm: 'x', apis: 'nope' } });
    expect((await inspectModelPackage(join(dir, 'schema'))).errors[0]?.code).toBe('ModelArts.3015');

    // The import request may supply what config.json leaves out.
    writeModel(dir, 'partial', { 'config.json': {}, 'model.m': 'x' });
    expect(await codes(join(dir, 'partial'), { model_type: 'Scikit_Learn', model_algorithm: 'predict_analysis' })).toEqual([]);
    expect(await codes(join(dir, 'partial'))).not.toEqual([]);

    writeModel(dir, 'image', { 'config.json': { model_type: 'Image', model_algorithm: 'x' } });
    expect(await codes(join(dir, 'image'))).toEqual(['ModelArts.3015 config.json: swr_location is required for model_type Image']);
  });
});

describe('installModelDependencies', () => {
  it("rejects with pip's message when a package cannot be installed, leaving nothing behind", async () => {
    const modelDir = writeModel(dir, 'deps-fail', { 'config.json': GOOD });
    const lines: string[] = [];
    const error = await installModelDependencies(
      modelDir,
      [{ installer: 'pip', packages: [{ package_name: 'modelarts-local-no-such-package', package_version: '1.0', restraint: 'EXACT' }] }],
      { python: PYTHON, pipArgs: ['--no-index'], onLog: (l) => lines.push(l) },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelDependencyError);
    expect((error as Error).message).toContain('pip install modelarts-local-no-such-package==1.0 failed with exit code 1');
    expect((error as Error).message).toMatch(/No matching distribution found for modelarts-local-no-such-package==1\.0/);
    expect(lines[0]).toBe('pip install modelarts-local-no-such-package==1.0');
    expect(readdirSync(join(dir, 'deps-fail'))).toEqual(['model']);
    expect(modelPythonPath(modelDir)).toEqual([]);
  });

  it('installs a local package into the package folder, where the model server finds it', async () => {
    // A ready wheel (a zip with the module and its metadata): building one would need setuptools from the network.
    const modelDir = writeModel(dir, 'deps-ok', {
      'config.json': { model_type: 'MindSpore', model_algorithm: 'predict_analysis' },
      'customize_service.py': `
import greeting
from model_service.model_service import SingleNodeService
class S(SingleNodeService):
    def _inference(self, data):
        return {'greeting': greeting.hello(data['name'])}
`,
    });
    const wheel = join(modelDir, 'greeting-1.0-py3-none-any.whl');
    execFileSync(PYTHON, [
      '-c',
      `
import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('greeting.py', 'def hello(n):\\n    return "hello " + n\\n')
    z.writestr('greeting-1.0.dist-info/METADATA', 'Metadata-Version: 2.1\\nName: greeting\\nVersion: 1.0\\n')
    z.writestr('greeting-1.0.dist-info/WHEEL', 'Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n')
    z.writestr('greeting-1.0.dist-info/RECORD', '')
`,
      wheel,
    ]);
    const target = await installModelDependencies(modelDir, [{ installer: 'pip', packages: [{ package_name: 'greeting-1.0-py3-none-any.whl' }] }], {
      python: PYTHON,
      pipArgs: ['--no-index'],
    });
    expect(target).toBe(join(dir, 'deps-ok', '.pip-packages'));
    expect(existsSync(join(target as string, 'greeting.py'))).toBe(true);
    expect(modelPythonPath(modelDir)).toEqual([target]);
    expect(await installModelDependencies(modelDir, [], { python: PYTHON })).toBeUndefined();

    const server = await startModelServer({ modelDir, python: PYTHON, pythonPath: modelPythonPath(modelDir) });
    try {
      const res = await fetch(`${server.url}/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'ma' }) });
      expect(await res.json()).toEqual({ greeting: 'hello ma' });
    } finally {
      await server.stop();
    }
  });
});
