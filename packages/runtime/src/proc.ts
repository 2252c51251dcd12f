import { readdirSync, readFileSync } from 'node:fs';

/** The fields of `/proc/<pid>/stat` the runner uses (Linux). */
export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  /** utime + stime + cutime + cstime, in clock ticks: waited-for children's time moves into their parent's. */
  cpuTicks: number;
  /** Start time in clock ticks after boot: with the pid, it identifies a process across pid reuse. */
  startTicks: number;
}

/** Linux's USER_HZ, fixed at 100 on every architecture it exposes to user space. */
export const CLOCK_TICKS_PER_SECOND = 100;

export function parseProcStat(text: string): ProcStat | undefined {
  // The command name is in parentheses and may itself contain spaces and parentheses.
  const close = text.lastIndexOf(')');
  const open = text.indexOf('(');
  if (open < 0 || close < 0) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const f = text
    .slice(close + 2)
    .trim()
    .split(' ');
  // f[0] is field 3 (state); field n is f[n - 3].
  const num = (n: number) => Number(f[n - 3] ?? Number.NaN);
  const stat: ProcStat = {
    pid,
    state: f[0] ?? '?',
    ppid: num(4),
    pgrp: num(5),
    cpuTicks: num(14) + num(15) + num(16) + num(17),
    startTicks: num(22),
  };
  return Number.isFinite(stat.pid) && Number.isFinite(stat.startTicks) ? stat : undefined;
}

export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every process visible in `/proc` (empty where there is no `/proc`). */
export function listProcesses(): ProcStat[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcStat[] = [];
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    const s = readProcStat(Number(n));
    if (s) out.push(s);
  }
  return out;
}

/** A worker's processes: its root, every descendant, and anything still in its process group. */
export function processTree(rootPid: number, all: readonly ProcStat[] = listProcesses()): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const p of all) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  const seen = new Map<number, ProcStat>();
  const stack = all.filter((p) => p.pid === rootPid || p.pgrp === rootPid);
  while (stack.length) {
    const p = stack.pop() as ProcStat;
    if (seen.has(p.pid)) continue;
    seen.set(p.pid, p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return [...seen.values()];
}

export function processStartTicks(pid: number): number | undefined {
  return readProcStat(pid)?.startTicks;
}

/**
 * Whether the process `pid` that started at `startTicks` still runs. A zombie does not count, and a pid
 * reused by another process does not either. Without `/proc` (not Linux) only the pid is checked.
 */
export function isProcessAlive(pid: number, startTicks?: number): boolean {
  const s = readProcStat(pid);
  if (s) return s.state !== 'Z' && (startTicks === undefined || s.startTicks === startTicks);
  try {
    process.kill(pid, 0);
    return startTicks === undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' && startTicks === undefined;
  }
}

/** Sends `signal` to the process group led by `pgid` and to any descendant that left it. Missing processes are ignored. */
export function signalTree(pgid: number, signal: NodeJS.Signals): void {
  const members = processTree(pgid);
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is empty or gone
  }
  for (const p of members) {
    if (p.pgrp === pgid) continue;
    try {
      process.kill(p.pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Whether anything of the tree of `pgid` (group members or descendants) is still alive. */
export function treeAlive(pgid: number): boolean {
  return processTree(pgid).some((p) => p.state !== 'Z');
}

/** Resident memory of a process in bytes, from `/proc/<pid>/status` (0 when unknown). */
export function residentBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1] ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
