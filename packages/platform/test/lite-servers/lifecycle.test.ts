import { LITE_SERVER_STATUSES, LITE_SERVER_TRANSITIONS, type LiteServerOperation, type LiteServerStatus } from '@modelarts-ts/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../../src/testing.js';
import { A3_FLAVOR, A3_IMAGE, expectCode, HPS_FLAVOR, HPS_IMAGE, LiteClient, MANUAL_IMAGE, serverBody } from './helpers.js';

let p: TestPlatform;
let c: LiteClient;

beforeAll(async () => {
  p = await startPlatform();
  c = new LiteClient(p.endpoint, p.credentials);
});
afterAll(async () => {
  await c?.session.close();
  await p?.close();
});

/** Puts a server in a status directly, as a test fixture for the transition matrix. */
function force(id: string, status: LiteServerStatus): void {
  p.app.platform.db.prepare('UPDATE lite_servers SET status = ?, next_status = NULL, due_at = NULL WHERE id = ?').run(status, id);
}

const OPS: Array<Exclude<LiteServerOperation, 'create'>> = ['start', 'stop', 'reboot', 'reinstallos', 'changeos', 'delete'];

function call(op: (typeof OPS)[number], id: string) {
  const params = { id };
  const os = { key_pair_name: 'KeyPair-3d6a', image_id: MANUAL_IMAGE };
  switch (op) {
    case 'start':
      return c.call('liteServers.start', { params, body: {} });
    case 'stop':
      return c.call('liteServers.stop', { params });
    case 'reboot':
      return c.call('liteServers.reboot', { params });
    case 'reinstallos':
      return c.call('liteServers.reinstallOs', { params, body: os });
    case 'changeos':
      return c.call('liteServers.changeOs', { params, body: os });
    case 'delete':
      return c.call('liteServers.delete', { params });
  }
}

describe('Lite Server state machine', () => {
  it('create returns CREATING at once, then the server is RUNNING with the request echoed', async () => {
    const s = await c.create('lifecycle-1', { data_volume: { type: 'SSD', size: 100, count: 2 } });
    expect(s.status).toBe('CREATING');
    expect(s.image.image_id).toBe(MANUAL_IMAGE);
    const r = await c.settle(s.id);
    expect(r.status).toBe('RUNNING');
    expect(r).toMatchObject({ name: 'lifecycle-1', flavor: 's7.small.1', charging_mode: 'POST_PAID', key_pair_name: 'KeyPair-3d6a', category: 'SERVER' });
    expect(r.volumes.map((v) => [v.type, v.size])).toEqual([
      ['ROOT', 200],
      ['DATA', 100],
      ['DATA', 100],
    ]);
    expect(r.update_at).toBeGreaterThanOrEqual(r.create_at);
  });

  it('walks the whole lifecycle: stop, start, reboot, stop, reinstall, stop, change OS, delete, then not found', async () => {
    const s = await c.create('lifecycle-2');
    await c.settle(s.id);
    const steps: Array<[(typeof OPS)[number], LiteServerStatus, LiteServerStatus]> = [
      ['stop', 'STOPPING', 'STOPPED'],
      ['start', 'STARTING', 'RUNNING'],
      ['reboot', 'REBOOTING', 'RUNNING'],
      ['stop', 'STOPPING', 'STOPPED'],
      ['reinstallos', 'REINSTALLINGOS', 'RUNNING'],
      ['stop', 'STOPPING', 'STOPPED'],
      ['changeos', 'CHANGINGOS', 'RUNNING'],
      ['delete', 'DELETING', 'DELETED'],
    ];
    for (const [op, via, to] of steps) {
      const r = await call(op, s.id);
      expect(r.status, op).toBe(via);
      if (to === 'DELETED') break;
      expect((await c.settle(s.id)).status, op).toBe(to);
    }
    await expectCode(c.get(s.id), 'ModelArts.6404');
    const list = await c.call('liteServers.list', { query: { limit: 100 } });
    expect(list.data.map((x) => x.id)).not.toContain(s.id);
  });

  // Every operation from every status: allowed ones move to the transient status and then the target; the others are
  // refused with ModelArts.6401 naming the current and the allowed statuses, and nothing changes.
  const matrix = OPS.flatMap((op) => LITE_SERVER_STATUSES.filter((st) => st !== 'DELETED').map((st) => [op, st] as const));
  it.each(matrix)('%s from %s', async (op, status) => {
    const s = await c.create(`m-${op}-${status.toLowerCase()}`.slice(0, 64));
    await c.settle(s.id);
    force(s.id, status);
    const t = LITE_SERVER_TRANSITIONS[op];
    if (t.from.includes(status)) {
      const r = await call(op, s.id);
      expect(r.status).toBe(t.via);
      if (op === 'delete') await expectCode(c.get(s.id), 'ModelArts.6404');
      else expect((await c.settle(s.id)).status).toBe(t.to);
    } else {
      const e = await expectCode(call(op, s.id), 'ModelArts.6401');
      expect(e.error_msg).toContain(`status is ${status}`);
      expect(e.error_msg).toContain(t.from.join(', '));
      expect((await c.get(s.id)).status).toBe(status);
    }
  });

  it('an unknown or malformed server id is ModelArts.6404 / a parameter error', async () => {
    await expectCode(c.get('0b7b0a1e-1111-4222-8333-444455556666'), 'ModelArts.6404');
    await expectCode(c.call('liteServers.stop', { params: { id: 'not-a-uuid' } }), 'ModelArts.0107');
  });
});

describe('failure injection', () => {
  it.each([
    ['start', 'START_FAILED'],
    ['stop', 'STOP_FAILED'],
    ['reboot', 'REBOOT_FAILED'],
    ['reinstallos', 'REINSTALLINGOS_FAILED'],
    ['changeos', 'CHANGINGOS_FAILED'],
    ['delete', 'DELETE_FAILED'],
  ] as const)('a server named …-fail-%s ends in %s, and the operation can be retried after a rename', async (op, failed) => {
    const s = await c.create(`inj-fail-${op}`);
    expect((await c.settle(s.id)).status).toBe('RUNNING');
    // Reach the operation's starting state (the name marks only `op` to fail).
    if (op === 'start' || op === 'reinstallos' || op === 'changeos') {
      await call('stop', s.id);
      expect((await c.settle(s.id)).status).toBe('STOPPED');
    }
    await call(op, s.id);
    expect((await c.settle(s.id)).status).toBe(failed);
    await c.call('liteServers.rename', { params: { id: s.id }, body: { name: `inj-ok-${op}` } });
    await call(op, s.id);
    if (op === 'delete') await expectCode(c.get(s.id), 'ModelArts.6404');
    else expect((await c.settle(s.id)).status).toBe(LITE_SERVER_TRANSITIONS[op].to);
  });

  it('fail-create ends in CREATE_FAILED and fail-error in ERROR; both can be deleted, even when prepaid', async () => {
    const a = await c.create('inj-fail-create');
    expect((await c.settle(a.id)).status).toBe('CREATE_FAILED');
    const b = await c.create('inj-fail-error', { charging_info: { charging_mode: 'PRE_PAID', period_num: 1, period_type: 'MONTH' } });
    expect((await c.settle(b.id)).status).toBe('ERROR');
    expect((await c.call('liteServers.delete', { params: { id: a.id } })).status).toBe('DELETING');
    expect((await c.call('liteServers.delete', { params: { id: b.id } })).status).toBe('DELETING');
  });
});

describe('validation: a bad body gets a clear 400 and stores nothing', () => {
  const count = async () => (await c.call('liteServers.listAll')).total;

  it.each([
    ['a weak password', { key_pair_name: undefined, admin_pass: 'password1' }, 'ModelArts.0107', /three of/],
    ['a password containing root', { key_pair_name: undefined, admin_pass: 'Root@12345x' }, 'ModelArts.0107', /root/],
    ['a short password', { key_pair_name: undefined, admin_pass: 'Ab1!' }, 'ModelArts.0107', /8 to 26/],
    ['both password and key pair', { admin_pass: 'Str0ng!Passw0rd' }, 'ModelArts.0107', /not both/],
    ['neither password nor key pair', { key_pair_name: undefined }, 'ModelArts.0107', /exactly one/],
    ['9 data volumes', { data_volume: { type: 'SSD' as const, size: 100, count: 9 } }, 'ModelArts.0107', /data_volume/],
    ['a 50 GB data volume', { data_volume: { type: 'SSD' as const, size: 50, count: 1 } }, 'ModelArts.0107', /data_volume/],
    ['a 2 TB system disk', { root_volume: { type: 'SSD' as const, size: 2048 } }, 'ModelArts.0107', /root_volume/],
    ['an unknown flavor', { flavor: 'no.such.flavor' }, 'ModelArts.6403', /no\.such\.flavor/],
    ['an unknown image', { image_id: '00000000-0000-4000-8000-000000000000' }, 'ModelArts.6405', /does not exist/],
    ['an ARM image on an X86 flavor', { image_id: '7c2d8e1f-9b4e-4a5f-8e53-2a3b8d4c0f12' }, 'ModelArts.0107', /ARM/],
    ['a wrong arch', { arch: 'ARM' as const }, 'ModelArts.0107', /arch/],
    ['user data that is not base64', { user_data: 'not base64!' }, 'ModelArts.0107', /base64/],
    ['too much user data', { userdata: Buffer.alloc(33 * 1024).toString('base64') }, 'ModelArts.0107', /32768/],
    ['hps_cluster_id on a plain server', { hps_cluster_id: '3f2a' }, 'ModelArts.0107', /only for supernodes/],
    ['a bad name', { name: 'bad name!' }, 'ModelArts.0107', /name/],
  ])('%s', async (_what, extra, code, msg) => {
    const before = await count();
    const e = await expectCode(c.call('liteServers.create', { body: { ...serverBody('bad-body'), ...extra } as never }), code);
    expect(e.error_msg).toMatch(msg);
    expect(await count()).toBe(before);
  });

  it('PRE_PAID servers cannot be deleted through this API (ModelArts.6402), and stay', async () => {
    const s = await c.create('prepaid', { charging_info: { charging_mode: 'PRE_PAID', period_num: 1, period_type: 'MONTH' } });
    const r = await c.settle(s.id);
    expect(r.order_id).toMatch(/^[a-f0-9]{32}$/);
    await expectCode(c.call('liteServers.delete', { params: { id: s.id } }), 'ModelArts.6402');
    expect((await c.get(s.id)).status).toBe('RUNNING');
  });

  it('changeos needs image_id; supernode reinstall refuses a password', async () => {
    const s = await c.create('os-checks');
    await c.settle(s.id);
    await c.call('liteServers.stop', { params: { id: s.id } });
    await c.settle(s.id);
    const e = await expectCode(c.call('liteServers.changeOs', { params: { id: s.id }, body: { key_pair_name: 'k' } }), 'ModelArts.0107');
    expect(e.error_msg).toMatch(/image_id is required/);
    expect((await c.get(s.id)).status).toBe('STOPPED');
  });
});

describe('lists, pages, sync, batch, rename, addresses', () => {
  it('pages with limit/offset and sorts by createTime DESC', async () => {
    const all = await c.call('liteServers.listAll');
    const page = await c.call('liteServers.list', { query: { limit: 2, offset: 2, sort_dir: 'DESC' } });
    expect(page.size).toBe(2);
    expect(page.current).toBe(2);
    expect(page.total).toBe(all.total);
    expect(page.pages).toBe(Math.ceil(all.total / 2));
    const times = page.data.map((s) => s.create_at);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const synced = await c.call('liteServers.sync', { query: { limit: 1 } });
    expect(synced.data).toHaveLength(1);
  });

  it('batch STOP checks every server first: one refusal changes nothing', async () => {
    const a = await c.create('batch-a');
    const b = await c.create('batch-b');
    await c.settle(a.id);
    await c.settle(b.id);
    await c.call('liteServers.stop', { params: { id: b.id } });
    await c.settle(b.id);
    await expectCode(c.call('liteServers.batchAction', { body: { type: 'STOP', servers: [{ id: a.id }, { id: b.id }] } }), 'ModelArts.6401');
    expect((await c.get(a.id)).status).toBe('RUNNING');
    const r = await c.call('liteServers.batchAction', { body: { type: 'START', servers: [{ id: b.id }] } });
    expect(r.data[0]?.status).toBe('STARTING');
  });

  it('renames, binds a documentation-range public IP, and lists flavors and images', async () => {
    const s = await c.create('rename-me');
    expect((await c.call('liteServers.rename', { params: { id: s.id }, body: { name: 'renamed' } })).name).toBe('renamed');
    const ips = await c.call('liteServers.bindPublicIp', { params: { id: s.id }, body: { public_ip_id: '1b1c1d1e-2f2a-4b3c-8d4e-5f6a7b8c9d0e' } });
    expect(ips.public_ips[0]?.address).toMatch(/^192\.0\.2\.\d+$/);
    expect((await c.call('liteServers.publicIps', { params: { id: s.id } })).public_ips).toHaveLength(1);
    const flavors = await c.call('liteServers.flavors');
    expect(flavors.flavors.map((f) => f.flavor)).toContain('s7.small.1');
    expect((await c.call('liteServers.image', { params: { id: MANUAL_IMAGE } })).arch).toBe('X86');
  });

  it('another project sees none of these servers', async () => {
    const other = p.addTenant();
    const oc = new LiteClient(p.endpoint, other);
    const s = await c.create('private');
    expect((await oc.call('liteServers.listAll')).total).toBe(0);
    await expectCode(oc.get(s.id), 'ModelArts.6404');
    await oc.session.close();
  });
});

describe('disks (A3 servers)', () => {
  it('attach and detach are operations pending → running → success; the disk appears and goes', async () => {
    const s = await c.create('a3-disks', { flavor: A3_FLAVOR, image_id: A3_IMAGE, arch: 'ARM' });
    await c.settle(s.id);
    const volume_id = 'b0e1f17b-019c-43d3-99f7-5e1703c1e9b7';
    const op = await c.call('liteServers.attachVolume', { params: { id: s.id }, body: { volume_id } });
    expect(op).toMatchObject({ operation_status: 'pending', operation_type: 'node_attach_volume' });
    const done = await c.call('liteServers.operation', { params: { id: s.id, operation_id: op.operation_id } });
    expect(done.operation_status).toBe('success');
    expect((await c.get(s.id)).volumes.map((v) => v.evs_id)).toContain(volume_id);
    await expectCode(c.call('liteServers.attachVolume', { params: { id: s.id }, body: { volume_id } }), 'ModelArts.6411');
    const det = await c.call('liteServers.detachVolume', { params: { id: s.id, volume_id } });
    expect(det.operation_type).toBe('node_detach_volume');
    expect((await c.call('liteServers.operation', { params: { id: s.id, operation_id: det.operation_id } })).operation_status).toBe('success');
    expect((await c.get(s.id)).volumes.map((v) => v.evs_id)).not.toContain(volume_id);
    await expectCode(c.call('liteServers.detachVolume', { params: { id: s.id, volume_id } }), 'ModelArts.6412');
  });

  it('a server that is not A3 cannot attach disks (ModelArts.6413); fail-attachvolume ends the operation failed', async () => {
    const s = await c.create('plain-disks');
    await c.settle(s.id);
    await expectCode(
      c.call('liteServers.attachVolume', { params: { id: s.id }, body: { volume_id: 'b0e1f17b-019c-43d3-99f7-5e1703c1e9b7' } }),
      'ModelArts.6413',
    );
    const f = await c.create('a3-fail-attachvolume', { flavor: A3_FLAVOR, image_id: A3_IMAGE, arch: 'ARM' });
    await c.settle(f.id);
    const op = await c.call('liteServers.attachVolume', { params: { id: f.id }, body: { volume_id: 'c0e1f17b-019c-43d3-99f7-5e1703c1e9b7' } });
    const r = await c.call('liteServers.operation', { params: { id: f.id, operation_id: op.operation_id } });
    expect(r.operation_status).toBe('failed');
    expect(r.operation_error?.message).toMatch(/failed/);
    expect((await c.get(f.id)).volumes).toHaveLength(1);
  });
});

describe('supernodes', () => {
  const create = (name: string) =>
    c.create(name, { flavor: HPS_FLAVOR, image_id: HPS_IMAGE, arch: 'ARM', hps_cluster_id: '6a1f0c9e-5d4b-4c3a-9b2e-1f0e9d8c7b6a' });

  it('creating an HPS server makes a supernode with its nodes; list, info, tags, stop, change image, start, delete', async () => {
    const s = await create('supernode-1');
    expect(s.category).toBe('HPS');
    const hid = s.server_hps?.id as string;
    expect(hid).toBeTruthy();
    await c.settle(s.id);
    let h = await c.call('liteHyperinstances.get', { params: { id: hid } });
    expect(h.status).toBe('ACTIVE');
    expect(h.hps_cluster_id).toBe('6a1f0c9e-5d4b-4c3a-9b2e-1f0e9d8c7b6a');
    expect(h.servers.map((x) => x.status)).toEqual(['RUNNING', 'RUNNING']);
    expect((await c.call('liteHyperinstances.list')).data.map((x) => x.id)).toContain(hid);

    expect((await c.call('liteHyperinstances.createTags', { params: { id: hid }, body: { tags: [{ key: 'test', value: 'service-gpu' }] } })).tags).toEqual([
      { key: 'test', value: 'service-gpu' },
    ]);
    await expectCode(c.call('liteHyperinstances.createTags', { params: { id: hid }, body: { tags: [{ key: 'test', value: 'x' }] } }), 'ModelArts.6407');
    expect((await c.call('liteHyperinstances.deleteTags', { params: { id: hid }, body: { tags: [{ key: 'test', value: 'service-gpu' }] } })).tags).toEqual([]);
    await expectCode(c.call('liteHyperinstances.deleteTags', { params: { id: hid }, body: { tags: [{ key: 'test' }] } }), 'ModelArts.6408');

    // Start and change image need stopped nodes; delete needs running ones.
    await expectCode(c.call('liteHyperinstances.start', { params: { id: hid } }), 'ModelArts.6401');
    await expectCode(c.call('liteHyperinstances.changeOs', { params: { id: hid }, body: { key_pair_name: 'k', image_id: HPS_IMAGE } }), 'ModelArts.6401');
    h = await c.call('liteHyperinstances.stop', { params: { id: hid } });
    expect(h.servers.map((x) => x.status)).toEqual(['STOPPING', 'STOPPING']);
    await c.settle(s.id);
    await expectCode(c.call('liteHyperinstances.delete', { params: { id: hid } }), 'ModelArts.6401');
    await expectCode(
      c.call('liteHyperinstances.changeOs', { params: { id: hid }, body: { admin_pass: 'Str0ng!Passw0rd', image_id: HPS_IMAGE } }),
      'ModelArts.0107',
    );
    h = await c.call('liteHyperinstances.changeOs', { params: { id: hid }, body: { key_pair_name: 'k2', image_id: HPS_IMAGE } });
    expect(h.status).toBe('REIMAGING');
    await c.settle(s.id);
    h = await c.call('liteHyperinstances.get', { params: { id: hid } });
    expect(h.status).toBe('ACTIVE');
    expect(h.servers.map((x) => [x.status, x.key_pair_name])).toEqual([
      ['RUNNING', 'k2'],
      ['RUNNING', 'k2'],
    ]);
    await expectCode(c.call('liteServers.delete', { params: { id: s.id } }), 'ModelArts.6401');
    h = await c.call('liteHyperinstances.delete', { params: { id: hid } });
    expect(h.status).toBe('TERMINATING');
    await expectCode(c.call('liteHyperinstances.get', { params: { id: hid } }), 'ModelArts.6406');
    await expectCode(c.get(s.id), 'ModelArts.6404');
  });

  it('the local.fail tag makes supernode operations fail; stop is retried from STOP_FAILED', async () => {
    const s = await create('supernode-2');
    const hid = s.server_hps?.id as string;
    await c.settle(s.id);
    await c.call('liteHyperinstances.createTags', { params: { id: hid }, body: { tags: [{ key: 'local.fail', value: 'stop' }] } });
    await c.call('liteHyperinstances.stop', { params: { id: hid } });
    await c.settle(s.id);
    expect((await c.call('liteHyperinstances.get', { params: { id: hid } })).servers.map((x) => x.status)).toEqual(['STOP_FAILED', 'STOP_FAILED']);
    await c.call('liteHyperinstances.deleteTags', { params: { id: hid }, body: { tags: [{ key: 'local.fail' }] } });
    await c.call('liteHyperinstances.stop', { params: { id: hid } });
    await c.settle(s.id);
    expect((await c.call('liteHyperinstances.get', { params: { id: hid } })).servers.map((x) => x.status)).toEqual(['STOPPED', 'STOPPED']);
  });
});

describe('request shapes', () => {
  it('start needs a JSON body ({} at least), as the cloud; stop takes none', async () => {
    const s = await c.create('no-body');
    await c.settle(s.id);
    await c.call('liteServers.stop', { params: { id: s.id } });
    await c.settle(s.id);
    const e = await expectCode(c.call('liteServers.start', { params: { id: s.id } } as never), 'ModelArts.0107');
    expect(e.error_msg).toMatch(/body/);
    expect((await c.get(s.id)).status).toBe('STOPPED');
    expect((await c.call('liteServers.start', { params: { id: s.id }, body: {} })).status).toBe('STARTING');
  });

  it('count creates several servers with numbered names; the answer is the first', async () => {
    const s = await c.create('many', { count: 3 });
    expect(s.name).toBe('many-0001');
    const names = (await c.call('liteServers.listAll')).data.map((x) => x.name).filter((n) => n.startsWith('many-'));
    expect(names.sort()).toEqual(['many-0001', 'many-0002', 'many-0003']);
  });
});
