import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../../src/testing.js';
import { A3_FLAVOR, A3_IMAGE, LiteClient } from './helpers.js';

// Operations take an hour here; the test moves due times into the past instead of waiting.
let p: TestPlatform;
let c: LiteClient;

beforeAll(async () => {
  p = await startPlatform({ liteServerTransitionSeconds: 3600 });
  c = new LiteClient(p.endpoint, p.credentials);
});
afterAll(async () => {
  await c?.session.close();
  await p?.close();
});

const due = (table: string, column: string, id: string) => p.app.platform.db.prepare(`UPDATE ${table} SET ${column} = 0 WHERE id = ?`).run(id);

describe('Lite Server timing', () => {
  it('a transient status lasts until its due time, then the target is reached', async () => {
    const s = await c.create('slow', { flavor: A3_FLAVOR, image_id: A3_IMAGE, arch: 'ARM' });
    expect((await c.get(s.id)).status).toBe('CREATING');
    expect((await c.call('liteServers.list')).data.find((x) => x.id === s.id)?.status).toBe('CREATING');
    due('lite_servers', 'due_at', s.id);
    expect((await c.get(s.id)).status).toBe('RUNNING');
    expect((await c.call('liteServers.stop', { params: { id: s.id } })).status).toBe('STOPPING');
    expect((await c.get(s.id)).status).toBe('STOPPING');
    // Another operation meanwhile is refused.
    const e = await c.call('liteServers.start', { params: { id: s.id }, body: {} }).catch((x: { error_code?: string }) => x);
    expect((e as { error_code?: string }).error_code).toBe('ModelArts.6401');
    due('lite_servers', 'due_at', s.id);
    expect((await c.get(s.id)).status).toBe('STOPPED');
  });

  it('a disk operation is pending, then running, then success, and only then is the disk listed', async () => {
    const s = await c.create('slow-disk', { flavor: A3_FLAVOR, image_id: A3_IMAGE, arch: 'ARM' });
    due('lite_servers', 'due_at', s.id);
    const volume_id = 'e0e1f17b-019c-43d3-99f7-5e1703c1e9b7';
    const op = await c.call('liteServers.attachVolume', { params: { id: s.id }, body: { volume_id } });
    const get = () => c.call('liteServers.operation', { params: { id: s.id, operation_id: op.operation_id } });
    expect((await get()).operation_status).toBe('pending');
    due('lite_operations', 'running_at', op.operation_id);
    expect((await get()).operation_status).toBe('running');
    expect((await c.get(s.id)).volumes.map((v) => v.evs_id)).not.toContain(volume_id);
    due('lite_operations', 'due_at', op.operation_id);
    expect((await get()).operation_status).toBe('success');
    expect((await c.get(s.id)).volumes.map((v) => v.evs_id)).toContain(volume_id);
  });
});
