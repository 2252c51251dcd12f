import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import type { Session } from '../src/index.js';
import { type PlatformFixture, platformFixture } from './fixture.js';

export const MiB = 1024 * 1024;

/** The OBS suites' fixture: a real ModelArts Local and a Session on it. */
export const obsFixture = (): Promise<PlatformFixture> => platformFixture();

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256File(path: string): Promise<string> {
  return sha256Stream(createReadStream(path));
}

export async function sha256Stream(s: Readable): Promise<string> {
  const h = createHash('sha256');
  for await (const c of s) h.update(c as Buffer);
  return h.digest('hex');
}

/** Writes `files` (relative path -> bytes) under `root`; returns relative path -> sha256. */
export function writeTree(root: string, files: Record<string, Buffer | string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rel, data] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, data);
    out[rel] = sha256(data);
  }
  return out;
}

/** Relative path -> sha256 of every file under `root` (empty folders show as nothing). */
export async function hashTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out[relative(root, p).split('\\').join('/')] = await sha256File(p);
    }
  };
  await walk(root);
  return out;
}

/** Every folder under `root` (relative), to check that empty folders were not created. */
export function foldersOf(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const p = join(d, e.name);
      out.push(relative(root, p));
      walk(p);
    }
  };
  walk(root);
  return out.sort();
}

export function randomFile(path: string, size: number): string {
  mkdirSync(dirname(path), { recursive: true });
  const data = randomBytes(size);
  writeFileSync(path, data);
  return sha256(data);
}

export function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Counts the S3 commands the OBS client sends (once per call, before the client's own retries). */
export function countCommands(session: Session): Map<string, number> {
  const counts = new Map<string, number>();
  session.obs.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '?';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: `count-${Math.random()}` },
  );
  return counts;
}
