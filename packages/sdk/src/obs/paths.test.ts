import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../core/error.js';
import { endsWithSep, folderPrefix, formatObsPath, isFolderKey, isObsUri, lastSegment, parseObsPath, safeLocalPath } from './paths.js';

describe('parseObsPath', () => {
  it('reads obs://bucket/key, the manual form', () => {
    expect(parseObsPath('obs://bucket-name/dir1/file1.txt')).toEqual({ bucket: 'bucket-name', key: 'dir1/file1.txt' });
    expect(parseObsPath('obs://bucket-name/dir1/')).toEqual({ bucket: 'bucket-name', key: 'dir1/' });
    expect(parseObsPath('obs://bucket-name/')).toEqual({ bucket: 'bucket-name', key: '' });
    expect(parseObsPath('obs://bucket-name')).toEqual({ bucket: 'bucket-name', key: '' });
    expect(parseObsPath('OBS://bucket-name/a')).toEqual({ bucket: 'bucket-name', key: 'a' });
    expect(parseObsPath('s3://bucket-name/a')).toEqual({ bucket: 'bucket-name', key: 'a' });
  });

  it('reads the dataset form /bucket/key unless only URIs are allowed', () => {
    expect(parseObsPath('/bucket-name/dir1/')).toEqual({ bucket: 'bucket-name', key: 'dir1/' });
    expect(parseObsPath('/bucket-name')).toEqual({ bucket: 'bucket-name', key: '' });
    expect(() => parseObsPath('/bucket-name/dir1/', { slashForm: false })).toThrow(InvalidArgumentError);
  });

  it('keeps the key verbatim (spaces, unicode, double slashes)', () => {
    expect(parseObsPath('obs://b01/a b/ü.txt').key).toBe('a b/ü.txt');
    expect(parseObsPath('obs://b01/a//b').key).toBe('a//b');
  });

  it('refuses what is not an OBS path or has a bad bucket name', () => {
    for (const p of [
      'bucket/key',
      'relative',
      'obs://',
      'obs:///key',
      '/',
      'obs://Upper/k',
      'obs://ab/k',
      'obs://-bad/k',
      'http://b/k',
      `obs://b01/${'k'.repeat(1025)}`,
    ]) {
      expect(() => parseObsPath(p), p).toThrow(InvalidArgumentError);
    }
  });

  it('formats back', () => {
    expect(formatObsPath(parseObsPath('/bucket-name/dir1/x'))).toBe('obs://bucket-name/dir1/x');
    expect(formatObsPath({ bucket: 'b01', key: '' })).toBe('obs://b01/');
  });
});

describe('key helpers', () => {
  it('isObsUri decides copy directions by scheme only', () => {
    expect(isObsUri('obs://b/k')).toBe(true);
    expect(isObsUri('s3://b/k')).toBe(true);
    expect(isObsUri('/home/ma-user/file1.txt')).toBe(false);
    expect(isObsUri('obs:/b')).toBe(false);
  });

  it('folder keys, prefixes and last segments', () => {
    expect(isFolderKey('')).toBe(true);
    expect(isFolderKey('dir1/')).toBe(true);
    expect(isFolderKey('dir1')).toBe(false);
    expect(folderPrefix('')).toBe('');
    expect(folderPrefix('dir1')).toBe('dir1/');
    expect(folderPrefix('dir1/')).toBe('dir1/');
    expect(lastSegment('dir1/file1.txt')).toBe('file1.txt');
    expect(lastSegment('a/dir1/')).toBe('dir1');
    expect(lastSegment('dir1//')).toBe('dir1');
    expect(lastSegment('')).toBe('');
    expect(endsWithSep('/home/ma-user/')).toBe(true);
    expect(endsWithSep('/home/ma-user')).toBe(false);
  });
});

describe('safeLocalPath (zip-slip guard for downloads)', () => {
  const root = resolve('/tmp/dl-root');

  it('places ordinary keys under the root', () => {
    expect(safeLocalPath(root, 'a/b.txt')).toBe(join(root, 'a', 'b.txt'));
    expect(safeLocalPath(root, 'a//b.txt')).toBe(join(root, 'a', 'b.txt'));
    expect(safeLocalPath(root, '..a/b..')).toBe(join(root, '..a', 'b..'));
    expect(safeLocalPath(`${root}/`, 'x')).toBe(join(root, 'x'));
  });

  it('refuses keys that climb out, are absolute, or smuggle separators', () => {
    for (const rel of ['../evil', 'a/../../evil', 'a/..', '..', '/etc/passwd', 'a\\..\\evil', 'C:/x', 'a/./b', '.', '', 'a\0b', '///']) {
      expect(() => safeLocalPath(root, rel), JSON.stringify(rel)).toThrow(InvalidArgumentError);
    }
  });
});
