import { describe, expect, it } from 'vitest';
import { LITE_SERVER_FAILURE, LITE_SERVER_STATUSES, LITE_SERVER_TRANSIENT, LITE_SERVER_TRANSITIONS, litePasswordProblem } from './lite-servers.js';

describe('Lite Server password rules', () => {
  it.each([
    ['Str0ng!Passw0rd', undefined],
    ['abcDEF12', undefined],
    ['abc$DEF^', undefined],
    ['Ab1!', /8 to 26/],
    ['Abcdefgh1!Abcdefgh1!Abcdef1', /8 to 26/],
    ['password1', /three of/],
    ['PASSWORD!', /three of/],
    ['Root@12345x', /"root"/],
    ['xToor@1234', /"toor"/],
    ['Administrator1!', /"administrator"/],
    ['Abcdefg1#', /may not contain "#"/],
  ])('%s', (p, problem) => {
    const r = litePasswordProblem(p);
    if (problem === undefined) expect(r).toBeUndefined();
    else expect(r).toMatch(problem);
  });
});

describe('Lite Server transition table', () => {
  it('starts operations only from settled statuses, passes through a transient one, and ends in a known status', () => {
    for (const [op, t] of Object.entries(LITE_SERVER_TRANSITIONS)) {
      for (const s of t.from) expect(LITE_SERVER_TRANSIENT, `${op} from ${s}`).not.toContain(s);
      expect(LITE_SERVER_TRANSIENT, op).toContain(t.via);
      expect(LITE_SERVER_STATUSES, op).toContain(t.to);
      expect(LITE_SERVER_FAILURE, op).toContain(t.failed);
    }
  });
});
