/**
 * Manual 7.1.2: create datasets by data type (examples 1-3, recommended: one dataset, several labeling tasks) and by
 * labeling type (examples 4-6). Names get a unique suffix so that the example can run again.
 */
import { Dataset, type Session } from '@modelarts-ts/sdk';
import { datasetName, prepareDatasetDemo, runAsProgram, TABLE_SCHEMA } from './common.js';

export async function createDatasets(session: Session) {
  const demo = await prepareDatasetDemo(session);
  const work_path = { type: 0, path: demo.work_path };

  // Example 1: an image dataset, by data type; the images are imported without labels.
  const image = await Dataset.createDataset(session, {
    dataset_name: datasetName('dataset-image'),
    data_type: 'IMAGE',
    data_sources: { type: 0, path: demo.image_classification },
    work_path,
  });
  // Example 2: the same images with their labels ("ModelArts image classification 1.0": a .txt beside each image).
  const withLabels = await Dataset.createDataset(session, {
    dataset_name: datasetName('dataset-image-with-annotations'),
    data_type: 'IMAGE',
    data_sources: {
      type: 0,
      path: demo.image_classification,
      annotation_config: { scene: 'image_classification', format_name: 'ModelArts image classification 1.0' },
    },
    work_path,
  });
  // Example 3: a table dataset by data type; its schema is required, and the CSV files have a header row.
  const table = await Dataset.createDataset(session, {
    dataset_name: datasetName('dataset-table'),
    data_type: 'TABLE',
    data_sources: { type: 0, path: demo.table0, with_column_header: true },
    work_path,
    schema: TABLE_SCHEMA,
  });
  // Example 4: an image classification dataset, by labeling type (0); `type` may be given as a string.
  const classification = await Dataset.createDataset(session, {
    dataset_name: datasetName('dataset-image-classification'),
    dataset_type: 0,
    data_sources: { path: demo.image_classification, type: '0' },
    work_path,
  });
  // Example 5: a text triplet dataset (102) with two entity labels (101) and a relation (102) between them.
  const triplet = await Dataset.createDataset(session, {
    dataset_name: datasetName('dataset-text-triplet'),
    dataset_type: 102,
    data_sources: { type: 0, path: demo.text },
    work_path,
    labels: [
      { name: 'Disease', type: 101 },
      { name: 'Disease alias', type: 101 },
      { name: 'Also called', type: 102, property: { '@modelarts:from_type': 'Disease', '@modelarts:to_type': 'Disease alias' } },
    ],
  });
  // Example 6: a table dataset, by labeling type (400).
  const table400 = await Dataset.createDataset(session, {
    dataset_name: datasetName('dataset-table'),
    dataset_type: 400,
    data_sources: { type: 0, path: demo.table0, with_column_header: true },
    work_path,
    schema: TABLE_SCHEMA,
  });

  // Creating a dataset imports its data source in the background: wait for each import.
  const created = { image, withLabels, table, classification, triplet, table400 };
  const infos: Record<string, Awaited<ReturnType<Dataset['getDatasetInfo']>>> = {};
  for (const [key, r] of Object.entries(created)) {
    const dataset = new Dataset(session, r.dataset_id);
    await dataset.waitForImport(r.import_task_id as string);
    infos[key] = await dataset.getDatasetInfo();
    console.log(`${infos[key].dataset_name}: type ${infos[key].dataset_type}, ${infos[key].total_sample_count} samples`);
  }
  return infos;
}

await runAsProgram(import.meta.url, createDatasets);
