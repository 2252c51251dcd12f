import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';

/** A 32-byte signing key kept in `dataDir/name` (mode 0600): made on first use, never logged, never sent. */
export function loadKeyFile(dataDir: string, name: string): Buffer {
  const file = join(dataDir, name);
  try {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    if (key.length === 32) return key;
  } catch {
    // first start: made below
  }
  const key = randomBytes(32);
  writeFileAtomic(file, `${key.toString('hex')}\n`, 0o600);
  return key;
}
