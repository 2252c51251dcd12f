import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { featureToPosition, formatVocXml, parseVocXml, positionToFeature, VocFormatError } from './pascal-voc.js';

const fixture = (name: string) => readFileSync(new URL(`../../../sdk/test/fixtures/datasets/${name}`, import.meta.url), 'utf8');

describe('Pascal VOC codec', () => {
  it('parses the platform-style example and writes it back byte for byte', () => {
    const xml = fixture('street_7.xml');
    const doc = parseVocXml(xml);
    expect(doc.file_name).toBe('street_7.jpg');
    expect([doc.width, doc.height, doc.depth]).toEqual([640, 480, 3]);
    expect(doc.source).toEqual({ database: 'Unknown' });
    expect(doc.voc_objects.map((o) => o.name)).toEqual(['car', 'sign']);
    expect(doc.voc_objects[0]?.position).toEqual({ type: 'bndbox', xmin: 12, ymin: 40, xmax: 200, ymax: 180 });
    expect(doc.voc_objects[0]?.occluded).toBe('0');
    expect(doc.voc_objects[1]?.hard_coefficient).toBe(0.6);
    expect(doc.voc_objects[1]?.position).toEqual({
      type: 'polygon',
      points: [
        [300, 20],
        [340, 20],
        [320, 60],
      ],
    });
    expect(formatVocXml(doc)).toBe(xml);
  });

  it('reads every shape, both property forms, parts and both coefficient spellings', () => {
    const doc = parseVocXml(`<annotation><filename>a.jpg</filename><object><name>x</name>
      <properties><color>green</color><property><key>@modelarts:kind</key><value>big car</value></property></properties>
      <difficult-coefficient>0.3</difficult-coefficient><confidence>0.9</confidence>
      <circle><cx>1</cx><cy>2</cy><r>3</r></circle>
      <part><name>wheel</name><point><x1>4</x1><y1>5</y1></point></part>
      <part><name>door</name><line><x1>1</x1><y1>1</y1><x2>2</x2><y2>2.5</y2></line></part>
      <part><name>ring</name><ellipse><cx>1</cx><cy>2</cy><rx>3</rx><ry>4</ry></ellipse></part>
      <part><name>trail</name><polyline><x2>3</x2><y2>4</y2><x1>1</x1><y1>2</y1><x3>9</x3></polyline></part>
      <part><name>edge</name><dashed><x1>0</x1><y1>0</y1><x2>1</x2><y2>1</y2></dashed></part>
    </object></annotation>`);
    const o = doc.voc_objects[0];
    expect(o?.properties).toEqual({ color: 'green', '@modelarts:kind': 'big car' });
    expect(o?.hard_coefficient).toBe(0.3);
    expect(o?.confidence).toBe(0.9);
    expect(o?.position).toEqual({ type: 'circle', cx: 1, cy: 2, r: 3 });
    expect(o?.parts?.map((p) => p.position)).toEqual([
      { type: 'point', x: 4, y: 5 },
      { type: 'line', x1: 1, y1: 1, x2: 2, y2: 2.5 },
      {
        type: 'ellipse',
        values: [
          ['cx', 1],
          ['cy', 2],
          ['rx', 3],
          ['ry', 4],
        ],
      },
      {
        type: 'polyline',
        points: [
          [1, 2],
          [3, 4],
        ],
      },
      { type: 'dashed', x1: 0, y1: 0, x2: 1, y2: 1 },
    ]);
    // What is written reads back the same.
    expect(parseVocXml(formatVocXml(doc))).toEqual(doc);
  });

  it.each([
    [
      'two shapes',
      '<annotation><object><name>a</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox><point><x>1</x><y>1</y></point></object></annotation>',
      /more than one shape/,
    ],
    ['an empty object', '<annotation><object></object></annotation>', /can't be empty/],
    ['an empty name', '<annotation><object><name></name></object></annotation>', /<name> must not be empty/],
    [
      'a bad coordinate',
      '<annotation><object><name>a</name><bndbox><xmin>x</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>',
      /bndbox\/xmin> must be a number/,
    ],
    ['an empty property', '<annotation><object><name>a</name><properties><color></color></properties></object></annotation>', /property <color>/],
    ['an entity declaration', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><annotation/>', /DOCTYPE/],
    ['another root', '<foo/>', /root element/],
    ['broken XML', '<annotation><object>', /not well-formed|root element|can't be empty/],
  ])('refuses %s', (_what, xml, message) => {
    expect(() => parseVocXml(xml)).toThrow(VocFormatError);
    expect(() => parseVocXml(xml)).toThrow(message);
  });

  it('converts between positions and @modelarts:feature', () => {
    const box = { type: 'bndbox', xmin: 1, ymin: 2, xmax: 3, ymax: 4 } as const;
    expect(positionToFeature(box)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(
      featureToPosition('bndbox', [
        [1, 2],
        [3, 4],
      ]),
    ).toEqual(box);
    expect(featureToPosition('circle', [[5, 6], [7]])).toEqual({ type: 'circle', cx: 5, cy: 6, r: 7 });
    expect(positionToFeature({ type: 'circle', cx: 5, cy: 6, r: 7 })).toEqual([5, 6, 7]);
    expect(() => featureToPosition('bndbox', [[1, 2]])).toThrow(/needs 4 numbers/);
    expect(() => featureToPosition('hexagon', [[1, 2]])).toThrow(/unknown @modelarts:shape/);
  });

  it('escapes text and writes keys that are not element names in the key/value form', () => {
    const xml = formatVocXml({ file_name: 'a&b<c>.jpg', voc_objects: [{ name: 'x"y', properties: { 'a b': '<v>' } }] });
    expect(xml).toContain('<filename>a&amp;b&lt;c&gt;.jpg</filename>');
    expect(xml).toContain('<key>a b</key>');
    expect(parseVocXml(xml).voc_objects[0]).toEqual({ name: 'x"y', properties: { 'a b': '<v>' } });
  });
});
