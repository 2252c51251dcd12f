import { readdirSync, readFileSync } from 'node:fs';
import type { ModelCreateBody, ModelDetail, ServiceDeployBody, ServiceDetail, ServiceStatus } from '@modelarts-ts/contract';
import type { TestPlatform } from '../../src/testing.js';
import type { Client } from '../training/helpers.js';

/** A stdlib JSON model: answers its version, the sum of `x`, its pid; sleeps `sleep` seconds when asked. */
export function jsonModelFiles(version: string): Record<string, string> {
  return {
    'config.json': JSON.stringify({
      model_type: 'PyTorch',
      model_algorithm: 'predict_analysis',
      runtime: 'python3.7',
      apis: [
        {
          protocol: 'http',
          url: '/',
          method: 'post',
          request: { 'Content-type': 'application/json', data: { type: 'object', properties: { x: { type: 'array', items: { type: 'number' } } } } },
          response: { 'Content-type': 'application/json', data: { type: 'object', properties: { sum: { type: 'number' } } } },
        },
      ],
    }),
    'customize_service.py': `import os
import signal
import threading
import time
import uuid
from model_service.model_service import SingleNodeService

VERSION = ${JSON.stringify(version)}
# Tells instances apart: in a sandbox each server has its own PID namespace, so os.getpid() may repeat.
INSTANCE = uuid.uuid4().hex


def _kill_soon():
    time.sleep(0.1)
    os.kill(os.getpid(), signal.SIGKILL)


class SumService(SingleNodeService):
    def _inference(self, data):
        if data.get('sleep'):
            time.sleep(float(data['sleep']))
        if data.get('kill'):
            # kill -9 of this instance, once the answer is on its way.
            threading.Thread(target=_kill_soon, daemon=True).start()
        return {'version': VERSION, 'sum': sum(data.get('x', [])), 'pid': os.getpid(), 'instance': INSTANCE}
`,
    'weights.pth': 'not really weights',
  };
}

/** A multipart model: answers the name and size of every uploaded file of field `files`. */
export function fileModelFiles(): Record<string, string> {
  return {
    'config.json': JSON.stringify({
      model_type: 'PyTorch',
      model_algorithm: 'image_classification',
      apis: [
        {
          protocol: 'http',
          url: '/',
          method: 'post',
          request: { 'Content-type': 'multipart/form-data', data: { type: 'object', properties: { files: { type: 'file' } } } },
          response: { 'Content-type': 'application/json', data: { type: 'object' } },
        },
      ],
    }),
    'customize_service.py': `from model_service.pytorch_model_service import PTServingBaseService


class FileService(PTServingBaseService):
    def _preprocess(self, data):
        return [{'name': name, 'size': len(f.read())} for name, f in data['files'].items()]

    def _inference(self, data):
        return data

    def _postprocess(self, data):
        return {'files': data}
`,
  };
}

/** Uploads a package: every file under `<prefix>model/`. */
export async function uploadModel(client: Client, bucket: string, prefix: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) await client.put(bucket, `${prefix}model/${name}`, content);
}

export function createModel(client: Client, body: ModelCreateBody): Promise<string> {
  return client.call('models.create', { body }).then((r) => r.model_id);
}

export function getModel(client: Client, id: string): Promise<ModelDetail> {
  return client.call('models.get', { params: { model_id: id } });
}

export async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

export function waitModel(client: Client, id: string): Promise<ModelDetail> {
  return until(
    `model ${id}`,
    () => getModel(client, id),
    (m) => m.model_status !== 'publishing',
  );
}

/** Imports a package and waits until it is published. */
export async function publishModel(
  client: Client,
  bucket: string,
  prefix: string,
  name: string,
  version: string,
  files: Record<string, string>,
): Promise<string> {
  await uploadModel(client, bucket, prefix, files);
  const id = await createModel(client, { model_name: name, model_version: version, source_location: `obs://${bucket}/${prefix}`, model_type: 'PyTorch' });
  const m = await waitModel(client, id);
  if (m.model_status !== 'published') throw new Error(`model ${name} ${version} is ${m.model_status}: ${m.error_msg}`);
  return id;
}

export function getService(client: Client, id: string): Promise<ServiceDetail> {
  return client.call('services.get', { params: { service_id: id } });
}

export function waitService(client: Client, id: string, statuses: readonly ServiceStatus[], timeoutMs = 90_000): Promise<ServiceDetail> {
  return until(
    `service ${id} to be ${statuses.join('/')}`,
    () => getService(client, id),
    (s) => statuses.includes(s.status),
    timeoutMs,
  );
}

export async function deploy(client: Client, body: ServiceDeployBody): Promise<string> {
  return (await client.call('services.deploy', { body })).service_id;
}

export function realtime(name: string, configs: Array<{ model_id: string; weight?: number; instance_count?: number }>): ServiceDeployBody {
  return {
    service_name: name,
    infer_type: 'real-time',
    config: configs.map((c) => ({
      model_id: c.model_id,
      specification: 'modelarts.vm.cpu.2u',
      instance_count: c.instance_count ?? 1,
      weight: c.weight ?? 100,
    })),
  };
}

/** An IAM token of the platform's bootstrap user, scoped to its project. */
export async function token(p: TestPlatform): Promise<string> {
  const c = p.credentials;
  const res = await fetch(`${p.endpoint}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: c.username, password: c.password, domain: { name: c.account } } } },
        scope: { project: { id: c.project_id } },
      },
    }),
  });
  if (res.status !== 201) throw new Error(`token: ${res.status} ${await res.text()}`);
  return res.headers.get('x-subject-token') as string;
}

export interface InferReply {
  status: number;
  json: Record<string, unknown>;
  text: string;
}

/** Plain HTTP to the router with a token. */
export async function infer(
  p: TestPlatform,
  tok: string,
  serviceId: string,
  body: string | Buffer | FormData,
  o: { path?: string; type?: string; method?: string } = {},
): Promise<InferReply> {
  const headers: Record<string, string> = { 'x-auth-token': tok };
  if (o.type) headers['content-type'] = o.type;
  else if (typeof body === 'string') headers['content-type'] = 'application/json';
  const res = await fetch(`${p.endpoint}/v1/infers/${serviceId}${o.path ?? '/'}`, { method: o.method ?? 'POST', headers, body });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { status: res.status, json, text };
}

/** Live processes (not zombies) of model servers of `modelDir`: the server, and its sandbox when it has one. */
export function modelServerProcesses(modelDir: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1];
      if (state !== 'Z' && args.some((a) => a.endsWith('model_server.py')) && args.includes(modelDir)) found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
