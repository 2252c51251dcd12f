/** Manual 7.7: create a labeling job on a dataset, list the dataset's jobs (all, then team jobs), read one. */
import type { Session } from '@modelarts-ts/sdk';
import { createDemoDataset, prepareDatasetDemo, runAsProgram } from './common.js';

export async function labelTasks(session: Session) {
  const demo = await prepareDatasetDemo(session);
  const dataset = await createDemoDataset(session, demo, 'dataset-label-tasks');

  // 7.7.1: an object detection labeling job on the image dataset.
  const create_task_resp = await dataset.createLabelTask({ task_name: 'obj_detection_task', task_type: 1, description: 'label task' });
  await dataset.createLabelTask({ task_name: 'classification_task', task_type: 0 });
  // 7.7.2 example 1: all labeling jobs, newest first; example 2: team labeling jobs only.
  const list_label_task_resp = await dataset.getLabelTasks({ sort_key: 'create_time', sort_dir: 'desc' });
  const team = await dataset.getLabelTasks({ is_workforce_task: true });
  // 7.7.3: one job's details, with its sample counts.
  const task_info = await dataset.getLabelTaskInfo(create_task_resp.task_id);
  console.log(`${task_info.task_name}: ${task_info.sample_stats.annotated_sample_count} of ${task_info.sample_stats.total_sample_count} samples labelled`);
  return { create_task_resp, list_label_task_resp, team, task_info };
}

await runAsProgram(import.meta.url, labelTasks);
