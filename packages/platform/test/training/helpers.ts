import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  getOperation,
  type OperationById,
  type OperationId,
  type OperationResponse,
  type TrainingJob,
  type TrainingJobCreateBody,
  type TrainingPhase,
} from '@modelarts-ts/contract';
import { isProcessAlive } from '@modelarts-ts/runtime';
import { APIError, type RequestInput, Session } from '@modelarts-ts/sdk';
import { expect } from 'vitest';
import { startPlatform, type TestPlatform, type TestPlatformOptions } from '../../src/testing.js';

export interface Account {
  access_key: string;
  secret_key: string;
  project_id: string;
  region_name: string;
}

/** The REST API through the SDK's low-level client, and OBS through the AWS SDK, both as one account. */
export class Client {
  readonly session: Session;
  readonly s3: S3Client;

  constructor(
    readonly endpoint: string,
    readonly account: Account,
  ) {
    const { access_key, secret_key, project_id, region_name } = account;
    this.session = new Session({ access_key, secret_key, project_id, region_name, endpoint, maxRetries: 0 });
    this.s3 = new S3Client({
      endpoint,
      forcePathStyle: true,
      region: account.region_name,
      credentials: { accessKeyId: account.access_key, secretAccessKey: account.secret_key },
    });
  }

  call<I extends OperationId>(id: I, input: RequestInput<OperationById<I>>): Promise<OperationResponse<OperationById<I>>> {
    return this.session.client.request(getOperation(id), input);
  }

  create(body: TrainingJobCreateBody): Promise<TrainingJob> {
    return this.call('trainingJobs.create', { body });
  }

  get(id: string): Promise<TrainingJob> {
    return this.call('trainingJobs.get', { params: { training_job_id: id } });
  }

  async log(id: string, task = 'worker-0'): Promise<string> {
    return (await this.call('trainingJobs.logPreview', { params: { training_job_id: id, task_id: task } })).content;
  }

  /** Polls the job until `done(job)` holds; fails with the last snapshot after `timeoutMs`. */
  async waitFor(id: string, done: (j: TrainingJob) => boolean, timeoutMs = 45_000): Promise<TrainingJob> {
    const until = Date.now() + timeoutMs;
    let last = await this.get(id);
    while (!done(last)) {
      if (Date.now() > until) throw new Error(`timed out waiting for job ${id}; last: ${JSON.stringify(last.status)}`);
      await new Promise((r) => setTimeout(r, 100));
      last = await this.get(id);
    }
    return last;
  }

  waitPhase(id: string, phases: readonly TrainingPhase[], timeoutMs?: number): Promise<TrainingJob> {
    return this.waitFor(id, (j) => phases.includes(j.status.phase), timeoutMs);
  }

  /** Polls the log of a task until it has a line matching `re`. */
  async waitLog(id: string, re: RegExp, task = 'worker-0', timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(await this.log(id, task));
      if (m) return m;
      if (Date.now() > until) throw new Error(`timed out waiting for ${re} in the log of ${id}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async bucket(name: string): Promise<void> {
    await this.s3.send(new CreateBucketCommand({ Bucket: name }));
  }

  async put(bucket: string, key: string, body: string | Buffer): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }

  async text(bucket: string, key: string): Promise<string> {
    const r = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await r.Body?.transformToString('utf8')) ?? '';
  }

  async keys(bucket: string, prefix: string): Promise<string[]> {
    const r = await this.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    return (r.Contents ?? []).map((o) => o.Key ?? '');
  }

  close(): void {
    this.s3.destroy();
  }
}

export interface Fixture {
  p: TestPlatform;
  client: Client;
  close(): Promise<void>;
}

/** A platform with quick training settings, and a client of its bootstrap account. */
export async function trainingFixture(options: TestPlatformOptions = {}): Promise<Fixture> {
  const p = await startPlatform({
    trainingCpuCapacity: 64,
    trainingOutputIntervalSeconds: 0.5,
    trainingTerminateGraceSeconds: 2,
    trainingMetricsIntervalSeconds: 0.2,
    ...options,
  });
  const client = new Client(p.endpoint, p.credentials);
  return {
    p,
    client,
    close: async () => {
      client.close();
      await p.close();
    },
  };
}

/** Expects the promise to fail with this ModelArts error code (and HTTP 400 unless told otherwise). */
export async function expectCode(promise: Promise<unknown>, code: string, status = 400): Promise<APIError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, `expected ${code}`).toBeInstanceOf(APIError);
  const api = e as APIError;
  expect(api.error_code, api.message).toBe(code);
  expect(api.status).toBe(status);
  return api;
}

/** A job body in the cloud's shape. */
export function jobBody(name: string, algorithm: TrainingJobCreateBody['algorithm'], extra: Partial<TrainingJobCreateBody> = {}): TrainingJobCreateBody {
  return {
    kind: 'job',
    metadata: { name, description: 'a test job' },
    algorithm,
    spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    ...extra,
  };
}

/** Whether any of these processes still runs (pid and start time both match). */
export function anyAlive(procs: ReadonlyArray<{ pid: number; startTicks?: number | undefined }>): boolean {
  return procs.some((p) => isProcessAlive(p.pid, p.startTicks));
}

export function tempDir(tag: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `ma-${tag}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
