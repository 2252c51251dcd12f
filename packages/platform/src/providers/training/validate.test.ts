import type { TrainingJobCreateBody } from '@modelarts-ts/contract';
import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../errors.js';
import { CPU_FLAVORS } from './flavors.js';
import { acceptCreateBody, type ValidationContext } from './validate.js';

const ctx: ValidationContext = {
  findFlavor: async (id) => CPU_FLAVORS.find((f) => f.flavor_id === id),
  pythonFor: (engine) => (engine === 'PyTorch' ? '/opt/torch/python' : 'python3'),
  outputPeriodSeconds: 30,
};

const body = (
  algorithm: TrainingJobCreateBody['algorithm'],
  resource: Record<string, unknown> = { flavor_id: 'modelarts.vm.cpu.8u' },
): TrainingJobCreateBody => ({
  kind: 'job',
  metadata: { name: 'j' },
  algorithm,
  spec: { resource },
});

async function code(b: TrainingJobCreateBody): Promise<string> {
  const e = await acceptCreateBody(b, ctx).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PlatformError);
  return (e as PlatformError).code;
}

describe('acceptCreateBody', () => {
  it('derives code_dir from a full OBS boot file path and fills the server fields', async () => {
    const a = await acceptCreateBody(
      body({
        boot_file: '/bkt/dir/sub/train.py',
        engine: { engine_name: 'PyTorch' },
        outputs: [{ name: 'train_url', remote: { obs: { obs_url: 'obs://bkt/out' } } }],
        parameters: [{ name: 'dist' }, { name: 'lr', value: '0.1' }],
      }),
      ctx,
    );
    expect(a.definition.run).toMatchObject({
      codeUrl: 'obs://bkt/dir/sub/',
      bootFile: 'train.py',
      python: '/opt/torch/python',
      nodeCount: 1,
      cores: 8,
      memoryBytes: 32 * 1024 ** 3,
      parameters: [{ name: 'dist' }, { name: 'lr', value: '0.1' }],
      outputs: [{ name: 'train_url', obsUrl: 'obs://bkt/out/', localDir: '/home/ma-user/modelarts/outputs/train_url_0', accessMethod: 'parameter' }],
    });
    expect(a.definition.algorithm).toMatchObject({
      code_dir: 'obs://bkt/dir/sub/',
      boot_file: 'obs://bkt/dir/sub/train.py',
      engine: { engine_name: 'PyTorch', engine_id: 'pytorch_1.8.0-cuda_10.2-py_3.7-ubuntu_18.04-x86_64' },
      outputs: [{ mode: 'upload_periodically', period: '30s' }],
    });
    expect(a.definition.spec.resource).toMatchObject({ policy: 'regular', flavor_name: 'Computing CPU(8U) instance', node_count: 1 });
  });

  it('refuses what the cloud refuses, with its codes', async () => {
    expect(await code(body({ code_dir: 'obs://bkt/a/', boot_file: 'obs://bkt/b/train.py' }))).toBe('ModelArts.2758');
    expect(await code(body({ boot_file: 'train.py' }))).toBe('ModelArts.2757');
    expect(await code(body({ code_dir: 'obs://bkt/a/' }))).toBe('ModelArts.2758');
    expect(await code(body({ command: 'python x.py' }))).toBe('ModelArts.2806');
    expect(await code(body({ code_dir: 'obs://bkt/a/', boot_file: 'a.py' }, {}))).toBe('ModelArts.2788');
    expect(await code(body({ code_dir: 'obs://bkt/a/', boot_file: 'a.py' }, { flavor_id: 'modelarts.vm.cpu.8u', pool_id: 'p' }))).toBe('ModelArts.2788');
    expect(await code(body({ code_dir: 'obs://bkt/a/', boot_file: 'a.py' }, { flavor_id: 'modelarts.vm.cpu.8u', node_count: 17 }))).toBe('ModelArts.2793');
    expect(
      await code(
        body({
          code_dir: 'obs://bkt/a/',
          boot_file: 'a.py',
          inputs: [{ name: 'x', remote: { obs: { obs_url: 'obs://bkt/d/' } } }],
          outputs: [{ name: 'x', remote: { obs: { obs_url: 'obs://bkt/o/' } } }],
        }),
      ),
    ).toBe('ModelArts.2753');
    expect(
      await code(
        body({ code_dir: 'obs://bkt/a/', boot_file: 'a.py', inputs: [{ name: 'x', local_dir: '/etc', remote: { obs: { obs_url: 'obs://bkt/d/' } } }] }),
      ),
    ).toBe('ModelArts.2788');
    expect(await code(body({ code_dir: 'obs://bkt/a/', boot_file: 'a.py', parameters: [{ name: 'p' }, { name: 'p' }] }))).toBe('ModelArts.2788');
    expect(await code({ ...body({ code_dir: 'obs://bkt/a/', boot_file: 'a.py' }), kind: 'hetero_job' })).toBe('ModelArts.2788');
  });
});
