import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The process environment minus what the test runner adds, so warnings a user would see are seen here too. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'NODE_OPTIONS') delete env[k];
  return env;
}

describe('the README example', () => {
  it('is examples/quickstart/quickstart.ts, word for word', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(readFileSync(join(here, 'quickstart.ts'), 'utf8'));
    expect(readme).toContain('`npm run quickstart`');
    expect(readme.split('\n').slice(0, 6).join('\n')).toMatch(/npm install && npm start[\s\S]*npm install && npm test/);
  });

  it('runs as documented (`npm run quickstart`), twice on the same platform, without warnings', () => {
    const data = mkdtempSync(join(tmpdir(), 'ma-quickstart-'));
    dirs.push(data);
    const env = userEnv({ MODELARTS_LOCAL_DATA_DIR: join(data, 'local'), XDG_CACHE_HOME: join(data, 'cache') });
    const ids: string[] = [];
    for (const run of [1, 2]) {
      const r = spawnSync('npm', ['run', '--silent', 'quickstart'], { cwd: repo, env, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, `run ${run}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/trained: y = 2\.9\dx \+ 2\.0\d/);
      const m = /^job (\S+): Completed$/m.exec(r.stdout);
      expect(m, r.stdout).not.toBeNull();
      ids.push(m?.[1] as string);
      expect(r.stderr).not.toMatch(/warning/i);
    }
    expect(new Set(ids).size).toBe(2);
  }, 300_000);
});
