import {
  featureToPosition,
  formatVocXml,
  parseVocXml,
  Type,
  type VocDocument,
  VocFormatError,
  type VocObjectData,
  type VocPosition,
  type VocSourceInfo,
} from '@modelarts-ts/contract';
import { InvalidArgumentError } from '../core/error.js';
import { defineSignature } from '../internal/arguments.js';
import { type FileIoOptions, FileIoOptionsSchema, readText, SAVE_MODE, writeText } from './file-io.js';

/**
 * The manual's Pascal VOC classes (`modelarts.dataset.format.voc`): `PascalVoc` (Table 7-30) and `VocObject`
 * (Table 7-32). Positions (Table 7-33) are plain objects: `{ type: 'bndbox', xmin, ymin, xmax, ymax }`,
 * `{ type: 'polygon', points: [[x, y], ...] }`, `{ type: 'circle', cx, cy, r }`, `{ type: 'point', x, y }`,
 * `{ type: 'line', x1, y1, x2, y2 }`, and `polyline`/`dashed` like `polygon`/`line`.
 */

export type { VocPosition, VocSourceInfo };

/** Element-valued keys that labeling tools put in an object's properties; `new VocObject` lifts them into fields. */
const LIFTED = ['pose', 'truncated', 'occluded', 'difficult'] as const;
/** `@modelarts:` keys that are attributes of the object, not of the label definition, and so are written. */
const KEPT_MODELARTS_KEYS = new Set(['@modelarts:clockwise_angle', '@modelarts:rotate_background']);

const VocObjectOptions = Type.Object({
  name: Type.String({ minLength: 1 }),
  properties: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'an object of label attributes' })),
  pose: Type.Optional(Type.String()),
  truncated: Type.Optional(Type.String()),
  occluded: Type.Optional(Type.String()),
  difficult: Type.Optional(Type.String()),
  confidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  position: Type.Optional(
    Type.Object({ type: Type.String() }, { additionalProperties: true, description: 'a position such as { type: "bndbox", xmin, ymin, xmax, ymax }' }),
  ),
  parts: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true, description: 'a VocObject or its options' }))),
  mask_color: Type.Optional(Type.String({ pattern: '^\\d{1,3},\\d{1,3},\\d{1,3}$', description: 'an "R,G,B" string' })),
  hard_coefficient: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  hard_reasons: Type.Optional(Type.String()),
});

export interface VocObjectOptions {
  name: string;
  /**
   * Label attributes. As in the manual's example, `pose`, `truncated`, `occluded`, `difficult`,
   * `difficult-coefficient` and `@modelarts:shape` + `@modelarts:feature` given here become the object's fields;
   * other `@modelarts:` keys describe the label, not the object, and are not written.
   */
  properties?: Record<string, unknown> | undefined;
  pose?: string | undefined;
  truncated?: string | undefined;
  occluded?: string | undefined;
  difficult?: string | undefined;
  confidence?: number | undefined;
  position?: VocPosition | undefined;
  parts?: Array<VocObject | VocObjectOptions> | undefined;
  mask_color?: string | undefined;
  hard_coefficient?: number | undefined;
  hard_reasons?: string | undefined;
}

const VOC_OBJECT = defineSignature('new VocObject', [], VocObjectOptions);

/** One labelled object of an image (Table 7-32). */
export class VocObject implements VocObjectData {
  name: string;
  properties: Record<string, string> | undefined;
  pose: string | undefined;
  truncated: string | undefined;
  occluded: string | undefined;
  difficult: string | undefined;
  confidence: number | undefined;
  position: VocPosition | undefined;
  parts: VocObject[] | undefined;
  mask_color: string | undefined;
  hard_coefficient: number | undefined;
  hard_reasons: string | undefined;

  constructor(options: VocObjectOptions) {
    const [o] = VOC_OBJECT.check(options);
    const given = o as VocObjectOptions;
    const props = { ...(given.properties ?? {}) };
    const lift = (k: string): string | undefined => {
      const v = props[k];
      delete props[k];
      return v === undefined || v === null ? undefined : String(v);
    };
    this.name = given.name;
    this.pose = given.pose ?? lift('pose');
    this.truncated = given.truncated ?? lift('truncated');
    this.occluded = given.occluded ?? lift('occluded');
    this.difficult = given.difficult ?? lift('difficult');
    for (const k of LIFTED) delete props[k];
    const coefficient = lift('difficult-coefficient') ?? lift('hard-coefficient');
    this.hard_coefficient = given.hard_coefficient ?? (coefficient === undefined ? undefined : Number(coefficient));
    this.confidence = given.confidence;
    this.mask_color = given.mask_color;
    this.hard_reasons = given.hard_reasons;
    const shape = props['@modelarts:shape'];
    const feature = props['@modelarts:feature'];
    try {
      this.position = given.position ?? (shape === undefined ? undefined : featureToPosition(String(shape), feature));
    } catch (e) {
      if (e instanceof VocFormatError) throw new InvalidArgumentError(`new VocObject: ${e.message}`, { parameter: 'properties', signature: VOC_OBJECT.shape });
      throw e;
    }
    const kept = Object.entries(props).filter(([k]) => !k.startsWith('@modelarts:') || KEPT_MODELARTS_KEYS.has(k));
    this.properties =
      kept.length > 0 ? Object.fromEntries(kept.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) : given.properties ? {} : undefined;
    if (this.properties && Object.keys(this.properties).length === 0) this.properties = undefined;
    this.parts = given.parts?.map((p) => (p instanceof VocObject ? p : new VocObject(p)));
  }

  /** Builds an object from parsed data without re-interpreting its properties. */
  static fromData(d: VocObjectData): VocObject {
    const o = Object.create(VocObject.prototype) as VocObject;
    Object.assign(o, { ...d, parts: d.parts?.map((p) => VocObject.fromData(p)) });
    return o;
  }
}

const PascalVocOptions = Type.Object({
  folder: Type.Optional(Type.String()),
  file_name: Type.Optional(Type.String()),
  path: Type.Optional(Type.String()),
  source: Type.Optional(Type.Object({ database: Type.Optional(Type.String()), annotation: Type.Optional(Type.String()), image: Type.Optional(Type.String()) })),
  width: Type.Optional(Type.Integer({ minimum: 0 })),
  height: Type.Optional(Type.Integer({ minimum: 0 })),
  depth: Type.Optional(Type.Integer({ minimum: 0 })),
  segmented: Type.Optional(Type.String()),
  mask_source: Type.Optional(Type.String()),
  voc_objects: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true, description: 'a VocObject or its options' }))),
});

export interface PascalVocOptions {
  folder?: string | undefined;
  file_name?: string | undefined;
  path?: string | undefined;
  source?: VocSourceInfo | undefined;
  width?: number | undefined;
  height?: number | undefined;
  depth?: number | undefined;
  /** `"0"` or `"1"` (segmentation). */
  segmented?: string | undefined;
  /** The PNG mask of a segmentation label. */
  mask_source?: string | undefined;
  voc_objects?: Array<VocObject | VocObjectOptions> | undefined;
}

const PATH = Type.String({ minLength: 1, description: 'a local path or an obs:// path' });
const PASCAL_VOC = defineSignature('new PascalVoc', [], PascalVocOptions);
const PARSE = defineSignature('PascalVoc.parseXml', [['xml_file_path', PATH]], FileIoOptionsSchema);
const SAVE = defineSignature('pascalVoc.saveXml', [['xml_file_path', PATH]], Type.Object({ ...FileIoOptionsSchema.properties, save_mode: SAVE_MODE }));

/** A Pascal VOC label file (Table 7-30). */
export class PascalVoc implements VocDocument {
  folder: string | undefined;
  file_name: string | undefined;
  path: string | undefined;
  source: VocSourceInfo | undefined;
  width: number | undefined;
  height: number | undefined;
  depth: number | undefined;
  segmented: string | undefined;
  mask_source: string | undefined;
  voc_objects: VocObject[];

  constructor(options: PascalVocOptions = {}) {
    const [o] = PASCAL_VOC.check(options);
    const given = o as PascalVocOptions;
    this.folder = given.folder;
    this.file_name = given.file_name;
    this.path = given.path;
    this.source = given.source;
    this.width = given.width;
    this.height = given.height;
    this.depth = given.depth;
    this.segmented = given.segmented;
    this.mask_source = given.mask_source;
    this.voc_objects = (given.voc_objects ?? []).map((v) => (v instanceof VocObject ? v : new VocObject(v)));
  }

  /** Parses VOC XML text. Throws VocParseError for what the format does not allow. */
  static fromXml(xml: string, where = 'XML'): PascalVoc {
    let doc: VocDocument;
    try {
      doc = parseVocXml(xml);
    } catch (e) {
      if (e instanceof VocFormatError) throw new VocParseError(where, e.message);
      throw e;
    }
    const v = Object.create(PascalVoc.prototype) as PascalVoc;
    Object.assign(v, { ...doc, voc_objects: doc.voc_objects.map((d) => VocObject.fromData(d)) });
    return v;
  }

  /** `PascalVoc.parse_xml(xml_file_path, session=None)`: reads a local or `obs://` VOC file. */
  static async parseXml(xml_file_path: string, options: FileIoOptions = {}): Promise<PascalVoc> {
    const [path, o] = PARSE.check(xml_file_path, options);
    return PascalVoc.fromXml(await readText(path, o as FileIoOptions, PARSE.name), path);
  }

  /** The XML text, in the platform's layout. */
  toXml(): string {
    return formatVocXml(this);
  }

  /**
   * `pascal_voc.save_xml(xml_file_path, save_mode='w', session=None)`. Mode `a` appends the document to the file,
   * as the manual's Python does; `w` replaces it atomically.
   */
  async saveXml(xml_file_path: string, options: FileIoOptions & { save_mode?: 'w' | 'a' | undefined } = {}): Promise<void> {
    const [path, o] = SAVE.check(xml_file_path, options);
    let xml: string;
    try {
      xml = this.toXml();
    } catch (e) {
      if (e instanceof VocFormatError) throw new InvalidArgumentError(`${SAVE.name}: ${e.message}`, { signature: SAVE.shape });
      throw e;
    }
    await writeText(path, xml, o as FileIoOptions & { save_mode?: 'w' | 'a' }, SAVE.name);
  }
}

/** A VOC file that breaks the format; the message names the element. */
export class VocParseError extends InvalidArgumentError {
  override name = 'VocParseError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}
