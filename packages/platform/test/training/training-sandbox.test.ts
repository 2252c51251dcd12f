import { join } from 'node:path';
import { detectIsolation } from '@modelarts-ts/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Fixture, jobBody, trainingFixture } from './helpers.js';

const B = 'sandbox-bkt';

/** Tries what a hostile job would: read the platform's secrets, look around, reach the platform's port. */
const PROBE_PY = `
import json, os, socket, sys, argparse
p = argparse.ArgumentParser(); p.add_argument('--train_url'); a, _ = p.parse_known_args()
data_dir, port = os.environ['PROBE_DATA_DIR'], int(os.environ['PROBE_PORT'])
seen = {}
for name in ['credentials.json', 'meta.db']:
    try:
        open(os.path.join(data_dir, name), 'rb').read(16); seen[name] = 'read'
    except OSError as e:
        seen[name] = type(e).__name__
try:
    seen['data_dir_listing'] = sorted(os.listdir(data_dir))
except OSError as e:
    seen['data_dir_listing'] = type(e).__name__
try:
    socket.create_connection(('127.0.0.1', port), timeout=2).close(); seen['platform_port'] = 'connected'
except OSError as e:
    seen['platform_port'] = type(e).__name__
seen['home_writable'] = os.access(os.environ['MA_HOME'] if 'MA_HOME' in os.environ else os.getcwd(), os.W_OK)
open(os.path.join(a.train_url, 'probe.json'), 'w').write(json.dumps(seen))
print('probe done')
`;

let f: Fixture;
let c: Client;
beforeAll(async () => {
  f = await trainingFixture();
  c = f.client;
  await c.bucket(B);
  await c.put(B, 'probe/probe.py', PROBE_PY);
});
afterAll(async () => f?.close());

describe('training code isolation (issue 12)', () => {
  it('a job cannot read the platform secrets or reach its port when bubblewrap is usable, and its events say which isolation it got', async () => {
    const job = await c.create(
      jobBody('probe', {
        code_dir: `obs://${B}/probe/`,
        boot_file: 'probe.py',
        outputs: [{ name: 'train_url', remote: { obs: { obs_url: `obs://${B}/out/probe/` } } }],
        environments: { PROBE_DATA_DIR: f.p.dataDir, PROBE_PORT: new URL(f.p.endpoint).port },
      }),
    );
    const done = await c.waitPhase(job.metadata.id, ['Completed', 'Failed', 'Abnormal']);
    expect(done.status.phase, await c.log(job.metadata.id)).toBe('Completed');
    const seen = JSON.parse(await c.text(B, 'out/probe/probe.json')) as Record<string, unknown>;
    const events = await c.call('trainingJobs.events', { params: { training_job_id: job.metadata.id }, query: { pattern: 'Isolation' } });
    const isolation = detectIsolation();
    if (isolation.sandbox) {
      expect(events.events.map((e) => e.message)).toEqual([expect.stringContaining('Isolation: sandbox (bubblewrap)')]);
      expect(seen).toMatchObject({
        'credentials.json': 'FileNotFoundError',
        'meta.db': 'FileNotFoundError',
        platform_port: 'ConnectionRefusedError',
        home_writable: true,
      });
      // Only the folder that leads to the job's own is there.
      expect(seen.data_dir_listing).toEqual(['work']);
    } else {
      expect(events.events.map((e) => e.message)).toEqual([expect.stringContaining(`Isolation: none: ${isolation.reason}`)]);
      expect(seen['credentials.json']).toBe('read');
    }
    expect(join(f.p.dataDir, 'work', 'jobs', job.metadata.id)).toContain('/work/jobs/');
  });
});
