import { startPlatform, type TestPlatform } from '@modelarts-ts/platform/testing';
import { Dataset, Manifest, Session } from '@modelarts-ts/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatasets } from './create-dataset.js';
import { exportData } from './export-data.js';
import { importData } from './import-data.js';
import { labelTasks } from './label-tasks.js';
import { listDatasets } from './list-datasets.js';
import { manageDataset } from './manage-dataset.js';
import { manifest } from './manifest.js';
import { pascalVoc } from './pascal-voc.js';
import { samples } from './samples.js';
import { versions } from './versions.js';

let p: TestPlatform;
let session: Session;

beforeAll(async () => {
  p = await startPlatform();
  const { access_key, secret_key, project_id, region_name } = p.credentials;
  session = new Session({ access_key, secret_key, project_id, region_name, endpoint: p.endpoint });
});
afterAll(async () => {
  await session?.close();
  await p?.close();
});

const BUCKET = 'modelarts-ts-examples';
const quiet = <T>(run: () => Promise<T>): Promise<T> => {
  const log = console.log;
  console.log = () => undefined;
  return run().finally(() => {
    console.log = log;
  });
};

describe('manual chapter 7 examples on ModelArts Local', () => {
  it('7.1.2: datasets by data type and by labeling type, with their samples and labels', async () => {
    const r = await quiet(() => createDatasets(session));
    expect([r.image?.data_type, r.image?.dataset_type, r.image?.total_sample_count, r.image?.annotated_sample_count]).toEqual(['IMAGE', 0, 6, 0]);
    expect([r.withLabels?.total_sample_count, r.withLabels?.annotated_sample_count]).toEqual([6, 5]);
    expect(r.withLabels?.labels.map((l) => l.name).sort()).toEqual(['Bees', 'Rabbits']);
    for (const t of [r.table, r.table400]) {
      expect([t?.data_type, t?.dataset_type, t?.total_sample_count]).toEqual(['TABLE', 400, 1]);
      expect(t?.schema?.map((c) => c.name)).toEqual(['name', 'age', 'label']);
    }
    expect([r.classification?.dataset_type, r.classification?.total_sample_count]).toEqual([0, 6]);
    expect([r.triplet?.dataset_type, r.triplet?.data_type, r.triplet?.total_sample_count]).toEqual([102, 'TEXT', 2]);
    expect(r.triplet?.labels.find((l) => l.type === 102)?.property).toMatchObject({ '@modelarts:from_type': 'Disease' });
  });

  it('7.1.1: the list by type, by name keyword and by page index', async () => {
    const r = await quiet(() => listDatasets(session));
    // The six of 7.1.2 and the one this example creates; 10 per page by default.
    expect(r.all.total_number).toBe(7);
    expect(r.all.datasets.length).toBe(7);
    expect(r.detection.datasets.length).toBeGreaterThan(0);
    expect(r.detection.datasets.every((d) => d.dataset_type === 1)).toBe(true);
    expect(r.named.datasets.every((d) => d.dataset_name.includes('dataset'))).toBe(true);
    expect(r.page0.datasets.length).toBe(Math.min(50, r.page0.total_number));
    expect(r.page1.datasets.length).toBe(Math.max(0, Math.min(50, r.page1.total_number - 50)));
  });

  it('7.1.3-7.1.5: details, rename and describe, delete', async () => {
    const r = await quiet(() => manageDataset(session));
    expect([r.dataset_info.total_sample_count, r.dataset_info.annotated_sample_count]).toEqual([4, 3]);
    expect(r.dataset_info.labels.map((l) => l.name).sort()).toEqual(['car', 'person']);
    expect(r.updated.dataset_name).toMatch(/^new-dataset-name-/);
    expect(r.updated.description).toBe('street scenes');
    expect(r.remaining_with_that_name).toBe(0);
  });

  it('7.2: V001 with a train/eval split and V002 from a labeling task; deleting V001 leaves V002', async () => {
    const r = await quiet(() => versions(session));
    expect(r.v1.manifest_path).toMatch(new RegExp(`^/${BUCKET}/datasets/output/work_path/dataset-versions-[a-z0-9]+-\\w+/annotation/V001/V001\\.manifest$`));
    expect([r.v1.total_sample_count, r.v1.annotated_sample_count]).toEqual([4, 3]);
    expect(r.v2.version_name).toBe('V002');
    expect(r.v2.label_task_id).toBeDefined();
    expect(r.version_list.versions.map((v) => v.version_name)).toEqual(['V002', 'V001']);
    // 3 labelled samples at 0.80: 2 TRAIN, 1 EVAL; the unlabelled one has no usage.
    expect([...r.usages].sort()).toEqual(['EVAL', 'TRAIN', 'TRAIN', null]);
    expect(r.remaining).toEqual(['V002']);
  });

  it('7.3: sample lists (all, of a version, by label), one sample, a batch delete', async () => {
    const r = await quiet(() => samples(session));
    expect(r.list_samples_resp.sample_count).toBe(4);
    expect(r.of_version.sample_count).toBe(4);
    expect(r.persons.samples.map((s) => s.sample_name).sort()).toEqual(['street_1.bmp', 'street_3.bmp']);
    expect(r.sample_info.sample_id).toBe(r.list_samples_resp.samples[0]?.sample_id);
    expect(r.delete_resp.success).toBe(true);
    expect(r.after.sample_count).toBe(2);
    expect(r.after.samples.map((s) => s.sample_id)).not.toContain(r.deleted[0]);
  });

  it('7.4: imports from a VOC folder, from a published manifest, and into a table', async () => {
    const r = await quiet(() => importData(session));
    expect(r.from_folder).toMatchObject({ status: 'COMPLETED', imported_sample_count: 4, annotated_sample_count: 3, failed_sample_count: 0 });
    expect([r.dataset.total_sample_count, r.dataset.annotated_sample_count]).toEqual([10, 3]);
    expect(r.from_manifest).toMatchObject({ status: 'COMPLETED', imported_sample_count: 4, failed_sample_count: 0 });
    expect(r.target.labels.map((l) => l.name).sort()).toEqual(['car', 'person']);
    expect(r.into_table.status).toBe('COMPLETED');
    expect(r.table.total_sample_count).toBe(2);
    expect(r.list_tasks_resp.total_count).toBe(2);
    expect(r.task_info.task_id).toBe(r.list_tasks_resp.import_tasks.find((t) => t.task_id === r.task_info.task_id)?.task_id);
  });

  it('7.5: an export writes Data/ and output.manifest pointing at the copies', async () => {
    const r = await quiet(() => exportData(session));
    expect(r.done).toMatchObject({ status: 'SUCCESSED', total_sample_count: 4, finished_sample_count: 4 });
    expect(r.list_tasks_resp.total_count).toBe(1);
    expect(r.task_info.manifest_path).toBe(`${r.path}output.manifest`);
    expect(r.exported.sort()).toEqual([1, 2, 3, 4].map((i) => `obs:/${r.path}Data/street_${i}.bmp`));
    expect(await session.obs.exists(`obs:/${r.path}Data/street_1.xml`)).toBe(true);
  });

  it('7.6: a manifest of 19 samples (w then a) and a Pascal VOC file round-trip through OBS', async () => {
    const m = await quiet(() => manifest(session));
    expect([m.size, m.bees]).toEqual([19, 9]);
    expect(JSON.parse(m.first as string)).toMatchObject({
      source: 's3://obs-path/examples/image-classification/data/image_0.jpg',
      usage: 'TRAIN',
      annotation: [{ name: 'Rabbits', type: 'modelarts/image_classification', 'annotation-format': 'manifest', confidence: 0.8 }],
    });
    const v = await quiet(() => pascalVoc(session));
    expect(v.xml).not.toContain('@modelarts:color');
    expect([v.parsed.file_name, v.parsed.width, v.parsed.height, v.parsed.depth]).toEqual(['000000089955.jpg', 640, 321, 3]);
    expect(v.parsed.voc_objects.map((o) => [o.name, o.difficult, o.position])).toEqual([
      ['trafficlight', '0', { type: 'bndbox', xmin: 283, ymin: 71, xmax: 301, ymax: 118 }],
      ['trafficlight', '0', { type: 'bndbox', xmin: 313, ymin: 60, xmax: 328, ymax: 105 }],
    ]);
  });

  it('7.7: labeling jobs: create, list newest first, team jobs, details', async () => {
    const r = await quiet(() => labelTasks(session));
    expect(r.list_label_task_resp.tasks.map((t) => t.task_name)).toEqual(['classification_task', 'obj_detection_task']);
    expect(r.team.count).toBe(0);
    expect(r.task_info).toMatchObject({ task_name: 'obj_detection_task', task_type: 1, description: 'label task' });
    expect(r.task_info.sample_stats).toEqual({ total_sample_count: 4, annotated_sample_count: 3, unannotated_sample_count: 1 });
  });

  it('every example runs again on the same platform with the same outcome', async () => {
    const before = (await Dataset.listDatasets(session, { limit: 100 })).total_number;
    const again = await quiet(async () => ({
      created: await createDatasets(session),
      versions: await versions(session),
      samples: await samples(session),
      imported: await importData(session),
      exported: await exportData(session),
      manifest: await manifest(session),
      voc: await pascalVoc(session),
      tasks: await labelTasks(session),
      managed: await manageDataset(session),
      listed: await listDatasets(session),
    }));
    expect(again.created.withLabels?.annotated_sample_count).toBe(5);
    expect(again.versions.remaining).toEqual(['V002']);
    expect(again.samples.after.sample_count).toBe(2);
    expect(again.imported.list_tasks_resp.total_count).toBe(2);
    expect(again.exported.done.finished_sample_count).toBe(4);
    expect(again.manifest.size).toBe(19);
    expect((await Manifest.parseManifest(again.manifest.path, { session })).size).toBe(19);
    expect(again.voc.parsed.voc_objects).toHaveLength(2);
    expect(again.tasks.list_label_task_resp.count).toBe(2);
    expect(again.managed.remaining_with_that_name).toBe(0);
    expect(again.listed.all.total_number).toBeGreaterThan(before);
  });
});
