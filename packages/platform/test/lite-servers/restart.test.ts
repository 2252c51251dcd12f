import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CREDENTIALS_FILE, type LocalCredentials } from '@modelarts-ts/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { startPlatform } from '../../src/testing.js';
import { startChild, stopChild } from '../platform-process.js';
import { tempDir } from '../training/helpers.js';
import { LiteClient } from './helpers.js';

const data = tempDir('lite-restart');
afterAll(() => data.remove());

describe('a platform restart in the middle of a transition', () => {
  it('a server killed while CREATING and another while STOPPING finish their transitions after the restart; nothing is lost', async () => {
    // Operations take 3 s: the kill comes right after the calls return, so both are still in flight.
    const first = await startChild(data.dir, { MODELARTS_LOCAL_LITE_SERVER_TRANSITION_SECONDS: '3' });
    const creds = JSON.parse(readFileSync(join(data.dir, CREDENTIALS_FILE), 'utf8')) as LocalCredentials;
    let c = new LiteClient(first.endpoint, creds);
    const stopping = await c.create('restart-stopping');
    await c.settle(stopping.id);
    expect((await c.call('liteServers.stop', { params: { id: stopping.id } })).status).toBe('STOPPING');
    const creating = await c.create('restart-creating', { data_volume: { type: 'SSD', size: 100, count: 1 } });
    expect(creating.status).toBe('CREATING');
    await stopChild(first, 'SIGKILL');
    await c.session.close();

    // The platform comes back in-process; its timer completes what was due while it was down, without any request.
    const p = await startPlatform({ dataDir: data.dir, liteServerTransitionSeconds: 1 });
    try {
      const db = p.app.platform.db;
      const statusOf = (id: string) => db.prepare('SELECT status FROM lite_servers WHERE id = ?').pluck().get(id);
      for (let i = 0; i < 600 && (statusOf(creating.id) !== 'RUNNING' || statusOf(stopping.id) !== 'STOPPED'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(statusOf(creating.id)).toBe('RUNNING');
      expect(statusOf(stopping.id)).toBe('STOPPED');
      c = new LiteClient(p.endpoint, creds);
      const s = await c.get(creating.id);
      expect(s).toMatchObject({ name: 'restart-creating', flavor: 's7.small.1', status: 'RUNNING' });
      expect(s.volumes).toHaveLength(2);
      expect((await c.call('liteServers.listAll')).total).toBe(2);
      await c.session.close();
    } finally {
      await p.close();
    }
  });
});
