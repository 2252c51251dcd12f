import { formatManifestLine, formatVocXml, type JsonObject, type ObsLocation, type VocDocument } from '@modelarts-ts/contract';
import type { AccountObjects } from './account-objects.js';
import { labelTime, labelToAnnotation, labelToVocObject, VOC_LABEL_TYPES } from './labels.js';
import type { SampleRow } from './store.js';

/**
 * Writes samples as a manifest: one line per sample with its labels as annotations. Box and polygon labels become
 * a Pascal VOC file per sample in `vocFolder`, which the annotation points at.
 */
export interface ManifestWriteOptions {
  /** Where VOC files go (a folder key ending in `/`). */
  vocFolder: ObsLocation;
  /** A sample's VOC file name (default `<stem>-<first 8 of its id>.xml`, unique within a version). */
  vocName?: (s: SampleRow) => string;
  /** `obs://` (default) or `s3://`. */
  sourceScheme?: 'obs://' | 's3://';
  /** The usage each sample gets (undefined: keep the sample's own, unless `clearUsage`). */
  usageOf?: (s: SampleRow) => string | undefined;
  clearUsage?: boolean;
  /** Drop hard-example fields. */
  clearHard?: boolean;
  /** A sample's source in the written manifest (default: its own), e.g. an exported copy. */
  sourceOf?: (s: SampleRow) => string;
}

export async function sampleLine(objects: AccountObjects, s: SampleRow, o: ManifestWriteOptions): Promise<string> {
  const raw: JsonObject = {};
  const now = labelTime(s.sample_time);
  const annotations: JsonObject[] = [];
  const voc = s.labels.filter((l) => VOC_LABEL_TYPES.has(l.type));
  for (const l of s.labels) if (!VOC_LABEL_TYPES.has(l.type)) annotations.push(labelToAnnotation(l, now));
  if (voc.length > 0) {
    const name = o.vocName ? o.vocName(s) : `${s.name.replace(/\.[^.]*$/, '')}-${s.id.slice(0, 8)}.xml`;
    const xml: ObsLocation = { bucket: o.vocFolder.bucket, key: `${o.vocFolder.key}${name}` };
    const size = s.metadata['@modelarts:size'] as number[] | undefined;
    const doc: VocDocument = {
      folder: 'NA',
      file_name: s.name,
      source: { database: 'Unknown' },
      ...(size ? { width: size[0], height: size[1], depth: size[2] ?? 3 } : {}),
      segmented: voc.some((l) => l.type === 3) ? '1' : '0',
      ...(typeof s.metadata['@modelarts:mask_source'] === 'string' ? { mask_source: s.metadata['@modelarts:mask_source'] as string } : {}),
      voc_objects: voc.map(labelToVocObject),
    };
    await objects.write(xml, formatVocXml(doc), 'application/xml');
    const type = voc[0]?.type === 3 ? 'modelarts/image_segmentation' : 'modelarts/object_detection';
    annotations.push({
      'annotation-format': 'PASCAL VOC',
      type,
      'annotation-loc': `${o.sourceScheme ?? 'obs://'}${xml.bucket}/${xml.key}`,
      'creation-time': now,
      'annotated-by': voc[0]?.annotated_by ?? 'human',
    });
  }
  if (annotations.length > 0) raw.annotation = annotations;
  const usage = o.usageOf?.(s) ?? (o.clearUsage ? undefined : (s.usage ?? undefined));
  if (usage) raw.usage = usage;
  let source = o.sourceOf ? o.sourceOf(s) : s.source;
  if (o.sourceScheme === 's3://') source = source.replace(/^obs:\/\//, 's3://');
  raw.source = source;
  raw.id = s.id;
  raw['sample-type'] = s.sample_type;
  if (!o.clearHard && s.metadata['@modelarts:hard'] === true) raw.hard = 'true';
  return formatManifestLine(raw);
}

/** Train/eval split by a stable hash of the sample id: the same samples land on the same side on every publish. */
export function splitUsage(ratio: number): (s: SampleRow) => string | undefined {
  return (s) => {
    if (s.labels.length === 0) return undefined;
    if (ratio >= 1) return 'TRAIN';
    const bucket = Number.parseInt(s.id.slice(0, 8), 16) / 0xffffffff;
    return bucket < ratio ? 'TRAIN' : 'EVAL';
  };
}
