/**
 * What every chapter-7 example shares: the demo bucket with images (with label files beside them), tables and text,
 * unique dataset names so that the examples can run again on the same platform, and a dataset ready to act on.
 */
import { Dataset, PascalVoc, type Session, VocObject } from '@modelarts-ts/sdk';

export { runAsProgram } from '../training/common.js';

/** OBS paths of the demo data, in the manual's `/bucket/folder/` form (Table 7-3). */
export interface DatasetDemo {
  bucket: string;
  /** Images with a same-stem `.txt` naming their class ("ModelArts image classification 1.0"): Bees and Rabbits. */
  image_classification: string;
  /** Images with a same-stem Pascal VOC `.xml` ("ModelArts PASCAL VOC 1.0"): cars and persons. */
  image_detection: string;
  /** CSV files with a header row: `name,age,label`. */
  table0: string;
  table1: string;
  /** Text files, one sample per line. */
  text: string;
  /** Where datasets write their versions (`<work_path>/<dataset>-<id>/annotation/Vnnn/`). */
  work_path: string;
  /** Where export tasks write. */
  export_path: string;
}

/** The columns of the demo tables, as the manual's table examples give them. */
export const TABLE_SCHEMA = [
  { schema_id: 0, name: 'name', type: 'STRING' as const },
  { schema_id: 1, name: 'age', type: 'STRING' as const },
  { schema_id: 2, name: 'label', type: 'STRING' as const },
];

/** An uncompressed 24-bit BMP of one colour: a real image file, written without an image library. */
export function bmp(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const out = Buffer.alloc(54 + row * height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(row * height, 34);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const at = 54 + y * row + x * 3;
      out[at] = b;
      out[at + 1] = g;
      out[at + 2] = r;
    }
  return out;
}

/** Creates the demo bucket and uploads the data of every chapter-7 example to it. Safe to repeat. */
export async function prepareDatasetDemo(session: Session, bucket = process.env.EXAMPLES_BUCKET ?? 'modelarts-ts-examples'): Promise<DatasetDemo> {
  const root = `/${bucket}/datasets`;
  const demo: DatasetDemo = {
    bucket,
    image_classification: `${root}/image/image-classification/`,
    image_detection: `${root}/image/image-detection/`,
    table0: `${root}/table/table0/`,
    table1: `${root}/table/table1/`,
    text: `${root}/text/text-classification/`,
    work_path: `${root}/output/work_path/`,
    export_path: `${root}/output/export/`,
  };
  const put = (path: string, body: string | Buffer) => session.obs.write(`obs:/${path}`, body);
  await session.obs.makeBucket(bucket);
  const classes: Array<[string, string | undefined, [number, number, number]]> = [
    ['bee_1', 'Bees', [230, 190, 30]],
    ['bee_2', 'Bees', [220, 180, 40]],
    ['bee_3', 'Bees', [210, 170, 50]],
    ['rabbit_1', 'Rabbits', [200, 200, 200]],
    ['rabbit_2', 'Rabbits', [190, 190, 180]],
    ['unlabelled_1', undefined, [10, 10, 10]],
  ];
  for (const [stem, label, colour] of classes) {
    await put(`${demo.image_classification}${stem}.bmp`, bmp(32, 24, colour));
    if (label) await put(`${demo.image_classification}${stem}.txt`, `${label}\n`);
  }
  const boxes: Array<[string, Array<[string, number, number, number, number]>]> = [
    [
      'street_1',
      [
        ['car', 4, 6, 30, 20],
        ['person', 40, 4, 52, 40],
      ],
    ],
    ['street_2', [['car', 10, 10, 50, 30]]],
    ['street_3', [['person', 20, 2, 30, 44]]],
    ['street_4', []],
  ];
  for (const [stem, objects] of boxes) {
    await put(`${demo.image_detection}${stem}.bmp`, bmp(64, 48, [90, 90, 100]));
    if (objects.length === 0) continue;
    const voc = new PascalVoc({
      folder: 'image-detection',
      file_name: `${stem}.bmp`,
      width: 64,
      height: 48,
      depth: 3,
      segmented: '0',
      voc_objects: objects.map(
        ([name, xmin, ymin, xmax, ymax]) =>
          new VocObject({ name, pose: 'Unspecified', truncated: '0', difficult: '0', position: { type: 'bndbox', xmin, ymin, xmax, ymax } }),
      ),
    });
    await voc.saveXml(`obs:/${demo.image_detection}${stem}.xml`, { session });
  }
  await put(`${demo.table0}people.csv`, 'name,age,label\nAnn,31,a\nBob,45,b\nCyd,27,a\n');
  await put(`${demo.table1}more.csv`, 'name,age,label\nDee,50,b\nEve,22,a\n');
  await put(`${demo.text}reviews.txt`, 'Influenza, also called the flu, spreads in winter.\nThe common cold is also called coryza.\n');
  return demo;
}

/** A unique dataset name: the examples run again and again on the same platform, and names must be unique. */
export function datasetName(base: string): string {
  return `${base}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
}

/** An object-detection dataset of the demo images, imported with their VOC labels, for the examples that act on one. */
export async function createDemoDataset(session: Session, demo: DatasetDemo, base = 'dataset-detection'): Promise<Dataset> {
  const created = await Dataset.createDataset(session, {
    dataset_name: datasetName(base),
    data_type: 'IMAGE',
    data_sources: {
      type: 0,
      path: demo.image_detection,
      annotation_config: { scene: 'object_detection', format_name: 'ModelArts PASCAL VOC 1.0' },
    },
    work_path: { type: 0, path: demo.work_path },
  });
  const dataset = new Dataset(session, created.dataset_id);
  await dataset.waitForImport(created.import_task_id as string);
  return dataset;
}
