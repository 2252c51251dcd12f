import type { TrainingJob as TrainingJobInfo } from '@modelarts-ts/contract';
import type { TestPlatformOptions } from '@modelarts-ts/platform/testing';
import { Session } from '../src/index.js';
import { type PlatformFixture, platformFixture } from './fixture.js';

export interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export type Handler = (c: Call) => { status?: number; body?: unknown } | undefined;

/** A Session whose fetch answers from `handler` and records every call (project id fixed, so no IAM call). */
export function fakeSession(handler: Handler): { session: Session; calls: Call[] } {
  const calls: Call[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const raw = init?.body ? Buffer.from(init.body as Uint8Array).toString('utf8') : undefined;
    const call: Call = {
      method: init?.method ?? 'GET',
      path: url.pathname.replace('/v2/p1', ''),
      query: Object.fromEntries(url.searchParams),
      body: raw ? JSON.parse(raw) : undefined,
    };
    calls.push(call);
    const r = handler(call) ?? { status: 404, body: { error_code: 'X.404', error_msg: `no route ${call.method} ${call.path}` } };
    const status = r.status ?? 200;
    const text = r.body === undefined ? '' : JSON.stringify(r.body);
    return new Response(status === 204 ? null : text, { status, headers: { 'content-type': 'application/json' } });
  };
  const session = new Session({
    access_key: 'AK',
    secret_key: 'SK',
    project_id: 'p1',
    region_name: 'r1',
    endpoint: 'http://fake.test',
    fetch: fetchImpl,
    maxRetries: 0,
  });
  return { session, calls };
}

/** A job object as the API returns it. */
export function jobInfo(id: string, phase: TrainingJobInfo['status']['phase'], extra: Partial<TrainingJobInfo['status']> = {}): TrainingJobInfo {
  return {
    kind: 'job',
    metadata: { id, name: `name-${id}`, description: '', workspace_id: '0', create_time: 1_700_000_000_000, user_name: '' },
    status: {
      phase,
      secondary_phase: phase === 'Pending' ? 'Queuing' : phase === 'Abnormal' ? 'Lost' : phase,
      duration: 0,
      start_time: 0,
      node_count_metrics: null,
      tasks: ['worker-0'],
      task_statuses: [],
      ...extra,
    },
    algorithm: { code_dir: 'obs://b/code/', boot_file: 'obs://b/code/train.py' },
    spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
  };
}

/** The training suites' fixture: a real ModelArts Local (with training settings) and a Session on it. */
export const trainingFixture = (options: TestPlatformOptions = {}): Promise<PlatformFixture> => platformFixture(options);
