import type { SampleLabel } from '@modelarts-ts/contract';
import { labelColor } from './colors.js';

/**
 * A sample's labels (as the datasets sample API returns them) as shapes to draw over its image: each label with an
 * `@modelarts:shape` + `@modelarts:feature` becomes one shape in image pixels; labels without a shape (classification)
 * are returned apart, to be shown as tags.
 */

export type Shape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number }
  | { kind: 'polygon' | 'polyline'; points: Array<[number, number]> }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; dashed: boolean }
  | { kind: 'circle'; cx: number; cy: number; r: number }
  | { kind: 'point'; cx: number; cy: number };

export interface DrawnLabel {
  name: string;
  color: string;
  shape: Shape;
  /** Where the label's name is written: the shape's top-left-most point. */
  anchor: [number, number];
}

export interface SampleDrawing {
  shapes: DrawnLabel[];
  /** Labels that name the whole sample (no geometry), each once. */
  tags: Array<{ name: string; color: string }>;
  /** Labels whose geometry could not be read, with the reason (shown, never silently dropped). */
  invalid: Array<{ name: string; reason: string }>;
}

/**
 * The shape of `@modelarts:shape` + `@modelarts:feature` (`[[x,y],…]` pairs; a circle `[[cx,cy],[r]]`; a point
 * `[x,y]`). The contract's featureToPosition reads the same, but it lives beside the VOC XML parser, which the console
 * must not bundle; the contract's own tests pin the format.
 */
function shapeOf(kind: string, feature: unknown): Shape {
  const n = (Array.isArray(feature) ? feature.flat(2) : []).map(Number);
  if (n.length === 0 || n.some((v) => !Number.isFinite(v))) throw new Error(`@modelarts:feature of a ${kind} must be a list of numbers`);
  const need = (count: number) => {
    if (n.length !== count) throw new Error(`@modelarts:feature of a ${kind} needs ${count} numbers, got ${n.length}`);
  };
  const v = (i: number) => n[i] as number;
  switch (kind) {
    case 'bndbox':
      need(4);
      return { kind: 'rect', x: Math.min(v(0), v(2)), y: Math.min(v(1), v(3)), width: Math.abs(v(2) - v(0)), height: Math.abs(v(3) - v(1)) };
    case 'polygon':
    case 'polyline': {
      if (n.length % 2 !== 0) throw new Error(`@modelarts:feature of a ${kind} needs x,y pairs`);
      const points: Array<[number, number]> = [];
      for (let i = 0; i < n.length; i += 2) points.push([v(i), v(i + 1)]);
      return { kind, points };
    }
    case 'line':
    case 'dashed':
      need(4);
      return { kind: 'line', x1: v(0), y1: v(1), x2: v(2), y2: v(3), dashed: kind === 'dashed' };
    case 'circle':
      need(3);
      return { kind: 'circle', cx: v(0), cy: v(1), r: v(2) };
    case 'point':
      need(2);
      return { kind: 'point', cx: v(0), cy: v(1) };
    default:
      throw new Error(`cannot draw a ${kind}`);
  }
}

function anchorOf(s: Shape): [number, number] {
  switch (s.kind) {
    case 'rect':
      return [s.x, s.y];
    case 'polygon':
    case 'polyline': {
      const top = s.points.reduce((a, b) => (b[1] < a[1] || (b[1] === a[1] && b[0] < a[0]) ? b : a), s.points[0] ?? [0, 0]);
      return [top[0], top[1]];
    }
    case 'line':
      return s.y1 <= s.y2 ? [s.x1, s.y1] : [s.x2, s.y2];
    case 'circle':
      return [s.cx - s.r, s.cy - s.r];
    case 'point':
      return [s.cx, s.cy];
  }
}

export function drawSample(labels: readonly SampleLabel[], declared: Readonly<Record<string, string>> = {}): SampleDrawing {
  const out: SampleDrawing = { shapes: [], tags: [], invalid: [] };
  const tagged = new Set<string>();
  for (const l of labels) {
    const color = labelColor(l.name, declared);
    const kind = l.property?.['@modelarts:shape'];
    if (typeof kind !== 'string') {
      if (!tagged.has(l.name)) out.tags.push({ name: l.name, color });
      tagged.add(l.name);
      continue;
    }
    let shape: Shape;
    try {
      shape = shapeOf(kind, l.property?.['@modelarts:feature']);
    } catch (e) {
      out.invalid.push({ name: l.name, reason: e instanceof Error ? e.message : String(e) });
      continue;
    }
    out.shapes.push({ name: l.name, color, shape, anchor: anchorOf(shape) });
  }
  return out;
}

/** The `points` attribute of an SVG polygon/polyline. */
export function svgPoints(points: ReadonlyArray<readonly [number, number]>): string {
  return points.map(([x, y]) => `${x},${y}`).join(' ');
}
