import { describe, expect, it } from 'vitest';
import { formatManifestLine, ManifestLineError, parseManifestLine, readHard, writeField } from './manifest.js';

describe('manifest lines', () => {
  it('parses a line and writes it back unchanged, raw UTF-8 and compact', () => {
    const line = '{"source":"content://猫と犬","usage":"train","annotation":[{"name":"动物","type":"modelarts/text_classification"}],"x-custom":{"k":[1,2]}}';
    const raw = parseManifestLine(line, 1);
    expect(raw).toBeDefined();
    expect(formatManifestLine(raw as Record<string, unknown>)).toBe(line);
  });

  it('skips blank lines and names the line of a bad one', () => {
    expect(parseManifestLine('', 3)).toBeUndefined();
    expect(parseManifestLine('   \r', 3)).toBeUndefined();
    expect(() => parseManifestLine('{"source":', 7)).toThrow(/manifest line 7: not valid JSON/);
    expect(() => parseManifestLine('[1]', 8)).toThrow(ManifestLineError);
    expect(() => parseManifestLine('{"usage":"TRAIN"}', 9)).toThrow(/line 9: a sample needs a "source"/);
    expect(() => parseManifestLine('{"source":"a","annotation":{}}', 10)).toThrow(/"annotation" must be a list/);
  });

  it('writes a field under the spelling already present', () => {
    const raw: Record<string, unknown> = { source: 's', annotation_loc: 'a' };
    writeField(raw, ['annotation-loc', 'annotation_loc'], 'b');
    expect(raw).toEqual({ source: 's', annotation_loc: 'b' });
    writeField(raw, ['creation-time', 'creation_time'], 't');
    expect(raw['creation-time']).toBe('t');
    writeField(raw, ['annotation-loc', 'annotation_loc'], undefined);
    expect(Object.keys(raw)).toEqual(['source', 'creation-time']);
  });

  it('reads hard flags written as strings or booleans', () => {
    expect([readHard('true'), readHard('false'), readHard(true), readHard(undefined)]).toEqual([true, false, true, undefined]);
  });
});
