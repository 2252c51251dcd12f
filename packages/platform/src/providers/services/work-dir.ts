import { join } from 'node:path';

/**
 * The folder where a service's instances run and log (`<dataDir>/services/<service_id>`), computed here only,
 * so that moving work folders out of the data dir or sandboxing them is a change to this one function.
 */
export function serviceWorkDir(dataDir: string, serviceId: string): string {
  return join(dataDir, 'services', serviceId);
}
