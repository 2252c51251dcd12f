import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startPlatform } from '../../src/testing.js';
import { Client, tempDir } from '../training/helpers.js';
import { deploy, getService, infer, jsonModelFiles, modelServerProcesses, publishModel, realtime, token, waitService } from './helpers.js';

const data = tempDir('serving-restart');
afterAll(() => data.remove());

describe('platform restart', () => {
  it('brings running services back, keeps their auto-stop time, and stops them when it comes', async () => {
    let p = await startPlatform({ dataDir: data.dir });
    let client = new Client(p.endpoint, p.credentials);
    const tok = await token(p);
    await client.bucket('restart');
    const model = await publishModel(client, 'restart', 'm/', 'm', '1.0.0', jsonModelFiles('1.0.0'));
    const id = await deploy(client, {
      ...realtime('survivor', [{ model_id: model, instance_count: 2 }]),
      schedule: [{ type: 'stop', time_unit: 'HOURS', duration: 1 }],
    });
    const running = await waitService(client, id, ['running', 'failed']);
    expect(running.status).toBe('running');
    expect(running.due_time).toBeGreaterThan(Date.now() + 3_500_000);
    const before = await infer(p, tok, id, '{"x":[4]}');
    expect(before.json.sum).toBe(4);
    const modelDir = join(data.dir, 'models', model, 'model');
    expect(modelServerProcesses(modelDir).length).toBeGreaterThanOrEqual(2);
    client.close();
    await p.close();
    expect(modelServerProcesses(modelDir)).toEqual([]);

    // The auto-stop instant is stored: bring it close, then start again.
    const db = new Database(join(data.dir, 'meta.db'));
    const due = Date.now() + 4000;
    db.prepare('UPDATE services SET due_time = ? WHERE id = ?').run(due, id);
    db.close();

    p = await startPlatform({ dataDir: data.dir });
    client = new Client(p.endpoint, p.credentials);
    try {
      const again = await waitService(client, id, ['running', 'failed']);
      expect(again.status).toBe('running');
      expect(again.due_time).toBe(due);
      const after = await infer(p, tok, id, '{"x":[5]}');
      expect(after.status, after.text).toBe(200);
      expect(after.json.sum).toBe(5);
      const stopped = await waitService(client, id, ['stopped'], 30_000);
      expect(stopped.due_time).toBeUndefined();
      expect((await infer(p, tok, id, '{"x":[5]}')).json.error_code).toBe('ModelArts.4203');
      const events = await client.call('services.events', { params: { service_id: id }, query: { order: 'asc' } });
      const texts = events.events.map((e) => e.event_info).join('\n');
      expect(texts).toMatch(/restarted: deploying the service again/);
      expect(texts).toMatch(/stopped by its schedule/);
      expect((await getService(client, id)).invocation_times).toBe(2);
    } finally {
      client.close();
      await p.close();
    }
  }, 120_000);
});
