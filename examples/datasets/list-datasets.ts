/** Manual 7.1.1: query the dataset list, by labeling type, by a name keyword, and by page (`offset` is a page index). */
import { Dataset, type Session } from '@modelarts-ts/sdk';
import { createDemoDataset, prepareDatasetDemo, runAsProgram } from './common.js';

export async function listDatasets(session: Session) {
  const demo = await prepareDatasetDemo(session);
  await createDemoDataset(session, demo, 'dataset-list');

  // Example 1: all datasets (10 per page by default).
  const all = await Dataset.listDatasets(session);
  console.log(`${all.total_number} datasets, first page: ${all.datasets.map((d) => d.dataset_name).join(', ')}`);
  // Example 2: image classification datasets (dataset_type 0); object detection is 1.
  const detection = await Dataset.listDatasets(session, { dataset_type: 1 });
  // Example 3: datasets whose name contains "dataset".
  const named = await Dataset.listDatasets(session, { dataset_name: 'dataset' });
  // Example 4: records 1-50, then 51-100.
  const page0 = await Dataset.listDatasets(session, { offset: 0, limit: 50 });
  const page1 = await Dataset.listDatasets(session, { offset: 1, limit: 50 });
  return { all, detection, named, page0, page1 };
}

await runAsProgram(import.meta.url, listDatasets);
