import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform, type TestPlatform, type TestPlatformOptions } from '@modelarts-ts/platform/testing';
import { Session } from '@modelarts-ts/sdk';
import { main } from '../src/main.js';
import { capture } from './io.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** A real ModelArts Local, the CLI's environment for it, an SDK session to set the scene, and a temp HOME. */
export interface CliFixture {
  p: TestPlatform;
  /** A temp folder (the CLI's HOME), removed by close(). */
  work: string;
  env: Record<string, string>;
  session: Session;
  /** `modelarts --endpoint <platform> ...args`, in-process; `tty` makes stderr a terminal. */
  run(args: string[], tty?: boolean): Promise<CliRun>;
  close(): Promise<void>;
}

export async function cliFixture(tag: string, options: TestPlatformOptions = {}): Promise<CliFixture> {
  const p = await startPlatform(options);
  const work = mkdtempSync(join(tmpdir(), `ma-cli-${tag}-`));
  const c = p.credentials;
  const env = {
    HUAWEICLOUD_SDK_AK: c.access_key,
    HUAWEICLOUD_SDK_SK: c.secret_key,
    MODELARTS_REGION: c.region_name,
    MODELARTS_PROJECT_ID: c.project_id,
    HOME: work,
    XDG_CACHE_HOME: join(work, 'cache'),
  };
  const session = new Session({
    access_key: c.access_key,
    secret_key: c.secret_key,
    project_id: c.project_id,
    region_name: c.region_name,
    endpoint: p.endpoint,
  });
  return {
    p,
    work,
    env,
    session,
    run: async (args, tty = false) => {
      const io = capture(tty);
      const code = await main(['--endpoint', p.endpoint, ...args], { ...io, env });
      return { code, out: io.out(), err: io.err() };
    },
    close: async () => {
      await session.close();
      await p.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
