import { startPlatform, type TestPlatform } from '@modelarts-ts/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { capture } from './io.js';

let p: TestPlatform;
let env: Record<string, string>;

const run = async (args: string[]) => {
  const io = capture();
  const code = await main(['--endpoint', p.endpoint, ...args], { ...io, env });
  return { code, out: io.out(), err: io.err() };
};
const json = async (args: string[]) => {
  const r = await run(['--json', ...args]);
  expect(r.code, r.err + r.out).toBe(0);
  return JSON.parse(r.out) as Record<string, unknown> & { id: string; status: string };
};

const NET = [
  '--vpc',
  '05982b48-a70f-43a1-a2b0-1fe36a236172',
  '--subnet',
  '38cf274a-98f9-4f6f-b622-5ed0e4a3db54',
  '--security-group',
  '150a2c76-1334-45f6-b28f-419f9b1d1742',
];
const create = (name: string, extra: string[] = []) =>
  json([
    'servers',
    'create',
    '--name',
    name,
    '--flavor',
    's7.small.1',
    '--image',
    'e16eff65-1899-446e-baf2-0d2b6b5dd8c0',
    '--key-pair',
    'KeyPair-3d6a',
    ...NET,
    ...extra,
  ]);

beforeAll(async () => {
  p = await startPlatform();
  env = {
    HUAWEICLOUD_SDK_AK: p.credentials.access_key,
    HUAWEICLOUD_SDK_SK: p.credentials.secret_key,
    MODELARTS_REGION: p.credentials.region_name,
    MODELARTS_PROJECT_ID: p.credentials.project_id,
    HOME: '/nonexistent',
    LITE_PASS: 'Str0ng!Passw0rd',
  };
});
afterAll(async () => {
  await p?.close();
});

describe('modelarts servers', () => {
  it('create --wait, list, get, stop --wait, change-os --wait, delete --wait', async () => {
    const s = await create('cli-server', [
      '--root-type',
      'SSD',
      '--root-size',
      '200',
      '--data-type',
      'SAS',
      '--data-size',
      '100',
      '--data-count',
      '2',
      '--wait',
    ]);
    expect(s.status).toBe('RUNNING');
    const list = await run(['servers', 'list']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(new RegExp(`${s.id}\\s+cli-server\\s+RUNNING\\s+s7\\.small\\.1`));
    const get = await run(['servers', 'get', s.id]);
    expect(get.out).toMatch(/disks\s+ROOT SSD 200 GB/);
    expect((await json(['servers', 'stop', s.id, '--wait'])).status).toBe('STOPPED');
    const changed = await json(['servers', 'change-os', s.id, '--image', '5b1c6f0e-8a3d-4f4e-9d42-1f2a7c3b9e01', '--admin-pass-env', 'LITE_PASS', '--wait']);
    expect(changed.status).toBe('RUNNING');
    expect((changed.image as { image_id: string }).image_id).toBe('5b1c6f0e-8a3d-4f4e-9d42-1f2a7c3b9e01');
    const del = await run(['servers', 'delete', s.id, '--wait']);
    expect(del.code).toBe(0);
    expect(del.out.trim()).toBe(`${s.id} DELETED`);
    const gone = await run(['--json', 'servers', 'get', s.id]);
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.out).error.error_code).toBe('ModelArts.6404');
  });

  it('an illegal transition exits 1 with the code and the statuses; a failed --wait exits 1 naming the failure', async () => {
    const s = await create('cli-fail-reboot', ['--wait']);
    const bad = await run(['servers', 'start', s.id]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/ModelArts\.6401: Cannot start .* status is RUNNING/);
    const failed = await run(['servers', 'reboot', s.id, '--wait']);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/REBOOT_FAILED/);
  });

  it('reinstall, sync, attach-volume on an A3 server, flavors and images', async () => {
    const a3 = await json([
      'servers',
      'create',
      '--name',
      'cli-a3',
      '--flavor',
      'physical.kat2e.48xlarge.8.snt9b23',
      '--image',
      '9e4fa031-bd60-4c71-a075-4c5daf6e2b34',
      '--key-pair',
      'k',
      ...NET,
      '--wait',
    ]);
    const op = await json(['servers', 'attach-volume', a3.id, 'b0e1f17b-019c-43d3-99f7-5e1703c1e9b7', '--wait']);
    expect(op.operation_status).toBe('success');
    await json(['servers', 'stop', a3.id, '--wait']);
    expect((await json(['servers', 'reinstall', a3.id, '--key-pair', 'k2', '--wait'])).key_pair_name).toBe('k2');
    const sync = await json(['servers', 'sync', a3.id, '--limit', '100']);
    expect((sync.data as Array<{ id: string }>).map((x) => x.id)).toContain(a3.id);
    expect((await run(['servers', 'flavors'])).out).toContain('s7.small.1');
    expect((await run(['servers', 'images'])).out).toContain('e16eff65-1899-446e-baf2-0d2b6b5dd8c0');
  });

  it('hps list, get, tags, stop, change-os, start, delete', async () => {
    const s = await json([
      'servers',
      'create',
      '--name',
      'cli-hps',
      '--flavor',
      'physical.kat2e.48xlarge.8.snt9b23.hps2',
      '--image',
      'af50b142-ce71-4d82-b186-5d6eb07f3c45',
      '--key-pair',
      'k',
      '--hps-cluster-id',
      '6a1f0c9e-5d4b-4c3a-9b2e-1f0e9d8c7b6a',
      ...NET,
      '--wait',
    ]);
    const hid = (s.server_hps as { id: string }).id;
    expect((await run(['servers', 'hps', 'list'])).out).toMatch(new RegExp(`${hid}\\s+cli-hps\\s+ACTIVE\\s+RUNNING,RUNNING`));
    expect((await run(['servers', 'hps', 'tags', hid, '--add', 'team=vision', '--add', 'test'])).out).toBe('team=vision\ntest=\n');
    expect((await run(['servers', 'hps', 'tags', hid, '--remove', 'test'])).out).toBe('team=vision\n');
    expect((await run(['servers', 'hps', 'stop', hid, '--wait'])).code).toBe(0);
    expect((await run(['servers', 'hps', 'get', hid])).out).toMatch(/STOPPED/);
    expect((await run(['servers', 'hps', 'change-os', hid, '--image', 'af50b142-ce71-4d82-b186-5d6eb07f3c45', '--key-pair', 'k3', '--wait'])).code).toBe(0);
    expect((await run(['servers', 'hps', 'stop', hid, '--wait'])).code).toBe(0);
    expect((await run(['servers', 'hps', 'start', hid, '--wait'])).code).toBe(0);
    const del = await run(['servers', 'hps', 'delete', hid, '--wait']);
    expect(del.code).toBe(0);
    expect(del.out.trim()).toBe(`${hid} TERMINATED`);
  });

  it('a missing flag is a one-line error with a hint', async () => {
    const r = await run(['servers', 'create', '--name', 'x']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--flavor is required/);
  });
});
