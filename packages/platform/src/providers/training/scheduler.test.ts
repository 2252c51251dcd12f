import { describe, expect, it } from 'vitest';
import { admit } from './scheduler.js';

describe('admit', () => {
  it('admits queue heads while they fit, in order', () => {
    expect(
      admit(
        [
          { id: 'a', demand: 2 },
          { id: 'b', demand: 2 },
          { id: 'c', demand: 1 },
        ],
        0,
        4,
      ),
    ).toEqual(['a', 'b']);
  });

  it('is strict FIFO: a head that does not fit blocks smaller jobs behind it', () => {
    expect(
      admit(
        [
          { id: 'big', demand: 4 },
          { id: 'small', demand: 1 },
        ],
        2,
        4,
      ),
    ).toEqual([]);
  });

  it('runs a job bigger than the machine alone instead of never', () => {
    expect(admit([{ id: 'huge', demand: 16 }], 0, 2)).toEqual(['huge']);
    expect(admit([{ id: 'huge', demand: 16 }], 1, 2)).toEqual([]);
  });
});
