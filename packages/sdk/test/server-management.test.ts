import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIError,
  BindIP,
  ChargingInfo,
  Charginginfo,
  DataVolume,
  ImageBody,
  InvalidArgumentError,
  Network,
  ResourceFailedError,
  RootVolume,
  Server,
  ServerManagement,
  type Session,
  Tag,
  Volume,
  WaitTimeoutError,
} from '../src/index.js';
import { type PlatformFixture, platformFixture } from './fixture.js';

const IMAGE = 'e16eff65-1899-446e-baf2-0d2b6b5dd8c0';
const A3 = { flavor: 'physical.kat2e.48xlarge.8.snt9b23', image_id: '9e4fa031-bd60-4c71-a075-4c5daf6e2b34', arch: 'ARM' as const };
const HPS = { flavor: 'physical.kat2e.48xlarge.8.snt9b23.hps2', image_id: 'af50b142-ce71-4d82-b186-5d6eb07f3c45', arch: 'ARM' as const };

let f: PlatformFixture;
let session: Session;

beforeAll(async () => {
  f = await platformFixture();
  session = f.session;
});
afterAll(async () => {
  await f?.close();
});

const network = () =>
  new Network({
    security_group_id: '150a2c76-1334-45f6-b28f-419f9b1d1742',
    subnet_id: '38cf274a-98f9-4f6f-b622-5ed0e4a3db54',
    vpc_id: '05982b48-a70f-43a1-a2b0-1fe36a236172',
  });

/** The manual's 11.3 server, with another name and overrides. */
function server(name: string, extra: Partial<ConstructorParameters<typeof Server>[0]> = {}): Server {
  return new Server({
    name,
    flavor: 's7.small.1',
    image_id: IMAGE,
    key_pair_name: 'KeyPair-3d6a',
    network: network(),
    root_volume: new RootVolume({ root_type: 'SSD', size: '200' }),
    charging_info: new Charginginfo({ charging_mode: 'POST_PAID', period_num: 1, period_type: 'MONTH' }),
    arch: 'X86',
    ...extra,
  });
}

async function running(name: string, extra?: Partial<ConstructorParameters<typeof Server>[0]>): Promise<string> {
  const s = await ServerManagement.create(session, server(name, extra));
  await ServerManagement.waitUntil(session, s.id, 'RUNNING', { minIntervalMs: 10 });
  return s.id;
}

describe('ServerManagement: servers', () => {
  it('create (11.3) maps the manual classes to the REST body: root_type → type, "200" → 200, data disks', async () => {
    const s = await ServerManagement.create(session, server('sdk-create', { data_volume: new DataVolume({ data_type: 'GPSSD', size: 500, count: 2 }) }));
    expect(s.status).toBe('CREATING');
    const r = await ServerManagement.waitUntil(session, s.id, 'RUNNING', { minIntervalMs: 10 });
    expect(r?.volumes.map((v) => [v.type, v.evs_type, v.size])).toEqual([
      ['ROOT', 'SSD', 200],
      ['DATA', 'GPSSD', 500],
      ['DATA', 'GPSSD', 500],
    ]);
    expect(r?.charging_mode).toBe('POST_PAID');
  });

  it('create accepts plain objects and ChargingInfo (the two spellings are one class)', async () => {
    expect(Charginginfo).toBe(ChargingInfo);
    const s = await ServerManagement.create(session, {
      name: 'sdk-plain',
      flavor: 's7.small.1',
      image_id: IMAGE,
      admin_pass: 'Str0ng!Passw0rd',
      network: { security_group_id: 'sg', subnet_id: 'sn', vpc_id: 'vpc' },
      root_volume: { root_type: 'SAS', size: 120 },
      userdata: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
    });
    expect(s.vpc_id).toBe('vpc');
    expect(s.key_pair_name).toBeUndefined();
  });

  it('getServerInfo (11.4), getUserServersList (11.2), syncServerStatus (11.6)', async () => {
    const id = await running('sdk-info');
    expect((await ServerManagement.getServerInfo(session, id)).name).toBe('sdk-info');
    const page = await ServerManagement.getUserServersList(session, { limit: 2, sort_dir: 'DESC' });
    expect(page.size).toBe(2);
    expect(page.data.length).toBeLessThanOrEqual(2);
    const every = [];
    for await (const s of ServerManagement.getUserServersList(session, { limit: 1 })) every.push(s.id);
    expect(every).toContain(id);
    expect(new Set(every).size).toBe(every.length);
    const synced = await ServerManagement.syncServerStatus(session, id, { limit: 1024 });
    expect(synced.data.find((s) => s.id === id)?.status).toBe('RUNNING');
    await expect(ServerManagement.syncServerStatus(session, '0b7b0a1e-1111-4222-8333-444455556666')).rejects.toMatchObject({ error_code: 'ModelArts.6404' });
  });

  it('stop (11.8), start (11.7), restart (11.18), reinstallServerImage (11.12), changeServerImage (11.13), delete (11.5)', async () => {
    const id = await running('sdk-cycle');
    expect((await ServerManagement.stop(session, id)).status).toBe('STOPPING');
    await ServerManagement.waitUntil(session, id, 'STOPPED', { minIntervalMs: 10 });
    expect((await ServerManagement.start(session, id)).status).toBe('STARTING');
    await ServerManagement.waitUntil(session, id, 'RUNNING', { minIntervalMs: 10 });
    expect((await ServerManagement.restart(session, id)).status).toBe('REBOOTING');
    await ServerManagement.waitUntil(session, id, 'RUNNING', { minIntervalMs: 10 });
    await ServerManagement.stop(session, id);
    await ServerManagement.waitUntil(session, id, 'STOPPED', { minIntervalMs: 10 });
    const reinstall_body = new ImageBody({ key_pair_name: 'KeyPair-3d6a', image_id: IMAGE });
    expect((await ServerManagement.reinstallServerImage(session, id, reinstall_body)).status).toBe('REINSTALLINGOS');
    await ServerManagement.waitUntil(session, id, 'RUNNING', { minIntervalMs: 10 });
    await ServerManagement.stop(session, id);
    await ServerManagement.waitUntil(session, id, 'STOPPED', { minIntervalMs: 10 });
    const other = '5b1c6f0e-8a3d-4f4e-9d42-1f2a7c3b9e01';
    expect((await ServerManagement.changeServerImage(session, id, new ImageBody({ key_pair_name: 'k2', image_id: other }))).status).toBe('CHANGINGOS');
    const changed = await ServerManagement.waitUntil(session, id, 'RUNNING', { minIntervalMs: 10 });
    expect(changed?.image.image_id).toBe(other);
    expect(changed?.key_pair_name).toBe('k2');
    expect((await ServerManagement.delete(session, id)).status).toBe('DELETING');
    expect(await ServerManagement.waitUntil(session, id, 'DELETED', { minIntervalMs: 10 })).toBeUndefined();
    await expect(ServerManagement.getServerInfo(session, id)).rejects.toMatchObject({ error_code: 'ModelArts.6404', status: 400 });
  });

  it('an illegal transition is an APIError naming the statuses', async () => {
    const id = await running('sdk-illegal');
    const e = await ServerManagement.start(session, id).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(APIError);
    expect((e as APIError).error_code).toBe('ModelArts.6401');
    expect((e as APIError).error_msg).toMatch(/status is RUNNING; start is allowed only when the status is STOPPED, START_FAILED/);
  });

  it('waitUntil throws ResourceFailedError at an injected failure, and WaitTimeoutError when the status does not come', async () => {
    const id = await running('sdk-fail-stop');
    await ServerManagement.stop(session, id);
    const e = await ServerManagement.waitUntil(session, id, 'STOPPED', { minIntervalMs: 10 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResourceFailedError);
    expect((e as ResourceFailedError).status).toBe('STOP_FAILED');
    const c = await ServerManagement.create(session, server('sdk-fail-error'));
    const e2 = await ServerManagement.waitUntil(session, c.id, 'RUNNING', { minIntervalMs: 10 }).catch((x: unknown) => x);
    expect((e2 as ResourceFailedError).status).toBe('ERROR');
    const t = await ServerManagement.waitUntil(session, id, 'STOPPED', { timeoutMs: 0 }).catch((x: unknown) => x);
    expect(t).toBeInstanceOf(ResourceFailedError);
    const r = await running('sdk-timeout');
    const w = await ServerManagement.waitUntil(session, r, 'STOPPED', { timeoutMs: 50, minIntervalMs: 10 }).catch((x: unknown) => x);
    expect(w).toBeInstanceOf(WaitTimeoutError);
  });

  it('attachVolume (11.21) on an A3 server: an operation that waitForOperation sees through to success', async () => {
    const id = await running('sdk-a3', A3);
    const volume = new Volume({ volume_id: 'b0e1f17b-019c-43d3-99f7-5e1703c1e9b7' });
    const op = await ServerManagement.attachVolume(session, id, volume);
    expect(op).toMatchObject({ operation_status: 'pending', operation_type: 'node_attach_volume' });
    expect((await ServerManagement.waitForOperation(session, id, op.operation_id, { minIntervalMs: 10 })).operation_status).toBe('success');
    expect((await ServerManagement.getServerInfo(session, id)).volumes.map((v) => v.evs_id)).toContain(volume.volume_id);
  });
});

describe('ServerManagement: supernodes', () => {
  it('getHpsList (11.15), getHpsInfo (11.16), tags (11.9–11.11), stopHps (11.20), changeHpsImage (11.14), startHps (11.19), deleteHps (11.17)', async () => {
    const s = await ServerManagement.create(session, server('sdk-hps', { ...HPS, hps_cluster_id: '6a1f0c9e-5d4b-4c3a-9b2e-1f0e9d8c7b6a' }));
    const hid = s.server_hps?.id as string;
    await ServerManagement.waitUntilHps(session, hid, 'RUNNING', { minIntervalMs: 10 });
    expect((await ServerManagement.getHpsList(session)).data.map((h) => h.id)).toContain(hid);
    const info = await ServerManagement.getHpsInfo(session, hid);
    expect(info.status).toBe('ACTIVE');
    expect(info.servers).toHaveLength(2);

    const tags = [new Tag({ hps_key: 'test', hps_value: 'service-gpu' })];
    expect((await ServerManagement.createHpsTag(session, hid, tags)).tags).toEqual([{ key: 'test', value: 'service-gpu' }]);
    expect((await ServerManagement.getHpsTags(session, hid)).tags).toEqual([{ key: 'test', value: 'service-gpu' }]);
    expect((await ServerManagement.deleteHpsTag(session, hid, tags)).tags).toEqual([]);

    await ServerManagement.stopHps(session, hid);
    await ServerManagement.waitUntilHps(session, hid, 'STOPPED', { minIntervalMs: 10 });
    const change_body = new ImageBody({ key_pair_name: 'KeyPair-3d6a', image_id: HPS.image_id });
    expect((await ServerManagement.changeHpsImage(session, hid, change_body)).status).toBe('REIMAGING');
    await ServerManagement.waitUntilHps(session, hid, 'RUNNING', { minIntervalMs: 10 });
    await ServerManagement.stopHps(session, hid);
    await ServerManagement.waitUntilHps(session, hid, 'STOPPED', { minIntervalMs: 10 });
    expect((await ServerManagement.startHps(session, hid)).servers.map((x) => x.status)).toEqual(['STARTING', 'STARTING']);
    await ServerManagement.waitUntilHps(session, hid, 'RUNNING', { minIntervalMs: 10 });
    expect((await ServerManagement.deleteHps(session, hid)).status).toBe('TERMINATING');
    expect(await ServerManagement.waitUntilHps(session, hid, 'DELETED', { minIntervalMs: 10 })).toBeUndefined();
    await expect(ServerManagement.getHpsInfo(session, hid)).rejects.toMatchObject({ error_code: 'ModelArts.6406' });
  });
});

describe('argument checks', () => {
  it('a wrong or missing argument names the parameter and the call shape', () => {
    expect(() => ServerManagement.getServerInfo(session, undefined as never)).toThrow(InvalidArgumentError);
    expect(() => ServerManagement.getServerInfo(session, undefined as never)).toThrow(/server_id is required/);
    expect(() => ServerManagement.getServerInfo({} as never, 'x')).toThrow(/session must be a Session/);
    expect(() => ServerManagement.getUserServersList(session, { limt: 5 } as never)).toThrow(/did you mean 'limit'/);
    expect(() => ServerManagement.start(session, 'x', { arch: 'MIPS' } as never)).toThrow(/arch/);
  });

  it('the data classes check their keyword arguments', () => {
    expect(() => new Network({ security_group_id: 'a', subnet_id: 'b' } as never)).toThrow(/vpc_id is required/);
    expect(() => new RootVolume({ root_type: 'SSD', size: 'big' })).toThrow(/size/);
    expect(() => new DataVolume({ data_type: 'SSD', size: 100, count: 9 })).toThrow(/count/);
    expect(() => new Tag({ hps_kye: 'x' } as never)).toThrow(/did you mean 'hps_key'/);
    expect(() => new Server({ name: 'x', image_id: IMAGE, network: network(), flavour: 's7' } as never)).toThrow(/did you mean 'flavor'/);
    expect(() => ServerManagement.createHpsTag(session, 'h', [{ hps_value: 'v' }])).toThrow(/needs hps_key/);
  });
});

describe('ModelArtsClient.liteServers / liteHyperinstances (the REST operations beyond the manual)', () => {
  it('rename, batch actions, public IPs, detach and its operation, flavors and images, tenant-wide lists', async () => {
    const c = session.client;
    const a = await running('sdk-low-a', A3);
    const b = await running('sdk-low-b');
    expect((await c.liteServers.rename(b, 'sdk-low-renamed')).name).toBe('sdk-low-renamed');
    const batch = await c.liteServers.batchAction({ type: 'STOP', servers: [{ id: a }, { id: b }] });
    expect(batch.data.map((s) => s.status)).toEqual(['STOPPING', 'STOPPING']);
    await ServerManagement.waitUntil(session, b, 'STOPPED', { minIntervalMs: 10 });
    const ips = await c.liteServers.bindPublicIp(a, new BindIP({ public_ip_id: '1b1c1d1e-2f2a-4b3c-8d4e-5f6a7b8c9d0e' }));
    expect(ips.public_ips).toHaveLength(1);
    expect(await c.liteServers.publicIps(a)).toEqual(ips);
    const volume_id = 'd0e1f17b-019c-43d3-99f7-5e1703c1e9b7';
    const att = await c.liteServers.attachVolume(a, { volume_id });
    await ServerManagement.waitForOperation(session, a, att.operation_id, { minIntervalMs: 10 });
    const det = await c.liteServers.detachVolume(a, volume_id);
    expect((await ServerManagement.waitForOperation(session, a, det.operation_id, { minIntervalMs: 10 })).operation_type).toBe('node_detach_volume');
    expect((await c.liteServers.get(a)).volumes.map((v) => v.evs_id)).not.toContain(volume_id);
    expect((await c.liteServers.flavors()).flavors.some((f) => f.attach_volume)).toBe(true);
    const images = await c.liteServers.images();
    expect((await c.liteServers.image(images.images[0]?.image_id as string)).name).toBe(images.images[0]?.name);
    expect((await c.liteServers.listAll()).total).toBeGreaterThanOrEqual(2);
    expect((await c.liteHyperinstances.listAll()).data).toBeInstanceOf(Array);
  });
});
