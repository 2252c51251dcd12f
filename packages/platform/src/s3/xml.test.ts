import { describe, expect, it } from 'vitest';
import { childOf, listOf, parseXml, textOf } from './xml.js';

describe('request XML', () => {
  it('accepts documents with or without a namespace and refuses DTDs', () => {
    const tree = parseXml(
      Buffer.from('<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key> a&amp;b </Key></Object></Delete>'),
    );
    expect(listOf(childOf(childOf(tree, 'Delete'), 'Object')).map((o) => textOf(childOf(o, 'Key')))).toEqual([' a&b ']);
    expect(() => parseXml(Buffer.from('<!DOCTYPE x [<!ENTITY a "aaaa">]><Delete>&a;</Delete>'))).toThrow(/Document type/);
    expect(() => parseXml(Buffer.from('<Delete><Object></Delete>'))).toThrow(/not well-formed/);
  });
});
