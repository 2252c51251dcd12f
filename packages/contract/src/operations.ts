import type { OperationSpec } from './common/operation.js';
import { authorizationOperations } from './resources/authorizations.js';
import { consoleOperations } from './resources/console.js';
import { datasetOperations } from './resources/datasets.js';
import { iamOperations } from './resources/iam.js';
import { liteServerOperations } from './resources/lite-servers.js';
import { localOperations } from './resources/local.js';
import { modelOperations } from './resources/models.js';
import { serviceOperations } from './resources/services.js';
import { trainingOperations } from './resources/training-jobs.js';

/** The operation table: every REST operation of the contract, exactly once. */
export const operations = [
  ...iamOperations,
  ...authorizationOperations,
  ...localOperations,
  ...trainingOperations,
  ...liteServerOperations,
  ...modelOperations,
  ...serviceOperations,
  ...datasetOperations,
  ...consoleOperations,
] as const satisfies readonly OperationSpec[];

export type Operation = (typeof operations)[number];
export type OperationId = Operation['id'];
export type OperationById<I extends OperationId> = Extract<Operation, { id: I }>;

const byId = new Map<string, OperationSpec>(operations.map((o) => [o.id, o]));

export function getOperation<I extends OperationId>(id: I): OperationById<I> {
  const op = byId.get(id);
  if (!op) throw new Error(`unknown operation ${id}`);
  return op as OperationById<I>;
}
