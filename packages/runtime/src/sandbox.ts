import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import type { ProgramCommand } from './command.js';
import { isInside } from './safe-path.js';

/**
 * User code (training workers, model servers) in a bubblewrap (`bwrap`) sandbox: a new mount, PID, IPC,
 * UTS and user namespace whose file system is an empty root with only the system folders and the
 * interpreters read-only, and the process's own folders read-write. The platform's data dir (its key,
 * password and database) is not in it. See docs/security.md.
 */

/** What isolation user code gets on this machine, and why when it is none. */
export type Isolation = { sandbox: true; bwrap: string } | { sandbox: false; reason: string };

export interface SandboxOptions {
  /** Folders the process reads and writes (its job or service folder), at the same paths. */
  writable: readonly string[];
  /** Interpreters and programs it runs: their install prefix (e.g. a venv or a pyenv version) is visible read-only. */
  programs: readonly string[];
  /** Further folders it only reads (a model and its installed packages), at the same paths; may lie inside `hidden`. */
  readOnly?: readonly string[] | undefined;
  /** Never made visible, even as part of a program's prefix (the platform's data dir). */
  hidden: readonly string[];
  /** `loopback`: a network namespace of its own with only `lo`; `host`: this machine's network (workers of one job talking to each other). */
  network: 'loopback' | 'host';
  /** Working directory inside the sandbox (one of the writable folders or below). */
  cwd: string;
  /** PATH to find bare program names on (default this process's). */
  path?: string | undefined;
}

/** Always visible read-only when present: the system's programs, libraries and configuration. */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc'];
const SYSTEM_PREFIXES = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

let detected: Isolation | undefined;

/**
 * Whether user code can be sandboxed here: `bwrap` on PATH and allowed to create namespaces (a container
 * may forbid user namespaces). Checked once per process by running `true` in a sandbox.
 */
export function detectIsolation(path = process.env.PATH ?? ''): Isolation {
  if (detected) return detected;
  const bwrap = findProgram('bwrap', path);
  if (!bwrap) {
    detected = { sandbox: false, reason: 'bubblewrap (bwrap) is not installed; on Debian or Ubuntu: apt-get install bubblewrap' };
    return detected;
  }
  const probe = spawnSync(bwrap, [...baseArgs('loopback'), '--', '/bin/true'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.status === 0) detected = { sandbox: true, bwrap };
  else {
    const why = (probe.stderr || probe.error?.message || `exit ${probe.status}`).trim().split('\n')[0];
    detected = { sandbox: false, reason: `bwrap cannot create a sandbox here (${why}); user namespaces may be disabled on this machine or container` };
  }
  return detected;
}

/** `bwrap <options> -- <command>`: the command run inside the sandbox. */
export function sandboxCommand(bwrap: string, command: ProgramCommand, o: SandboxOptions): ProgramCommand {
  const args = baseArgs(o.network);
  const readOnly = new Set<string>();
  for (const p of [command.file, ...o.programs]) for (const dir of programDirs(p, o.hidden, o.path ?? process.env.PATH ?? '')) readOnly.add(dir);
  for (const dir of o.readOnly ?? []) readOnly.add(dir);
  for (const dir of readOnly) args.push('--ro-bind', dir, dir);
  for (const dir of o.writable) args.push('--bind', dir, dir);
  args.push('--chdir', o.cwd, '--', command.file, ...command.args);
  return { file: bwrap, args };
}

/** Describes an isolation for a job's events. */
export function describeIsolation(i: Isolation, network: SandboxOptions['network']): string {
  if (!i.sandbox) return `Isolation: none: ${i.reason}. The training code runs as the platform's user and can read what that user can.`;
  const net = network === 'loopback' ? 'the loopback network only' : "this machine's network (shared by the job's workers)";
  return `Isolation: sandbox (bubblewrap): the training code sees only its job folder, the interpreter and system folders read-only, and ${net}.`;
}

function baseArgs(network: SandboxOptions['network']): string[] {
  // No --die-with-parent: like a plain worker, a sandboxed one outlives a platform crash and is found again at the next start.
  const args = ['--unshare-all', ...(network === 'host' ? ['--share-net'] : []), '--new-session'];
  for (const dir of SYSTEM_DIRS) {
    if (!existsSync(dir)) continue;
    // Merged /usr: /bin, /lib... are symlinks into /usr; recreate them as links.
    if (lstatSync(dir).isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else args.push('--ro-bind', dir, dir);
  }
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  return args;
}

/** The folders that make a program runnable: its install prefix (`<prefix>/bin/<name>`), for its path and its real path. */
function programDirs(program: string, hidden: readonly string[], path: string): string[] {
  const found = program.includes('/') ? program : findProgram(program, path);
  if (!found || !isAbsolute(found)) return [];
  const dirs: string[] = [];
  for (const p of new Set([found, realpathOr(found)])) {
    if (SYSTEM_PREFIXES.some((s) => p === s || p.startsWith(`${s}/`))) continue;
    // The install prefix, or only the program's folder when the prefix would show a hidden folder (or is `/`).
    const candidates = [dirname(dirname(p)), dirname(p)];
    const dir = candidates.find((c) => c !== '/' && !hidden.some((h) => isInside(c, h) || isInside(h, c)));
    if (dir) dirs.push(dir);
  }
  return dirs;
}

function findProgram(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
