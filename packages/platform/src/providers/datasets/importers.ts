import { createHash } from 'node:crypto';
import {
  ANNOTATION_KEYS,
  type DataType,
  type JsonObject,
  ManifestLineError,
  type ObsLocation,
  parseManifestLine,
  parseObsLocation,
  parseVocXml,
  readField,
  SAMPLE_KEYS,
  type SampleLabel,
  type TableColumn,
  VocFormatError,
} from '@modelarts-ts/contract';
import { parse as parseCsv } from 'csv-parse/sync';
import type { ObjectSummary } from '../../storage/object-store.js';
import type { AccountObjects } from './account-objects.js';
import { extensionOf, hasDataExtension, SAMPLE_TYPE, stemKey } from './data-types.js';
import { annotationToLabel, labelTypeOf, VOC_LABEL_TYPES, vocObjectToLabel } from './labels.js';
import { readYoloTree } from './yolo.js';

/** What an import reads: a folder in one of the layouts, or a manifest. */
export interface ImportPlan {
  kind: 'dir' | 'manifest';
  /** A folder (key ending in `/`) or the manifest object. */
  location: ObsLocation;
  dataType: DataType;
  /** The layout of a folder (`annotation_config.format_name`), normalized by `formatKey`; absent = files only. */
  format?: string | undefined;
  importAnnotations: boolean;
  includedLabels?: ReadonlySet<string> | undefined;
  excludedLabels?: ReadonlySet<string> | undefined;
  difficultOnly?: boolean | undefined;
  /** Text classification: label file beside the text (`0`) or on the same line (`1`). */
  labelType?: '0' | '1' | undefined;
  sampleSeparator?: string | undefined;
  labelSeparator?: string | undefined;
  /** Tables. */
  schema?: readonly TableColumn[] | undefined;
  withColumnHeader?: boolean | undefined;
}

export interface ImportedSample {
  id: string;
  source: string;
  name: string;
  dir: string;
  sample_type: number;
  size: number;
  labels: SampleLabel[];
  metadata: Record<string, unknown>;
  usage?: string | undefined;
  data?: string | undefined;
}

export interface ImportFailure {
  source: string;
  reason: string;
}

export type ImportItem = { sample: ImportedSample } | { failure: ImportFailure } | { file: { size: number } };

/** `ModelArts text classfication 1.0` and `... classification 1.0` are the same format; case is not significant. */
export function formatKey(formatName: string): string {
  return formatName
    .trim()
    .toLowerCase()
    .replace(/classfication/g, 'classification')
    .replace(/\s+/g, ' ');
}

export const FORMATS = {
  imageNet: formatKey('ModelArts imageNet 1.0'),
  imageClassification: formatKey('ModelArts image classification 1.0'),
  voc: formatKey('ModelArts PASCAL VOC 1.0'),
  segmentation: formatKey('ModelArts image segmentation 1.0'),
  yolo: formatKey('YOLO'),
  text: formatKey('ModelArts text classification 1.0'),
  textCombine: formatKey('ModelArts text classification combine 1.0'),
  audioDir: formatKey('ModelArts audio classification dir 1.0'),
};

export const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const uri = (bucket: string, key: string) => `obs://${bucket}/${key}`;

function fileSample(bucket: string, o: ObjectSummary, sampleType: number, labels: SampleLabel[] = [], metadata: Record<string, unknown> = {}): ImportedSample {
  const source = uri(bucket, o.key);
  const slash = o.key.lastIndexOf('/');
  return {
    id: md5(source),
    source,
    name: o.key.slice(slash + 1),
    dir: `/${bucket}/${o.key.slice(0, slash + 1)}`,
    sample_type: sampleType,
    size: o.size,
    labels,
    metadata,
  };
}

/** Keeps the labels the import asked for; undefined when the sample is filtered out entirely. */
function filterLabels(plan: ImportPlan, labels: SampleLabel[]): SampleLabel[] | undefined {
  if (!plan.importAnnotations) return [];
  let out = labels;
  if (plan.includedLabels && plan.includedLabels.size > 0) out = out.filter((l) => plan.includedLabels?.has(l.name));
  if (plan.excludedLabels && plan.excludedLabels.size > 0) out = out.filter((l) => !plan.excludedLabels?.has(l.name));
  if (plan.difficultOnly && !out.some((l) => l.property?.difficult === '1' || l.property?.['@modelarts:hard'] === true)) return undefined;
  return out;
}

/** Reads an import: yields samples, failed samples with their reasons, and file counters. Never throws for one bad file. */
export async function* readImport(objects: AccountObjects, plan: ImportPlan): AsyncGenerator<ImportItem> {
  if (plan.kind === 'manifest') {
    yield* readManifest(objects, plan);
    return;
  }
  const all: ObjectSummary[] = [];
  for await (const o of objects.list(plan.location)) if (!o.key.endsWith('/')) all.push(o);
  const format = plan.format;
  if (plan.dataType === 'TABLE') yield* readTables(objects, plan, all);
  else if (plan.dataType === 'TEXT') yield* readTexts(objects, plan, all, format);
  else if (format === FORMATS.voc || format === FORMATS.segmentation) yield* readVocFolder(objects, plan, all, format === FORMATS.segmentation ? 3 : 1);
  else if (format === FORMATS.imageClassification) yield* readLabelFiles(objects, plan, all);
  else if (format === FORMATS.yolo) yield* readYolo(objects, plan, all);
  else yield* readFiles(plan, all, format === FORMATS.imageNet || format === FORMATS.audioDir);
}

/** Plain files, optionally labelled by the name of the folder they are in (imageNet, audio dirs). */
async function* readFiles(plan: ImportPlan, all: ObjectSummary[], folderLabels: boolean): AsyncGenerator<ImportItem> {
  const root = plan.location.key;
  const sampleType = SAMPLE_TYPE[plan.dataType];
  const labelType = plan.dataType === 'AUDIO' ? 200 : 0;
  for (const o of all) {
    if (!hasDataExtension(o.key, plan.dataType)) continue;
    yield { file: { size: o.size } };
    const rel = o.key.slice(root.length);
    const parts = rel.split('/');
    const folder = parts.length > 1 ? parts[parts.length - 2] : undefined;
    const labels = filterLabels(plan, folderLabels && folder ? [{ name: folder, type: labelType, annotated_by: 'human' }] : []);
    if (labels === undefined) continue;
    yield { sample: fileSample(plan.location.bucket, o, sampleType, labels) };
  }
}

/** Images with an optional same-stem `.txt` holding one label per line ("ModelArts image classification 1.0"). */
async function* readLabelFiles(objects: AccountObjects, plan: ImportPlan, all: ObjectSummary[]): AsyncGenerator<ImportItem> {
  const byStem = new Map(all.filter((o) => extensionOf(o.key) === '.txt').map((o) => [stemKey(o.key), o]));
  for (const o of all) {
    if (!hasDataExtension(o.key, 'IMAGE')) continue;
    yield { file: { size: o.size } };
    const txt = byStem.get(stemKey(o.key));
    let names: string[] = [];
    if (txt && plan.importAnnotations) {
      try {
        names = (await objects.readText({ bucket: plan.location.bucket, key: txt.key }))
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter(Boolean);
      } catch (e) {
        yield { failure: { source: uri(plan.location.bucket, txt.key), reason: `cannot read the label file: ${(e as Error).message}` } };
        continue;
      }
    }
    const labels = filterLabels(
      plan,
      [...new Set(names)].map((name) => ({ name, type: 0, annotated_by: 'human' })),
    );
    if (labels === undefined) continue;
    yield { sample: fileSample(plan.location.bucket, o, 0, labels) };
  }
}

/** Images paired with same-stem Pascal VOC files; a broken XML fails its sample, an XML without its image too. */
async function* readVocFolder(objects: AccountObjects, plan: ImportPlan, all: ObjectSummary[], labelType: number): AsyncGenerator<ImportItem> {
  const bucket = plan.location.bucket;
  const images = new Map(all.filter((o) => hasDataExtension(o.key, 'IMAGE')).map((o) => [stemKey(o.key), o]));
  const xmls = new Map(all.filter((o) => extensionOf(o.key) === '.xml').map((o) => [stemKey(o.key), o]));
  for (const [stem, xml] of xmls) {
    if (!images.has(stem))
      yield {
        failure: {
          source: uri(bucket, xml.key),
          reason: `no image beside the label file (expected ${stem.slice(stem.lastIndexOf('/') + 1)}.jpg, .jpeg, .png or .bmp)`,
        },
      };
  }
  // Label files are read a window ahead, so that reading one overlaps parsing another; samples keep their order.
  const read = (stem: string) => {
    const xml = xmls.get(stem);
    return xml && plan.importAnnotations ? settle(objects.readText({ bucket, key: xml.key })) : undefined;
  };
  for await (const [stem, o, text] of aheadOf([...images], ([stem, o]) => [stem, o, read(stem)] as const, READ_AHEAD)) {
    yield { file: { size: o.size } };
    const xml = xmls.get(stem);
    if (!xml || text === undefined) {
      const labels = filterLabels(plan, []);
      if (labels !== undefined) yield { sample: fileSample(bucket, o, 0, labels) };
      continue;
    }
    let item: ImportItem;
    try {
      const doc = parseVocXml(unwrap(await text));
      const labels = filterLabels(
        plan,
        doc.voc_objects.map((v) => vocObjectToLabel(v, labelType)),
      );
      if (labels === undefined) continue;
      const metadata: Record<string, unknown> = {};
      if (doc.width !== undefined && doc.height !== undefined) metadata['@modelarts:size'] = [doc.width, doc.height, doc.depth ?? 3];
      if (doc.mask_source !== undefined) metadata['@modelarts:mask_source'] = doc.mask_source;
      item = { sample: fileSample(bucket, o, 0, labels, metadata) };
    } catch (e) {
      item = {
        failure: {
          source: uri(bucket, o.key),
          reason: `${xml.key.slice(xml.key.lastIndexOf('/') + 1)}: ${e instanceof VocFormatError ? e.message : (e as Error).message}`,
        },
      };
    }
    yield item;
  }
}

/** Label files read at once by an import. */
const READ_AHEAD = 16;

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
/** A promise that never rejects (a read started ahead must not become an unhandled rejection). */
const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ ok: true, value }) as const,
    (error: unknown) => ({ ok: false, error }) as const,
  );
function unwrap<T>(s: Settled<T>): T {
  if (!s.ok) throw s.error;
  return s.value;
}

/** Maps items in order, starting `map` for up to `ahead` items before the consumer reaches them. */
async function* aheadOf<T, R>(items: readonly T[], map: (item: T) => R, ahead: number): AsyncGenerator<R> {
  const started: R[] = [];
  let next = 0;
  for (let i = 0; i < items.length; i++) {
    while (next < items.length && next < i + ahead) started.push(map(items[next++] as T));
    yield started.shift() as R;
  }
}

/** A YOLO tree: the images its `train.txt` / `valid.txt` list (TRAIN / EVAL), with their boxes in pixels. */
async function* readYolo(objects: AccountObjects, plan: ImportPlan, all: ObjectSummary[]): AsyncGenerator<ImportItem> {
  const bucket = plan.location.bucket;
  for await (const item of readYoloTree(objects, bucket, plan.location.key, all)) {
    if ('listed' in item) yield { file: { size: item.listed.size } };
    else if ('failure' in item) yield { failure: { source: uri(bucket, item.failure.key), reason: item.failure.reason } };
    else {
      const labels = filterLabels(plan, item.labels);
      if (labels === undefined) continue;
      const sample = fileSample(bucket, item.image, 0, labels, { '@modelarts:size': [...item.size, 3] });
      sample.usage = item.usage;
      yield { sample };
    }
  }
}

/** Text files: one sample per line; labels from a `<name>_result.txt` beside the file, or on the line itself. */
async function* readTexts(objects: AccountObjects, plan: ImportPlan, all: ObjectSummary[], format: string | undefined): AsyncGenerator<ImportItem> {
  const bucket = plan.location.bucket;
  const results = new Map(all.filter((o) => o.key.endsWith('_result.txt')).map((o) => [o.key.slice(0, -'_result.txt'.length), o]));
  const combined = format === FORMATS.textCombine || (format === FORMATS.text && plan.labelType === '1');
  const sampleSep = plan.sampleSeparator ?? '\t';
  const labelSep = plan.labelSeparator ?? ',';
  for (const o of all) {
    if (!hasDataExtension(o.key, 'TEXT') || o.key.endsWith('_result.txt')) continue;
    yield { file: { size: o.size } };
    let lines: string[];
    let labelLines: string[] = [];
    try {
      lines = (await objects.readText({ bucket, key: o.key })).split(/\r?\n/);
      const result = results.get(stemKey(o.key));
      if (format === FORMATS.text && !combined && result && plan.importAnnotations)
        labelLines = (await objects.readText({ bucket, key: result.key })).split(/\r?\n/);
    } catch (e) {
      yield { failure: { source: uri(bucket, o.key), reason: `cannot read the file: ${(e as Error).message}` } };
      continue;
    }
    const fileId = md5(uri(bucket, o.key));
    for (let i = 0; i < lines.length; i++) {
      let text = lines[i] as string;
      if (text.trim() === '') continue;
      let names: string[] = [];
      if (combined) {
        const at = text.lastIndexOf(sampleSep);
        if (at >= 0) {
          names = text
            .slice(at + sampleSep.length)
            .split(labelSep)
            .map((s) => s.trim())
            .filter(Boolean);
          text = text.slice(0, at);
        }
      } else if (labelLines[i] !== undefined)
        names = (labelLines[i] as string)
          .split(labelSep)
          .map((s) => s.trim())
          .filter(Boolean);
      if (Buffer.byteLength(text) > 100 * 1024) {
        yield { failure: { source: `${uri(bucket, o.key)}#${i + 1}`, reason: 'a text sample is longer than 100 KB' } };
        continue;
      }
      const labels = filterLabels(
        plan,
        names.map((name) => ({ name, type: 100, annotated_by: 'human' })),
      );
      if (labels === undefined) continue;
      const slash = o.key.lastIndexOf('/');
      yield {
        sample: {
          id: `${fileId}.${String(i + 1).padStart(9, '0')}`,
          source: `content://${text}`,
          name: o.key.slice(slash + 1),
          dir: `/${bucket}/${o.key.slice(0, slash + 1)}`,
          sample_type: 1,
          size: Buffer.byteLength(text),
          labels,
          metadata: { '@modelarts:source_file': uri(bucket, o.key), '@modelarts:line': i + 1 },
          data: text,
        },
      };
    }
  }
}

/** CSV files of a table dataset: one sample per file; rows whose column count differs from the schema are skipped. */
async function* readTables(objects: AccountObjects, plan: ImportPlan, all: ObjectSummary[]): AsyncGenerator<ImportItem> {
  const bucket = plan.location.bucket;
  const width = plan.schema?.length;
  for (const o of all) {
    if (extensionOf(o.key) !== '.csv') continue;
    yield { file: { size: o.size } };
    let rows: string[][];
    try {
      rows = parseCsv(await objects.readText({ bucket, key: o.key }), { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
    } catch (e) {
      yield { failure: { source: uri(bucket, o.key), reason: `not a CSV file: ${(e as Error).message}` } };
      continue;
    }
    const header = plan.withColumnHeader ? rows.shift() : undefined;
    const kept = width === undefined ? rows.length : rows.filter((r) => r.length === width).length;
    yield {
      sample: fileSample(bucket, o, 4, [], {
        '@modelarts:rows': kept,
        '@modelarts:skipped_rows': rows.length - kept,
        ...(header ? { '@modelarts:header': header } : {}),
      }),
    };
  }
}

/** A manifest: each line's source must exist; object-detection labels come from the VOC file it points at. */
async function* readManifest(objects: AccountObjects, plan: ImportPlan): AsyncGenerator<ImportItem> {
  let text: string;
  try {
    text = await objects.readText(plan.location);
  } catch (e) {
    yield { failure: { source: uri(plan.location.bucket, plan.location.key), reason: `cannot read the manifest: ${(e as Error).message}` } };
    return;
  }
  const lines = text.split('\n');
  const sampleType = SAMPLE_TYPE[plan.dataType];
  for (let i = 0; i < lines.length; i++) {
    let raw: JsonObject | undefined;
    try {
      raw = parseManifestLine(lines[i] as string, i + 1);
    } catch (e) {
      yield { failure: { source: `${uri(plan.location.bucket, plan.location.key)}#${i + 1}`, reason: e instanceof ManifestLineError ? e.message : String(e) } };
      continue;
    }
    if (raw === undefined) continue;
    yield { file: { size: Buffer.byteLength(lines[i] as string) } };
    const result = await manifestSample(objects, plan, raw, sampleType);
    if (result) yield result;
  }
}

async function manifestSample(objects: AccountObjects, plan: ImportPlan, raw: JsonObject, sampleType: number): Promise<ImportItem | undefined> {
  const source = raw.source as string;
  const usage = typeof raw.usage === 'string' ? raw.usage : undefined;
  const annotations = (readField(raw, SAMPLE_KEYS.annotations) as JsonObject[] | undefined) ?? [];
  let sample: ImportedSample;
  if (source.startsWith('content://')) {
    const data = source.slice('content://'.length);
    sample = { id: md5(source), source, name: data.slice(0, 64), dir: '', sample_type: 1, size: Buffer.byteLength(data), labels: [], metadata: {}, data };
  } else {
    const loc = parseObsLocation(source.replace(/^s3:\/\//i, 'obs://'), { slashForm: false });
    if ('error' in loc) return { failure: { source, reason: `the source is not an OBS object: ${loc.error}` } };
    const size = await objects.size(loc);
    if (size === undefined) return { failure: { source, reason: 'the file does not exist' } };
    sample = fileSample(loc.bucket, { key: loc.key, size, etag: '', lastModified: 0 }, sampleType);
    sample.source = `obs://${loc.bucket}/${loc.key}`;
    sample.id = md5(sample.source);
  }
  if (typeof raw.id === 'string' && /^[0-9a-f]{32}(\.\d{9})?$/.test(raw.id)) sample.id = raw.id;
  sample.usage = usage;
  if (plan.importAnnotations) {
    for (const a of annotations) {
      const type = labelTypeOf(typeof a.type === 'string' ? a.type : undefined);
      if (type === undefined) return { failure: { source, reason: `unknown annotation type ${JSON.stringify(a.type)}` } };
      if (!VOC_LABEL_TYPES.has(type)) {
        sample.labels.push(annotationToLabel(a, type));
        continue;
      }
      const loc = readField(a, ANNOTATION_KEYS.annotation_loc);
      if (typeof loc !== 'string') return { failure: { source, reason: 'an object-detection annotation needs annotation-loc' } };
      const xmlLoc = parseObsLocation(loc.replace(/^s3:\/\//i, 'obs://'), { slashForm: false });
      if ('error' in xmlLoc) return { failure: { source, reason: `annotation-loc: ${xmlLoc.error}` } };
      try {
        const doc = parseVocXml(await objects.readText(xmlLoc));
        const by = readField(a, ANNOTATION_KEYS.annotated_by);
        sample.labels.push(...doc.voc_objects.map((v) => vocObjectToLabel(v, type, typeof by === 'string' ? by : 'human')));
        if (doc.width !== undefined && doc.height !== undefined) sample.metadata['@modelarts:size'] = [doc.width, doc.height, doc.depth ?? 3];
      } catch (e) {
        return { failure: { source, reason: `${loc}: ${e instanceof VocFormatError ? e.message : (e as Error).message}` } };
      }
    }
  }
  const labels = filterLabels(plan, sample.labels);
  if (labels === undefined) return undefined;
  sample.labels = labels;
  if (raw.hard !== undefined) sample.metadata['@modelarts:hard'] = raw.hard === true || raw.hard === 'true';
  return { sample };
}
