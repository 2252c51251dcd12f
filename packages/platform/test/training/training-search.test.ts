import type { TrainingJobSearchBody } from '@modelarts-ts/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, expectCode, type Fixture, jobBody, trainingFixture } from './helpers.js';

let f: Fixture;
let c: Client;
let t0 = 0;
let tMid = 0;
const ids: Record<string, string> = {};

/** Jobs whose bucket does not exist end in Abnormal/CreateFailed at once: search needs no processes. */
async function make(name: string): Promise<void> {
  const job = await c.create(jobBody(name, { code_dir: 'obs://no-bucket-here/code/', boot_file: 'a.py' }));
  ids[name] = job.metadata.id;
  await new Promise((r) => setTimeout(r, 5));
}

beforeAll(async () => {
  f = await trainingFixture();
  c = f.client;
  t0 = Date.now();
  for (const n of ['search-a-1', 'search-a-2', 'search-a-3']) await make(n);
  tMid = Date.now();
  await new Promise((r) => setTimeout(r, 5));
  for (const n of ['search-a-4', 'search-a-5', 'search-b-1', 'search-b-2']) await make(n);
  for (const id of Object.values(ids)) await c.waitPhase(id, ['Abnormal']);
});
afterAll(async () => {
  await f?.close();
});

const search = (body: TrainingJobSearchBody) => c.call('trainingJobs.search', { body });
const names = (r: { items: Array<{ metadata: { name: string } }> }) => r.items.map((j) => j.metadata.name);

describe('training job search', () => {
  it('filters by name with like, in and not; total counts every job of the project', async () => {
    const like = await search({ filters: [{ key: 'name', operator: 'like', value: ['search-a'] }] });
    expect(like).toMatchObject({ total: 7, count: 5, offset: 0, limit: 10, sort_by: 'create_time', order: 'desc', ai_project: 'default-ai-project' });
    expect(names(like)).toEqual(['search-a-5', 'search-a-4', 'search-a-3', 'search-a-2', 'search-a-1']);
    expect(names(await search({ filters: [{ key: 'name', operator: 'in', value: ['search-b-1', 'nope'] }] }))).toEqual(['search-b-1']);
    expect((await search({ filters: [{ key: 'name', operator: 'not', value: ['search-b-1', 'search-b-2'] }] })).count).toBe(5);
    // % and _ are literal characters, not wildcards.
    expect((await search({ filters: [{ key: 'name', operator: 'like', value: ['%'] }] })).count).toBe(0);
  });

  it('counts offset in records, as the manual says ("1 starts from the second one"), sorted as asked', async () => {
    const page = (offset: number) =>
      search({ offset, limit: 2, sort_by: 'name', order: 'asc', filters: [{ key: 'name', operator: 'like', value: ['search-a'] }] });
    expect(names(await page(0))).toEqual(['search-a-1', 'search-a-2']);
    expect(names(await page(1))).toEqual(['search-a-2', 'search-a-3']);
    expect(names(await page(4))).toEqual(['search-a-5']);
    expect(names(await page(5))).toEqual([]);
    expect((await page(3)).offset).toBe(3);
  });

  it('filters by phase, kind and create_time', async () => {
    expect((await search({ filters: [{ key: 'phase', operator: 'in', value: ['Abnormal'] }] })).count).toBe(7);
    expect((await search({ filters: [{ key: 'phase', operator: 'not', value: ['Abnormal'] }] })).count).toBe(0);
    expect((await search({ filters: [{ key: 'phase', operator: 'in', value: ['Running', 'Pending'] }] })).count).toBe(0);
    expect((await search({ filters: [{ key: 'kind', operator: 'in', value: ['job'] }] })).count).toBe(7);
    const early = await search({ filters: [{ key: 'create_time', operator: 'between', value: [String(t0), String(tMid)] }] });
    expect(names(early).sort()).toEqual(['search-a-1', 'search-a-2', 'search-a-3']);
    const both = await search({
      filters: [
        { key: 'create_time', operator: 'between', value: [String(tMid), String(Date.now())] },
        { key: 'name', operator: 'like', value: ['search-b'] },
      ],
    });
    expect(names(both).sort()).toEqual(['search-b-1', 'search-b-2']);
    expect((await search({ workspace_id: '0' })).count).toBe(7);
  });

  it('refuses unsupported filters and sorts with the cloud codes', async () => {
    await expectCode(search({ filters: [{ key: 'owner', operator: 'in', value: ['x'] }] }), 'ModelArts.2807');
    await expectCode(search({ filters: [{ key: 'name', operator: 'between', value: ['a', 'b'] }] }), 'ModelArts.2808');
    await expectCode(search({ filters: [{ key: 'phase', operator: 'in', value: ['Sleeping'] }] }), 'ModelArts.2809');
    await expectCode(search({ filters: [{ key: 'create_time', operator: 'between', value: ['1'] }] }), 'ModelArts.2809');
    await expectCode(search({ filters: [{ key: 'name', operator: 'like', value: [] }] }), 'ModelArts.2789');
    await expectCode(search({ sort_by: 'colour' }), 'ModelArts.2790');
    await expectCode(search({ limit: 51 }), 'ModelArts.2788');
    await expectCode(search({ limit: 0 }), 'ModelArts.2788');
  });
});
