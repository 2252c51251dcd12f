import * as runtime from '@modelarts-ts/runtime';

export type { ModelServer } from '@modelarts-ts/runtime';

/** The batch runner's options (the runner lands in `@modelarts-ts/runtime` separately from the platform). */
export interface BatchOptions {
  srcDir: string;
  destDir: string;
  mapping_type: 'file' | 'csv';
  mapping_rule?: unknown;
  send: (request: {
    body: Buffer | Uint8Array | string;
    contentType: string;
    path?: string;
  }) => Promise<{ status: number; body: Buffer | Uint8Array | string }>;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (p: unknown) => void;
}

interface BatchRuntime {
  runBatch(o: BatchOptions): Promise<{ total: number; succeeded: number; failed: number }>;
}

/** `runBatch` of the runtime, or an error saying this build has none. */
export function batchRunner(): BatchRuntime['runBatch'] {
  const f = (runtime as unknown as Partial<BatchRuntime>).runBatch;
  if (typeof f !== 'function') throw new Error('this build of @modelarts-ts/runtime has no batch runner: batch services are not available');
  return f;
}
