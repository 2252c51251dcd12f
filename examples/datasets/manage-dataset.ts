/** Manual 7.1.3-7.1.5: details of a dataset, a new name and description, then deletion. */
import { Dataset, type Session } from '@modelarts-ts/sdk';
import { createDemoDataset, datasetName, prepareDatasetDemo, runAsProgram } from './common.js';

export async function manageDataset(session: Session) {
  const demo = await prepareDatasetDemo(session);
  const dataset = await createDemoDataset(session, demo);

  // 7.1.3: details, with the samples counts and the versions.
  const dataset_info = await dataset.getDatasetInfo();
  console.log(`${dataset_info.dataset_name}: ${dataset_info.total_sample_count} samples, labels ${dataset_info.labels.map((l) => l.name).join(', ')}`);
  // 7.1.4: a new name, then a description.
  const new_name = datasetName('new-dataset-name');
  await dataset.updateDataset({ dataset_name: new_name });
  await dataset.updateDataset({ description: 'street scenes' });
  const updated = await dataset.getDatasetInfo();
  // 7.1.5: delete it (the files in OBS stay).
  await Dataset.deleteDataset(session, dataset.dataset_id);
  const after = await Dataset.listDatasets(session, { dataset_name: new_name });
  return { dataset_info, updated, remaining_with_that_name: after.total_number };
}

await runAsProgram(import.meta.url, manageDataset);
