import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UsageSeries } from './metrics.js';
import { isProcessAlive, parseProcStat, processStartTicks, processTree, signalTree } from './proc.js';

describe('parseProcStat', () => {
  it('copes with spaces and parentheses in the command name', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[0] = 'S';
    const s = parseProcStat(`1234 (my (weird) cmd) ${fields.join(' ')}`);
    expect(s).toMatchObject({ pid: 1234, state: 'S', ppid: 4, pgrp: 5, cpuTicks: 14 + 15 + 16 + 17, startTicks: 22 });
  });
});

describe('process tree', () => {
  it('finds a detached group with its children, tells pid reuse apart and kills the whole tree', async () => {
    const child = spawn('/bin/sh', ['-c', 'sleep 30 & sleep 30 & wait'], { detached: true, stdio: 'ignore' });
    const pid = child.pid as number;
    await new Promise((r) => setTimeout(r, 200));
    const tree = processTree(pid);
    expect(tree.length).toBeGreaterThanOrEqual(3);
    const start = processStartTicks(pid);
    expect(isProcessAlive(pid, start)).toBe(true);
    expect(isProcessAlive(pid, (start ?? 0) + 1)).toBe(false);
    const exited = new Promise((r) => child.once('exit', r));
    signalTree(pid, 'SIGKILL');
    await exited;
    await new Promise((r) => setTimeout(r, 100));
    for (const p of tree) expect(isProcessAlive(p.pid, p.startTicks), `pid ${p.pid}`).toBe(false);
  });
});

describe('UsageSeries', () => {
  it('averages samples per minute and marks empty minutes -1', () => {
    const s = new UsageSeries(0);
    s.add({ time: 1_000, cpuUsage: 10, memUsage: 1 });
    s.add({ time: 59_000, cpuUsage: 30, memUsage: 3 });
    s.add({ time: 150_000, cpuUsage: 50, memUsage: 5 });
    expect(s.perMinute()).toEqual({ cpuUsage: [20, -1, 50], memUsage: [2, -1, 5] });
  });
});
