import { LITE_SERVER_TRANSIENT, LITE_SERVER_TRANSITIONS } from '@modelarts-ts/contract';
import { describe, expect, it } from 'vitest';
import { allowedActions } from './actions.js';

describe('allowedActions', () => {
  it('offers what the lifecycle allows from each status', () => {
    expect(allowedActions('RUNNING', LITE_SERVER_TRANSITIONS)).toEqual(['stop', 'reboot', 'delete']);
    expect(allowedActions('STOPPED', LITE_SERVER_TRANSITIONS)).toEqual(['start', 'delete']);
    expect(allowedActions('START_FAILED', LITE_SERVER_TRANSITIONS)).toEqual(['start', 'delete']);
    expect(allowedActions('ERROR', LITE_SERVER_TRANSITIONS)).toEqual(['delete']);
  });

  it('offers nothing while an operation runs', () => {
    for (const s of LITE_SERVER_TRANSIENT) expect(allowedActions(s, LITE_SERVER_TRANSITIONS), s).toEqual([]);
  });
});
