import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dataset, type DatasetSample } from '../src/index.js';
import { type PlatformFixture, platformFixture } from './fixture.js';

/** The folder layouts each import format reads (docs/datasets.md), through the SDK against ModelArts Local. */

let f: PlatformFixture;
const BUCKET = 'imports';
/** Bytes that start like a JPEG / a RIFF WAVE; data management does not decode them. */
const jpeg = (n: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32 + n, n)]);
const wav = (n: number) => Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt '), Buffer.alloc(16 + n, n)]);
/** Image headers with a real size (YOLO boxes are converted to pixels by it). */
function bmpHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(54);
  b.write('BM', 0, 'latin1');
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  return b;
}
function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}
/** SOI, a JFIF APP0 segment, then SOF0 with the size. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Buffer.from([0xff, 0xd8, ...app0, ...sof0, 0xff, 0xd9]);
}

async function put(key: string, body: string | Buffer): Promise<void> {
  await f.session.obs.write(`obs://${BUCKET}/${key}`, body);
}

let seq = 0;
/** Creates a dataset from `path`, waits for its first import, and returns it with that import task. */
async function create(options: Omit<Parameters<typeof Dataset.createDataset>[1], 'work_path' | 'dataset_name'>) {
  const r = await Dataset.createDataset(f.session, { dataset_name: `ds-${++seq}`, work_path: { path: `/${BUCKET}/work-${seq}/` }, ...options });
  const ds = new Dataset(f.session, r.dataset_id);
  const task = await ds.waitForImport(r.import_task_id as string);
  return { ds, task };
}

async function all(ds: Dataset, filter: Parameters<Dataset['listSamples']>[0] = {}): Promise<DatasetSample[]> {
  return (await ds.listSamples({ limit: 100, ...filter })).samples;
}
const byName = (samples: DatasetSample[]) =>
  Object.fromEntries(
    samples.map((s) => [s.sample_name, s.labels.map((l) => `${l.name}:${l.type}`).sort()]).sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
const names = (samples: DatasetSample[]) => samples.map((s) => s.sample_name).sort();

beforeAll(async () => {
  f = await platformFixture();
  await f.session.obs.makeBucket(BUCKET);
  // ModelArts image classification 1.0: image + same-stem .txt, one label per line, subfolders allowed.
  await put('cls/dir-1/a.jpg', jpeg(1));
  await put('cls/dir-1/a.txt', 'cat\ndog\n');
  await put('cls/dir-1/b.jpg', jpeg(2));
  await put('cls/dir-1/b.txt', 'cat\r\n');
  await put('cls/dir-2/c.png', jpeg(3));
  await put('cls/dir-2/notes.txt', 'not a label file: no image of that name\n');
  // ModelArts imageNet 1.0: the label is the last folder holding the image.
  await put('inet/Cat/10.jpg', jpeg(4));
  await put('inet/Dog/1.jpg', jpeg(5));
  await put('inet/more/Dog/2.jpeg', jpeg(6));
  await put('inet/root.jpg', jpeg(7));
  await put('inet/Dog/readme.md', 'ignored: not an image');
  // ModelArts text classification 1.0: x.txt and x_result.txt, line k labels line k.
  await put('text/COMMENTS_1.txt', 'great phone\nbattery died\n\nok I guess\n');
  await put('text/COMMENTS_1_result.txt', 'positive\nnegative\n\nneutral,positive\n');
  // Combine: text and labels on one line; TAB and "," by default.
  await put('combine-tab/reviews.txt', 'fast delivery\tpositive\nbroken on arrival\tnegative,refund\nno label here\n');
  await put('combine-custom/reviews.txt', 'fast delivery|positive\nbroken on arrival, sadly|negative;refund\n');
  // ModelArts audio classification dir 1.0: one folder per label, .wav files.
  await put('audio/Cat/1.wav', wav(1));
  await put('audio/Dog/2.wav', wav(2));
  await put('audio/Dog/3.WAV', wav(3));
  await put('audio/Dog/3.mp3', 'ignored: not a .wav');
  // A table: header row, three rows that fit the schema, two that do not.
  await put('table/people.csv', 'name,age,label\nAnn,31,a\nBob,45,b\n"Cy, Jr.",27,a\nDee,50\nEve,22,b,extra\n');
  await put('table2/more.csv', 'Fay,33,b\nGus,41,a\n');
  // Pascal VOC (object detection labels) and a manifest with a text line, for the mixed-type filters.
  await put('voc/street.jpg', jpeg(8));
  await put(
    'voc/street.xml',
    '<annotation><filename>street.jpg</filename><size><width>64</width><height>48</height><depth>3</depth></size><object><name>car</name><difficult>0</difficult><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>30</xmax><ymax>40</ymax></bndbox></object></annotation>',
  );
  await put(
    'mixed/mixed.manifest',
    [
      { source: 'content://a text sample inside the manifest', annotation: [{ type: 'modelarts/text_classification', name: 'note' }] },
      { source: `obs://${BUCKET}/inet/root.jpg`, annotation: [{ type: 'modelarts/image_classification', name: 'misc' }] },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n'),
  );
  // YOLO: obj.names, obj.data naming the files Darknet-style (data/...), train.txt / valid.txt, labels beside images.
  await put('yolo/obj.names', 'car\nperson\n');
  await put('yolo/obj.data', 'classes = 2\nnames = data/obj.names\ntrain = data/train.txt\nvalid = data/valid.txt\nbackup = backup/\n');
  await put('yolo/train.txt', 'data/obj_train_data/a.bmp\ndata/obj_train_data/b.png\ndata/obj_train_data/missing.jpg\n');
  await put('yolo/valid.txt', 'data/obj_valid_data/c.jpg\ndata/obj_valid_data/bad.bmp\ndata/obj_valid_data/nolabel.bmp\n');
  await put('yolo/obj_train_data/a.bmp', bmpHeader(64, 48));
  await put('yolo/obj_train_data/a.txt', '0 0.5 0.5 0.5 0.5\n1 0.25 0.25 0.1 0.2\n');
  await put('yolo/obj_train_data/b.png', pngHeader(100, 50));
  await put('yolo/obj_train_data/b.txt', '1 0.5 0.5 1 1\n');
  await put('yolo/obj_valid_data/c.jpg', jpegHeader(200, 100));
  await put('yolo/obj_valid_data/c.txt', '0 0.100000 0.200000 0.200000 0.200000\n');
  await put('yolo/obj_valid_data/bad.bmp', bmpHeader(10, 10));
  await put('yolo/obj_valid_data/bad.txt', '5 0.5 0.5 0.1 0.1\n');
  await put('yolo/obj_valid_data/nolabel.bmp', bmpHeader(10, 10));
  await put('yolo/unlisted/z.bmp', bmpHeader(10, 10));
}, 60_000);
afterAll(async () => {
  await f?.close();
});

describe('import formats', () => {
  it('ModelArts image classification 1.0: same-stem .txt files give one label per line (multi-label)', async () => {
    const { ds, task } = await create({
      data_type: 'IMAGE',
      data_sources: { path: `/${BUCKET}/cls/`, annotation_config: { scene: 'image_classification', format_name: 'ModelArts image classification 1.0' } },
    });
    expect(task).toMatchObject({ status: 'COMPLETED', total_sample_count: 3, annotated_sample_count: 2, failed_sample_count: 0 });
    expect(byName(await all(ds))).toEqual({ 'a.jpg': ['cat:0', 'dog:0'], 'b.jpg': ['cat:0'], 'c.png': [] });
    const info = await ds.getDatasetInfo();
    expect(info.labels.map((l) => l.name).sort()).toEqual(['cat', 'dog']);
    expect(info.dataset_type).toBe(0);
    expect(names(await all(ds, { label_name: 'dog' }))).toEqual(['a.jpg']);
    expect(names(await all(ds, { sample_state: '__NONE__' }))).toEqual(['c.png']);
    // The sample's source is the file where it was imported from: referenced in place, not copied.
    expect((await all(ds, { label_name: 'dog' }))[0]?.source).toBe(`obs://${BUCKET}/cls/dir-1/a.jpg`);
  });

  it('included_labels and excluded_labels keep or drop those labels; the samples are imported either way', async () => {
    const config = { scene: 'image_classification', format_name: 'ModelArts image classification 1.0' };
    const { ds: inc } = await create({ data_type: 'IMAGE', data_sources: { path: `/${BUCKET}/cls/` } });
    expect((await inc.getDatasetInfo()).annotated_sample_count).toBe(0);
    const t1 = await inc.waitForImport((await inc.importData(`/${BUCKET}/cls/`, { annotation_config: config, included_labels: ['dog'] })).task_id);
    expect(t1.status).toBe('COMPLETED');
    expect(byName(await all(inc))).toEqual({ 'a.jpg': ['dog:0'], 'b.jpg': [], 'c.png': [] });

    const { ds: exc } = await create({ data_type: 'IMAGE', data_sources: { path: `/${BUCKET}/cls/` } });
    await exc.waitForImport((await exc.importData(`/${BUCKET}/cls/`, { annotation_config: config, excluded_labels: ['dog'] })).task_id);
    expect(byName(await all(exc))).toEqual({ 'a.jpg': ['cat:0'], 'b.jpg': ['cat:0'], 'c.png': [] });
    expect((await exc.getDatasetInfo()).labels.map((l) => l.name)).toEqual(['cat']);

    // The same filter given in annotation_config.parameters.included_labels (Table 7-6).
    const { ds: viaParams } = await create({
      data_type: 'IMAGE',
      data_sources: { path: `/${BUCKET}/cls/`, annotation_config: { ...config, parameters: { included_labels: [{ name: 'cat' }] } } },
    });
    expect(byName(await all(viaParams))).toEqual({ 'a.jpg': ['cat:0'], 'b.jpg': ['cat:0'], 'c.png': [] });
  });

  it('ModelArts imageNet 1.0: the last folder names the label; files at the root are unlabelled; other files are skipped', async () => {
    const { ds, task } = await create({
      data_type: 'IMAGE',
      data_sources: { path: `/${BUCKET}/inet/`, annotation_config: { scene: 'image_classification', format_name: 'ModelArts imageNet 1.0' } },
    });
    expect(task).toMatchObject({ status: 'COMPLETED', total_sample_count: 4, annotated_sample_count: 3 });
    expect(byName(await all(ds))).toEqual({ '1.jpg': ['Dog:0'], '10.jpg': ['Cat:0'], '2.jpeg': ['Dog:0'], 'root.jpg': [] });
    expect((await ds.listSamples({ label_name: 'Dog' })).sample_count).toBe(2);
  });

  it('ModelArts text classification 1.0: one sample per line, labels from x_result.txt; blank lines skipped', async () => {
    const { ds, task } = await create({
      data_type: 'TEXT',
      data_sources: { path: `/${BUCKET}/text/`, annotation_config: { scene: 'text_classification', format_name: 'ModelArts text classification 1.0' } },
    });
    expect(task).toMatchObject({ status: 'COMPLETED', total_sample_count: 3, annotated_sample_count: 3 });
    const samples = await all(ds);
    expect(samples.map((s) => [s.sample_data?.[0], s.sample_type, s.labels.map((l) => `${l.name}:${l.type}`)])).toEqual([
      ['great phone', 1, ['positive:100']],
      ['battery died', 1, ['negative:100']],
      ['ok I guess', 1, ['neutral:100', 'positive:100']],
    ]);
    expect(samples.every((s) => s.source.startsWith('content://'))).toBe(true);
    expect((await ds.getDatasetInfo()).dataset_type).toBe(100);
    expect((await ds.listSamples({ label_name: 'positive' })).sample_count).toBe(2);
  });

  it('text classification combine 1.0: TAB and "," by default, or the separators given', async () => {
    // The manual's misspelled name ("classfication") is accepted too.
    const { ds: tab } = await create({
      data_type: 'TEXT',
      data_sources: {
        path: `/${BUCKET}/combine-tab/`,
        annotation_config: { scene: 'text_classification', format_name: 'ModelArts text classfication combine 1.0' },
      },
    });
    expect((await all(tab)).map((s) => [s.sample_data?.[0], s.labels.map((l) => l.name)])).toEqual([
      ['fast delivery', ['positive']],
      ['broken on arrival', ['negative', 'refund']],
      ['no label here', []],
    ]);
    const { ds: custom } = await create({
      data_type: 'TEXT',
      data_sources: {
        path: `/${BUCKET}/combine-custom/`,
        annotation_config: {
          scene: 'text_classification',
          format_name: 'ModelArts text classification combine 1.0',
          parameters: { sample_label_separator: '|', label_separator: ';' },
        },
      },
    });
    expect((await all(custom)).map((s) => [s.sample_data?.[0], s.labels.map((l) => l.name)])).toEqual([
      ['fast delivery', ['positive']],
      ['broken on arrival, sadly', ['negative', 'refund']],
    ]);
    // The REST label_format carries the same separators.
    const { ds: viaFormat } = await create({
      data_type: 'TEXT',
      data_sources: {
        path: `/${BUCKET}/combine-custom/`,
        annotation_config: { scene: 'text_classification', format_name: 'ModelArts text classification 1.0' },
      },
      label_format: { label_type: '1', text_sample_separator: '|', text_label_separator: ';' },
    });
    expect((await all(viaFormat)).map((s) => s.labels.map((l) => l.name))).toEqual([['positive'], ['negative', 'refund']]);
  });

  it('ModelArts audio classification dir 1.0: one folder per label, .wav files only', async () => {
    const { ds, task } = await create({
      data_type: 'AUDIO',
      data_sources: { path: `/${BUCKET}/audio/`, annotation_config: { scene: 'audio_classification', format_name: 'ModelArts audio classification dir 1.0' } },
    });
    expect(task).toMatchObject({ status: 'COMPLETED', total_sample_count: 3 });
    expect(byName(await all(ds))).toEqual({ '1.wav': ['Cat:200'], '2.wav': ['Dog:200'], '3.WAV': ['Dog:200'] });
    expect((await all(ds)).every((s) => s.sample_type === 2)).toBe(true);
    expect((await ds.getDatasetInfo()).dataset_type).toBe(200);
  });

  it('a table dataset: the schema fixes the column count, rows that differ are skipped, with_column_header drops the header', async () => {
    const schema = [
      { schema_id: 0, name: 'name', type: 'STRING' as const },
      { schema_id: 1, name: 'age', type: 'STRING' as const },
      { schema_id: 2, name: 'label', type: 'STRING' as const },
    ];
    const { ds, task } = await create({ data_type: 'TABLE', data_sources: { path: `/${BUCKET}/table/`, with_column_header: true }, schema });
    expect(task).toMatchObject({ status: 'COMPLETED', total_sample_count: 1 });
    const info = await ds.getDatasetInfo();
    expect(info.dataset_type).toBe(400);
    expect(info.schema?.map((c) => c.name)).toEqual(['name', 'age', 'label']);
    const [people] = await all(ds);
    expect(people?.sample_type).toBe(4);
    expect(people?.metadata).toMatchObject({ '@modelarts:rows': 3, '@modelarts:skipped_rows': 2, '@modelarts:header': ['name', 'age', 'label'] });

    // The manual's 7.4.2 example 3: more rows into the same table, here without a header row.
    const t = await ds.waitForImport((await ds.importData(`/${BUCKET}/table2/`, { with_column_header: false })).task_id);
    expect(t.status).toBe('COMPLETED');
    const more = (await all(ds)).find((s) => s.sample_name === 'more.csv');
    expect(more?.metadata).toMatchObject({ '@modelarts:rows': 2, '@modelarts:skipped_rows': 0 });
    expect(more?.metadata?.['@modelarts:header']).toBeUndefined();
    // A table needs its schema.
    await expect(
      Dataset.createDataset(f.session, {
        dataset_name: 'no-schema',
        data_type: 'TABLE',
        data_sources: { path: `/${BUCKET}/table/` },
        work_path: { path: `/${BUCKET}/w/` },
      }),
    ).rejects.toMatchObject({
      error_code: 'ModelArts.4400',
    });
  });

  it('filters the sample list by label_type and sample_type', async () => {
    const { ds } = await create({
      data_type: 'IMAGE',
      data_sources: { path: `/${BUCKET}/inet/`, annotation_config: { scene: 'image_classification', format_name: 'ModelArts imageNet 1.0' } },
    });
    const voc = await ds.importData(`/${BUCKET}/voc/`, { annotation_config: { scene: 'object_detection', format_name: 'ModelArts PASCAL VOC 1.0' } });
    expect((await ds.waitForImport(voc.task_id)).total_sample_count).toBe(1);
    const mixed = await ds.importData(`/${BUCKET}/mixed/mixed.manifest`, { annotation_config: {} });
    expect((await ds.waitForImport(mixed.task_id)).total_sample_count).toBe(2);

    // label_type: 0 image classification, 1 object detection, 100 text classification.
    expect(names(await all(ds, { label_type: 1 }))).toEqual(['street.jpg']);
    expect(names(await all(ds, { label_type: 0 }))).toEqual(['1.jpg', '10.jpg', '2.jpeg', 'root.jpg']);
    expect((await ds.listSamples({ label_type: 100 })).sample_count).toBe(1);
    expect((await ds.listSamples({ label_type: 0, label_name: 'Dog' })).sample_count).toBe(2);
    expect((await ds.listSamples({ label_type: 1, label_name: 'Dog' })).sample_count).toBe(0);
    // sample_type: 0 image, 1 text (a content:// line of the manifest).
    const texts = await all(ds, { sample_type: 1 });
    expect(texts.map((s) => [s.sample_data?.[0], s.labels.map((l) => l.name)])).toEqual([['a text sample inside the manifest', ['note']]]);
    expect((await ds.listSamples({ sample_type: 0 })).sample_count).toBe(5);
    expect((await ds.listSamples({ sample_type: 2 })).sample_count).toBe(0);
    // Filters combine with paging: offset is a page index.
    const page1 = await ds.listSamples({ sample_type: 0, limit: 2, offset: 1 });
    expect([page1.sample_count, page1.samples.length]).toEqual([5, 2]);
  });
  it('YOLO: the images train.txt and valid.txt list, boxes in pixels of the size read from each image header', async () => {
    const { ds, task } = await create({
      data_type: 'IMAGE',
      data_sources: { path: `/${BUCKET}/yolo/`, annotation_config: { scene: 'object_detection', format_name: 'YOLO' } },
    });
    expect(task).toMatchObject({ status: 'COMPLETED', total_sample_count: 4, annotated_sample_count: 3, failed_sample_count: 2 });
    expect(task.failed_samples).toEqual(
      expect.arrayContaining([
        { source: `obs://${BUCKET}/yolo/train.txt`, reason: 'data/obj_train_data/missing.jpg: listed but not an image of the tree' },
        { source: `obs://${BUCKET}/yolo/obj_valid_data/bad.bmp`, reason: 'bad.txt: line 1: class 5 is not in obj.names (2 classes)' },
      ]),
    );
    const samples = await all(ds);
    const boxes = Object.fromEntries(samples.map((s) => [s.sample_name, s.labels.map((l) => [l.name, l.type, l.property?.['@modelarts:feature']])]));
    expect(boxes).toEqual({
      'a.bmp': [
        [
          'car',
          1,
          [
            [16, 12],
            [48, 36],
          ],
        ],
        [
          'person',
          1,
          [
            [13, 7],
            [19, 17],
          ],
        ],
      ],
      'b.png': [
        [
          'person',
          1,
          [
            [0, 0],
            [100, 50],
          ],
        ],
      ],
      'c.jpg': [
        [
          'car',
          1,
          [
            [0, 10],
            [40, 30],
          ],
        ],
      ],
      'nolabel.bmp': [],
    });
    const usage = Object.fromEntries(samples.map((s) => [s.sample_name, [s.metadata?.['@modelarts:usage'], s.metadata?.['@modelarts:size']]]));
    expect(usage).toEqual({
      'a.bmp': ['TRAIN', [64, 48, 3]],
      'b.png': ['TRAIN', [100, 50, 3]],
      'c.jpg': ['EVAL', [200, 100, 3]],
      'nolabel.bmp': ['EVAL', [10, 10, 3]],
    });
    expect((await ds.getDatasetInfo()).labels.map((l) => l.name).sort()).toEqual(['car', 'person']);
    // Without obj.names the import has nothing to go on: it completes with no sample and says why.
    await put('yolo-no-names/train.txt', 'a.bmp\n');
    await put('yolo-no-names/a.bmp', bmpHeader(4, 4));
    const { task: none } = await create({
      data_type: 'IMAGE',
      data_sources: { path: `/${BUCKET}/yolo-no-names/`, annotation_config: { scene: 'object_detection', format_name: 'YOLO' } },
    });
    expect(none).toMatchObject({ status: 'COMPLETED', total_sample_count: 0, error_code: 'ModelArts.4362' });
    expect(none.error_msg).toMatch(/obj\.names/);
  });
});
