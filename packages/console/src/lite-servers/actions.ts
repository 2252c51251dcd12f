import type { LiteServerOperation, LiteServerStatus, LiteServerTransition } from '@modelarts-ts/contract';

/**
 * The actions a Lite Server accepts in its current status, read from the contract's lifecycle table
 * (`LITE_SERVER_TRANSITIONS`, the table the platform enforces), so the console never offers an action the platform
 * would refuse.
 */

/** The actions the list offers: the OS operations need an image and a password, which the SDK and CLI take. */
export const CONSOLE_LITE_ACTIONS = ['start', 'stop', 'reboot', 'delete'] as const satisfies readonly LiteServerOperation[];
export type ConsoleLiteAction = (typeof CONSOLE_LITE_ACTIONS)[number];

export function allowedActions(status: LiteServerStatus, transitions: Readonly<Record<LiteServerOperation, LiteServerTransition>>): ConsoleLiteAction[] {
  return CONSOLE_LITE_ACTIONS.filter((a) => transitions[a].from.includes(status));
}
