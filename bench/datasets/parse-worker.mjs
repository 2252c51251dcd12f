// One side of the manifest-parse benchmark, in a process of its own so that its peak RSS is its own:
// `node parse-worker.mjs sdk|plain <file>` prints {lines, seconds, startRssMiB, peakRssMiB} as JSON.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Manifest } from '@modelarts-ts/sdk';

const [mode, file] = process.argv.slice(2);
const startRssMiB = process.memoryUsage.rss() / 1048576;
const t0 = process.hrtime.bigint();
let lines = 0;
if (mode === 'sdk') {
  // Read a field of each sample, as a caller would.
  for await (const sample of Manifest.iterateManifest(file)) if (sample.source) lines++;
} else {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() === '') continue;
    if (JSON.parse(line).source) lines++;
  }
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
// maxRSS is in KiB on Linux.
console.log(JSON.stringify({ lines, seconds, startRssMiB, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
