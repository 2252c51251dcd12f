import { join } from 'node:path';

/**
 * The folder where a service's instances run and log (`<dataDir>/work/services/<service_id>`), apart from the data
 * dir's secrets (`credentials.json`, `meta.db`) like training's `<dataDir>/work/jobs`: a sandboxed model server sees
 * this folder, not the data dir.
 */
export function serviceWorkDir(dataDir: string, serviceId: string): string {
  return join(dataDir, 'work', 'services', serviceId);
}
