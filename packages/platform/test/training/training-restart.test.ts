import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { CREDENTIALS_FILE, type LocalCredentials } from '@modelarts-ts/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { anyAlive, Client, jobBody, processesOfJob, tempDir } from './helpers.js';

const CLI = fileURLToPath(new URL('../../../cli/dist/bin.js', import.meta.url));
const B = 'restart-bkt';

interface Running {
  child: ChildProcessByStdio<null, Readable, Readable>;
  endpoint: string;
}

/** `modelarts local start --json` in a child process: the platform we can SIGKILL. */
function startCli(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, [CLI, 'local', 'start', '--port', '0', '--data-dir', dataDir, '--json'], {
    // One core: jobs run one at a time, so a second job waits in the queue.
    env: { ...process.env, MODELARTS_LOCAL_TRAINING_CPUS: '1', MODELARTS_LOCAL_TRAINING_TERMINATE_GRACE_SECONDS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, endpoint: (JSON.parse(line) as { endpoint: string }).endpoint });
    });
    child.on('exit', (code) => reject(new Error(`the platform exited (${code}): ${stderr}`)));
  });
}

function exited(child: Running['child']): Promise<void> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
}

const data = tempDir('restart');
let platform: Running | undefined;

afterAll(async () => {
  if (platform) {
    platform.child.kill('SIGTERM');
    await exited(platform.child);
  }
  data.remove();
});

describe('a platform restart', () => {
  it('marks a job whose processes were lost Abnormal/Lost, stops its leftovers, and re-queues waiting jobs', async () => {
    platform = await startCli(data.dir);
    const creds = JSON.parse(readFileSync(join(data.dir, CREDENTIALS_FILE), 'utf8')) as LocalCredentials;
    let c = new Client(platform.endpoint, creds);
    await c.bucket(B);
    await c.put(B, 'code/sleep.py', "import os, time\nprint('pid %d' % os.getpid(), flush=True)\ntime.sleep(120)\n");
    await c.put(B, 'code/quick.py', "print('quick job ran')\n");
    const sleeper = await c.create(jobBody('sleeper', { code_dir: `obs://${B}/code/`, boot_file: 'sleep.py' }));
    await c.waitLog(sleeper.metadata.id, /pid (\d+)/);
    const procs = processesOfJob(sleeper.metadata.id);
    expect(procs.length).toBeGreaterThanOrEqual(1);
    const waiting = await c.create(jobBody('waiting', { code_dir: `obs://${B}/code/`, boot_file: 'quick.py' }));
    await c.waitPhase(waiting.metadata.id, ['Pending']);
    c.close();

    platform.child.kill('SIGKILL');
    await exited(platform.child);
    // The worker is in its own process group: the platform's death alone does not stop it.
    expect(anyAlive(procs)).toBe(true);

    platform = await startCli(data.dir);
    c = new Client(platform.endpoint, creds);
    try {
      const lost = await c.waitPhase(sleeper.metadata.id, ['Abnormal', 'Completed', 'Failed', 'Terminated'], 20_000);
      expect(lost.status).toMatchObject({ phase: 'Abnormal', secondary_phase: 'Lost' });
      expect(lost.status.task_statuses[0]?.message).toMatch(/processes were lost/);
      expect(anyAlive(procs)).toBe(false);
      const events = await c.call('trainingJobs.events', { params: { training_job_id: sleeper.metadata.id }, query: { level: 'Error' } });
      expect(events.events.some((e) => /ModelArts Local stopped while the job was running/.test(e.message))).toBe(true);
      const ran = await c.waitPhase(waiting.metadata.id, ['Completed', 'Failed', 'Abnormal'], 30_000);
      expect(ran.status.phase).toBe('Completed');
      expect(await c.log(waiting.metadata.id)).toContain('quick job ran');
    } finally {
      c.close();
    }
  });
});
