import { startPlatform, type TestPlatform } from '@modelarts-ts/platform/testing';
import { ResourceFailedError, ServerManagement, Session } from '@modelarts-ts/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachVolume } from './attach-volume.js';
import { changeHpsImage } from './change-hps-image.js';
import { changeImage } from './change-image.js';
import { manualServer, uniqueName } from './common.js';
import { createHpsTag } from './create-hps-tag.js';
import { createServer } from './create-server.js';
import { deleteHps } from './delete-hps.js';
import { deleteHpsTag } from './delete-hps-tag.js';
import { deleteServer } from './delete-server.js';
import { hpsInfo } from './hps-info.js';
import { hpsList } from './hps-list.js';
import { hpsTags } from './hps-tags.js';
import { lifecycle } from './lifecycle.js';
import { listServers } from './list-servers.js';
import { reinstallImage } from './reinstall-image.js';
import { restartServer } from './restart-server.js';
import { serverInfo } from './server-info.js';
import { startHps } from './start-hps.js';
import { startServer } from './start-server.js';
import { stopHps } from './stop-hps.js';
import { stopServer } from './stop-server.js';
import { syncStatus } from './sync-status.js';

let p: TestPlatform;
let session: Session;

beforeAll(async () => {
  // Operations take 0.2 s, so the examples' waits really poll through the transient statuses.
  p = await startPlatform({ liteServerTransitionSeconds: 0.2 });
  const { access_key, secret_key, project_id, region_name } = p.credentials;
  session = new Session({ access_key, secret_key, project_id, region_name, endpoint: p.endpoint });
});
afterAll(async () => {
  await session?.close();
  await p?.close();
});

describe('manual chapter 11 examples on ModelArts Local', () => {
  it('11.1: create → get info → stop ends with the server STOPPED', async () => {
    const r = await lifecycle(session);
    expect(r.created.status).toBe('CREATING');
    expect(r.info).toMatchObject({ status: 'RUNNING', flavor: 's7.small.1', key_pair_name: 'KeyPair-3d6a' });
    expect(r.stopped?.status).toBe('STOPPED');
  });

  it('11.2 and 11.3: list and create', async () => {
    const c = await createServer(session);
    expect(c.created.status).toBe('CREATING');
    expect(c.running?.volumes[0]).toMatchObject({ type: 'ROOT', evs_type: 'SSD', size: 200 });
    const l = await listServers(session);
    expect(l.page.total).toBeGreaterThanOrEqual(2);
    expect(l.names.length).toBe(l.page.total);
  });

  it('11.4, 11.5, 11.6: info, delete (then not found), sync', async () => {
    expect((await serverInfo(session)).status).toBe('RUNNING');
    expect(await deleteServer(session)).toEqual({ deleting: 'DELETING', after: 'ModelArts.6404' });
    expect((await syncStatus(session)).mine).toBe('RUNNING');
  });

  it('11.7, 11.8, 11.18: start, stop, restart', async () => {
    expect(await startServer(session)).toEqual({ starting: 'STARTING', running: 'RUNNING' });
    expect(await stopServer(session)).toEqual({ stopping: 'STOPPING', stopped: 'STOPPED' });
    expect(await restartServer(session)).toEqual({ rebooting: 'REBOOTING', running: 'RUNNING' });
  });

  it('11.12, 11.13: reinstall and change the OS image', async () => {
    expect(await reinstallImage(session)).toEqual({ reinstalling: 'REINSTALLINGOS', running: 'RUNNING', image: 'e16eff65-1899-446e-baf2-0d2b6b5dd8c0' });
    expect(await changeImage(session)).toEqual({ changing: 'CHANGINGOS', running: 'RUNNING', image: 'EulerOS 2.10 x86 64bit' });
  });

  it('11.9, 11.10, 11.11: supernode tags', async () => {
    expect((await createHpsTag(session)).tags).toEqual([{ key: 'test', value: 'service-gpu' }]);
    expect(await deleteHpsTag(session)).toEqual({ before: [{ key: 'test', value: 'service-gpu' }], after: [] });
    expect((await hpsTags(session)).tags).toEqual([{ key: 'team', value: 'vision' }]);
  });

  it('11.14 – 11.17, 11.19, 11.20: supernodes', async () => {
    expect((await hpsList(session)).listed).toBe(true);
    const info = await hpsInfo(session);
    expect(info.status).toBe('ACTIVE');
    expect(info.servers.map((s) => s.status)).toEqual(['RUNNING', 'RUNNING']);
    expect(await changeHpsImage(session)).toEqual({ reimaging: 'REIMAGING', status: 'ACTIVE', nodes: ['RUNNING', 'RUNNING'] });
    expect(await stopHps(session)).toEqual({ stopping: ['STOPPING', 'STOPPING'], stopped: ['STOPPED', 'STOPPED'] });
    expect(await startHps(session)).toEqual({ starting: ['STARTING', 'STARTING'], running: ['RUNNING', 'RUNNING'] });
    expect(await deleteHps(session)).toEqual({ terminating: 'TERMINATING', listed: false });
  });

  it('11.21: attach a disk to an A3 server', async () => {
    const r = await attachVolume(session);
    expect(r.operation).toMatchObject({ operation_status: 'pending', operation_type: 'node_attach_volume' });
    expect(r.done).toBe('success');
    expect(r.disks.map((d) => d.evs_id)).toContain('b0e1f17b-019c-43d3-99f7-5e1703c1e9b7');
  });

  it('error handling as a script would test it: an injected stop failure surfaces as ResourceFailedError', async () => {
    const s = await ServerManagement.create(session, manualServer(uniqueName('web-fail-stop')));
    await ServerManagement.waitUntil(session, s.id, 'RUNNING');
    await ServerManagement.stop(session, s.id);
    const e = await ServerManagement.waitUntil(session, s.id, 'STOPPED').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ResourceFailedError);
    expect((e as ResourceFailedError).status).toBe('STOP_FAILED');
  });
});
