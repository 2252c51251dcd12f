import { featureToPosition, type SampleLabel, type VocPosition } from '@modelarts-ts/contract';
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

function shapeOf(p: VocPosition): Shape | undefined {
  // VocPosition also has a `{ type: string; values }` member, so fields are told apart by presence, not by `type`.
  if ('xmin' in p)
    return { kind: 'rect', x: Math.min(p.xmin, p.xmax), y: Math.min(p.ymin, p.ymax), width: Math.abs(p.xmax - p.xmin), height: Math.abs(p.ymax - p.ymin) };
  if ('points' in p) return { kind: p.type === 'polyline' ? 'polyline' : 'polygon', points: p.points };
  if ('x1' in p) return { kind: 'line', x1: p.x1, y1: p.y1, x2: p.x2, y2: p.y2, dashed: p.type === 'dashed' };
  if ('r' in p) return { kind: 'circle', cx: p.cx, cy: p.cy, r: p.r };
  if ('x' in p) return { kind: 'point', cx: p.x, cy: p.y };
  return undefined;
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
    let shape: Shape | undefined;
    try {
      shape = shapeOf(featureToPosition(kind, l.property?.['@modelarts:feature']));
    } catch (e) {
      out.invalid.push({ name: l.name, reason: e instanceof Error ? e.message : String(e) });
      continue;
    }
    if (shape === undefined) out.invalid.push({ name: l.name, reason: `cannot draw a ${kind}` });
    else out.shapes.push({ name: l.name, color, shape, anchor: anchorOf(shape) });
  }
  return out;
}

/** The `points` attribute of an SVG polygon/polyline. */
export function svgPoints(points: ReadonlyArray<readonly [number, number]>): string {
  return points.map(([x, y]) => `${x},${y}`).join(' ');
}
