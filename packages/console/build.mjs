// Bundles the console into dist/ (index.html, app.js, app.css): no source maps, no CDN, nothing fetched at run time.
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as contract from '@modelarts-ts/contract';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');

// The client builds requests from the contract's routes; only method and path ship (the schemas stay on the server).
const routes = Object.fromEntries(contract.operations.map((o) => [o.id, { method: o.method, path: o.path }]));
// The contract's plain constants (status lists, limits: SCREAMING_CASE, JSON, not schemas), for src/contract.ts.
const isPlain = (v) =>
  v === null ||
  ['string', 'number', 'boolean'].includes(typeof v) ||
  (typeof v === 'object' && Object.getOwnPropertySymbols(v).length === 0 && Object.values(v).every(isPlain));
const constants = Object.fromEntries(Object.entries(contract).filter(([k, v]) => /^[A-Z][A-Z0-9_]+$/.test(k) && k !== 'ERROR_CODES' && isPlain(v)));

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await build({
  absWorkingDir: here,
  entryPoints: { app: 'src/main.tsx' },
  outdir: dist,
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: false,
  legalComments: 'none',
  define: { __OPERATIONS__: JSON.stringify(routes), __CONTRACT_CONSTANTS__: JSON.stringify(constants) },
  logLevel: 'warning',
});
copyFileSync(join(here, 'src', 'index.html'), join(dist, 'index.html'));

let raw = 0;
let zipped = 0;
const lines = [];
for (const f of ['index.html', 'app.js', 'app.css']) {
  const bytes = readFileSync(join(dist, f));
  const gz = gzipSync(bytes, { level: 9 }).length;
  raw += statSync(join(dist, f)).size;
  zipped += gz;
  lines.push(`  ${f.padEnd(11)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  ${(gz / 1024).toFixed(1).padStart(6)} KB gzipped`);
}
console.log(`console: dist/ ${(raw / 1024).toFixed(1)} KB, ${(zipped / 1024).toFixed(1)} KB gzipped\n${lines.join('\n')}`);
const LIMIT = 300 * 1024;
if (zipped > LIMIT) {
  console.error(`console: the shipped console must stay under ${LIMIT / 1024} KB gzipped`);
  process.exit(1);
}
