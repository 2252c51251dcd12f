import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlatform, type TestPlatform } from '@modelarts-ts/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { capture } from './io.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const doc = readFileSync(resolve(repo, 'docs/cli.md'), 'utf8');

/** The shell lines of the page's `sh` blocks, continuation lines joined and comments dropped. */
function shellLines(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  return blocks.flatMap((b) =>
    b
      .replace(/\\\n\s*/g, '')
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter(Boolean),
  );
}

let p: TestPlatform;
const cwd = process.cwd();
beforeAll(async () => {
  p = await startPlatform({ trainingCpuCapacity: 64 });
});
afterAll(async () => {
  process.chdir(cwd);
  await p?.close();
});

describe('docs/cli.md examples', () => {
  it('run as written against ModelArts Local, twice', async () => {
    const lines = shellLines(doc);
    expect(lines.filter((l) => l.startsWith('modelarts jobs submit')).length).toBeGreaterThan(0);
    // As a user with `npm start` running: no credentials configured, the platform found on the data dir.
    const env = { HOME: repo, MODELARTS_LOCAL_DATA_DIR: p.dataDir };
    for (const round of [1, 2]) {
      process.chdir(repo);
      for (const line of lines) {
        const [cmd, ...args] = line.split(/\s+/);
        if (cmd === 'cd') {
          process.chdir(resolve(process.cwd(), args[0] as string));
          continue;
        }
        expect(cmd, line).toBe('modelarts');
        const io = capture();
        const code = await main(args, { ...io, env });
        expect(code, `round ${round}: ${line}\n${io.err()}`).toBe(0);
        if (line.startsWith('modelarts jobs submit')) expect(io.err()).toMatch(/: Completed$/m);
      }
    }
  });
});
