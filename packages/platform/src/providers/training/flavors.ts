import { execFile } from 'node:child_process';
import type { TrainingFlavor } from '@modelarts-ts/contract';

/** A public training flavor (the cloud's ids and shapes, as its flavor list gives them), with what the scheduler needs. */
export interface Flavor extends TrainingFlavor {
  /** Accelerators per node (0 for CPU flavors). */
  gpus: number;
}

function cpuFlavor(cores: number, memGb: number, maxNum: number, name = `Computing CPU(${cores}U) instance`): Flavor {
  return {
    flavor_id: `modelarts.vm.cpu.${cores}u`,
    flavor_name: name,
    flavor_type: 'CPU',
    max_num: maxNum,
    billing: { code: `modelarts.vm.cpu.${cores}u`, unit_num: 1 },
    flavor_info: { max_num: maxNum, cpu: { arch: 'x86', core_num: cores }, memory: { size: memGb, unit: 'GB' }, disk: { size: 50, unit: 'GB' } },
    attributes: {},
    gpus: 0,
  };
}

function gpuFlavor(id: string, gpus: number, cores: number, memGb: number, maxNum: number): Flavor {
  return {
    flavor_id: id,
    flavor_name: `GPU: ${gpus}*NVIDIA-V100(32GB) | CPU: ${cores} vCPUs ${memGb}GB`,
    flavor_type: 'GPU',
    max_num: maxNum,
    billing: { code: id, unit_num: 1 },
    flavor_info: {
      max_num: maxNum,
      cpu: { arch: 'x86', core_num: cores },
      gpu: { unit_num: gpus, product_name: 'NVIDIA-V100', memory: '32GB' },
      memory: { size: memGb, unit: 'GB' },
      disk: { size: 800, unit: 'GB' },
    },
    attributes: {},
    gpus,
  };
}

export const CPU_FLAVORS: readonly Flavor[] = [cpuFlavor(2, 8, 1), cpuFlavor(4, 16, 4), cpuFlavor(8, 32, 16), cpuFlavor(16, 64, 16)];

/** GPU flavors, offered only on a machine with that many GPUs. */
export const GPU_FLAVORS: readonly Flavor[] = [
  gpuFlavor('modelarts.p3.large.public', 1, 8, 64, 1),
  gpuFlavor('modelarts.p3.large.public.distributed', 1, 8, 64, 16),
  gpuFlavor('modelarts.p3.4xlarge.public', 4, 32, 256, 8),
];

/** GPUs `nvidia-smi -L` lists; 0 when it is missing or fails. */
export function detectGpus(): Promise<number> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', ['-L'], { timeout: 5000 }, (err, stdout) => {
      resolve(err ? 0 : stdout.split('\n').filter((l) => /^GPU \d+:/.test(l)).length);
    });
  });
}

/** The flavors of this machine: every CPU flavor, and the GPU flavors its GPUs can hold (detected once). */
export class FlavorCatalog {
  private gpus: Promise<number> | undefined;

  constructor(private readonly detect: () => Promise<number> = detectGpus) {}

  async list(flavorType?: string): Promise<Flavor[]> {
    this.gpus ??= this.detect();
    const gpus = await this.gpus;
    const all = [...CPU_FLAVORS, ...GPU_FLAVORS.filter((f) => f.gpus <= gpus)];
    return flavorType ? all.filter((f) => f.flavor_type === flavorType) : all;
  }

  async find(flavorId: string): Promise<Flavor | undefined> {
    return (await this.list()).find((f) => f.flavor_id === flavorId);
  }
}

/** The wire shape (without our scheduling fields). */
export function flavorView(f: Flavor): TrainingFlavor {
  const { gpus: _gpus, ...wire } = f;
  return wire;
}
