import { describe, expect, it } from 'vitest';
import { bootCommand, shellCommand, shellQuote, trainingArgs } from './command.js';

describe('trainingArgs', () => {
  it('puts input channels, then output channels, then hyper-parameters, each as --name=value', () => {
    const args = trainingArgs(
      [{ name: 'data_url', path: '/j/inputs/data_url_0' }],
      [{ name: 'train_url', path: '/j/outputs/train_url_0' }],
      [
        { name: 'epochs', value: '2' },
        { name: 'lr', value: 0.1 },
      ],
    );
    expect(args).toEqual(['--data_url=/j/inputs/data_url_0', '--train_url=/j/outputs/train_url_0', '--epochs=2', '--lr=0.1']);
  });

  it('renders a parameter without a value (or true) as a bare flag and leaves false out', () => {
    expect(
      trainingArgs([], [], [{ name: 'dist' }, { name: 'a', value: true }, { name: 'b', value: false }, { name: 'c', value: null }, { name: 'd', value: '' }]),
    ).toEqual(['--dist', '--a', '--c', '--d=']);
  });

  it('keeps values verbatim, spaces and equals signs included (no shell is involved)', () => {
    expect(
      trainingArgs(
        [],
        [],
        [
          { name: 'img-size', value: '640,640' },
          { name: 'q', value: 'a b=c' },
        ],
      ),
    ).toEqual(['--img-size=640,640', '--q=a b=c']);
  });
});

describe('bootCommand', () => {
  it('runs .py with python3 unless told otherwise', () => {
    expect(bootCommand('/c/train.py', ['--x=1'])).toEqual({ file: 'python3', args: ['/c/train.py', '--x=1'] });
    expect(bootCommand('/c/train.py', [], { python: '/opt/py/bin/python' })).toEqual({ file: '/opt/py/bin/python', args: ['/c/train.py'] });
  });

  it('lets script_interpreter win, with its options split off', () => {
    expect(bootCommand('/c/train.py', ['--a'], { override: 'python3 -u', python: 'x' })).toEqual({ file: 'python3', args: ['-u', '/c/train.py', '--a'] });
  });

  it('runs .js and .mjs with node and anything else directly', () => {
    expect(bootCommand('/c/train.mjs', []).file).toBe(process.execPath);
    expect(bootCommand('/c/train.js', [], { node: 'node18' })).toEqual({ file: 'node18', args: ['/c/train.js'] });
    expect(bootCommand('/c/run.sh', ['--a'])).toEqual({ file: '/c/run.sh', args: ['--a'] });
  });
});

describe('shellCommand', () => {
  it('appends the arguments, quoted for /bin/sh', () => {
    expect(shellCommand('python3 train.py', ['--data_url=/x y', "--n=it's"])).toEqual({
      file: '/bin/sh',
      args: ['-c', `python3 train.py '--data_url=/x y' '--n=it'\\''s'`],
    });
    expect(shellCommand('echo hi', [])).toEqual({ file: '/bin/sh', args: ['-c', 'echo hi'] });
    expect(shellQuote('--a=b/c.d')).toBe('--a=b/c.d');
    expect(shellQuote('$(rm -rf /)')).toBe(`'$(rm -rf /)'`);
  });
});
