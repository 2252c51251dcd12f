#!/usr/bin/env node
// The `modelarts` command. Committed (not built) so that npm links it on the first `npm install` of a clone; it
// loads the compiled CLI and, when that is missing, says how to build it instead of failing with a module error.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
if (!existsSync(dist)) {
  process.stderr.write(
    `modelarts: the CLI is not built (${dist} is missing).\n` +
      'In a clone of ModelArts TS, build it once with `npm run build` at the repository root, then run `npx modelarts --help`.\n',
  );
  process.exit(1);
}
await import('../dist/bin.js');
