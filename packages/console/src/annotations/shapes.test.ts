import { describe, expect, it } from 'vitest';
import { declaredColors, labelColor } from './colors.js';
import { drawSample, svgPoints } from './shapes.js';

const box = (name: string, f: number[][]) => ({ name, type: 1, property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': f } });

describe('drawSample', () => {
  it('turns boxes, polygons, points, circles and lines into shapes in image pixels', () => {
    const d = drawSample([
      box('cat', [
        [10, 20],
        [110, 70],
      ]),
      {
        name: 'dog',
        type: 1,
        property: {
          '@modelarts:shape': 'polygon',
          '@modelarts:feature': [
            [5, 50],
            [40, 8],
            [60, 50],
          ],
        },
      },
      { name: 'eye', type: 1, property: { '@modelarts:shape': 'point', '@modelarts:feature': [3, 4] } },
      { name: 'ball', type: 1, property: { '@modelarts:shape': 'circle', '@modelarts:feature': [[50, 60], [7]] } },
      {
        name: 'rope',
        type: 1,
        property: {
          '@modelarts:shape': 'dashed',
          '@modelarts:feature': [
            [0, 9],
            [8, 1],
          ],
        },
      },
    ]);
    expect(d.invalid).toEqual([]);
    expect(d.tags).toEqual([]);
    expect(d.shapes.map((s) => s.shape)).toEqual([
      { kind: 'rect', x: 10, y: 20, width: 100, height: 50 },
      {
        kind: 'polygon',
        points: [
          [5, 50],
          [40, 8],
          [60, 50],
        ],
      },
      { kind: 'point', cx: 3, cy: 4 },
      { kind: 'circle', cx: 50, cy: 60, r: 7 },
      { kind: 'line', x1: 0, y1: 9, x2: 8, y2: 1, dashed: true },
    ]);
    expect(d.shapes.map((s) => s.anchor)).toEqual([
      [10, 20],
      [40, 8],
      [3, 4],
      [43, 53],
      [8, 1],
    ]);
  });

  it('normalises a box given with its corners swapped', () => {
    const d = drawSample([
      box('cat', [
        [110, 70],
        [10, 20],
      ]),
    ]);
    expect(d.shapes[0]?.shape).toEqual({ kind: 'rect', x: 10, y: 20, width: 100, height: 50 });
  });

  it('shows labels without geometry as tags, once each, and reports unreadable geometry', () => {
    const d = drawSample([
      { name: 'sunny', type: 0 },
      { name: 'sunny', type: 0 },
      { name: 'broken', type: 1, property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[1, 2]] } },
      { name: 'odd', type: 1, property: { '@modelarts:shape': 'hexagon', '@modelarts:feature': [[1, 2]] } },
    ]);
    expect(d.shapes).toEqual([]);
    expect(d.tags.map((t) => t.name)).toEqual(['sunny']);
    expect(d.invalid.map((i) => i.name)).toEqual(['broken', 'odd']);
    expect(d.invalid[0]?.reason).toMatch(/needs 4 numbers/);
  });

  it('gives every label one colour, the same on every call, and the dataset-declared one when there is one', () => {
    const d = drawSample([
      box('cat', [
        [0, 0],
        [1, 1],
      ]),
      box('dog', [
        [0, 0],
        [1, 1],
      ]),
      box('cat', [
        [2, 2],
        [3, 3],
      ]),
    ]);
    expect(d.shapes[0]?.color).toBe(d.shapes[2]?.color);
    expect(d.shapes[0]?.color).not.toBe(d.shapes[1]?.color);
    expect(labelColor('cat')).toBe(d.shapes[0]?.color);
    const declared = declaredColors([{ name: 'cat', property: { '@modelarts:color': '#FF0000' } }, { name: 'dog' }]);
    expect(declared).toEqual({ cat: '#FF0000' });
    expect(
      drawSample(
        [
          box('cat', [
            [0, 0],
            [1, 1],
          ]),
        ],
        declared,
      ).shapes[0]?.color,
    ).toBe('#ff0000');
  });

  it('spreads colours over many labels', () => {
    const colours = new Set(Array.from({ length: 40 }, (_, i) => labelColor(`label-${i}`)));
    expect(colours.size).toBeGreaterThan(30);
  });
});

describe('svgPoints', () => {
  it('writes x,y pairs separated by spaces', () => {
    expect(
      svgPoints([
        [1, 2],
        [3.5, 4],
      ]),
    ).toBe('1,2 3.5,4');
  });
});
