#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): wall time, idle, GC, and the functions with the most self time.
// `node bench/cpuprofile.mjs <file.cpuprofile> [top]`, or import summarise() from a bench.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Self time (ms) per function of a profile, plus its wall, idle and GC time. */
export function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // timeDeltas[i + 1] is the time from sample i to the next one: what sample i stands for.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  const fns = new Map();
  let idle = 0;
  let gc = 0;
  let total = 0;
  for (const [id, ms] of self) {
    const f = byId.get(id).callFrame;
    total += ms;
    if (f.functionName === '(idle)') idle += ms;
    if (f.functionName === '(garbage collector)') gc += ms;
    const where = f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + ms);
  }
  return { total, idle, gc, busy: total - idle, functions: [...fns.entries()].sort((a, b) => b[1] - a[1]) };
}

function shortUrl(url) {
  if (url.startsWith('node:')) return url;
  const m = /node_modules\/(.+)$/.exec(url) ?? /packages\/(.+)$/.exec(url);
  return m ? m[1] : basename(url);
}

/** Lines to print: the busy share of wall time, then the top functions by self time (share of busy time). */
export function summarise(file, top = 15) {
  const s = selfTimes(JSON.parse(readFileSync(file, 'utf8')));
  const pct = (ms) => `${((100 * ms) / s.busy).toFixed(1).padStart(5)}%`;
  const lines = [
    `${basename(file)}: ${(s.total / 1000).toFixed(2)} s sampled, busy ${(s.busy / 1000).toFixed(2)} s (idle ${(s.idle / 1000).toFixed(2)} s), GC ${(s.gc / 1000).toFixed(2)} s`,
  ];
  for (const [name, ms] of s.functions.filter(([n]) => !n.startsWith('(idle)')).slice(0, top)) {
    lines.push(`  ${ms.toFixed(0).padStart(7)} ms ${pct(ms)}  ${name}`);
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/cpuprofile.mjs <file.cpuprofile> [top]');
    process.exit(2);
  }
  for (const l of summarise(file, Number(top ?? 15))) console.log(l);
}
