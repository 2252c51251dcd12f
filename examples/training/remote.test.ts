import { startPlatform, type TestPlatform } from '@modelarts-ts/platform/testing';
import { Estimator, ResourceFailedError, Session, TrainingJob } from '@modelarts-ts/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob } from './create-job.js';
import { createJobCustomImage } from './create-job-custom-image.js';
import { debugSingleNode } from './debug-single-node.js';
import { debugTwoNode } from './debug-two-node.js';
import { deleteJob } from './delete-job.js';
import { engines } from './engines.js';
import { flavors } from './flavors.js';
import { jobDetails } from './job-details.js';
import { jobLogs } from './job-logs.js';
import { jobMetrics } from './job-metrics.js';
import { listJobs } from './list-jobs.js';
import { terminateJob } from './terminate-job.js';
import { updateDescription } from './update-description.js';

let p: TestPlatform;
let session: Session;

// The examples' jobs run on ModelArts Local as real processes; a large capacity lets them run side by side.
const platformSettings = { trainingCpuCapacity: 64 };

beforeAll(async () => {
  p = await startPlatform(platformSettings);
  const { access_key, secret_key, project_id, region_name } = p.credentials;
  session = new Session({ access_key, secret_key, project_id, region_name, endpoint: p.endpoint });
});
afterAll(async () => {
  await session?.close();
  await p?.close();
});

async function text(path: string): Promise<string> {
  let s = '';
  for await (const c of await session.obs.read(path)) s += c;
  return s;
}

describe('manual chapter 8 examples on ModelArts Local', () => {
  it('8.1.1 example 1: a PyTorch-engine job trains y = 3x + 2 and writes model.json to OBS', async () => {
    const r = await createJob(session);
    expect(r.phase).toBe('Completed');
    expect(r.model.epochs).toBe(2);
    expect(r.model.w).toBeGreaterThan(0);
    const log = await new TrainingJob(session, r.job_id).getJobLog();
    expect(log.content).toContain('mod=gpu');
    expect(log.content).toContain('Training end with return code: 0');
  });

  it('8.1.1 example 2: a custom-image job runs its command on the host and says the image was not used', async () => {
    const r = await createJobCustomImage(session);
    expect(r.phase).toBe('Completed');
    expect(r.events.join('\n')).toMatch(/sdk-test\/pytorch1_4:1\.0\.1 was not pulled/);
    expect(await text('obs://modelarts-ts-examples/output/job_name_2/model.json')).toContain('"epochs": 2');
  });

  it('8.1.4 / 8.1.5: details by id and by instance; the description changes twice', async () => {
    const d = await jobDetails(session);
    expect(d.by_id.metadata.id).toBe(d.by_instance.metadata.id);
    expect(d.by_id.algorithm.engine?.engine_name).toBe('PyTorch');
    expect(d.by_id.spec.resource.flavor_id).toBe('modelarts.vm.cpu.2u');
    const u = await updateDescription(session);
    expect(u).toEqual({ first: 'update job description', second: 'update job description fourth' });
  });

  it('8.1.3: the job list pages by page index and sorts ascending', async () => {
    const list = await listJobs(session);
    expect(list.limit).toBe(5);
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.length).toBeLessThanOrEqual(5);
    const times = list.items.map((j) => j.metadata.create_time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const all = await Estimator.getJobList(session, { limit: 50 });
    expect(all.total).toBeGreaterThanOrEqual(list.items.length);
  });

  it('8.1.7: terminate by id and by instance → Terminating, then Terminated', async () => {
    const r = await terminateJob(session);
    for (const info of [r.method1, r.method2]) {
      expect(['Terminating', 'Terminated']).toContain(info.status.phase);
      const err = await new TrainingJob(session, info.metadata.id).wait({ timeoutMs: 20_000 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResourceFailedError);
      expect((err as ResourceFailedError).status).toBe('Terminated');
    }
  });

  it('8.1.6: delete by id and by instance; the jobs are gone (ModelArts.2775)', async () => {
    const r = await deleteJob(session);
    for (const id of r.deleted) {
      // Deletion is asynchronous: wait until the job is not found.
      const deadline = Date.now() + 20_000;
      let code: string | undefined;
      while (Date.now() < deadline) {
        code = await new TrainingJob(session, id)
          .getJobInfo()
          .then(() => undefined)
          .catch((e: { error_code?: string }) => e.error_code);
        if (code) break;
        await new Promise((res) => setTimeout(res, 200));
      }
      expect(code).toBe('ModelArts.2775');
    }
  });

  it('8.1.8 / 8.1.9: the log by id and by instance, followed live; the metrics', async () => {
    const r = await jobLogs(session);
    expect(r.info.content).toBe(r.log.content);
    expect(r.log.full_size).toBeGreaterThan(0);
    expect(r.followed.some((l) => l.startsWith('training on 40 of 40 points'))).toBe(true);
    expect(r.followed.at(-1)).toMatch(/Training end with return code: 0|Training job completed/);
    const m = await jobMetrics(session);
    expect(m.info.metrics.map((x) => x.metric)).toEqual(expect.arrayContaining(['cpuUsage', 'memUsage']));
    expect(m.info2.metrics.map((x) => x.metric)).toEqual(m.info.metrics.map((x) => x.metric));
  });

  it('8.2.1 / 8.2.2: flavors and engines', async () => {
    const f = await flavors(session);
    expect(f.info.map((x) => x.flavor_id)).toContain('modelarts.vm.cpu.2u');
    expect(f.spec_list.total_count).toBe(f.spec_list.flavors.length);
    expect(f.spec_list.flavors.every((x) => x.max_num >= 1)).toBe(true);
    const e = await engines(session);
    expect(e).toContainEqual(expect.objectContaining({ framework_type: 'PyTorch', framework_version: 'PyTorch-1.4.0-python3.6' }));
  });

  it('8.1.2.1 / 8.1.2.2 step 10: the debugged code runs remotely, single node and two nodes', async () => {
    const one = await debugSingleNode(session, { onLog: () => undefined });
    expect(one.remote?.phase).toBe('Completed');
    expect(await text(`${one.remote?.output}model.json`)).toContain('"world_size": 1');
    const two = await debugTwoNode(session, { onLog: () => undefined });
    expect(two.remote?.phase).toBe('Completed');
    expect(two.remote?.tasks).toEqual(['worker-0', 'worker-1']);
    expect(JSON.parse(await text(`${two.remote?.output}model.json`))).toMatchObject({ world_size: 2, averaged_over: 2 });
  });
});
