import { describe, expect, it } from 'vitest';
import { sandboxCommand } from './sandbox.js';

const pairs = (args: readonly string[], flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));

describe('sandboxCommand', () => {
  it('binds the job folder read-write, the interpreter prefix read-only, and never a folder holding a hidden one', () => {
    const cmd = sandboxCommand(
      '/usr/bin/bwrap',
      { file: '/opt/py/bin/python3', args: ['train.py', '--lr=1'] },
      { writable: ['/data/work/jobs/j1'], programs: ['/data/venv/bin/python', 'sh'], hidden: ['/data'], network: 'loopback', cwd: '/data/work/jobs/j1/code' },
    );
    expect(cmd.file).toBe('/usr/bin/bwrap');
    expect(pairs(cmd.args, '--bind')).toEqual(['/data/work/jobs/j1']);
    const ro = pairs(cmd.args, '--ro-bind');
    expect(ro).toContain('/opt/py');
    expect(ro).toContain('/usr');
    // /data/venv is inside the hidden data dir: not shown, nor is its bin folder.
    expect(ro.filter((d) => d?.startsWith('/data'))).toEqual([]);
    expect(cmd.args).toContain('--unshare-all');
    expect(cmd.args).not.toContain('--share-net');
    expect(cmd.args.slice(cmd.args.indexOf('--chdir'))).toEqual(['--chdir', '/data/work/jobs/j1/code', '--', '/opt/py/bin/python3', 'train.py', '--lr=1']);
  });

  it('shares the host network only when asked (workers of one job talking to each other)', () => {
    const cmd = sandboxCommand('/usr/bin/bwrap', { file: '/bin/sh', args: [] }, { writable: ['/w'], programs: [], hidden: [], network: 'host', cwd: '/w' });
    expect(cmd.args).toContain('--share-net');
  });

  it('binds the readOnly folders read-only even inside a hidden one (a model server and its model)', () => {
    const cmd = sandboxCommand(
      '/usr/bin/bwrap',
      { file: '/usr/bin/python3', args: ['server.py'] },
      { writable: ['/data/work/services/s1'], readOnly: ['/data/models/m1'], programs: [], hidden: ['/data'], network: 'host', cwd: '/data/models/m1/model' },
    );
    expect(pairs(cmd.args, '--ro-bind').filter((d) => d?.startsWith('/data'))).toEqual(['/data/models/m1']);
    expect(pairs(cmd.args, '--bind')).toEqual(['/data/work/services/s1']);
  });
});
