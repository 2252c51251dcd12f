/**
 * The REST shapes the serving API uses, under the names this folder uses for them.
 * TEMPORARY: minimal local declarations until the models/services contract lands; then these become re-exports.
 */

export interface ModelDependencyWire {
  installer: string;
  packages: Array<{ package_name: string; package_version?: string; restraint?: string }>;
}

export interface ModelCreateBodyWire {
  model_name: string;
  model_version: string;
  source_location: string;
  model_type: string;
  [k: string]: unknown;
}

export interface ModelDetailWire {
  model_id: string;
  model_name: string;
  model_version: string;
  model_type: string;
  model_status: string;
  source_location?: string;
  apis?: string;
  config?: string;
  [k: string]: unknown;
}

export interface ModelListQueryWire {
  model_name?: string;
  model_version?: string;
  model_status?: string;
  description?: string;
  offset?: number;
  limit?: number;
  sort_by?: string;
  order?: 'asc' | 'desc';
  workspace_id?: string;
  [k: string]: unknown;
}

export interface ModelListWire {
  total_count: number;
  count: number;
  models: ModelDetailWire[];
}

export interface ModelDeleteResultWire {
  delete_success_list?: string[];
  delete_failed_list?: Array<{ model_id: string; error_code: string; error_msg: string }>;
}

export interface ServiceConfigWire {
  model_id: string;
  model_name?: string;
  model_version?: string;
  status?: string;
  weight?: number;
  specification?: string;
  instance_count?: number;
  envs?: Record<string, string>;
  [k: string]: unknown;
}

export interface ServiceDetailWire {
  service_id: string;
  service_name: string;
  description?: string;
  infer_type: string;
  status: string;
  error_msg?: string;
  access_address?: string;
  invocation_times?: number;
  failed_times?: number;
  config?: ServiceConfigWire[];
  [k: string]: unknown;
}

export interface ServiceDeployBodyWire {
  service_name: string;
  infer_type: string;
  config: Array<Record<string, unknown>>;
  [k: string]: unknown;
}

export interface ServiceUpdateBodyWire {
  description?: string;
  status?: 'running' | 'stopped';
  config?: Array<Record<string, unknown>>;
  schedule?: Array<Record<string, unknown>>;
}

export interface ServiceListQueryWire {
  service_id?: string;
  service_name?: string;
  model_id?: string;
  infer_type?: string;
  status?: string;
  offset?: number;
  limit?: number;
  sort_by?: string;
  order?: 'asc' | 'desc';
  [k: string]: unknown;
}

export interface ServiceListWire {
  total_count: number;
  count: number;
  services: ServiceDetailWire[];
}

export interface ServiceMonitorWire {
  service_id: string;
  service_name: string;
  monitors: Array<Record<string, unknown>>;
  [k: string]: unknown;
}

export interface ServiceLogsWire {
  service_id: string;
  service_name: string;
  logs: Array<{ update_time: number; result: string; config?: ServiceConfigWire[] }>;
}

export interface ServiceEventWire {
  event_type: string;
  event_info: string;
  occur_time: number;
}

export interface ServiceEventsQueryWire {
  event_type?: string;
  event_info?: string;
  start_time?: number;
  end_time?: number;
  offset?: number;
  limit?: number;
  sort_by?: string;
  order?: 'asc' | 'desc';
}

export interface ServiceEventsWire {
  service_id: string;
  service_name: string;
  total_count: number;
  count: number;
  events: ServiceEventWire[];
}

/** Service statuses where a wait for "running" ends well / badly. */
export const SERVICE_RUNNING_OK = ['running', 'finished'] as const;
export const SERVICE_RUNNING_FAIL = ['failed', 'stopped'] as const;
/** A batch service's end. */
export const SERVICE_FINISHED_OK = ['finished'] as const;
export const SERVICE_FINISHED_FAIL = ['failed', 'stopped'] as const;
export const MODEL_PUBLISHED_OK = ['published'] as const;
export const MODEL_PUBLISHED_FAIL = ['failed', 'building_failed'] as const;
