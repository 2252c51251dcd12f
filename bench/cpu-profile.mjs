#!/usr/bin/env node
// Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time, and the total
// (inclusive) time under each function whose name matches `--under=a,b,c`.
//   node bench/cpu-profile.mjs <file.cpuprofile> [--top=30] [--under=proxy,authenticate] [--callers=writev]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** Self and inclusive milliseconds per function of a profile; `idle`, `program` and `garbage collector` included. */
export function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map();
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    // A sample's time is the gap to the next sample.
    const dt = deltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  }
  const key = (n) => {
    const f = n.callFrame;
    const where = f.url
      ? `${f.url
          .replace(/^file:\/\//, '')
          .replace(/.*\/node_modules\//, '~/')
          .replace(/.*\/packages\//, '')}:${f.lineNumber + 1}`
      : '';
    return `${f.functionName || '(anonymous)'} ${where}`.trim();
  };
  const self = new Map();
  const inclusive = new Map();
  /** Self time of a function by the chain of its callers (`depth` frames), for `callers()`. */
  const stacks = [];
  let total = 0;
  for (const [id, us] of selfUs) {
    total += us;
    const n = byId.get(id);
    const k = key(n);
    self.set(k, (self.get(k) ?? 0) + us);
    stacks.push([id, us]);
    // Each function on the stack counts once per sample (recursion does not double count).
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const kk = key(byId.get(cur));
      if (seen.has(kk)) continue;
      seen.add(kk);
      inclusive.set(kk, (inclusive.get(kk) ?? 0) + us);
    }
  }
  const ms = (m) => new Map([...m].map(([k, v]) => [k, v / 1000]));
  /** Where the self time of `name` comes from: its callers `depth` frames up, in ms. */
  const callers = (name, depth = 4) => {
    const out = new Map();
    for (const [id, us] of stacks) {
      if (key(byId.get(id)).split(' ')[0] !== name) continue;
      const chain = [];
      for (let cur = parent.get(id); cur !== undefined && chain.length < depth; cur = parent.get(cur)) chain.push(key(byId.get(cur)));
      const k = chain.join(' < ');
      out.set(k, (out.get(k) ?? 0) + us / 1000);
    }
    return out;
  };
  return { totalMs: total / 1000, self: ms(self), inclusive: ms(inclusive), callers };
}

/** Printable lines for a profile file: sampled, busy, idle and GC seconds, then the top functions by self time. */
export function summaryLines(file, top = 15) {
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')));
  const idle = s.self.get('(idle)') ?? 0;
  const gc = s.self.get('(garbage collector)') ?? 0;
  const busy = s.totalMs - idle;
  const sec = (ms) => (ms / 1000).toFixed(2);
  const lines = [`${basename(file)}: ${sec(s.totalMs)} s sampled, busy ${sec(busy)} s (idle ${sec(idle)} s), GC ${sec(gc)} s`];
  const rows = [...s.self].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]);
  for (const [k, v] of rows.slice(0, top)) lines.push(`  ${v.toFixed(0).padStart(7)} ms ${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k}`);
  return lines;
}

function main(argv) {
  const [file, ...rest] = argv;
  const opt = Object.fromEntries(rest.map((a) => a.replace(/^--/, '').split('=')));
  const top = Number(opt.top ?? 30);
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')));
  const idle = s.self.get('(idle)') ?? 0;
  const busy = s.totalMs - idle;
  console.log(`profile ${file}: ${s.totalMs.toFixed(0)} ms sampled, ${busy.toFixed(0)} ms busy (idle ${idle.toFixed(0)} ms)`);
  console.log('self time (busy %):');
  const rows = [...s.self]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  for (const [k, v] of rows) console.log(`${v.toFixed(0).padStart(8)} ms ${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k}`);
  const under = (opt.under ?? '').split(',').filter(Boolean);
  if (under.length) {
    console.log('inclusive time (busy %):');
    for (const name of under) {
      const hits = [...s.inclusive].filter(([k]) => k.split(' ')[0] === name).sort((a, b) => b[1] - a[1]);
      for (const [k, v] of hits.slice(0, 3)) console.log(`${v.toFixed(0).padStart(8)} ms ${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k}`);
    }
  }
  printCallers(s, busy, (opt.callers ?? '').split(',').filter(Boolean));
}

function printCallers(s, busy, names) {
  for (const name of names) {
    console.log(`callers of ${name}:`);
    const rows = [...s.callers(name, Number(process.env.DEPTH ?? 4))].sort((a, b) => b[1] - a[1]).slice(0, 6);
    for (const [k, v] of rows) console.log(`${v.toFixed(0).padStart(8)} ms ${((100 * v) / busy).toFixed(1).padStart(5)}%  < ${k}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
