import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES } from '@modelarts-ts/contract';
import { describe, expect, it } from 'vitest';

const doc = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/errors.md'), 'utf8');

describe('docs/errors.md', () => {
  it('lists every code of the error-code table, with its HTTP status', () => {
    const rows = new Map([...doc.matchAll(/^\|\s*(\d{3})\s*\|\s*([A-Za-z]+\.\d+)\s*\|/gm)].map((m) => [m[2] as string, Number(m[1])]));
    const wrong = Object.entries(ERROR_CODES)
      .filter(([code, { status }]) => rows.get(code) !== status)
      .map(([code, { status }]) => `${code} (${status}): ${rows.has(code) ? `documented as ${rows.get(code)}` : 'missing'}`);
    expect(wrong).toEqual([]);
  });
});
