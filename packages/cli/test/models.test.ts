import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliFixture, cliFixture } from './platform.js';
import { PYTHON, writeModelPackage } from './serving-models.js';

let f: CliFixture;
const run = (args: string[]) => f.run(args);

beforeAll(async () => {
  f = await cliFixture('models', { trainingPython: PYTHON });
  await f.session.obs.makeBucket('climodels');
  await f.session.obs.copy(writeModelPackage(join(f.work, 'pkg'), 'sum'), 'obs://climodels/linear/', { keep_last_dir: false });
});
afterAll(async () => {
  await f?.close();
});

describe('modelarts models', () => {
  let id: string;

  it('import --wait from OBS: prints the published model; --json gives the detail', async () => {
    const r = await run([
      'models',
      'import',
      '--source',
      'obs://climodels/linear/',
      '--type',
      'MindSpore',
      '--model-version',
      '1.0.0',
      '--name',
      'cli_linear',
      '--wait',
    ]);
    expect(r.code, r.err).toBe(0);
    const [mid, name, version, status] = r.out.trim().split(' ');
    expect(mid).toMatch(/^[0-9a-f-]{36}$/);
    expect([name, version, status]).toEqual(['cli_linear', '1.0.0', 'published']);
    id = mid as string;
    const j = await run(['--json', 'models', 'get', id]);
    expect(JSON.parse(j.out)).toMatchObject({ model_id: id, model_status: 'published', source_location: 'obs://climodels/linear/' });
  });

  it('import of a local folder with --obs-path uploads it first', async () => {
    const r = await run([
      '--json',
      'models',
      'import',
      '--source',
      join(f.work, 'pkg'),
      '--obs-path',
      'obs://climodels/uploaded/',
      '--type',
      'MindSpore',
      '--model-version',
      '1.0.1',
      '--name',
      'cli_linear',
      '--wait',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ model_version: '1.0.1', model_status: 'published', source_location: 'obs://climodels/uploaded/' });
  });

  it('list: a table, --json the raw page, filters', async () => {
    const t = await run(['models', 'list', '--name', 'cli_linear']);
    expect(t.code).toBe(0);
    expect(t.out.split('\n')[0]).toMatch(/^ID\s+NAME\s+VERSION\s+TYPE\s+STATUS/);
    expect(t.out).toContain('cli_linear');
    const j = await run(['--json', 'models', 'list', '--model-version', '1.0.0', '--status', 'published']);
    expect(JSON.parse(j.out).models.map((m: { model_id: string }) => m.model_id)).toEqual([id]);
  });

  it('get: a human table; an unknown model is an API error, exit 1', async () => {
    const g = await run(['models', 'get', id]);
    expect(g.out).toMatch(/status\s+published/);
    const missing = await run(['models', 'get', '00000000-0000-0000-0000-000000000000']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/ModelArts\.(3001|3507)/);
  });

  it('bad input: a bad version, a missing flag', async () => {
    const bad = await run(['models', 'import', '--source', 'obs://climodels/linear/', '--type', 'MindSpore', '--model-version', '01.0.0']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('model_version');
    const missing = await run(['models', 'import', '--source', 'obs://climodels/linear/', '--model-version', '1.0.0']);
    expect(missing.code).toBe(2); // a usage error
    expect(missing.err).toContain('--type');
  });

  it('delete --cascade removes every version', async () => {
    const d = await run(['--json', 'models', 'delete', id, '--cascade']);
    expect(d.code, d.err).toBe(0);
    expect(JSON.parse(d.out)).toEqual({ model_id: id, deleted: true });
    const j = await run(['--json', 'models', 'list', '--name', 'cli_linear']);
    expect(JSON.parse(j.out).total_count).toBe(0);
  });
});
