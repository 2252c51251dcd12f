import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crc32Sum } from './crc32.js';

describe('crc32Sum', () => {
  it('gives the same CRC-32 with or without Node’s zlib.crc32 (absent before Node 20.15), chunk by chunk', () => {
    const data = randomBytes(300_000);
    const chunks = [data.subarray(0, 1), data.subarray(1, 70_000), data.subarray(70_000)];
    const js = crc32Sum(false);
    const nat = crc32Sum();
    for (const c of chunks) {
      js.update(c);
      nat.update(c);
    }
    expect(js.value()).toBe(nat.value());
    const check = crc32Sum(false);
    check.update(Buffer.from('123456789'));
    expect(check.value()).toBe(0xcbf43926);
  });

  it('no module of the runtime imports a name from node:zlib that Node 20.0 lacks', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    for (const f of ['unzip.ts', 'crc32.ts']) expect(readFileSync(join(dir, f), 'utf8')).not.toMatch(/import \{[^}]*crc32[^}]*\} from 'node:zlib'/);
  });
});
