import * as runtime from '@modelarts-ts/runtime';

/**
 * What the platform uses of `@modelarts-ts/runtime` to serve models: the model server launcher, package
 * inspection, dependency installation and the batch runner. Typed here so the providers depend on one port.
 */
export interface ModelServer {
  url: string;
  port: number;
  pid: number;
  /** Settles when the server process exits. */
  exited: Promise<unknown>;
  stop(graceMs?: number): Promise<unknown>;
}

export interface StartModelServerOptions {
  modelDir: string;
  python: string;
  port?: number;
  env?: Record<string, string>;
  logFile?: string;
  startTimeoutMs?: number;
  onLog?: (line: string) => void;
  pythonPath?: string[] | string;
}

export interface PackageInspection {
  modelDir: string;
  config: unknown;
  errors: string[];
}

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

export interface ServingRuntime {
  startModelServer(o: StartModelServerOptions): Promise<ModelServer>;
  inspectModelPackage(dir: string): PackageInspection | Promise<PackageInspection>;
  installModelDependencies(modelDir: string, deps: unknown, o: { python: string; onLog?: (line: string) => void; signal?: AbortSignal }): Promise<unknown>;
  modelPythonPath(modelDir: string): string | string[];
  runBatch(o: BatchOptions): Promise<{ total: number; succeeded: number; failed: number }>;
}

/** The runtime's serving functions that exist in this build (the launcher lands separately from the platform). */
export const servingRuntime: Partial<ServingRuntime> = runtime as unknown as Partial<ServingRuntime>;

export function need<K extends keyof ServingRuntime>(name: K): ServingRuntime[K] {
  const f = servingRuntime[name];
  if (typeof f !== 'function') throw new Error(`this build of @modelarts-ts/runtime has no ${name}: model serving is not available`);
  return f.bind(servingRuntime) as ServingRuntime[K];
}
