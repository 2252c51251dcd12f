import { describe, expect, it } from 'vitest';
import { PagePromise } from './pagination.js';

describe('PagePromise', () => {
  const data = Array.from({ length: 7 }, (_, i) => i);
  const fetched: number[] = [];
  const make = () =>
    new PagePromise(
      async (q: { page: number; size: number }) => {
        fetched.push(q.page);
        return { items: data.slice((q.page - 1) * q.size, q.page * q.size), more: q.page * q.size < data.length };
      },
      { page: 1, size: 3 },
      (p) => p.items,
      (p, q) => (p.more ? { ...q, page: q.page + 1 } : undefined),
    );

  it('await gives the first page only, once', async () => {
    fetched.length = 0;
    const pp = make();
    expect((await pp).items).toEqual([0, 1, 2]);
    expect((await pp).items).toEqual([0, 1, 2]);
    expect(fetched).toEqual([1]);
  });

  it('for await walks every item across pages, lazily', async () => {
    fetched.length = 0;
    const out: number[] = [];
    for await (const x of make()) {
      out.push(x);
      if (x === 4) break;
    }
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(fetched).toEqual([1, 2]);
    expect(await make().all()).toEqual(data);
  });
});
