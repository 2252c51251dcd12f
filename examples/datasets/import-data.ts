/**
 * Manual 7.4: import into a dataset from an OBS folder (Pascal VOC labels), from a manifest (a published version of
 * another dataset), and more rows into a table dataset; then the import task list and one task's status.
 */
import { Dataset, type Session } from '@modelarts-ts/sdk';
import { createDemoDataset, datasetName, prepareDatasetDemo, runAsProgram, TABLE_SCHEMA } from './common.js';

export async function importData(session: Session) {
  const demo = await prepareDatasetDemo(session);
  const created = await Dataset.createDataset(session, {
    dataset_name: datasetName('dataset-import'),
    data_type: 'IMAGE',
    data_sources: { type: 0, path: demo.image_classification },
    work_path: { type: 0, path: demo.work_path },
  });
  const dataset = new Dataset(session, created.dataset_id);
  await dataset.waitForImport(created.import_task_id as string);

  // Example 1: an object detection folder: images with same-stem Pascal VOC files.
  const import_resp = await dataset.importData(demo.image_detection, {
    annotation_config: { scene: 'object_detection', format_name: 'ModelArts PASCAL VOC 1.0' },
  });
  const from_folder = await dataset.waitForImport(import_resp.task_id);

  // Example 2: a manifest, here the V001 of another dataset; `annotation_config: {}` imports its labels.
  const source = await createDemoDataset(session, demo, 'dataset-source');
  const version = await source.waitForVersion((await source.createVersion({ name: 'V001' })).version_id);
  const copy = await Dataset.createDataset(session, {
    dataset_name: datasetName('dataset-from-manifest'),
    data_type: 'IMAGE',
    data_sources: { type: 0, path: demo.image_classification },
    work_path: { type: 0, path: demo.work_path },
  });
  const target = new Dataset(session, copy.dataset_id);
  await target.waitForImport(copy.import_task_id as string);
  const from_manifest = await target.waitForImport((await target.importData(version.manifest_path, { annotation_config: {} })).task_id);

  // Example 3: more rows into a table dataset, the CSV files with a header row.
  const tableCreated = await Dataset.createDataset(session, {
    dataset_name: datasetName('dataset-table'),
    data_type: 'TABLE',
    data_sources: { type: 0, path: demo.table0, with_column_header: true },
    work_path: { type: 0, path: demo.work_path },
    schema: TABLE_SCHEMA,
  });
  const table = new Dataset(session, tableCreated.dataset_id);
  await table.waitForImport(tableCreated.import_task_id as string);
  const into_table = await table.waitForImport((await table.importData(demo.table1, { with_column_header: true })).task_id);

  // 7.4.1: the import tasks of the dataset (its creation was the first); 7.4.3: one task's status.
  const list_tasks_resp = await dataset.listImportTasks();
  const task_info = await dataset.getImportTaskInfo(import_resp.task_id);
  console.log(`import ${task_info.task_id}: ${task_info.status}, ${task_info.imported_sample_count} samples, ${task_info.annotated_sample_count} labelled`);
  return {
    from_folder,
    from_manifest,
    into_table,
    list_tasks_resp,
    task_info,
    dataset: await dataset.getDatasetInfo(),
    target: await target.getDatasetInfo(),
    table: await table.getDatasetInfo(),
  };
}

await runAsProgram(import.meta.url, importData);
