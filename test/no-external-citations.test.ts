/**
 * The repository explains itself: code, tests, SQL, scripts and docs never cite the team's design notes or research
 * files, which are not in the repository, so a reader could not follow the citation. State the fact, or point to
 * `docs/`. The manual is public and named in the docs, so "manual §6.4" or "Table 8-1" stays allowed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const self = relative(repo, fileURLToPath(import.meta.url));

/** Folders never scanned: dependencies, build output and git's own. */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', '.git']);
/** Source, test, SQL, script and documentation files; `.ci/run` has no extension. */
const SCANNED = /\.(ts|mts|cts|js|mjs|cjs|py|sql|sh|md|json)$/;
const SKIP_FILES = new Set(['package-lock.json', self]);

/** What a citation of a file outside the repository looks like. */
const PATTERNS: readonly { name: string; re: RegExp }[] = [
  { name: 'a path to ../shared', re: /\.\.\/shared\b/ },
  { name: 'a path into reference/', re: /(^|[^\w-])reference\// },
  { name: '"reference §…" (or "reference <file> §…")', re: /\breference(\s+[\w-]+)?\s+§/i },
  { name: 'DESIGN or STYLE (the design notes)', re: /\bDESIGN\b|\bSTYLE\.md\b/ },
  {
    name: 'a research file by name',
    re: /\brest-[a-z-]+\.md\b|\b(runtime-conventions|dataset-formats|s3-compat|rest-auth-obs-datasets|rest-training-models-services|rest-lite-server)\b/,
  },
];

/** A `§` cites the manual only when "manual" comes shortly before it on the same line. */
const SECTION_SIGN = /§\s*\d/g;
const MANUAL_WINDOW = 24;

function scannedFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) scannedFiles(join(dir, entry.name), out);
      continue;
    }
    const path = relative(repo, join(dir, entry.name));
    if (SKIP_FILES.has(path)) continue;
    if (SCANNED.test(entry.name) || path === join('.ci', 'run')) out.push(path);
  }
  return out;
}

/** Every line of `text` citing a file outside the repository, as `path:line: what — text`. */
function externalCitations(path: string, text: string): string[] {
  const hits: string[] = [];
  text.split('\n').forEach((line, i) => {
    const found = PATTERNS.filter((p) => p.re.test(line)).map((p) => p.name);
    for (const m of line.matchAll(SECTION_SIGN)) {
      const before = line.slice(Math.max(0, m.index - MANUAL_WINDOW), m.index);
      if (!/manual/i.test(before)) found.push('a bare § section number (only the manual may be cited by section)');
    }
    for (const what of new Set(found)) hits.push(`${path}:${i + 1}: ${what} — ${line.trim()}`);
  });
  return hits;
}

describe('no citations of files outside the repository', () => {
  it('finds each kind of citation and lets manual citations through', () => {
    const bad = [
      '// see ../shared/DESIGN.md',
      '/** as in reference/s3-compat.md */',
      '/** the state machine (reference §3.8) */',
      '/** order of arguments (reference runtime §1.3) */',
      '/** the seam (DESIGN §9) */',
      '-- rest-training-models-services.md',
      '// runtime-conventions 1.5',
      '/** limits (§10.4) */',
    ];
    for (const line of bad) expect(externalCitations('x.ts', line), line).not.toEqual([]);
    const fine = [
      '// empty folders are not uploaded (manual §6.4)',
      "describe('manual §6.3-6.6 upload/download examples')",
      "/** Table 8-1; the manual's 7.6.2 */",
      '/** `\\r` is kept as a character reference too. */',
      "/** the cloud's REST API documentation calls it a page index */",
    ];
    for (const line of fine) expect(externalCitations('x.ts', line), line).toEqual([]);
  });

  it('holds for every source, test, SQL, script and docs file', () => {
    const files = scannedFiles(repo);
    expect(files).toContain(join('packages', 'contract', 'src', 'common', 'error-codes.ts'));
    expect(files).toContain(join('docs', 'architecture.md'));
    const hits = files.flatMap((f) => externalCitations(f, readFileSync(join(repo, f), 'utf8')));
    expect(hits, `State the fact, or point to docs/:\n${hits.join('\n')}`).toEqual([]);
  });
});
