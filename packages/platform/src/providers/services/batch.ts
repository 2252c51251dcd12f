import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelConfig, ServiceConfig } from '@modelarts-ts/contract';
import { asDirectoryUrl, type BatchResult, fileInputName, formatObsUrl, parseObsUrl, runBatch } from '@modelarts-ts/runtime';
import { ObjectStorePort } from '../../executors/object-store-port.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { forward } from './forward.js';
import type { ServicePool } from './pool.js';

export interface BatchJob {
  serviceId: string;
  domainId: string;
  config: ServiceConfig;
  /** The model's effective config.json (its APIs name the multipart field of `file` mapping). */
  modelConfig: Record<string, unknown> | undefined;
  /** The service's work folder: `input/` is downloaded there, `output/` uploaded from there. */
  workDir: string;
  pool: ServicePool;
  objects: ObjectStore;
  timeoutMs: number;
  signal: AbortSignal;
  count(modelId: string, ok: boolean): void;
  event(info: string): void;
}

/** One batch run: download `src_path`, one request per file or CSV row to the pool's servers, upload results to `dest_path`. */
export async function executeBatch(job: BatchJob): Promise<BatchResult> {
  const c = job.config;
  const input = join(job.workDir, 'input');
  const output = join(job.workDir, 'output');
  rmSync(input, { recursive: true, force: true });
  rmSync(output, { recursive: true, force: true });
  mkdirSync(output, { recursive: true });
  const port = new ObjectStorePort(job.objects, job.domainId);
  job.event(`Downloading the input from ${c.src_path}.`);
  const downloaded = await port.download(c.src_path as string, input, job.signal);
  const src = formatObsUrl(parseObsUrl(c.src_path as string));
  // Manifest `source`s name the inputs' OBS URLs: below the src_path folder, or beside the single object it names.
  const sourcePrefix = downloaded.kind === 'file' ? src.slice(0, src.lastIndexOf('/') + 1) : asDirectoryUrl(src);
  const inputName = fileInputName(job.modelConfig as ModelConfig | undefined, c.req_uri ?? '/');
  const result = await runBatch({
    srcDir: input,
    destDir: output,
    mapping_type: c.mapping_type as 'file' | 'csv',
    ...(c.mapping_rule !== undefined ? { mapping_rule: c.mapping_rule } : {}),
    ...(c.src_type ? { src_type: c.src_type, readSource: (source: string) => readObject(job.objects, job.domainId, source) } : {}),
    req_uri: c.req_uri ?? '/',
    ...(inputName ? { inputName } : {}),
    taskId: job.serviceId,
    sourcePrefix,
    destPrefix: asDirectoryUrl(formatObsUrl(parseObsUrl(c.dest_path as string))),
    concurrency: Math.max(1, c.instance_count ?? 1) * 2,
    signal: job.signal,
    send: async (req) => {
      const inst = job.pool.pick();
      if (!inst?.server) throw new Error('no model instance is running');
      inst.inflight++;
      try {
        const res = await forward(inst.server.url, {
          method: 'POST',
          path: req.path,
          headers: { 'content-type': req.contentType, 'content-length': String(req.body.length) },
          body: req.body,
          timeoutMs: job.timeoutMs,
        });
        job.count(inst.config.spec.modelId, res.status < 400);
        return { status: res.status, body: res.body, contentType: String(res.headers['content-type'] ?? 'application/octet-stream') };
      } finally {
        inst.inflight--;
      }
    },
  });
  job.event(`Inference done: ${result.succeeded} of ${result.total} succeeded, ${result.failed} failed.`);
  job.event(`Uploading the results to ${c.dest_path}.`);
  await port.uploadDir(output, c.dest_path as string);
  return result;
}

/** One object a batch manifest names, read as the service's account (another account's bucket is not found). */
async function readObject(store: ObjectStore, domainId: string, source: string): Promise<Buffer> {
  const { bucket, key } = parseObsUrl(source);
  const b = await store.headBucket(bucket).catch(() => undefined);
  if (!b || b.domainId !== domainId) throw new Error(`The bucket ${bucket} does not exist or belongs to another account`);
  const reader = await store.get(bucket, key);
  const chunks: Buffer[] = [];
  for await (const c of reader.stream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
