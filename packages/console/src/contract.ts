/**
 * The contract's plain constants (status lists and the like), as the console may use them at run time. The build
 * copies them from `@modelarts-ts/contract`: importing the package itself would bundle every schema.
 */
import type * as Contract from '@modelarts-ts/contract';

declare const __CONTRACT_CONSTANTS__: Record<string, unknown>;

function constant<K extends keyof typeof Contract>(name: K): (typeof Contract)[K] {
  if (!(name in __CONTRACT_CONSTANTS__)) throw new Error(`the console build carries no contract constant ${String(name)}`);
  return __CONTRACT_CONSTANTS__[name] as (typeof Contract)[K];
}

export const TRAINING_PHASES = constant('TRAINING_PHASES');
export const TRAINING_TERMINAL = constant('TRAINING_TERMINAL');
export const TRAINING_TERMINABLE = constant('TRAINING_TERMINABLE');
export const SERVICE_STATUSES = constant('SERVICE_STATUSES');
export const MODEL_STATUSES = constant('MODEL_STATUSES');
export const DATASET_STATUS = constant('DATASET_STATUS');
export const LITE_SERVER_STATUSES = constant('LITE_SERVER_STATUSES');
export const SERVICE_SERVING = constant('SERVICE_SERVING');
export const SERVICE_TERMINAL = constant('SERVICE_TERMINAL');
export const VERSION_STATUS = constant('VERSION_STATUS');
export const LITE_SERVER_TRANSIENT = constant('LITE_SERVER_TRANSIENT');
export const LITE_SERVER_TRANSITIONS = constant('LITE_SERVER_TRANSITIONS');
