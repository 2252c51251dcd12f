#!/usr/bin/env node
import { main } from './main.js';

const ctrl = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => ctrl.abort());
process.exitCode = await main(process.argv.slice(2), { signal: ctrl.signal });
