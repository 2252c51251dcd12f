import type { EngineRuntime } from '@modelarts-ts/contract';

/** Runtimes per engine (the cloud's names). Here every runtime runs on the configured Python, on the CPU. */
const RUNTIMES: Record<string, string[]> = {
  TensorFlow: [
    'python3.6',
    'python3.7',
    'tf1.13-python3.6-cpu',
    'tf1.13-python3.7-cpu',
    'tf2.1-python3.7',
    'tensorflow_2.1.0-cuda_10.1-py_3.7-ubuntu_18.04-x86_64',
  ],
  PyTorch: ['python3.6', 'python3.7', 'pytorch1.4-python3.7', 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64'],
  MindSpore: ['mindspore_1.7.0-cpu-py_3.7-ubuntu_18.04-x86_64'],
  XGBoost: ['python2.7', 'python3.6', 'python3.7'],
  Scikit_Learn: ['python2.7', 'python3.6', 'python3.7'],
  Spark_MLlib: ['python2.7', 'python3.6'],
};

export function engineRuntimes(): EngineRuntime[] {
  return Object.entries(RUNTIMES).map(([ai_engine, runtimes]) => ({
    ai_engine,
    runtimes,
    request_mode: runtimes.map(() => 'sync'),
    accelerators: runtimes.map(() => ({ type: 'none' })),
    arch: runtimes.map(() => 'x86_64'),
    status_list: runtimes.map(() => 'normal'),
    image_source: runtimes.map((r) => (r.includes('ubuntu') ? 'uniform_image' : 'base_image')),
  }));
}
