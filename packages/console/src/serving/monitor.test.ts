import type { ServiceMonitor } from '@modelarts-ts/contract';
import { describe, expect, it } from 'vitest';
import { addSnapshot, formatCounters, formatLatency, formatUsage, type MonitorHistory, series } from './monitor.js';

const snapshot = (cpu: number, memory: number): ServiceMonitor => ({
  service_name: 's',
  service_id: 'id',
  service_running_instance_count: 1,
  service_instance_count: 1,
  req_count_per_min: 0,
  monitors: [
    {
      model_id: 'm1',
      model_name: 'm',
      model_version: '0.0.1',
      invocation_times: 0,
      failed_times: 0,
      model_running_instance_count: 1,
      model_instance_count: 1,
      cpu_core_usage: cpu,
      cpu_core_total: 2,
      cpu_memory_usage: memory,
      cpu_memory_total: 4096,
      gpu_usage: 0,
      gpu_total: 0,
      gpu_memory_usage: 0,
      gpu_memory_total: 0,
      npu_usage: 0,
      npu_total: 0,
      npu_memory_usage: 0,
      npu_memory_total: 0,
    },
  ],
});

describe('monitor history', () => {
  it('keeps a rolling window per model and turns it into uPlot columns', () => {
    let h: MonitorHistory = {};
    for (let i = 0; i < 5; i++) h = addSnapshot(h, snapshot(i / 10, 100 + i), 1_000_000 + i * 1000, 3);
    expect(series(h.m1 ?? [], 'cpu')).toEqual([
      [1002, 1003, 1004],
      [0.2, 0.3, 0.4],
    ]);
    expect(series(h.m1 ?? [], 'memory')[1]).toEqual([102, 103, 104]);
  });
});

describe('formatters', () => {
  it('formats sizes, counters, usage and latency', () => {
    expect(formatCounters(0, 0)).toBe('0 calls, none failed');
    expect(formatCounters(12, 1)).toBe('12 calls, 1 failed (8.3%)');
    expect(formatCounters(1, 0)).toBe('1 call, none failed');
    expect(formatUsage(0.254, 2, 'cores')).toBe('0.25 / 2 cores');
    expect(formatUsage(128, 0, 'MB')).toBe('128 MB');
    expect(formatLatency(849.6)).toBe('850 ms');
    expect(formatLatency(1250)).toBe('1.25 s');
  });
});
