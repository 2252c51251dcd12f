import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Model } from '@modelarts-ts/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliFixture, cliFixture } from './platform.js';
import { PYTHON, writeModelPackage } from './serving-models.js';

let f: CliFixture;
let sumModel: string;
let fileModel: string;

const run = (args: string[]) => f.run(args);
const json = async (args: string[]) => {
  const r = await run(['--json', ...args]);
  expect(r.code, r.err + r.out).toBe(0);
  return JSON.parse(r.out) as Record<string, unknown> & { status: string };
};

beforeAll(async () => {
  f = await cliFixture('services', { trainingPython: PYTHON });
  await f.session.obs.makeBucket('cliserve');
  await f.session.obs.copy(writeModelPackage(join(f.work, 'sum'), 'sum'), 'obs://cliserve/sum/', { keep_last_dir: false });
  await f.session.obs.copy(writeModelPackage(join(f.work, 'files'), 'files'), 'obs://cliserve/files/', { keep_last_dir: false });
  const [a, b] = await Promise.all([
    Model.create(f.session, { model_name: 'cli_sum', model_version: '1.0.0', source_location: 'obs://cliserve/sum/', model_type: 'MindSpore' }),
    Model.create(f.session, { model_name: 'cli_files', model_version: '1.0.0', source_location: 'obs://cliserve/files/', model_type: 'MindSpore' }),
  ]);
  sumModel = a.model_id as string;
  fileModel = b.model_id as string;
});
afterAll(async () => {
  await f?.close();
});

describe('modelarts services', () => {
  let sid: string;

  it('deploy --wait with 2 instances: prints the id, then running', async () => {
    const r = await run(['services', 'deploy', '--name', 'cli-sum', '--model', sumModel, '--instances', '2', '--env', 'A=1', '--wait']);
    expect(r.code, r.err).toBe(0);
    sid = r.out.trim();
    expect(sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.err).toContain('status: running');
    const s = await json(['services', 'get', sid]);
    expect(s).toMatchObject({ status: 'running', config: [{ model_id: sumModel, instance_count: 2, envs: { A: '1' }, status: 'ready' }] });
  });

  it('predict: JSON through the router reaches both instances; a JSON file works too', async () => {
    const instances = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const r = await run(['--json', 'services', 'predict', sid, '--data', '{"x":[1,2,3]}']);
      expect(r.code, r.err).toBe(0);
      const body = JSON.parse(r.out) as { sum: number; instance: string };
      expect(body.sum).toBe(6);
      instances.add(body.instance);
    }
    expect(instances.size).toBe(2);
    const file = join(f.work, 'req.json');
    writeFileSync(file, '{"x":[10,20]}');
    const r = await run(['services', 'predict', sid, '--json-file', file]);
    expect(JSON.parse(r.out).sum).toBe(30);
  });

  it('predict --file: multipart under the model’s declared field', async () => {
    const r = await run(['services', 'deploy', '--model', fileModel, '--instances', '2', '--wait']);
    expect(r.code, r.err).toBe(0);
    const fid = r.out.trim();
    const a = join(f.work, 'a.txt');
    writeFileSync(a, 'hello');
    const out = await run(['--json', 'services', 'predict', fid, '--file', a]);
    expect(out.code, out.err).toBe(0);
    expect(JSON.parse(out.out)).toEqual({ 'a.txt': ['doc', 5] });
    expect((await run(['services', 'delete', fid])).code).toBe(0);
  });

  it('list, monitor, logs, events', async () => {
    const l = await run(['services', 'list', '--name', 'cli-sum']);
    expect(l.out.split('\n')[0]).toMatch(/^ID\s+NAME\s+TYPE\s+STATUS\s+CALLS/);
    expect(l.out).toContain(sid);
    const page = await json(['services', 'list', '--status', 'running', '--infer-type', 'real-time']);
    expect((page.services as Array<{ service_id: string }>).map((s) => s.service_id)).toContain(sid);
    const m = await json(['services', 'monitor', sid]);
    expect((m.monitors as Array<{ invocation_times: number }>)[0]?.invocation_times).toBe(5);
    const logs = await json(['services', 'logs', sid]);
    expect((logs.logs as Array<{ result: string }>)[0]?.result).toBe('SUCCESS');
    const ev = await run(['services', 'events', sid]);
    expect(ev.code).toBe(0);
    expect(ev.out.trim().split('\n').length).toBeGreaterThan(1);
  });

  it('update --description; stop --wait → predict answers 4203; start --wait → running', async () => {
    expect((await json(['services', 'update', sid, '--description', 'summing'])).description).toBe('summing');
    expect((await json(['services', 'stop', sid, '--wait'])).status).toBe('stopped');
    const r = await run(['services', 'predict', sid, '--data', '{"x":[1]}']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('ModelArts.4203');
    expect((await json(['services', 'start', sid, '--wait'])).status).toBe('running');
  });

  it('update --model … --wait: a rolling update to one instance', async () => {
    const s = await json(['services', 'update', sid, '--model', sumModel, '--instances', '1', '--wait']);
    expect(s).toMatchObject({ status: 'running', config: [{ instance_count: 1 }] });
  });

  it('user errors: no input, two inputs, weights on some models only, a local flavor', async () => {
    expect((await run(['services', 'predict', sid])).err).toContain('give exactly one input');
    expect((await run(['services', 'predict', sid, '--data', '{}', '--file', 'x'])).err).toContain('give exactly one input');
    expect((await run(['services', 'deploy', '--model', `${sumModel}:70`, '--model', fileModel])).err).toContain('every --model or to none');
    expect((await run(['services', 'deploy', '--model', sumModel, '--flavor', 'local'])).err).toContain('--flavor local');
    expect((await run(['services', 'deploy', '--model', sumModel, '--stop-after', '3w'])).code).not.toBe(0);
  });

  it('delete: the service is gone', async () => {
    const d = await json(['services', 'delete', sid]);
    expect(d).toEqual({ service_ids: [sid], deleted: true });
    for (let i = 0; ; i++) {
      const r = await run(['services', 'get', sid]);
      if (r.code === 1 && r.err.includes('ModelArts.3502')) break;
      if (i > 100) throw new Error('not deleted');
      await new Promise((res) => setTimeout(res, 100));
    }
  });
});
