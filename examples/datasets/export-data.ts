/**
 * Manual 7.5: export a dataset to an OBS folder (the files under `Data/` with a label file beside each, and
 * `output.manifest`), the export task list, and one task's status.
 */
import { Manifest, type Session } from '@modelarts-ts/sdk';
import { createDemoDataset, prepareDatasetDemo, runAsProgram } from './common.js';

export async function exportData(session: Session) {
  const demo = await prepareDatasetDemo(session);
  const dataset = await createDemoDataset(session, demo, 'dataset-export');

  // 7.5.2: export to a folder of its own (one per dataset, so that runs do not mix).
  const path = `${demo.export_path}${dataset.dataset_id}/`;
  const export_resp = await dataset.exportData(path);
  const done = await dataset.waitForExport(export_resp.task_id);
  // 7.5.1: the export task list; 7.5.3: one task's status.
  const list_tasks_resp = await dataset.listExportTasks();
  const task_info = await dataset.getExportTaskInfo(export_resp.task_id);
  console.log(`export ${task_info.task_id}: ${task_info.status}, ${task_info.finished_sample_count} of ${task_info.total_sample_count} samples`);
  const manifest = await Manifest.parseManifest(`obs:/${path}output.manifest`, { session });
  return { path, done, list_tasks_resp, task_info, exported: manifest.samples.map((s) => s.source) };
}

await runAsProgram(import.meta.url, exportData);
