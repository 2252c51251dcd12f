import { DEFAULT_TRAINING_ANNOTATIONS, type TrainingJob } from '@modelarts-ts/contract';
import { taskNames } from '@modelarts-ts/runtime';
import type { JobRow } from './store.js';

/** A stored job as the API answers it: the cloud's job object of create, detail, terminate and list items. */
export function jobView(row: JobRow, now = Date.now()): TrainingJob {
  const d = row.definition;
  const duration = row.start_time ? (row.end_time || now) - row.start_time : 0;
  const nodeMetrics = row.start_time ? [[row.start_time, row.node_count], ...(row.end_time ? [[row.end_time, 0]] : [])] : null;
  return {
    kind: row.kind,
    metadata: {
      id: row.id,
      name: row.name,
      description: row.description,
      workspace_id: row.workspace_id,
      create_time: row.create_time,
      user_name: row.user_name,
      annotations: { ...DEFAULT_TRAINING_ANNOTATIONS, ...d.annotations },
    },
    status: {
      phase: row.phase,
      secondary_phase: row.secondary_phase,
      duration: Math.max(0, duration),
      start_time: row.start_time,
      node_count_metrics: nodeMetrics,
      tasks: taskNames(row.node_count),
      task_statuses: row.task_statuses,
    },
    algorithm: d.algorithm,
    spec: d.spec,
  };
}
