import { describe, expect, it } from 'vitest';
import { ENGINES, EngineCatalog, findEngine, probeImports } from './engines.js';

describe('engines', () => {
  it('finds engines by id, by name and version, or by name alone', () => {
    expect(findEngine({ engine_id: 'xgboost-sklearn-python3.6' })?.engine_name).toBe('XGBoost-Sklearn');
    expect(findEngine({ engine_name: 'PyTorch', engine_version: 'PyTorch-1.4.0-python3.6' })?.module).toBe('torch');
    expect(findEngine({ engine_name: 'pytorch' })?.engine_name).toBe('PyTorch');
    expect(findEngine({ engine_name: 'PyTorch', engine_version: 'PyTorch-0.0.1' })).toBeUndefined();
    expect(findEngine({ engine_name: 'Theano' })).toBeUndefined();
  });

  it('probes imports in a real python3, and reports false for a missing interpreter', async () => {
    expect(await probeImports('python3', ['json', 'no_such_module_for_modelarts'])).toEqual({ json: true, no_such_module_for_modelarts: false });
    expect(await probeImports('/no/such/python', ['json'])).toEqual({ json: false });
  });

  it('probes once per interpreter, lazily, and caches the answer', async () => {
    const calls: Array<[string, string[]]> = [];
    const catalog = new EngineCatalog(
      (engine) => (engine === 'PyTorch' ? '/opt/torch/bin/python' : 'python3'),
      async (py, mods) => {
        calls.push([py, [...mods]]);
        return Object.fromEntries(mods.map((m) => [m, m === 'torch']));
      },
    );
    expect(calls).toHaveLength(0);
    const items = await catalog.list();
    await catalog.list();
    expect(calls).toHaveLength(2);
    expect(items).toHaveLength(ENGINES.length);
    const torch = items.find((e) => e.engine_name === 'PyTorch');
    expect(torch?.x_local).toEqual({ interpreter: '/opt/torch/bin/python', module: 'torch', importable: true });
    expect(items.find((e) => e.engine_name === 'TensorFlow')?.x_local).toEqual({ interpreter: 'python3', module: 'tensorflow', importable: false });
  });
});
