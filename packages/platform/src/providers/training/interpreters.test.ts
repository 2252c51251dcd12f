import { describe, expect, it } from 'vitest';
import { InterpreterResolver } from './interpreters.js';

describe('InterpreterResolver', () => {
  it('answers the configured command at once, then the binary it starts', async () => {
    const r = new InterpreterResolver();
    expect(r.resolve('python3')).toBe('python3');
    let resolved = 'python3';
    for (let i = 0; i < 200 && resolved === 'python3'; i++) {
      await new Promise((t) => setTimeout(t, 25));
      resolved = r.resolve('python3');
    }
    expect(resolved).toMatch(/^\/.*python/);
    expect(r.resolve('python3 -u')).toBe('python3 -u');
  });

  it('leaves paths and unusable commands as configured', async () => {
    const r = new InterpreterResolver();
    expect(r.resolve('/usr/bin/python3')).toBe('/usr/bin/python3');
    r.resolve('no-such-python-here');
    await new Promise((t) => setTimeout(t, 300));
    expect(r.resolve('no-such-python-here')).toBe('no-such-python-here');
  });
});
