import { LITE_SERVER_TRANSIENT } from '@modelarts-ts/contract';
import { describe, expect, it } from 'vitest';
import { allowedActions } from './actions.js';

describe('allowedActions', () => {
  it('offers what the lifecycle allows from each status', () => {
    expect(allowedActions('RUNNING')).toEqual(['stop', 'reboot', 'delete']);
    expect(allowedActions('STOPPED')).toEqual(['start', 'delete']);
    expect(allowedActions('START_FAILED')).toEqual(['start', 'delete']);
    expect(allowedActions('ERROR')).toEqual(['delete']);
  });

  it('offers nothing while an operation runs', () => {
    for (const s of LITE_SERVER_TRANSIENT) expect(allowedActions(s), s).toEqual([]);
  });
});
