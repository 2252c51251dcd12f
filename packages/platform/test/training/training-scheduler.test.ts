import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Fixture, jobBody, trainingFixture } from './helpers.js';

const B = 'sched-bkt';
let f: Fixture;
let c: Client;

beforeAll(async () => {
  // Two cores: one modelarts.vm.cpu.2u job fills the machine.
  f = await trainingFixture({ trainingCpuCapacity: 2 });
  c = f.client;
  await c.bucket(B);
  await c.put(B, 'code/work.py', 'import time\nprint("working", flush=True)\ntime.sleep(3)\n');
});
afterAll(async () => {
  await f?.close();
});

describe('the scheduler', () => {
  it('keeps the second cpu.2u job Pending (Queuing) until the first one ends, then runs it', async () => {
    const algorithm = { code_dir: `obs://${B}/code/`, boot_file: 'work.py' };
    const first = await c.create(jobBody('first', algorithm));
    await c.waitPhase(first.metadata.id, ['Running']);
    const second = await c.create(jobBody('second', algorithm));
    let sawQueued = false;
    for (;;) {
      const [a, b] = await Promise.all([c.get(first.metadata.id), c.get(second.metadata.id)]);
      if (a.status.phase === 'Running') {
        expect(['Creating', 'Pending']).toContain(b.status.phase);
        if (b.status.phase === 'Pending') {
          expect(b.status.secondary_phase).toBe('Queuing');
          sawQueued = true;
        }
      } else {
        expect(a.status.phase).toBe('Completed');
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sawQueued).toBe(true);
    const a = await c.get(first.metadata.id);
    const b = await c.waitPhase(second.metadata.id, ['Completed', 'Failed', 'Abnormal']);
    expect(b.status.phase).toBe('Completed');
    expect(b.status.start_time).toBeGreaterThanOrEqual(a.status.start_time + a.status.duration);
    const events = await c.call('trainingJobs.events', { params: { training_job_id: second.metadata.id }, query: {} });
    const messages = events.events.map((e) => e.message);
    expect(messages.indexOf('The training job is queuing and awaiting resource allocation.')).toBeLessThan(
      messages.findIndex((m) => m.startsWith('Resources allocated')),
    );
  });

  it('admits a queued job as soon as the running one is terminated', async () => {
    await c.put(B, 'code/long.py', 'import time\nprint("long", flush=True)\ntime.sleep(60)\n');
    const long = await c.create(jobBody('long', { code_dir: `obs://${B}/code/`, boot_file: 'long.py' }));
    await c.waitLog(long.metadata.id, /^long$/m);
    const next = await c.create(jobBody('next', { code_dir: `obs://${B}/code/`, boot_file: 'work.py' }));
    await c.waitPhase(next.metadata.id, ['Pending']);
    await c.call('trainingJobs.action', { params: { training_job_id: long.metadata.id }, body: { action_type: 'terminate' } });
    expect((await c.waitPhase(long.metadata.id, ['Terminated'], 15_000)).status.phase).toBe('Terminated');
    expect((await c.waitPhase(next.metadata.id, ['Running', 'Completed'], 15_000)).status.phase).toMatch(/Running|Completed/);
  });

  it('terminates a queued job without running it', async () => {
    const long = await c.create(jobBody('long-2', { code_dir: `obs://${B}/code/`, boot_file: 'long.py' }));
    await c.waitPhase(long.metadata.id, ['Running']);
    const queued = await c.create(jobBody('queued', { code_dir: `obs://${B}/code/`, boot_file: 'work.py' }));
    await c.waitPhase(queued.metadata.id, ['Pending']);
    const answer = await c.call('trainingJobs.action', { params: { training_job_id: queued.metadata.id }, body: { action_type: 'terminate' } });
    expect(answer.status.phase).toBe('Terminating');
    const done = await c.waitPhase(queued.metadata.id, ['Terminated', 'Running']);
    expect(done.status).toMatchObject({ phase: 'Terminated', start_time: 0 });
    await c.call('trainingJobs.action', { params: { training_job_id: long.metadata.id }, body: { action_type: 'terminate' } });
    await c.waitPhase(long.metadata.id, ['Terminated'], 15_000);
  });
});
