import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_LINK_TTL_SECONDS, LogLinks, loadLinkKey } from './log-links.js';

describe('log links', () => {
  it('keeps one key per data dir, private to the owner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'links-'));
    try {
      const k1 = loadLinkKey(dir);
      expect(k1).toHaveLength(32);
      expect(loadLinkKey(dir).equals(k1)).toBe(true);
      expect(statSync(join(dir, 'training-log-links.key')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts its own links until they expire, and nothing altered', () => {
    let now = 1_700_000_000_000;
    const links = new LogLinks(Buffer.alloc(32, 7), () => now);
    const url = new URL(`http://h${links.sign('job-1', 'worker-0')}`);
    expect(url.pathname).toBe('/-/training-logs/job-1/worker-0');
    const expires = Number(url.searchParams.get('expires'));
    const sig = url.searchParams.get('signature') as string;
    expect(expires).toBe(now / 1000 + LOG_LINK_TTL_SECONDS);
    expect(links.check('job-1', 'worker-0', expires, sig)).toBe('ok');
    expect(links.check('job-1', 'worker-1', expires, sig)).toBe('invalid');
    expect(links.check('job-2', 'worker-0', expires, sig)).toBe('invalid');
    expect(links.check('job-1', 'worker-0', expires + 1, sig)).toBe('invalid');
    expect(new LogLinks(Buffer.alloc(32, 8), () => now).check('job-1', 'worker-0', expires, sig)).toBe('invalid');
    now += (LOG_LINK_TTL_SECONDS + 1) * 1000;
    expect(links.check('job-1', 'worker-0', expires, sig)).toBe('expired');
  });
});
