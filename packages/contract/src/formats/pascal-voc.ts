import { XMLParser } from 'fast-xml-parser';

/**
 * Pascal VOC XML in the ModelArts dialect: the label file of object detection and image segmentation samples.
 * Shared by the SDK (`PascalVoc.parseXml`/`saveXml`) and ModelArts Local (import, publish, export).
 *
 * The writer produces the platform's layout: `<?xml ... standalone="no"?>`, 4-space indentation, one element a line,
 * except polygon and polyline points, which the platform writes together on one line. Reading is tolerant: optional
 * elements may be missing, `point` accepts `x1`/`y1` for `x`/`y`, and the hard-example coefficient may be spelled
 * `hard-coefficient` or `difficult-coefficient`.
 */

export interface VocSourceInfo {
  database?: string | undefined;
  annotation?: string | undefined;
  image?: string | undefined;
}

/** The shape of a labelled object: exactly one per object or part. */
export type VocPosition =
  | { type: 'bndbox'; xmin: number; ymin: number; xmax: number; ymax: number }
  | { type: 'polygon' | 'polyline'; points: Array<[number, number]> }
  | { type: 'line' | 'dashed'; x1: number; y1: number; x2: number; y2: number }
  | { type: 'circle'; cx: number; cy: number; r: number }
  | { type: 'point'; x: number; y: number }
  /** Any other shape element with numeric children (e.g. `ellipse`), kept in document order. */
  | { type: string; values: Array<[string, number]> };

export const VOC_SHAPES = ['bndbox', 'polygon', 'polyline', 'line', 'dashed', 'circle', 'point', 'ellipse'] as const;

export interface VocObjectData {
  name: string;
  /** Custom label attributes, in document order (both `<key>value</key>` and `<property><key/><value/></property>` forms). */
  properties?: Record<string, string> | undefined;
  pose?: string | undefined;
  truncated?: string | undefined;
  occluded?: string | undefined;
  difficult?: string | undefined;
  hard_coefficient?: number | undefined;
  hard_reasons?: string | undefined;
  confidence?: number | undefined;
  mask_color?: string | undefined;
  position?: VocPosition | undefined;
  parts?: VocObjectData[] | undefined;
}

export interface VocDocument {
  folder?: string | undefined;
  file_name?: string | undefined;
  path?: string | undefined;
  source?: VocSourceInfo | undefined;
  width?: number | undefined;
  height?: number | undefined;
  depth?: number | undefined;
  segmented?: string | undefined;
  mask_source?: string | undefined;
  voc_objects: VocObjectData[];
}

export class VocFormatError extends Error {
  override readonly name = 'VocFormatError';
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'object' || name === 'part' || name === 'property',
});

const OBJECT_LEAVES = ['name', 'pose', 'truncated', 'occluded', 'difficult'] as const;
const COEFFICIENT_TAGS = ['hard-coefficient', 'difficult-coefficient'] as const;
const KNOWN_OBJECT_TAGS = new Set<string>([
  ...OBJECT_LEAVES,
  ...COEFFICIENT_TAGS,
  'hard-reasons',
  'confidence',
  'mask_color',
  'properties',
  'part',
  ...VOC_SHAPES,
]);

/** Parses a VOC document. Throws VocFormatError naming the element for anything the format does not allow. */
export function parseVocXml(xml: string): VocDocument {
  // Entity declarations are the only way an XML file can make a parser expand or fetch things; labels never need them.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new VocFormatError('DOCTYPE and ENTITY declarations are not allowed in a VOC file');
  let tree: Node;
  try {
    tree = parser.parse(xml, true) as Node;
  } catch (e) {
    throw new VocFormatError(`not well-formed XML: ${(e as Error).message}`);
  }
  const root = tree.annotation;
  if (root === undefined || typeof root !== 'object' || root === null) throw new VocFormatError('the root element must be <annotation>');
  const a = root as Node;
  const size = asNode(a.size, 'size');
  const source = a.source === undefined || a.source === '' ? undefined : asNode(a.source, 'source');
  const doc: VocDocument = {
    folder: leaf(a, 'folder', true),
    file_name: leaf(a, 'filename', true),
    path: leaf(a, 'path', false),
    source: source
      ? { database: leaf(source, 'database', false), annotation: leaf(source, 'annotation', false), image: leaf(source, 'image', false) }
      : undefined,
    width: size ? int(leaf(size, 'width', true), 'width') : undefined,
    height: size ? int(leaf(size, 'height', true), 'height') : undefined,
    depth: size ? int(leaf(size, 'depth', true), 'depth') : undefined,
    segmented: leaf(a, 'segmented', true),
    mask_source: leaf(a, 'mask_source', false),
    voc_objects: ((a.object as unknown[] | undefined) ?? []).map((o, i) => parseObject(o, `object ${i + 1}`)),
  };
  return prune(doc);
}

function asNode(v: unknown, where: string): Node | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw new VocFormatError(`<${where}> appears more than once`);
  if (v === '' || typeof v !== 'object' || v === null) throw new VocFormatError(`<${where}> must contain elements`);
  return v as Node;
}

/** Text of a child element; `required` ones must not be empty when present. */
function leaf(n: Node, tag: string, nonEmpty: boolean, where = ''): string | undefined {
  const v = n[tag];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw new VocFormatError(`${where}<${tag}> appears more than once`);
  if (typeof v === 'object') throw new VocFormatError(`${where}<${tag}> must hold text`);
  const s = String(v);
  if (nonEmpty && s === '') throw new VocFormatError(`${where}<${tag}> must not be empty`);
  return s;
}

function num(s: string | undefined, what: string): number {
  const v = s === undefined || s.trim() === '' ? Number.NaN : Number(s);
  if (!Number.isFinite(v)) throw new VocFormatError(`<${what}> must be a number, got ${JSON.stringify(s ?? '')}`);
  return v;
}

function int(s: string | undefined, what: string): number | undefined {
  if (s === undefined) return undefined;
  const v = num(s, what);
  if (!Number.isInteger(v) || v < 0) throw new VocFormatError(`<${what}> must be a whole number, got ${JSON.stringify(s)}`);
  return v;
}

function parseObject(raw: unknown, where: string): VocObjectData {
  if (raw === '' || raw === null || typeof raw !== 'object') throw new VocFormatError(`${where}: an object can't be empty`);
  const o = raw as Node;
  const at = `${where}: `;
  const name = leaf(o, 'name', true, at);
  if (name === undefined) throw new VocFormatError(`${at}<name> is missing`);
  const shapeTags = Object.keys(o).filter((k) => (VOC_SHAPES as readonly string[]).includes(k) || (!KNOWN_OBJECT_TAGS.has(k) && isShapeLike(o[k])));
  if (shapeTags.length > 1) throw new VocFormatError(`${at}more than one shape (${shapeTags.join(', ')})`);
  const coefficientTag = COEFFICIENT_TAGS.find((t) => o[t] !== undefined);
  const coefficient = coefficientTag ? leaf(o, coefficientTag, true, at) : undefined;
  const confidence = leaf(o, 'confidence', false, at);
  const result: VocObjectData = {
    name,
    properties: o.properties === undefined ? undefined : parseProperties(o.properties, at),
    pose: leaf(o, 'pose', true, at),
    truncated: leaf(o, 'truncated', true, at),
    occluded: leaf(o, 'occluded', true, at),
    difficult: leaf(o, 'difficult', true, at),
    hard_coefficient: coefficient === undefined ? undefined : num(coefficient, coefficientTag as string),
    hard_reasons: leaf(o, 'hard-reasons', false, at),
    confidence: confidence === undefined || confidence === '' ? undefined : num(confidence, 'confidence'),
    mask_color: leaf(o, 'mask_color', false, at),
    position: shapeTags[0] === undefined ? undefined : parseShape(shapeTags[0], o[shapeTags[0]], at),
    parts: o.part === undefined ? undefined : (o.part as unknown[]).map((p, i) => parseObject(p, `${where} part ${i + 1}`)),
  };
  return prune(result);
}

function isShapeLike(v: unknown): boolean {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.values(v as Node).every((x) => typeof x === 'string' && x !== '' && Number.isFinite(Number(x)))
  );
}

function parseShape(tag: string, raw: unknown, at: string): VocPosition {
  if (Array.isArray(raw)) throw new VocFormatError(`${at}more than one shape (${tag} twice)`);
  const n = asNode(raw, tag) as Node;
  const get = (k: string) => num(leaf(n, k, true, at), `${tag}/${k}`);
  switch (tag) {
    case 'bndbox':
      return { type: 'bndbox', xmin: get('xmin'), ymin: get('ymin'), xmax: get('xmax'), ymax: get('ymax') };
    case 'polygon':
    case 'polyline': {
      // Points pair up by suffix: xK with yK; an unmatched half is dropped.
      const points: Array<[number, number]> = [];
      const indexes = Object.keys(n)
        .map((k) => /^x(\d+)$/.exec(k)?.[1])
        .filter((k): k is string => k !== undefined && n[`y${k}`] !== undefined)
        .map(Number)
        .sort((p, q) => p - q);
      for (const i of indexes) points.push([get(`x${i}`), get(`y${i}`)]);
      if (points.length === 0) throw new VocFormatError(`${at}<${tag}> has no points`);
      return { type: tag, points };
    }
    case 'line':
    case 'dashed':
      return { type: tag, x1: get('x1'), y1: get('y1'), x2: get('x2'), y2: get('y2') };
    case 'circle':
      return { type: 'circle', cx: get('cx'), cy: get('cy'), r: get('r') };
    case 'point':
      return n.x === undefined && n.x1 !== undefined ? { type: 'point', x: get('x1'), y: get('y1') } : { type: 'point', x: get('x'), y: get('y') };
    default:
      return { type: tag, values: Object.keys(n).map((k) => [k, get(k)] as [string, number]) };
  }
}

function parseProperties(raw: unknown, at: string): Record<string, string> {
  if (raw === '') return {};
  const n = asNode(raw, 'properties') as Node;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(n)) {
    if (k === 'property') {
      for (const p of v as unknown[]) {
        if (typeof p === 'string') {
          // A leaf <property>text</property> is the element form with the key "property".
          if (p === '') throw new VocFormatError(`${at}<property> must not be empty`);
          out.property = p;
          continue;
        }
        const pn = p as Node;
        const key = leaf(pn, 'key', true, at);
        const value = leaf(pn, 'value', true, at);
        if (key === undefined || value === undefined) throw new VocFormatError(`${at}<property> needs <key> and <value>`);
        out[key] = value;
      }
      continue;
    }
    if (typeof v !== 'string' || v === '') throw new VocFormatError(`${at}property <${k}> must hold non-empty text`);
    out[k] = v;
  }
  return out;
}

/** Drops undefined fields so that parsed documents compare cleanly. */
function prune<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

// ---- writing

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeText = (s: string): string => s.replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c);
const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

class Writer {
  readonly lines: string[] = [];
  leaf(depth: number, tag: string, value: string | number | undefined): void {
    if (value === undefined) return;
    this.lines.push(`${'    '.repeat(depth)}<${tag}>${escapeText(String(value))}</${tag}>`);
  }
  open(depth: number, tag: string): void {
    this.lines.push(`${'    '.repeat(depth)}<${tag}>`);
  }
  close(depth: number, tag: string): void {
    this.lines.push(`${'    '.repeat(depth)}</${tag}>`);
  }
  /** The children on one line of their own (how the platform writes polygon points). */
  packed(depth: number, tag: string, inner: Array<[string, number]>): void {
    this.open(depth, tag);
    this.lines.push(`${'    '.repeat(depth + 1)}${inner.map(([k, v]) => `<${k}>${v}</${k}>`).join('')}`);
    this.close(depth, tag);
  }
}

/** Serialises a VOC document in the platform's layout; the text ends with a newline. */
export function formatVocXml(doc: VocDocument): string {
  const w = new Writer();
  w.lines.push('<?xml version="1.0" encoding="UTF-8" standalone="no"?>');
  w.open(0, 'annotation');
  w.leaf(1, 'folder', doc.folder);
  w.leaf(1, 'filename', doc.file_name);
  w.leaf(1, 'path', doc.path);
  const s = doc.source;
  if (s && (s.database !== undefined || s.annotation !== undefined || s.image !== undefined)) {
    w.open(1, 'source');
    w.leaf(2, 'database', s.database);
    w.leaf(2, 'annotation', s.annotation);
    w.leaf(2, 'image', s.image);
    w.close(1, 'source');
  }
  if (doc.width !== undefined || doc.height !== undefined || doc.depth !== undefined) {
    w.open(1, 'size');
    w.leaf(2, 'width', doc.width);
    w.leaf(2, 'height', doc.height);
    w.leaf(2, 'depth', doc.depth);
    w.close(1, 'size');
  }
  w.leaf(1, 'segmented', doc.segmented);
  w.leaf(1, 'mask_source', doc.mask_source);
  for (const o of doc.voc_objects) writeObject(w, 1, 'object', o);
  w.close(0, 'annotation');
  return `${w.lines.join('\n')}\n`;
}

function writeObject(w: Writer, depth: number, tag: string, o: VocObjectData): void {
  w.open(depth, tag);
  const d = depth + 1;
  w.leaf(d, 'name', o.name);
  w.leaf(d, 'pose', o.pose);
  w.leaf(d, 'truncated', o.truncated);
  w.leaf(d, 'occluded', o.occluded);
  w.leaf(d, 'difficult', o.difficult);
  w.leaf(d, 'hard-coefficient', o.hard_coefficient);
  w.leaf(d, 'hard-reasons', o.hard_reasons);
  w.leaf(d, 'confidence', o.confidence);
  w.leaf(d, 'mask_color', o.mask_color);
  if (o.position) writeShape(w, d, o.position);
  const props = Object.entries(o.properties ?? {});
  if (props.length > 0) {
    w.open(d, 'properties');
    for (const [k, v] of props) {
      if (XML_NAME.test(k) && k !== 'property' && k !== 'key' && k !== 'value') w.leaf(d + 1, k, v);
      else {
        // Keys that cannot be element names (e.g. with ':' or spaces) use the key/value form.
        w.open(d + 1, 'property');
        w.leaf(d + 2, 'key', k);
        w.leaf(d + 2, 'value', v);
        w.close(d + 1, 'property');
      }
    }
    w.close(d, 'properties');
  }
  for (const p of o.parts ?? []) writeObject(w, d, 'part', p);
  w.close(depth, tag);
}

function writeShape(w: Writer, depth: number, p: VocPosition): void {
  const fields = shapeFields(p);
  if (p.type === 'polygon' || p.type === 'polyline') {
    w.packed(depth, p.type, fields);
    return;
  }
  if (!XML_NAME.test(p.type)) throw new VocFormatError(`"${p.type}" is not a valid shape element name`);
  w.open(depth, p.type);
  for (const [k, v] of fields) w.leaf(depth + 1, k, v);
  w.close(depth, p.type);
}

/** The coordinate elements of a shape, in document order. */
export function shapeFields(p: VocPosition): Array<[string, number]> {
  if ('values' in p) return p.values;
  switch (p.type) {
    case 'bndbox': {
      const b = p as Extract<VocPosition, { type: 'bndbox' }>;
      return [
        ['xmin', b.xmin],
        ['ymin', b.ymin],
        ['xmax', b.xmax],
        ['ymax', b.ymax],
      ];
    }
    case 'polygon':
    case 'polyline':
      return (p as { points: Array<[number, number]> }).points.flatMap(([x, y], i) => [
        [`x${i + 1}`, x] as [string, number],
        [`y${i + 1}`, y] as [string, number],
      ]);
    case 'line':
    case 'dashed': {
      const l = p as { x1: number; y1: number; x2: number; y2: number };
      return [
        ['x1', l.x1],
        ['y1', l.y1],
        ['x2', l.x2],
        ['y2', l.y2],
      ];
    }
    case 'circle': {
      const c = p as { cx: number; cy: number; r: number };
      return [
        ['cx', c.cx],
        ['cy', c.cy],
        ['r', c.r],
      ];
    }
    case 'point': {
      const q = p as { x: number; y: number };
      return [
        ['x', q.x],
        ['y', q.y],
      ];
    }
    default:
      throw new VocFormatError(`shape "${(p as { type: string }).type}" needs its coordinate values`);
  }
}

/**
 * The `@modelarts:feature` of a shape, as labeling tools and the REST sample API give it: `[[xmin,ymin],[xmax,ymax]]`
 * for a box, the point list for polygons and lines, `[cx,cy,r]` for a circle, `[x,y]` for a point.
 */
export function positionToFeature(p: VocPosition): unknown {
  if ('values' in p) return p.values.map(([, v]) => v);
  const f = shapeFields(p).map(([, v]) => v);
  switch (p.type) {
    case 'circle':
    case 'point':
      return f;
    default: {
      const pairs: number[][] = [];
      for (let i = 0; i + 1 < f.length; i += 2) pairs.push([f[i] as number, f[i + 1] as number]);
      return pairs;
    }
  }
}

/** The inverse of positionToFeature for `@modelarts:shape` + `@modelarts:feature` (also the REST `[[cx,cy],[r]]` circle). */
export function featureToPosition(shape: string, feature: unknown): VocPosition {
  const flat = (Array.isArray(feature) ? feature.flat(2) : []).map(Number);
  if (flat.length === 0 || flat.some((v) => !Number.isFinite(v))) throw new VocFormatError(`@modelarts:feature of a ${shape} must be a list of numbers`);
  const need = (n: number) => {
    if (flat.length !== n) throw new VocFormatError(`@modelarts:feature of a ${shape} needs ${n} numbers, got ${flat.length}`);
  };
  const v = (i: number) => flat[i] as number;
  switch (shape) {
    case 'bndbox':
      need(4);
      return { type: 'bndbox', xmin: v(0), ymin: v(1), xmax: v(2), ymax: v(3) };
    case 'polygon':
    case 'polyline': {
      if (flat.length % 2 !== 0) throw new VocFormatError(`@modelarts:feature of a ${shape} needs x,y pairs`);
      const points: Array<[number, number]> = [];
      for (let i = 0; i < flat.length; i += 2) points.push([v(i), v(i + 1)]);
      return { type: shape, points };
    }
    case 'line':
    case 'dashed':
      need(4);
      return { type: shape, x1: v(0), y1: v(1), x2: v(2), y2: v(3) };
    case 'circle':
      need(3);
      return { type: 'circle', cx: v(0), cy: v(1), r: v(2) };
    case 'point':
      need(2);
      return { type: 'point', x: v(0), y: v(1) };
    default:
      throw new VocFormatError(`unknown @modelarts:shape "${shape}" (one of ${VOC_SHAPES.join(', ')})`);
  }
}
