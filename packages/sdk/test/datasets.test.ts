import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APIError, Dataset, Estimator, InvalidArgumentError, Manifest, PascalVoc, Session } from '../src/index.js';
import { type PlatformFixture, platformFixture } from './fixture.js';

let f: PlatformFixture;
const BUCKET = 'ds-bucket';
/** Bytes that start like a JPEG; data management does not decode images. */
const jpeg = (n: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64 + n, n)]);
const voc = (file: string, objects: Array<{ name: string; box: [number, number, number, number] }>) =>
  `<annotation><folder>NA</folder><filename>${file}</filename><size><width>640</width><height>480</height><depth>3</depth></size><segmented>0</segmented>${objects
    .map(
      (o) =>
        `<object><name>${o.name}</name><pose>Unspecified</pose><truncated>0</truncated><difficult>0</difficult><bndbox><xmin>${o.box[0]}</xmin><ymin>${o.box[1]}</ymin><xmax>${o.box[2]}</xmax><ymax>${o.box[3]}</ymax></bndbox></object>`,
    )
    .join('')}</annotation>`;

async function put(key: string, body: string | Buffer): Promise<void> {
  await f.session.obs.write(`obs://${BUCKET}/${key}`, body);
}

beforeAll(async () => {
  f = await platformFixture();
  await f.session.obs.makeBucket(BUCKET);
  // A Pascal VOC folder: two labelled images, one unlabelled, one broken label file, one label file without image.
  await put('voc/street_1.jpg', jpeg(1));
  await put(
    'voc/street_1.xml',
    voc('street_1.jpg', [
      { name: 'car', box: [10, 20, 110, 120] },
      { name: 'person', box: [200, 40, 260, 200] },
    ]),
  );
  await put('voc/street_2.jpg', jpeg(2));
  await put('voc/street_2.xml', voc('street_2.jpg', [{ name: 'car', box: [1, 2, 30, 40] }]));
  await put('voc/street_3.jpg', jpeg(3));
  await put('voc/broken.jpg', jpeg(4));
  await put('voc/broken.xml', '<annotation><object><name>car</name><bndbox><xmin>1</xmin>');
  await put('voc/orphan.xml', voc('orphan.jpg', [{ name: 'car', box: [1, 1, 2, 2] }]));
}, 60_000);
afterAll(async () => {
  await f?.close();
});

async function createVocDataset(name: string): Promise<Dataset> {
  const r = await Dataset.createDataset(f.session, {
    dataset_name: name,
    data_type: 'IMAGE',
    data_sources: { type: 0, path: `/${BUCKET}/voc/`, annotation_config: { scene: 'object_detection', format_name: 'ModelArts PASCAL VOC 1.0' } },
    work_path: { type: 0, path: `/${BUCKET}/work/` },
  });
  const ds = new Dataset(f.session, r.dataset_id);
  await ds.waitForImport(r.import_task_id as string);
  return ds;
}

describe('datasets on ModelArts Local', () => {
  it('imports a Pascal VOC folder: samples, labels, boxes and filters match; bad files fail with reasons', async () => {
    const ds = await createVocDataset('street-voc');
    const info = await ds.getDatasetInfo();
    expect(info.total_sample_count).toBe(3);
    expect(info.annotated_sample_count).toBe(2);
    expect(info.labels.map((l) => l.name).sort()).toEqual(['car', 'person']);
    const task = await ds.getImportTaskInfo(info.import_task_id as string);
    expect(task.status).toBe('COMPLETED');
    expect(task.failed_sample_count).toBe(2);
    expect(task.failed_samples?.map((s) => s.reason).join('\n')).toMatch(/broken\.xml: not well-formed|broken\.xml/);
    expect(task.failed_samples?.some((s) => s.source.endsWith('orphan.xml') && /no image/.test(s.reason))).toBe(true);

    const all = await ds.listSamples({ limit: 100 });
    expect(all.sample_count).toBe(3);
    const s1 = all.samples.find((s) => s.sample_name === 'street_1.jpg');
    expect(s1?.labels.map((l) => [l.name, l.property?.['@modelarts:shape'], l.property?.['@modelarts:feature']])).toEqual([
      [
        'car',
        'bndbox',
        [
          [10, 20],
          [110, 120],
        ],
      ],
      [
        'person',
        'bndbox',
        [
          [200, 40],
          [260, 200],
        ],
      ],
    ]);
    expect((await ds.listSamples({ sample_state: '__ALL__' })).sample_count).toBe(2);
    expect((await ds.listSamples({ sample_state: '__NONE__' })).samples.map((s) => s.sample_name)).toEqual(['street_3.jpg']);
    expect((await ds.listSamples({ label_name: 'person' })).samples.map((s) => s.sample_name)).toEqual(['street_1.jpg']);
    expect((await ds.listSamples({ label_name: 'car' })).sample_count).toBe(2);
    expect((await ds.getSampleInfo(s1?.sample_id as string)).labels).toHaveLength(2);
  });

  it('publishes V001 and V002 at the cloud’s paths; the manifests parse back to the annotations; deleting V001 leaves V002', async () => {
    const ds = new Dataset(f.session, (await Dataset.listDatasets(f.session, { dataset_name: 'street-voc' })).datasets[0]?.dataset_id as string);
    const v1 = await ds.createVersion({ name: 'V001', description: 'first' });
    const version1 = await ds.waitForVersion(v1.version_id);
    const info = await ds.getDatasetInfo();
    expect(version1.manifest_path).toBe(`/${BUCKET}/work/street-voc-${ds.dataset_id}/annotation/V001/V001.manifest`);
    expect([version1.total_sample_count, version1.annotated_sample_count]).toEqual([3, 2]);
    expect(info.current_version_name).toBe('V001');

    const manifest = await Manifest.parseManifest(`obs:/${version1.manifest_path}`, { session: f.session });
    expect(manifest.size).toBe(3);
    const line = manifest.samples.find((s) => s.source.endsWith('street_1.jpg'));
    const loc = line?.annotations[0]?.annotation_loc as string;
    expect(line?.annotations[0]?.type).toBe('modelarts/object_detection');
    const xml = await PascalVoc.parseXml(loc, { session: f.session });
    expect(xml.voc_objects.map((o) => [o.name, o.position])).toEqual([
      ['car', { type: 'bndbox', xmin: 10, ymin: 20, xmax: 110, ymax: 120 }],
      ['person', { type: 'bndbox', xmin: 200, ymin: 40, xmax: 260, ymax: 200 }],
    ]);
    expect(line?.usage).toBe('TRAIN');
    // A version's sample list is exactly its manifest's samples.
    const inV1 = await ds.listSamples({ version_id: v1.version_id, limit: 100 });
    expect(inV1.samples.map((s) => s.sample_id).sort()).toEqual(manifest.samples.map((s) => s.id).sort());

    const v2 = await ds.createVersion({ train_evaluate_sample_ratio: '0.50' });
    const version2 = await ds.waitForVersion(v2.version_id);
    expect(version2.version_name).toBe('V002');
    const m2 = await Manifest.parseManifest(`obs:/${version2.manifest_path}`, { session: f.session });
    expect(
      m2.samples
        .filter((s) => s.usage)
        .map((s) => s.usage)
        .sort(),
    ).toEqual(['EVAL', 'TRAIN']);

    await ds.deleteVersion(v1.version_id);
    expect(await f.session.obs.exists(`obs:/${version1.manifest_path}`)).toBe(false);
    expect(await f.session.obs.exists(`obs:/${version2.manifest_path}`)).toBe(true);
    expect((await ds.listVersions()).versions.map((v) => v.version_name)).toEqual(['V002']);
    await expect(ds.getVersionInfo(v1.version_id)).rejects.toMatchObject({ error_code: 'ModelArts.4353' });
  });

  it('exports to OBS and re-imports into a new dataset with the same samples and labels', async () => {
    const ds = await createVocDataset('street-export');
    const { task_id } = await ds.exportData(`/${BUCKET}/export/`);
    const done = await ds.waitForExport(task_id);
    expect(done.status).toBe('SUCCESSED');
    expect(done.finished_sample_count).toBe(3);
    expect(await f.session.obs.exists(`obs://${BUCKET}/export/output.manifest`)).toBe(true);

    const copy = await Dataset.createDataset(f.session, {
      dataset_name: 'street-reimport',
      data_type: 'IMAGE',
      data_sources: { path: `/${BUCKET}/export/Data/`, annotation_config: { scene: 'object_detection', format_name: 'ModelArts PASCAL VOC 1.0' } },
      work_path: { path: `/${BUCKET}/work2/` },
    });
    const again = new Dataset(f.session, copy.dataset_id);
    await again.waitForImport(copy.import_task_id as string);
    const shape = async (d: Dataset) =>
      (await d.listSamples({ limit: 100 })).samples.map((s) => [s.sample_name, s.labels.map((l) => [l.name, l.property?.['@modelarts:feature']])]).sort();
    expect(await shape(again)).toEqual(await shape(ds));

    // The exported manifest imports too, labels included (annotation_config {} as the manual says).
    const viaManifest = await Dataset.createDataset(f.session, {
      dataset_name: 'street-manifest',
      data_type: 'IMAGE',
      data_sources: { path: `/${BUCKET}/export/output.manifest` },
      work_path: { path: `/${BUCKET}/work3/` },
    });
    const m = new Dataset(f.session, viaManifest.dataset_id);
    await m.waitForImport(viaManifest.import_task_id as string);
    expect(await shape(m)).toEqual(await shape(ds));
  });

  it('imports a manifest: a missing image fails that sample and the task still completes', async () => {
    await put('cls/a.jpg', jpeg(5));
    await put('cls/b.jpg', jpeg(6));
    await put(
      'cls/pets.manifest',
      [
        { source: `obs://${BUCKET}/cls/a.jpg`, annotation: [{ type: 'modelarts/image_classification', name: 'cat' }] },
        { source: `s3://${BUCKET}/cls/b.jpg`, annotation: [{ type: 'modelarts/image_classification', name: 'dog' }] },
        { source: `obs://${BUCKET}/cls/missing.jpg`, annotation: [{ type: 'modelarts/image_classification', name: 'dog' }] },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const r = await Dataset.createDataset(f.session, {
      dataset_name: 'pets',
      dataset_type: 0,
      data_sources: { path: `/${BUCKET}/cls/a.jpg` },
      work_path: { path: `/${BUCKET}/pets-work/` },
    });
    const ds = new Dataset(f.session, r.dataset_id);
    await ds.waitForImport(r.import_task_id as string);
    const { task_id } = await ds.importData(`/${BUCKET}/cls/pets.manifest`, { annotation_config: {} });
    const task = await ds.waitForImport(task_id);
    expect(task.status).toBe('COMPLETED');
    expect(task.failed_samples).toEqual([{ source: `obs://${BUCKET}/cls/missing.jpg`, reason: 'the file does not exist' }]);
    expect((await ds.listSamples({ label_name: 'dog' })).samples.map((s) => s.sample_name)).toEqual(['b.jpg']);
    expect((await ds.listImportTasks()).total_count).toBe(2);
  });

  it('answers bad input with the cloud’s codes and changes nothing', async () => {
    const before = (await Dataset.listDatasets(f.session, { limit: 100 })).total_number;
    const base = { data_type: 'IMAGE' as const, data_sources: { path: `/${BUCKET}/voc/` }, work_path: { path: `/${BUCKET}/w/` } };
    await expect(Dataset.createDataset(f.session, { ...base, dataset_name: 'street-voc' })).rejects.toMatchObject({ error_code: 'ModelArts.4351' });
    await expect(Dataset.createDataset(f.session, { ...base, dataset_name: 'x', work_path: { path: `/${BUCKET}/voc/sub/` } })).rejects.toMatchObject({
      error_code: 'ModelArts.4364',
    });
    await expect(Dataset.createDataset(f.session, { ...base, dataset_name: 'x', data_sources: { path: '/no-such-bucket/x/' } })).rejects.toMatchObject({
      error_code: 'ModelArts.4311',
    });
    await expect(
      f.session.client.datasets.create({
        dataset_name: 'x',
        dataset_type: 7 as never,
        data_sources: [{ data_path: `/${BUCKET}/voc/` }],
        work_path: `/${BUCKET}/w/`,
      }),
    ).rejects.toMatchObject({ error_code: 'ModelArts.4396' });
    await expect(new Dataset(f.session, 'NoSuchDataset000000').getDatasetInfo()).rejects.toMatchObject({ error_code: 'ModelArts.4352', status: 400 });
    // Another account's dataset is "not found".
    const other = f.p.addTenant();
    const theirs = new Session({
      access_key: other.access_key,
      secret_key: other.secret_key,
      project_id: other.project_id,
      region_name: other.region_name,
      endpoint: f.p.endpoint,
    });
    const mine = (await Dataset.listDatasets(f.session, { dataset_name: 'street-voc' })).datasets[0]?.dataset_id as string;
    await expect(new Dataset(theirs, mine).getDatasetInfo()).rejects.toBeInstanceOf(APIError);
    await theirs.close();
    expect((await Dataset.listDatasets(f.session, { limit: 100 })).total_number).toBe(before);
    // SDK argument checks, as Python's keyword checking.
    await expect(Dataset.listDatasets(f.session, { dataset_nmae: 'x' } as never)).rejects.toThrow(/did you mean 'dataset_name'/);
    await expect(new Dataset(f.session, mine).getVersionInfo(undefined as never)).rejects.toThrow(InvalidArgumentError);
  });

  it('creates, lists and describes labeling jobs', async () => {
    const ds = new Dataset(f.session, (await Dataset.listDatasets(f.session, { dataset_name: 'street-voc' })).datasets[0]?.dataset_id as string);
    const a = await ds.createLabelTask({ task_name: 'obj_detection_task', task_type: 1, description: 'label task' });
    await ds.createLabelTask({ task_name: 'another', task_type: 0 });
    const list = await ds.getLabelTasks({ sort_key: 'task_name', sort_dir: 'asc' });
    expect(list.tasks.map((t) => t.task_name)).toEqual(['another', 'obj_detection_task']);
    const info = await ds.getLabelTaskInfo(a.task_id);
    expect(info).toMatchObject({ task_name: 'obj_detection_task', task_type: 1, description: 'label task' });
    expect(info.sample_stats.total_sample_count).toBe(3);
    expect((await ds.getLabelTasks({ is_workforce_task: true })).count).toBe(0);
    await expect(ds.getLabelTaskInfo('nope')).rejects.toMatchObject({ error_code: 'ModelArts.4338' });
  });

  it('gives a training job with a dataset input the version manifest and the files it points to', async () => {
    const ds = new Dataset(f.session, (await Dataset.listDatasets(f.session, { dataset_name: 'street-voc' })).datasets[0]?.dataset_id as string);
    const { version_id } = await ds.createVersion({ name: 'for-training' });
    await ds.waitForVersion(version_id);
    const code = f.tempDir('code');
    writeFileSync(
      join(code, 'train.py'),
      "import argparse, os\np = argparse.ArgumentParser(); p.add_argument('--data_url'); a, _ = p.parse_known_args()\nfor root, _, files in sorted(os.walk(a.data_url)):\n    for n in sorted(files): print('file', os.path.relpath(os.path.join(root, n), a.data_url), flush=True)\n",
    );
    const lines: string[] = [];
    await new Estimator(f.session, {
      training_files: { code_dir: code, boot_file: join(code, 'train.py'), obs_path: `obs://${BUCKET}/code/` },
      train_instance_type: 'modelarts.vm.cpu.2u',
    }).fit({ dataset_id: ds.dataset_id, dataset_version_id: version_id, job_name: 'with-dataset', show_log: true, onLog: (l) => lines.push(l) });
    const files = lines.filter((l) => l.startsWith('file ')).map((l) => l.slice(5));
    expect(files).toEqual(expect.arrayContaining(['for-training.manifest', 'street_1.jpg', 'street_2.jpg', 'street_3.jpg']));
    expect(files.filter((n) => n.startsWith('annotation/') && n.endsWith('.xml'))).toHaveLength(2);
    // A dataset or version that does not exist: the cloud's codes.
    const est = new Estimator(f.session, {
      training_files: { code_dir: `obs://${BUCKET}/code/`, boot_file: 'train.py' },
      train_instance_type: 'modelarts.vm.cpu.2u',
    });
    await expect(est.fit({ dataset_id: 'NoSuchDataset000000', dataset_version_id: 'x', job_name: 'no-ds' })).rejects.toMatchObject({
      error_code: 'ModelArts.2783',
    });
    await expect(est.fit({ dataset_id: ds.dataset_id, dataset_version_id: 'NoSuchVersion000000', job_name: 'no-version' })).rejects.toMatchObject({
      error_code: 'ModelArts.2782',
    });
  });
});
