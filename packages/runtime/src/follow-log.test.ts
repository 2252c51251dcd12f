import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { followLog } from './follow-log.js';

const dir = mkdtempSync(join(tmpdir(), 'runtime-follow-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('followLog', () => {
  it('waits for the file, yields appended lines and ends after done() with the unfinished last line', async () => {
    const file = join(dir, 'a.log');
    let finished = false;
    const seen: string[] = [];
    const reading = (async () => {
      for await (const line of followLog(file, { pollMs: 20, done: () => finished })) seen.push(line);
    })();
    await new Promise((r) => setTimeout(r, 60));
    appendFileSync(file, 'one\ntw');
    await new Promise((r) => setTimeout(r, 60));
    appendFileSync(file, 'o\r\nthree');
    finished = true;
    await reading;
    expect(seen).toEqual(['one', 'two', 'three']);
  });

  it('starts at an offset and stops on abort', async () => {
    const file = join(dir, 'b.log');
    appendFileSync(file, 'skip\nkeep\n');
    const ac = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const line of followLog(file, { from: 5, pollMs: 20, done: () => false, signal: ac.signal })) seen.push(line);
    })();
    await new Promise((r) => setTimeout(r, 80));
    ac.abort();
    await reading;
    expect(seen).toEqual(['keep']);
  });

  it('splits multi-byte characters across reads correctly', async () => {
    const file = join(dir, 'c.log');
    const line = 'é'.repeat(70_000);
    appendFileSync(file, `${line}\n`);
    const seen: string[] = [];
    for await (const l of followLog(file)) seen.push(l);
    expect(seen).toEqual([line]);
  });
});
