import { execFile } from 'node:child_process';
import type { TrainingEngineInfo } from '@modelarts-ts/contract';

/** A preset engine of the cloud (names and versions as the cloud's engine list gives them) and the Python module it needs here. */
export interface Engine {
  engine_id: string;
  engine_name: string;
  engine_version: string;
  v1_compatible: boolean;
  module: string;
  image: string;
}

const engine = (engine_name: string, engine_version: string, module: string, engine_id = engine_version, v1_compatible = false): Engine => ({
  engine_id,
  engine_name,
  engine_version,
  v1_compatible,
  module,
  image: `modelarts-job-dev-image/${engine_id.toLowerCase()}:latest`,
});

export const ENGINES: readonly Engine[] = [
  engine('PyTorch', 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64', 'torch'),
  engine('PyTorch', 'PyTorch-1.4.0-python3.6', 'torch', 'pytorch-1.4.0-python3.6', true),
  engine('TensorFlow', 'tensorflow_2.1.0-cuda_10.1-py_3.7-ubuntu_18.04-x86_64', 'tensorflow'),
  engine('TensorFlow', 'TF-1.13.1-python3.6', 'tensorflow', 'tf-1.13.1-python3.6', true),
  engine('MindSpore', 'mindspore_1.7.0-cpu-py_3.7-ubuntu_18.04-x86_64', 'mindspore'),
  engine('Ascend-Powered-Engine', 'mindspore_1.7.0-cann_5.1.0-py_3.7-euler_2.8.3-aarch64', 'mindspore'),
  engine('XGBoost-Sklearn', 'XGBoost-0.80-Sklearn-0.18.1-python3.6', 'xgboost', 'xgboost-sklearn-python3.6', true),
  engine('Horovod', '0.16.2-TF-1.13.1-python3.6', 'horovod', 'horovod-cp36-tf-1.16.2', true),
  engine('Caffe', 'Caffe-1.0.0-python2.7', 'caffe', 'caffe-1.0.0-python2.7', true),
];

/** Finds an engine by id, by name and version, or by name alone (its first version); names match case-insensitively. */
export function findEngine(ref: { engine_id?: string | undefined; engine_name?: string | undefined; engine_version?: string | undefined }): Engine | undefined {
  if (ref.engine_id) return ENGINES.find((e) => e.engine_id === ref.engine_id);
  const name = ref.engine_name?.toLowerCase();
  if (!name) return undefined;
  const named = ENGINES.filter((e) => e.engine_name.toLowerCase() === name);
  return ref.engine_version ? named.find((e) => e.engine_version === ref.engine_version || e.engine_id === ref.engine_version) : named[0];
}

const PROBE = `
import importlib, json, sys
out = {}
for m in sys.argv[1:]:
    try:
        importlib.import_module(m)
        out[m] = True
    except BaseException:
        out[m] = False
print(json.dumps(out))
`;

/** Imports each module in one `python -c` and reports which succeed (all false when the interpreter is missing). */
export function probeImports(python: string, modules: readonly string[], timeoutMs = 120_000): Promise<Record<string, boolean>> {
  return new Promise((resolve) => {
    execFile(
      python,
      ['-c', PROBE, ...modules],
      { timeout: timeoutMs, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/' } },
      (err, stdout) => {
        const none = Object.fromEntries(modules.map((m) => [m, false]));
        if (err) return resolve(none);
        try {
          resolve({ ...none, ...(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, boolean>) });
        } catch {
          resolve(none);
        }
      },
    );
  });
}

/**
 * The engine list with `x_local`: the interpreter each engine's jobs use here and whether its framework imports in
 * it. The probe runs once, on first use, and is cached (importing frameworks can take seconds).
 */
export class EngineCatalog {
  private probed: Promise<TrainingEngineInfo[]> | undefined;

  constructor(
    private readonly interpreterFor: (engineName: string) => string,
    private readonly probe: typeof probeImports = probeImports,
  ) {}

  list(): Promise<TrainingEngineInfo[]> {
    this.probed ??= this.build();
    return this.probed;
  }

  private async build(): Promise<TrainingEngineInfo[]> {
    const byInterpreter = new Map<string, Set<string>>();
    for (const e of ENGINES) {
      const py = this.interpreterFor(e.engine_name);
      const mods = byInterpreter.get(py) ?? new Set<string>();
      mods.add(e.module);
      byInterpreter.set(py, mods);
    }
    const results = new Map<string, Record<string, boolean>>();
    await Promise.all([...byInterpreter].map(async ([py, mods]) => results.set(py, await this.probe(py, [...mods]))));
    return ENGINES.map((e) => {
      const interpreter = this.interpreterFor(e.engine_name);
      return {
        engine_id: e.engine_id,
        engine_name: e.engine_name,
        engine_version: e.engine_version,
        v1_compatible: e.v1_compatible,
        run_user: '1000',
        image_info: { cpu_image_url: e.image, gpu_image_url: e.image, image_version: e.engine_version },
        x_local: { interpreter, module: e.module, importable: results.get(interpreter)?.[e.module] ?? false },
      };
    });
  }
}
