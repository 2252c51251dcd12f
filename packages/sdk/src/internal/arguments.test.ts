import { Type } from '@modelarts-ts/contract';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../core/error.js';
import { callback, checkArg, checkOptions, closestName, defineSignature, editDistance, instanceOf } from './arguments.js';

const CopyOptions = Type.Object({ keep_last_dir: Type.Optional(Type.Boolean()), concurrency: Type.Optional(Type.Integer({ minimum: 1 })) });
const COPY = defineSignature(
  'session.obs.copy',
  [
    ['src_path', Type.String()],
    ['dst_path', Type.String()],
  ],
  CopyOptions,
);

function thrown(f: () => unknown): InvalidArgumentError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    return e as InvalidArgumentError;
  }
  throw new Error('expected a throw');
}

describe('closestName', () => {
  it('finds the likely typo and refuses distant names', () => {
    expect(editDistance('keep_lastdir', 'keep_last_dir')).toBe(1);
    expect(closestName('keep_lastdir', ['keep_last_dir', 'concurrency'])).toBe('keep_last_dir');
    expect(closestName('framwork_type', ['framework_type', 'framework_version'])).toBe('framework_type');
    expect(closestName('wiat', ['wait', 'show_log'])).toBe('wait');
    expect(closestName('zzzzzz', ['wait', 'show_log'])).toBeUndefined();
  });
});

describe('checkOptions', () => {
  it('returns the options, or {} for undefined when all are optional', () => {
    expect(checkOptions('f()', CopyOptions, { keep_last_dir: false })).toEqual({ keep_last_dir: false });
    expect(checkOptions('f()', CopyOptions, undefined)).toEqual({});
  });

  it('names an unknown option and the closest valid one', () => {
    const e = thrown(() => COPY.check('obs://a/b', 'obs://a/c/', { keep_lastdir: false }));
    expect(e.message).toBe(
      "session.obs.copy(src_path, dst_path, { keep_last_dir, concurrency }): unknown option 'keep_lastdir'; did you mean 'keep_last_dir'?",
    );
    expect(e.parameter).toBe('options.keep_lastdir');
    expect(e.signature).toBe('session.obs.copy(src_path, dst_path, { keep_last_dir, concurrency })');
  });

  it('lists the valid options when nothing is close', () => {
    expect(thrown(() => checkOptions('f()', CopyOptions, { xyzzyplugh: 1 })).message).toContain('valid options: keep_last_dir, concurrency');
  });

  it('shows the keyword call when a keyword was passed positionally', () => {
    const e = thrown(() => COPY.check('obs://a/b', 'obs://a/c/', false));
    expect(e.message).toContain('options must be an object of keyword options, got false. Pass it by name: { keep_last_dir: false }.');
  });

  it('names a wrongly typed field and what it must be', () => {
    expect(thrown(() => checkOptions('f()', CopyOptions, { concurrency: 0 })).message).toBe('f(): options.concurrency must be an integer (≥ 1), got 0');
    expect(thrown(() => checkOptions('f()', CopyOptions, { keep_last_dir: 'no' })).message).toBe('f(): options.keep_last_dir must be a boolean, got "no"');
  });

  it('requires required fields, also when the options are missing', () => {
    const S = Type.Object({ description: Type.String() });
    expect(thrown(() => checkOptions('job.updateJobConfigs({ description })', S, undefined)).message).toBe(
      'job.updateJobConfigs({ description }): options.description is required',
    );
    expect(thrown(() => checkOptions('g()', S, {})).message).toBe('g(): options.description is required (a string)');
  });

  it('checks class instances by their own fields and nested objects and lists', () => {
    class Output {
      obs_path = 'obs://b/out/';
      nmae = 'x';
    }
    const Channel = Type.Object({ obs_path: Type.String(), name: Type.Optional(Type.String()) });
    const S = Type.Object({ outputs: Type.Optional(Type.Array(Channel)) });
    expect(thrown(() => checkOptions('Estimator(session, { outputs })', S, { outputs: [new Output()] })).message).toBe(
      "Estimator(session, { outputs }): unknown option 'nmae' in options.outputs[0]; did you mean 'name'?",
    );
    expect(thrown(() => checkOptions('E()', S, { outputs: new Output() })).message).toBe('E(): options.outputs must be a list of an object, got a Output');
    class GoodOutput {
      obs_path = 'obs://b/out/';
      name = 'train_url';
      get extra(): string {
        return 'prototype getters are not own fields';
      }
    }
    const ok = { outputs: [new GoodOutput()] };
    expect(checkOptions('E()', S, ok)).toBe(ok);
  });
});

describe('checkArg and signatures', () => {
  class Session {}
  const GET = defineSignature('Estimator.getJobInfo', [
    ['session', instanceOf(Session, 'a Session')],
    ['job_id', Type.String({ minLength: 1 })],
  ]);

  it('names a missing positional argument with the call shape', () => {
    const e = thrown(() => GET.check(new Session()));
    expect(e.message).toBe('Estimator.getJobInfo(session, job_id): job_id is required (a non-empty string)');
    expect(e.parameter).toBe('job_id');
  });

  it('names a wrongly typed positional argument', () => {
    expect(thrown(() => GET.check(new Session(), { job_id: 'x' })).message).toBe(
      'Estimator.getJobInfo(session, job_id): job_id must be a non-empty string, got an object',
    );
    expect(thrown(() => GET.check({}, 'x')).message).toBe('Estimator.getJobInfo(session, job_id): session must be a Session, got an object');
  });

  it('refuses extra arguments when the signature has no options', () => {
    expect(thrown(() => GET.check(new Session(), 'x', 'y')).message).toContain('takes 2 argument(s), got 3');
  });

  it('passes valid arguments through, optional positionals may be left out', () => {
    const s = new Session();
    expect(GET.check(s, 'job-1')).toEqual([s, 'job-1']);
    expect(checkArg('f(x?)', 'x', Type.Optional(Type.String()), undefined)).toBeUndefined();
    const LIST = defineSignature('obs.list', [['prefix', Type.Optional(Type.String())]], Type.Object({ recursive: Type.Optional(Type.Boolean()) }));
    expect(LIST.shape).toBe('obs.list(prefix?, { recursive })');
    expect(LIST.check()).toEqual([undefined, {}]);
  });

  it('checks callbacks', () => {
    const S = Type.Object({ onLog: Type.Optional(callback('(line: string) => void')) });
    expect(thrown(() => checkOptions('fit()', S, { onLog: 'x' })).message).toBe('fit(): options.onLog must be a function (line: string) => void, got "x"');
    expect(checkOptions('fit()', S, { onLog: () => {} })).toHaveProperty('onLog');
  });
});
