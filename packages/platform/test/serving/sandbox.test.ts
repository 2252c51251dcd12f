import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectIsolation } from '@modelarts-ts/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, trainingFixture } from '../training/helpers.js';
import { deploy, infer, jsonModelFiles, publishModel, realtime, token, waitService } from './helpers.js';

let f: Fixture;
let tok: string;

beforeAll(async () => {
  f = await trainingFixture();
  tok = await token(f.p);
  await f.client.bucket('sandbox');
}, 60_000);
afterAll(async () => {
  await f?.close();
});

/** A model that reports, for each path it is sent, whether it could read it, and writes a file where asked. */
const PROBE = `import os
from model_service.model_service import SingleNodeService


class Probe(SingleNodeService):
    def _inference(self, data):
        seen = {}
        for path in data.get('read', []):
            try:
                with open(path, 'rb') as f:
                    f.read(16)
                seen[path] = 'read'
            except FileNotFoundError:
                seen[path] = 'not found'
            except OSError as e:
                seen[path] = type(e).__name__
        if data.get('write'):
            with open(data['write'], 'w') as f:
                f.write('written by the model server')
        return {'seen': seen, 'cwd': os.getcwd()}
`;

describe('model server isolation', () => {
  it('runs in <dataDir>/work/services/<id>, sandboxed where bubblewrap works: no credentials.json, meta.db or other services', async () => {
    const dataDir = f.p.config.dataDir;
    const model = await publishModel(f.client, 'sandbox', 'probe/', 'probe', '1.0.0', {
      ...jsonModelFiles('1.0.0'),
      'customize_service.py': PROBE,
    });
    const other = await deploy(f.client, realtime('other', [{ model_id: model }]));
    const id = await deploy(f.client, realtime('probe', [{ model_id: model }]));
    for (const s of [other, id]) expect((await waitService(f.client, s, ['running', 'failed'])).status).toBe('running');
    const work = join(dataDir, 'work', 'services', id);
    const otherWork = join(dataDir, 'work', 'services', other);
    expect(existsSync(work)).toBe(true);
    expect(existsSync(join(dataDir, 'services'))).toBe(false);

    const secrets = [join(dataDir, 'credentials.json'), join(dataDir, 'meta.db')];
    const otherLog = readdirSync(otherWork).map((n) => join(otherWork, n))[0] as string;
    const ownConfig = join(dataDir, 'models', model, 'model', 'config.json');
    const r = await infer(f.p, tok, id, JSON.stringify({ read: [...secrets, otherLog, ownConfig], write: join(work, 'note.txt') }));
    expect(r.status, r.text).toBe(200);
    const seen = r.json.seen as Record<string, string>;
    // Its own model and work folder are always there.
    expect(seen[ownConfig]).toBe('read');
    expect(readFileSync(join(work, 'note.txt'), 'utf8')).toBe('written by the model server');
    expect(r.json.cwd).toBe(join(dataDir, 'models', model, 'model'));

    const events = await f.client.call('services.events', { params: { service_id: id }, query: { event_info: 'Isolation' } });
    const isolation = detectIsolation();
    if (!isolation.sandbox) {
      expect(events.events[0]?.event_info).toMatch(/^Isolation: none: /);
      console.warn(`Skipping the sandbox assertions: bubblewrap cannot sandbox here (${isolation.reason})`);
      return;
    }
    expect(events.events[0]?.event_info).toMatch(/^Isolation: sandbox \(bubblewrap\)/);
    for (const p of [...secrets, otherLog]) expect(seen[p], p).toBe('not found');
  }, 120_000);
});
