import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliFixture, cliFixture } from './platform.js';

let f: CliFixture;
const run = (args: string[]) => f.run(args);

beforeAll(async () => {
  f = await cliFixture('ds');
  await f.session.obs.makeBucket('cli-ds');
  for (const [label, n] of [
    ['cat', 3],
    ['dog', 2],
  ] as const) {
    for (let i = 0; i < n; i++) await f.session.obs.write(`obs://cli-ds/pets/${label}/${i}.jpg`, Buffer.from([0xff, 0xd8, i]));
  }
});
afterAll(async () => {
  await f?.close();
});

describe('modelarts datasets', () => {
  it('creates from an imageNet folder, lists, publishes, exports, and answers --json', async () => {
    const created = await run([
      '--json',
      'datasets',
      'create',
      '--name',
      'pets',
      '--source',
      '/cli-ds/pets/',
      '--work-path',
      '/cli-ds/work/',
      '--scene',
      'image_classification',
      '--format',
      'ModelArts imageNet 1.0',
      '--wait',
    ]);
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    const { dataset_id, import_task } = JSON.parse(created.out);
    expect(import_task).toMatchObject({ status: 'COMPLETED', imported_sample_count: 5, annotated_sample_count: 5 });

    const list = await run(['datasets', 'list']);
    expect(list.out).toMatch(/pets\s+IMAGE\s+5\s+5/);
    const samples = await run(['datasets', 'samples', dataset_id, '--label', 'dog']);
    expect(samples.out).toMatch(/2 sample\(s\) in all/);
    const published = await run(['datasets', 'publish', dataset_id, '--wait']);
    expect(published.out).toMatch(/version V001 .* published: 5 sample\(s\), manifest \/cli-ds\/work\/pets-.*\/annotation\/V001\/V001\.manifest/);
    const versions = await run(['--json', 'datasets', 'versions', dataset_id]);
    expect(JSON.parse(versions.out).versions).toHaveLength(1);
    const exported = await run(['datasets', 'export', dataset_id, '/cli-ds/export/', '--tree', '--wait']);
    expect(exported.out).toMatch(/SUCCESSED: 5\/5 sample\(s\)/);
    expect(await f.session.obs.exists('obs://cli-ds/export/Data/dog/1.jpg')).toBe(true);
    const tasks = await run(['datasets', 'tasks', dataset_id]);
    expect(tasks.out).toMatch(/COMPLETED\s+5\s+0/);
    // A progress line on stderr as the counters move, the last one with the final counts.
    const again = await run(['datasets', 'import', dataset_id, '/cli-ds/pets/', '--wait']);
    expect(again.out).toMatch(/COMPLETED: 5 sample\(s\) imported/);
    expect(again.err).toMatch(/import \S+: COMPLETED, 5 file\(s\) read, 5 sample\(s\), 0 failed/);
    expect(exported.err).toMatch(/export \S+: SUCCESSED, 5\/5 sample\(s\) \(100%\)/);
    expect((await run(['datasets', 'update', dataset_id, '--description', 'cats and dogs'])).code).toBe(0);
    expect((await run(['datasets', 'get', dataset_id])).out).toMatch(/description\s+cats and dogs/);
    expect((await run(['datasets', 'delete', dataset_id])).code).toBe(0);
    expect((await run(['datasets', 'list'])).err).toMatch(/no datasets/);
  });

  it('reports bad input with the cloud code', async () => {
    const r = await run(['datasets', 'get', 'NoSuchDataset000000']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ModelArts\.4352/);
    const half = await run(['datasets', 'create', '--name', 'x', '--source', '/cli-ds/pets/', '--work-path', '/cli-ds/w/', '--scene', 'image_classification']);
    expect(half.code).not.toBe(0);
    expect(half.err).toMatch(/--scene and --format together/);
  });
});
