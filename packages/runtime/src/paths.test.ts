import { describe, expect, it } from 'vitest';
import { jobLayout, mapContainerPath, mapContainerPathsInCommand } from './layout.js';
import { asDirectoryUrl, joinObsUrl, lastSegment, parseObsUrl } from './obs-url.js';
import { resolveInside, safeRelativePath, UnsafePathError } from './safe-path.js';

describe('safeRelativePath / resolveInside', () => {
  it('normalizes harmless paths', () => {
    expect(safeRelativePath('a/./b//c.py')).toBe('a/b/c.py');
    expect(safeRelativePath('dir\\file.txt')).toBe('dir/file.txt');
    expect(resolveInside('/root', 'x/y')).toBe('/root/x/y');
  });

  it('refuses paths that leave their folder', () => {
    for (const p of ['../x', 'a/../../x', '/etc/passwd', '..\\x', 'C:\\x', 'a/..', '', '.', 'a\u0000b']) {
      expect(() => resolveInside('/root', p), JSON.stringify(p)).toThrow(UnsafePathError);
    }
  });
});

describe('OBS URLs', () => {
  it('parses obs://, s3:// and the manual /bucket/key form', () => {
    expect(parseObsUrl('obs://bucket-1/a/b/')).toEqual({ bucket: 'bucket-1', key: 'a/b/' });
    expect(parseObsUrl('/bucket-1/a/b.txt')).toEqual({ bucket: 'bucket-1', key: 'a/b.txt' });
    expect(parseObsUrl('s3://bucket-1')).toEqual({ bucket: 'bucket-1', key: '' });
    for (const bad of ['bucket/a', 'obs://B/x', 'https://x/y', 'obs://', 'obs://b\n/x']) expect(() => parseObsUrl(bad), bad).toThrow();
  });

  it('names the code folder after the last segment and joins keys', () => {
    expect(lastSegment('obs://bkt/path/demo-code/')).toBe('demo-code');
    expect(lastSegment('obs://bkt/')).toBe('bkt');
    expect(joinObsUrl('obs://bkt/out', 'm/model.json')).toBe('obs://bkt/out/m/model.json');
    expect(asDirectoryUrl('obs://b/out/')).toBe('obs://b/out/');
  });
});

describe('job layout', () => {
  const l = jobLayout('/jobs/j1', 'j1');

  it('mirrors the cloud container under the job root', () => {
    expect(l.jobDir).toBe('/jobs/j1/modelarts/user-job-dir');
    expect(l.inputDir('data_url')).toBe('/jobs/j1/modelarts/inputs/data_url_0');
    expect(l.outputDir('train_url')).toBe('/jobs/j1/modelarts/outputs/train_url_0');
    expect(l.logFile('worker-1')).toBe('/jobs/j1/modelarts/log/modelarts-job-j1-worker-1.log');
    expect(() => l.inputDir('../x')).toThrow(UnsafePathError);
  });

  it('maps container paths into the job root and refuses the rest', () => {
    expect(mapContainerPath(l, '/home/ma-user/modelarts/user-job-dir', '/rel')).toBe('/jobs/j1/modelarts/user-job-dir');
    expect(mapContainerPath(l, '/home/ma-user', '/rel')).toBe('/jobs/j1');
    expect(mapContainerPath(l, 'sub/dir', '/jobs/j1/code')).toBe('/jobs/j1/code/sub/dir');
    expect(() => mapContainerPath(l, '/usr/app', '/rel')).toThrow(UnsafePathError);
    expect(() => mapContainerPath(l, '/home/ma-user/../../etc', '/rel')).toThrow(UnsafePathError);
    expect(() => mapContainerPath(l, '/home/ma-userX/a', '/rel')).toThrow(UnsafePathError);
  });

  it('rewrites /home/ma-user in custom commands', () => {
    expect(mapContainerPathsInCommand(l, 'cd /home/ma-user/modelarts && python3 /home/ma-user/x.py --o=/home/ma-user/out')).toBe(
      'cd /jobs/j1/modelarts && python3 /jobs/j1/x.py --o=/jobs/j1/out',
    );
    expect(mapContainerPathsInCommand(l, 'echo /home/ma-userX')).toBe('echo /home/ma-userX');
  });
});
