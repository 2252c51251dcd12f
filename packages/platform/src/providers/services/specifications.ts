import type { ServiceSpecification } from '@modelarts-ts/contract';

interface Flavor {
  id: string;
  cpu: number;
  memoryGiB: number;
  gpu?: { brand: string; version: string; memory: number; gpu: number };
}

/** Public-pool flavors; on this machine a flavor sets the CPU and memory an instance is measured against. */
const FLAVORS: readonly Flavor[] = [
  { id: 'modelarts.vm.cpu.2u', cpu: 2, memoryGiB: 8 },
  { id: 'modelarts.vm.cpu.4u', cpu: 4, memoryGiB: 16 },
  { id: 'modelarts.vm.cpu.8u', cpu: 8, memoryGiB: 32 },
  { id: 'modelarts.vm.gpu.p4', cpu: 8, memoryGiB: 32, gpu: { brand: 'NVIDIA', version: 'P4', memory: 8, gpu: 1 } },
];

export function findFlavor(id: string): { cpu: number; memoryMiB: number } | undefined {
  const f = FLAVORS.find((x) => x.id === id);
  return f && { cpu: f.cpu, memoryMiB: f.memoryGiB * 1024 };
}

export function specificationIds(): string[] {
  return FLAVORS.map((f) => f.id);
}

export function specifications(): ServiceSpecification[] {
  return FLAVORS.map((f) => {
    const display = `${f.gpu ? `GPU: 1*${f.gpu.brand}-${f.gpu.version}(${f.gpu.memory}GB) | ` : ''}CPU: ${f.cpu} vCPUs | ${f.memoryGiB} GiB`;
    return {
      specification: f.id,
      billing_spec: f.id,
      category: f.gpu ? 'GPU' : 'CPU',
      spec_status: 'normal',
      is_open: true,
      source_type: '',
      is_free: false,
      over_quota: false,
      extend_params: 0,
      display_en: display,
      display_cn: display,
      cpu_info: { arch: 'x86', cpu: f.cpu },
      memory_info: { unit: 'GB', memory: f.memoryGiB },
      ...(f.gpu ? { gpu_info: { ...f.gpu, unit: 'GB' } } : {}),
    };
  });
}
