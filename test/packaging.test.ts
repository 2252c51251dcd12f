/**
 * The packages as a user outside this repository gets them: `npm pack` of every package, installed into empty
 * projects under the temp dir (so nothing resolves from this repository's node_modules), from the npm cache.
 *
 * better-sqlite3 compiles from source where no prebuilt binary can be downloaded, which takes minutes on a small
 * machine. This repository's own install has just built the same version for the same Node, so by default the
 * test copies that binary into the temp project; MODELARTS_TEST_BUILD_NATIVE=1 (set by .ci/run) builds it there.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlatform, type TestPlatform } from '@modelarts-ts/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['contract', 'runtime', 'sdk', 'console', 'platform', 'cli'] as const;
const rootPkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

let work: string;
let tgz: Record<(typeof PACKAGES)[number], string>;

/** The environment of a user's shell: none of the test runner's variables, and a private data dir and cache. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: join(work, 'cache'), MODELARTS_LOCAL_DATA_DIR: join(work, 'data'), ...extra };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'NODE_OPTIONS' || k.startsWith('npm_')) delete env[k];
  return env;
}

/**
 * Runs a command to its end without blocking this process (a test's platform runs in it, and the test runner talks
 * to it): its exit status and output; killed after `timeoutMs`.
 */
function sh(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = userEnv(),
  timeoutMs = 300_000,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', fail);
    child.once('close', (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

/** An empty project that installs `specs` (tarballs, pinned registry packages) from the npm cache. */
async function project(name: string, specs: string[]): Promise<string> {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  const r = await sh('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...specs], dir);
  if (r.status !== 0) throw new Error(`npm install in ${name} failed: ${r.stderr}`);
  return dir;
}

/** better-sqlite3's native binary in `dir`: built there, or the identical build of this repository copied in. */
async function provideSqlite(dir: string): Promise<void> {
  const installed = join(dir, 'node_modules', 'better-sqlite3');
  const ours = join(repo, 'node_modules', 'better-sqlite3');
  const version = (p: string) => (JSON.parse(readFileSync(join(p, 'package.json'), 'utf8')) as { version: string }).version;
  const built = join(ours, 'build', 'Release', 'better_sqlite3.node');
  if (process.env.MODELARTS_TEST_BUILD_NATIVE !== '1' && existsSync(built) && version(ours) === version(installed)) {
    mkdirSync(join(installed, 'build', 'Release'), { recursive: true });
    cpSync(built, join(installed, 'build', 'Release', 'better_sqlite3.node'));
    return;
  }
  const r = await sh('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts'], dir, userEnv(), 900_000);
  if (r.status !== 0) throw new Error(`building better-sqlite3 failed: ${r.stderr}`);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ma-packaging-'));
  const out = join(work, 'tgz');
  mkdirSync(out);
  const packed = await sh('npm', ['pack', '--silent', ...PACKAGES.flatMap((p) => ['-w', `packages/${p}`]), '--pack-destination', out], repo, {
    ...process.env,
  });
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
  const files = readdirSync(out);
  tgz = Object.fromEntries(
    PACKAGES.map((p) => {
      const f = files.find((x) => x.startsWith(`modelarts-ts-${p}-`));
      if (!f) throw new Error(`npm pack made no tarball for ${p}: ${files.join(', ')}`);
      return [p, join(out, f)];
    }),
  ) as typeof tgz;
}, 120_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('every package, installed from its tarball in an empty project', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project('full', [...PACKAGES.map((p) => tgz[p]), `tsx@${rootPkg.devDependencies.tsx}`]);
    await provideSqlite(dir);
  }, 900_000);

  it('runs the README example against an embedded Session.local(), twice, without warnings', async () => {
    const example = join(repo, 'examples', 'quickstart');
    cpSync(join(example, 'quickstart.ts'), join(dir, 'quickstart.ts'));
    cpSync(join(example, 'my-code'), join(dir, 'my-code'), { recursive: true });
    for (const run of [1, 2]) {
      const r = await sh('npx', ['--no-install', 'tsx', 'quickstart.ts'], dir);
      expect(r.status, `run ${run}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^job \S+: Completed$/m);
      expect(r.stderr).not.toMatch(/warning/i);
    }
  }, 300_000);

  it('has the modelarts command: `npx --no-install modelarts --help` exits 0', async () => {
    const r = await sh('npx', ['--no-install', 'modelarts', '--help'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: modelarts /);
  });

  it('ships the built console, and the platform finds it: three files, no source maps', async () => {
    const r = await sh('node', ['--input-type=module', '-e', "import { consoleRoot } from '@modelarts-ts/console'; console.log(consoleRoot)"], dir);
    expect(r.status, r.stderr).toBe(0);
    const root = r.stdout.trim();
    expect(root.startsWith(join(dir, 'node_modules'))).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['app.css', 'app.js', 'index.html']);
  });
});

describe('the SDK and the CLI without the platform', () => {
  let dir: string;
  let p: TestPlatform;
  beforeAll(async () => {
    dir = await project('sdk-only', [tgz.contract, tgz.runtime, tgz.sdk, tgz.cli]);
    p = await startPlatform();
  }, 600_000);
  afterAll(async () => {
    await p?.close();
  });

  it('installs no platform and no native SQLite', () => {
    expect(existsSync(join(dir, 'node_modules', '@modelarts-ts', 'platform'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules', 'better-sqlite3'))).toBe(false);
  });

  it('talks to a running platform; Session.local() with none running says how to install the platform', async () => {
    const c = p.credentials;
    writeFileSync(
      join(dir, 'main.mjs'),
      `import { Session } from '@modelarts-ts/sdk';
const s = new Session(${JSON.stringify({ access_key: c.access_key, secret_key: c.secret_key, project_id: c.project_id, region_name: c.region_name, endpoint: p.endpoint })});
await s.obs.makeBucket('packaging');
await s.obs.write('obs://packaging/hello.txt', 'hello');
let text = '';
for await (const chunk of await s.obs.read('obs://packaging/hello.txt')) text += chunk;
const flavors = await s.client.trainingJobs.flavors();
console.log(JSON.stringify({ text, flavors: flavors.flavors.length }));
await s.close();
try {
  await Session.local({ data_dir: process.argv[2] });
  console.log(JSON.stringify({ local: 'started' }));
} catch (e) {
  console.log(JSON.stringify({ local: e.name, message: e.message }));
}
`,
    );
    const r = await sh('node', ['main.mjs', join(work, 'no-platform-here')], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const [remote, local] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(remote).toMatchObject({ text: 'hello' });
    expect(remote?.flavors).toBeGreaterThan(0);
    expect(local?.local).toBe('ConfigError');
    expect(local?.message).toContain('@modelarts-ts/platform is not installed');
    expect(local?.message).toContain('npm install @modelarts-ts/platform');
  });

  it('the CLI works against a running platform, and `local start` says how to install the platform', async () => {
    const c = p.credentials;
    const env = userEnv({ HUAWEICLOUD_SDK_AK: c.access_key, HUAWEICLOUD_SDK_SK: c.secret_key, MODELARTS_REGION: c.region_name });
    const flavors = await sh('npx', ['--no-install', 'modelarts', '--endpoint', p.endpoint, '--json', 'jobs', 'flavors'], dir, env);
    expect(flavors.status, flavors.stderr).toBe(0);
    expect((JSON.parse(flavors.stdout) as { flavors: unknown[] }).flavors.length).toBeGreaterThan(0);

    const start = await sh('npx', ['--no-install', 'modelarts', 'local', 'start', '--port', '0', '--data-dir', join(work, 'cli-data')], dir);
    expect(start.status).toBe(1);
    expect(start.stderr).toContain('not installed');
    expect(start.stderr).toContain('npm install @modelarts-ts/platform');
  });
});
