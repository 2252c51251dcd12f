import {
  ANNOTATION_KEYS,
  featureToPosition,
  type JsonObject,
  positionToFeature,
  readField,
  type SampleLabel,
  type VocObjectData,
  type VocPosition,
} from '@modelarts-ts/contract';

/**
 * How labels move between the three shapes data management knows: a sample's labels (the REST form, stored per
 * sample), manifest annotations, and Pascal VOC objects.
 */

/** Manifest annotation type ↔ label type. */
export const ANNOTATION_TYPE_OF: Readonly<Record<number, string>> = {
  0: 'modelarts/image_classification',
  1: 'modelarts/object_detection',
  3: 'modelarts/image_segmentation',
  100: 'modelarts/text_classification',
  101: 'modelarts/text_entity',
  102: 'modelarts/text_triplet',
  103: 'modelarts/text_entity',
  200: 'modelarts/audio_classification',
  201: 'modelarts/audio_content',
  202: 'modelarts/audio_segmentation',
  600: 'modelarts/object_detection',
};

export function labelTypeOf(annotationType: string | undefined): number | undefined {
  if (!annotationType) return undefined;
  const task = annotationType.replace(/^.*\//, '');
  if (task === 'sound_classification') return 200;
  for (const [t, name] of Object.entries(ANNOTATION_TYPE_OF)) if (name.endsWith(`/${task}`)) return Number(t);
  return undefined;
}

/** Label types whose manifest annotation points at a VOC file rather than naming the label. */
export const VOC_LABEL_TYPES: ReadonlySet<number> = new Set([1, 3, 600]);

/** VOC object fields kept as label properties, so that export writes them back. */
const VOC_FLAGS = ['pose', 'truncated', 'occluded', 'difficult'] as const;

export function vocObjectToLabel(o: VocObjectData, type: number, annotatedBy = 'human'): SampleLabel {
  const property: Record<string, unknown> = {};
  if (o.position) {
    property['@modelarts:shape'] = o.position.type;
    property['@modelarts:feature'] = positionToFeature(o.position);
  }
  for (const f of VOC_FLAGS) if (o[f] !== undefined) property[f] = o[f];
  if (o.hard_coefficient !== undefined) property['@modelarts:hard_coefficient'] = o.hard_coefficient;
  if (o.mask_color !== undefined) property['@modelarts:mask_color'] = o.mask_color;
  for (const [k, v] of Object.entries(o.properties ?? {})) property[k] = v;
  return { name: o.name, type, annotated_by: annotatedBy, ...(o.confidence !== undefined ? { score: o.confidence } : {}), property };
}

export function labelToVocObject(l: SampleLabel): VocObjectData {
  const p = { ...(l.property ?? {}) };
  let position: VocPosition | undefined;
  const shape = p['@modelarts:shape'];
  if (typeof shape === 'string') position = featureToPosition(shape, p['@modelarts:feature']);
  const o: VocObjectData = { name: l.name };
  for (const f of VOC_FLAGS) if (typeof p[f] === 'string') o[f] = p[f] as string;
  if (typeof p['@modelarts:hard_coefficient'] === 'number') o.hard_coefficient = p['@modelarts:hard_coefficient'] as number;
  if (l.score !== undefined) o.confidence = l.score;
  if (typeof p['@modelarts:mask_color'] === 'string') o.mask_color = p['@modelarts:mask_color'] as string;
  if (position) o.position = position;
  const custom = Object.entries(p).filter(([k]) => !k.startsWith('@modelarts:') && !(VOC_FLAGS as readonly string[]).includes(k));
  if (custom.length > 0) o.properties = Object.fromEntries(custom.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  return o;
}

/** A manifest annotation that names its label (classification, text, audio) as a sample label. */
export function annotationToLabel(a: JsonObject, type: number): SampleLabel {
  const property = readField(a, ANNOTATION_KEYS.annotation_property);
  const confidence = a.confidence;
  const creation = readField(a, ANNOTATION_KEYS.creation_time);
  const by = readField(a, ANNOTATION_KEYS.annotated_by);
  return {
    name: typeof a.name === 'string' ? a.name : '',
    type,
    ...(typeof a.id === 'string' ? { id: a.id } : {}),
    ...(typeof confidence === 'number' ? { score: confidence } : {}),
    annotated_by: typeof by === 'string' ? by : 'human',
    ...(typeof creation === 'string' ? { creation_time: creation } : {}),
    ...(property !== null && typeof property === 'object' && !Array.isArray(property) ? { property: property as Record<string, unknown> } : {}),
  };
}

/** The manifest annotation of a label that names itself. */
export function labelToAnnotation(l: SampleLabel, now: string): JsonObject {
  const a: JsonObject = { name: l.name };
  if (l.id !== undefined) a.id = l.id;
  if (l.property && Object.keys(l.property).length > 0) a.property = l.property;
  a.type = ANNOTATION_TYPE_OF[l.type] ?? 'modelarts/image_classification';
  if (l.score !== undefined) a.confidence = l.score;
  a['creation-time'] = l.creation_time ?? now;
  a['annotated-by'] = l.annotated_by ?? 'human';
  return a;
}

/** `YYYY-MM-DD HH:MM:SS` in local time, as manifests write label times. */
export function labelTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
