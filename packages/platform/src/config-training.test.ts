import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigValidationError, PLATFORM_ENV, resolvePlatformConfig } from './config.js';

describe('training settings', () => {
  it('default to this machine and the cloud periods', () => {
    const c = resolvePlatformConfig({ dataDir: '/tmp/x' }, {});
    expect(c).toMatchObject({
      trainingCpuCapacity: availableParallelism(),
      trainingOutputIntervalSeconds: 30,
      trainingTerminateGraceSeconds: 10,
      trainingPython: 'python3',
      trainingEngineInterpreters: {},
    });
  });

  it('come from the environment, engine interpreters as JSON', () => {
    const c = resolvePlatformConfig(
      { dataDir: '/tmp/x' },
      {
        [PLATFORM_ENV.TRAINING_CPUS]: '3',
        [PLATFORM_ENV.TRAINING_OUTPUT_INTERVAL]: '0.5',
        [PLATFORM_ENV.TRAINING_PYTHON]: '/usr/bin/python3.11',
        [PLATFORM_ENV.TRAINING_ENGINE_INTERPRETERS]: '{"PyTorch":"/opt/torch/bin/python"}',
      },
    );
    expect(c).toMatchObject({
      trainingCpuCapacity: 3,
      trainingOutputIntervalSeconds: 0.5,
      trainingPython: '/usr/bin/python3.11',
      trainingEngineInterpreters: { PyTorch: '/opt/torch/bin/python' },
    });
  });

  it('name the bad key', () => {
    expect(() => resolvePlatformConfig({ dataDir: '/tmp/x' }, { [PLATFORM_ENV.TRAINING_CPUS]: '0' })).toThrow(/trainingCpuCapacity/);
    expect(() => resolvePlatformConfig({ dataDir: '/tmp/x' }, { [PLATFORM_ENV.TRAINING_ENGINE_INTERPRETERS]: 'not json' })).toThrow(ConfigValidationError);
    expect(() => resolvePlatformConfig({ dataDir: '/tmp/x' }, { [PLATFORM_ENV.TRAINING_ENGINE_INTERPRETERS]: 'not json' })).toThrow(
      /trainingEngineInterpreters/,
    );
  });
});
