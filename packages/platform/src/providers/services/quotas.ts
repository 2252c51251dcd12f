import { PlatformError } from '../../errors.js';
import type { ServiceRow } from './store.js';

/** Per-project limits on services, as the cloud's quotas (on one machine they also keep it from being swamped by model servers). */
export interface ServiceQuotas {
  /** Services that exist (any status but deleting). */
  services: number;
  /** Services that run or are starting. */
  running: number;
  /** Model-server instances of those services. */
  instances: number;
}

const instancesOf = (configs: ReadonlyArray<{ instance_count?: number | undefined }>) => configs.reduce((n, c) => n + (c.instance_count ?? 1), 0);

/** A service counts against the running quotas while it is meant to run and has not finished (a finished batch holds nothing). */
const holdsInstances = (r: ServiceRow) => r.desired === 'running' && r.status !== 'failed' && r.status !== 'finished';

/**
 * Refuses a change that would take the project past a quota: a new service (`adding`), or a service that will
 * run `configs` (deployed, started or reconfigured; `id` is the service itself, whose current use is replaced).
 */
export function checkServiceQuotas(
  quotas: ServiceQuotas,
  projectServices: readonly ServiceRow[],
  change: { adding?: boolean; id?: string; configs: ReadonlyArray<{ instance_count?: number | undefined }> },
): void {
  const others = projectServices.filter((r) => r.id !== change.id && r.desired !== 'deleted');
  if (change.adding && others.length + 1 > quotas.services)
    throw new PlatformError(
      'ModelArts.3520',
      `The service quota is exhausted: this project has ${others.length} of ${quotas.services} services; delete one first`,
    );
  const running = others.filter(holdsInstances);
  if (running.length + 1 > quotas.running)
    throw new PlatformError(
      'ModelArts.3521',
      `The running-service quota is exhausted: ${running.length} of ${quotas.running} services of this project run; stop one first`,
    );
  const used = running.reduce((n, r) => n + instancesOf(r.definition.config), 0);
  const wanted = instancesOf(change.configs);
  if (used + wanted > quotas.instances)
    throw new PlatformError(
      'ModelArts.3522',
      `The instance quota is exhausted: ${used} of ${quotas.instances} instances are in use in this project and this needs ${wanted}; stop a service or lower instance_count`,
    );
}
