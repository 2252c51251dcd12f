import type { LiteFlavor, LiteServerImage } from '@modelarts-ts/contract';

/**
 * The flavors and images ModelArts Local offers for Lite Servers. Names follow the cloud's patterns; `s7.small.1`
 * and image `e16eff65-…` are the ones the manual's examples use. Nothing is provisioned for any of them.
 */
export const LITE_FLAVORS: readonly LiteFlavor[] = [
  { flavor: 's7.small.1', arch: 'X86', server_type: 'ECS', cpu: 1, memory_gb: 1, attach_volume: false },
  { flavor: 'c7.2xlarge.4', arch: 'X86', server_type: 'ECS', cpu: 8, memory_gb: 32, attach_volume: false },
  { flavor: 'kc1.2xlarge.4', arch: 'ARM', server_type: 'ECS', cpu: 8, memory_gb: 32, attach_volume: false },
  { flavor: 'physical.pi2.8xlarge.4', arch: 'X86', server_type: 'BMS', cpu: 32, memory_gb: 128, accelerator: 'NVIDIA-T4 x8', attach_volume: false },
  {
    flavor: 'physical.kat2ne.48xlarge.8.ei.pod101',
    arch: 'ARM',
    server_type: 'BMS',
    cpu: 192,
    memory_gb: 1536,
    accelerator: 'Ascend-snt9b x8',
    attach_volume: false,
  },
  {
    flavor: 'physical.kat2e.48xlarge.8.snt9b23',
    arch: 'ARM',
    server_type: 'BMS',
    cpu: 192,
    memory_gb: 1536,
    accelerator: 'Ascend-snt9b23 x8 (A3)',
    attach_volume: true,
  },
  {
    flavor: 'physical.kat2e.48xlarge.8.snt9b23.hps2',
    arch: 'ARM',
    server_type: 'HPS',
    cpu: 192,
    memory_gb: 1536,
    accelerator: 'Ascend-snt9b23 x8 per node (A3 supernode)',
    hps_nodes: 2,
    attach_volume: true,
  },
];

export const LITE_IMAGES: readonly LiteServerImage[] = [
  { image_id: 'e16eff65-1899-446e-baf2-0d2b6b5dd8c0', name: 'Ubuntu 22.04 x86 64bit', arch: 'X86', server_type: 'ECS', status: 'ACTIVE' },
  { image_id: '5b1c6f0e-8a3d-4f4e-9d42-1f2a7c3b9e01', name: 'EulerOS 2.10 x86 64bit', arch: 'X86', server_type: 'ECS', status: 'ACTIVE' },
  { image_id: '7c2d8e1f-9b4e-4a5f-8e53-2a3b8d4c0f12', name: 'Ubuntu 22.04 ARM 64bit', arch: 'ARM', server_type: 'ECS', status: 'ACTIVE' },
  { image_id: '8d3e9f20-ac5f-4b60-9f64-3b4c9e5d1a23', name: 'Ubuntu 22.04 x86 64bit for BMS (CUDA 12)', arch: 'X86', server_type: 'BMS', status: 'ACTIVE' },
  { image_id: '9e4fa031-bd60-4c71-a075-4c5daf6e2b34', name: 'EulerOS 2.10 ARM for BMS (CANN 8)', arch: 'ARM', server_type: 'BMS', status: 'ACTIVE' },
  { image_id: 'af50b142-ce71-4d82-b186-5d6eb07f3c45', name: 'EulerOS 2.10 ARM for supernodes (CANN 8)', arch: 'ARM', server_type: 'HPS', status: 'ACTIVE' },
];

const flavorsByName = new Map(LITE_FLAVORS.map((f) => [f.flavor, f]));
const imagesById = new Map(LITE_IMAGES.map((i) => [i.image_id, i]));

export function findFlavor(name: string): LiteFlavor | undefined {
  return flavorsByName.get(name);
}

export function findImage(id: string): LiteServerImage | undefined {
  return imagesById.get(id);
}
