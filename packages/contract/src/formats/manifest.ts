/**
 * The ModelArts manifest (JSON Lines, one sample per line) as a wire format shared by the SDK, which parses and
 * writes manifests for users, and ModelArts Local, which writes them when a dataset version is published.
 *
 * Files spell keys with hyphens (`annotation-loc`); the SDK names them in snake_case (`annotation_loc`). Readers of
 * the cloud also accept the underscore spelling of a few keys, so both are read here; a key is written back under
 * the spelling it was read with, and keys this module does not know are kept, so a line round-trips byte for byte.
 */

/** A sample field: its SDK name, then every JSON spelling accepted on read (the first is written for new values). */
type KeyTable<F extends string> = Readonly<Record<F, readonly [string, ...string[]]>>;

export type SampleField =
  | 'source'
  | 'usage'
  | 'id'
  | 'annotations'
  | 'inference_loc'
  | 'source_type'
  | 'source_property'
  | 'hard'
  | 'hard_coefficient'
  | 'hard_reasons'
  | 'source_map'
  | 'sample_type';

export type AnnotationField =
  | 'name'
  | 'type'
  | 'id'
  | 'annotation_loc'
  | 'annotation_property'
  | 'confidence'
  | 'creation_time'
  | 'annotated_by'
  | 'annotation_format'
  | 'hard'
  | 'hard_coefficient'
  | 'annotation_loc_map';

export const SAMPLE_KEYS: KeyTable<SampleField> = {
  source: ['source'],
  usage: ['usage'],
  id: ['id'],
  annotations: ['annotation'],
  inference_loc: ['inference-loc', 'inference_loc'],
  source_type: ['source-type', 'source_type'],
  source_property: ['property'],
  hard: ['hard'],
  hard_coefficient: ['hard-coefficient', 'hard_coefficient'],
  hard_reasons: ['hard-reasons', 'hard_reasons'],
  source_map: ['source-map', 'source_map'],
  sample_type: ['sample-type', 'sample_type'],
};

export const ANNOTATION_KEYS: KeyTable<AnnotationField> = {
  name: ['name'],
  type: ['type'],
  id: ['id'],
  annotation_loc: ['annotation-loc', 'annotation_loc'],
  annotation_property: ['property'],
  confidence: ['confidence'],
  creation_time: ['creation-time', 'creation_time'],
  annotated_by: ['annotated-by', 'annotated_by'],
  annotation_format: ['annotation-format', 'annotation_format'],
  hard: ['hard'],
  hard_coefficient: ['hard-coefficient', 'hard_coefficient'],
  annotation_loc_map: ['annotation-loc-map', 'annotation_loc_map'],
};

/** Order of keys in a line the platform writes: `annotation`, `usage`, `property`, `source`, `id`, then the rest. */
export const SAMPLE_WRITE_ORDER: readonly SampleField[] = [
  'annotations',
  'usage',
  'source_property',
  'source',
  'id',
  'sample_type',
  'source_type',
  'inference_loc',
  'hard',
  'hard_coefficient',
  'hard_reasons',
  'source_map',
];

/** Order of keys in an annotation the platform writes. */
export const ANNOTATION_WRITE_ORDER: readonly AnnotationField[] = [
  'name',
  'id',
  'annotation_property',
  'annotation_format',
  'type',
  'annotation_loc',
  'confidence',
  'creation_time',
  'hard',
  'hard_coefficient',
  'annotated_by',
  'annotation_loc_map',
];

/** The annotation types of a manifest (`modelarts/<task>`). */
export const ANNOTATION_TYPES = [
  'modelarts/image_classification',
  'modelarts/object_detection',
  'modelarts/image_segmentation',
  'modelarts/text_classification',
  'modelarts/text_entity',
  'modelarts/text_triplet',
  'modelarts/audio_classification',
  'modelarts/audio_content',
  'modelarts/audio_segmentation',
] as const;

export type JsonObject = Record<string, unknown>;

/** A line that is not a manifest sample; `line` is 1-based. */
export class ManifestLineError extends Error {
  override readonly name = 'ManifestLineError';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`manifest line ${line}: ${reason}`);
  }
}

/**
 * Parses one manifest line into its JSON object. Blank lines return undefined (callers skip them); anything that is
 * not a JSON object with a string `source` throws ManifestLineError naming the line.
 */
export function parseManifestLine(text: string, line: number): JsonObject | undefined {
  if (text.length === 0 || /^\s*$/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ManifestLineError(line, `not valid JSON (${(e as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ManifestLineError(line, 'a sample must be a JSON object');
  const raw = value as JsonObject;
  if (typeof raw.source !== 'string' || raw.source === '') throw new ManifestLineError(line, 'a sample needs a "source" string');
  const annotations = raw.annotation;
  if (annotations !== undefined && annotations !== null) {
    if (!Array.isArray(annotations)) throw new ManifestLineError(line, '"annotation" must be a list');
    annotations.forEach((a, i) => {
      if (a === null || typeof a !== 'object' || Array.isArray(a)) throw new ManifestLineError(line, `annotation ${i} must be a JSON object`);
    });
  }
  return raw;
}

/** One compact line, raw UTF-8, as the platform writes it (no trailing newline). */
export function formatManifestLine(raw: JsonObject): string {
  return JSON.stringify(raw);
}

/** The JSON key under which `raw` holds a field (the spelling present), or undefined. */
export function presentKey(raw: JsonObject, spellings: readonly string[]): string | undefined {
  for (const k of spellings) if (Object.hasOwn(raw, k)) return k;
  return undefined;
}

export function readField(raw: JsonObject, spellings: readonly string[]): unknown {
  const k = presentKey(raw, spellings);
  return k === undefined ? undefined : raw[k];
}

/** Sets a field under the spelling already present (else the first); `undefined` removes it. */
export function writeField(raw: JsonObject, spellings: readonly [string, ...string[]], value: unknown): void {
  const k = presentKey(raw, spellings);
  if (value === undefined) {
    if (k !== undefined) delete raw[k];
    return;
  }
  raw[k ?? spellings[0]] = value;
}

/** `hard` is written as the string "true"/"false" by the platform and as a boolean by some tools: accept both. */
export function readHard(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true' || value === '1';
  if (typeof value === 'number') return value !== 0;
  return undefined;
}

/** Builds a JSON object in a fixed key order from snake_case fields (undefined fields left out). */
export function buildRaw<F extends string>(fields: Partial<Record<F, unknown>>, order: readonly F[], keys: KeyTable<F>): JsonObject {
  const raw: JsonObject = {};
  for (const f of order) {
    const v = fields[f];
    if (v !== undefined) raw[keys[f][0]] = v;
  }
  return raw;
}
