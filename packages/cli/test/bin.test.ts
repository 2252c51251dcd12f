import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(cliDir, '../..');
const pkg = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
const binPath = join(cliDir, pkg.bin.modelarts as string);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the modelarts bin entry', () => {
  it('is a committed file (npm links it on the first install of a clone, before anything is built) and is packed', () => {
    expect(pkg.bin.modelarts).not.toMatch(/(^|\/)dist\//);
    expect(() => execFileSync('git', ['ls-files', '--error-unmatch', binPath], { cwd: repo, stdio: 'pipe' })).not.toThrow();
    expect(pkg.files.some((f) => binPath.startsWith(join(cliDir, f)))).toBe(true);
    expect(readFileSync(binPath, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('`npx --no-install modelarts --help` works from the clone and exits 0', () => {
    const r = spawnSync('npx', ['--no-install', 'modelarts', '--help'], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: modelarts /);
  });

  it('without a build says how to build instead of a module error', () => {
    const d = mkdtempSync(join(tmpdir(), 'ma-bin-'));
    dirs.push(d);
    mkdirSync(join(d, 'bin'));
    copyFileSync(binPath, join(d, 'bin', 'modelarts.js'));
    const r = spawnSync(process.execPath, [join(d, 'bin', 'modelarts.js'), '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the CLI is not built');
    expect(r.stderr).toContain('npm run build');
    expect(r.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|at .*\(/);
  });
});
