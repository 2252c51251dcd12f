import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform, type TestPlatform, type TestPlatformOptions } from '@modelarts-ts/platform/testing';
import { Session } from '../src/index.js';

export interface PlatformFixture {
  p: TestPlatform;
  session: Session;
  /** A temp folder removed by close(). */
  tempDir: (tag?: string) => string;
  close: () => Promise<void>;
}

/**
 * A real ModelArts Local (127.0.0.1, port 0, temp data dir), an AK/SK Session on it, and temp folders removed at
 * the end. OBS checkpoints go to a temp cache dir: those of the failure tests stay behind by design.
 */
export async function platformFixture(options: TestPlatformOptions = {}): Promise<PlatformFixture> {
  process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'ma-cache-'));
  const dirs: string[] = [process.env.XDG_CACHE_HOME];
  const p = await startPlatform(options);
  const session = new Session({
    access_key: p.credentials.access_key,
    secret_key: p.credentials.secret_key,
    project_id: p.credentials.project_id,
    region_name: p.credentials.region_name,
    endpoint: p.endpoint,
  });
  return {
    p,
    session,
    tempDir: (tag = 'sdk') => {
      const d = mkdtempSync(join(tmpdir(), `ma-${tag}-`));
      dirs.push(d);
      return d;
    },
    close: async () => {
      await session.close();
      await p.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
