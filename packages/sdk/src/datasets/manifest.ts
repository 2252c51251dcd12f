import {
  ANNOTATION_KEYS,
  ANNOTATION_WRITE_ORDER,
  type AnnotationField,
  buildRaw,
  formatManifestLine,
  type JsonObject,
  ManifestLineError,
  parseManifestLine,
  readField,
  readHard,
  SAMPLE_KEYS,
  SAMPLE_WRITE_ORDER,
  type SampleField,
  Type,
  writeField,
} from '@modelarts-ts/contract';
import { InvalidArgumentError } from '../core/error.js';
import { defineSignature } from '../internal/arguments.js';
import { type FileIoOptions, FileIoOptionsSchema, readLineBatches, SAVE_MODE, writeText } from './file-io.js';

/**
 * The manual's manifest classes (`modelarts.dataset.format.manifest`): `Manifest`, `Sample`, `Annotation`.
 *
 * Each object keeps the JSON it was read from: fields are read and written through it, keys this SDK does not
 * know stay in place, and a key read in its underscore spelling (`annotation_loc`) is written back that way, so
 * parsing and saving a manifest changes nothing that was not changed.
 */

const Text = Type.Optional(Type.String());
const Num = Type.Optional(Type.Number());
const Flag = Type.Optional(Type.Union([Type.Boolean(), Type.String()]));

const AnnotationOptions = Type.Object({
  name: Text,
  type: Text,
  id: Text,
  annotation_loc: Text,
  annotation_property: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.String()])),
  confidence: Num,
  creation_time: Text,
  annotated_by: Text,
  annotation_format: Text,
  hard: Flag,
  hard_coefficient: Num,
  annotation_loc_map: Text,
});
export type AnnotationOptions = Partial<Record<AnnotationField, unknown>> & {
  name?: string | undefined;
  type?: string | undefined;
  id?: string | undefined;
  annotation_loc?: string | undefined;
  annotation_property?: Record<string, unknown> | string | undefined;
  confidence?: number | undefined;
  creation_time?: string | undefined;
  annotated_by?: string | undefined;
  annotation_format?: string | undefined;
  hard?: boolean | string | undefined;
  hard_coefficient?: number | undefined;
  annotation_loc_map?: string | undefined;
};

const ANNOTATION = defineSignature('new Annotation', [], AnnotationOptions);

/** One label of a sample (Table 7-27). */
export class Annotation {
  /** The JSON object of the annotation, as written to the file. */
  readonly raw: JsonObject;

  constructor(options: AnnotationOptions = {}) {
    const [o] = ANNOTATION.check(options);
    this.raw = buildRaw(o as Partial<Record<AnnotationField, unknown>>, ANNOTATION_WRITE_ORDER, ANNOTATION_KEYS);
  }

  /** Wraps a parsed JSON object without copying it. */
  static fromJSON(raw: JsonObject): Annotation {
    const a = Object.create(Annotation.prototype) as { raw: JsonObject };
    a.raw = raw;
    return a as Annotation;
  }

  get name(): string | undefined {
    return this.get('name') as string | undefined;
  }
  set name(v: string | undefined) {
    this.set('name', v);
  }
  get type(): string | undefined {
    return this.get('type') as string | undefined;
  }
  set type(v: string | undefined) {
    this.set('type', v);
  }
  get id(): string | undefined {
    return this.get('id') as string | undefined;
  }
  set id(v: string | undefined) {
    this.set('id', v);
  }
  get annotation_loc(): string | undefined {
    return this.get('annotation_loc') as string | undefined;
  }
  set annotation_loc(v: string | undefined) {
    this.set('annotation_loc', v);
  }
  /** Label properties: an object, or the JSON text older platform files hold. */
  get annotation_property(): Record<string, unknown> | string | undefined {
    return this.get('annotation_property') as Record<string, unknown> | string | undefined;
  }
  set annotation_property(v: Record<string, unknown> | string | undefined) {
    this.set('annotation_property', v);
  }
  get confidence(): number | undefined {
    return this.get('confidence') as number | undefined;
  }
  set confidence(v: number | undefined) {
    this.set('confidence', v);
  }
  get creation_time(): string | undefined {
    return this.get('creation_time') as string | undefined;
  }
  set creation_time(v: string | undefined) {
    this.set('creation_time', v);
  }
  get annotated_by(): string | undefined {
    return this.get('annotated_by') as string | undefined;
  }
  set annotated_by(v: string | undefined) {
    this.set('annotated_by', v);
  }
  get annotation_format(): string | undefined {
    return this.get('annotation_format') as string | undefined;
  }
  set annotation_format(v: string | undefined) {
    this.set('annotation_format', v);
  }
  /** Files write it as the string "true"; both forms read as a boolean. */
  get hard(): boolean | undefined {
    return readHard(this.get('hard'));
  }
  set hard(v: boolean | string | undefined) {
    this.set('hard', v);
  }
  get hard_coefficient(): number | undefined {
    return this.get('hard_coefficient') as number | undefined;
  }
  set hard_coefficient(v: number | undefined) {
    this.set('hard_coefficient', v);
  }
  get annotation_loc_map(): string | undefined {
    return this.get('annotation_loc_map') as string | undefined;
  }
  set annotation_loc_map(v: string | undefined) {
    this.set('annotation_loc_map', v);
  }

  toJSON(): JsonObject {
    return this.raw;
  }

  private get(f: AnnotationField): unknown {
    return readField(this.raw, ANNOTATION_KEYS[f]);
  }
  private set(f: AnnotationField, v: unknown): void {
    writeField(this.raw, ANNOTATION_KEYS[f], v);
  }
}

const SampleOptions = Type.Object({
  source: Type.String({ minLength: 1, description: 'the URI of the object (obs://, s3://, https:// or content://)' }),
  usage: Text,
  id: Text,
  annotations: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true, description: 'an Annotation or its options' }))),
  inference_loc: Text,
  source_type: Text,
  source_property: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.String()])),
  hard: Flag,
  hard_coefficient: Num,
  hard_reasons: Text,
  source_map: Text,
  sample_type: Type.Optional(Type.Integer()),
});
export interface SampleOptions {
  source: string;
  usage?: string | undefined;
  id?: string | undefined;
  annotations?: Array<Annotation | AnnotationOptions> | undefined;
  inference_loc?: string | undefined;
  source_type?: string | undefined;
  source_property?: Record<string, unknown> | string | undefined;
  hard?: boolean | string | undefined;
  hard_coefficient?: number | undefined;
  hard_reasons?: string | undefined;
  source_map?: string | undefined;
  sample_type?: number | undefined;
}

const SAMPLE = defineSignature('new Sample', [], SampleOptions);

/** One line of a manifest (Table 7-26). */
export class Sample {
  readonly raw: JsonObject;
  private annotationList: Annotation[] | undefined;

  constructor(options: SampleOptions) {
    const [o] = SAMPLE.check(options);
    const { annotations, ...rest } = o as SampleOptions;
    this.raw = buildRaw(rest as Partial<Record<SampleField, unknown>>, SAMPLE_WRITE_ORDER, SAMPLE_KEYS);
    if (annotations !== undefined) this.annotations = annotations.map((a) => (a instanceof Annotation ? a : new Annotation(a)));
  }

  /** Wraps a parsed JSON object without copying it (annotations are wrapped when first read). */
  static fromJSON(raw: JsonObject): Sample {
    const s = Object.create(Sample.prototype) as { raw: JsonObject; annotationList: undefined };
    s.raw = raw;
    s.annotationList = undefined;
    return s as unknown as Sample;
  }

  get source(): string {
    return this.raw.source as string;
  }
  set source(v: string) {
    this.raw.source = v;
  }
  /** The labels; an empty list for an unlabelled sample. Changes to the list are saved. */
  get annotations(): Annotation[] {
    if (this.annotationList === undefined) {
      const list = readField(this.raw, SAMPLE_KEYS.annotations);
      this.annotationList = Array.isArray(list) ? list.map((a) => Annotation.fromJSON(a as JsonObject)) : [];
    }
    return this.annotationList;
  }
  set annotations(v: Annotation[]) {
    this.annotationList = v;
    this.syncAnnotations();
  }
  get usage(): string | undefined {
    return this.get('usage') as string | undefined;
  }
  set usage(v: string | undefined) {
    this.set('usage', v);
  }
  get id(): string | undefined {
    return this.get('id') as string | undefined;
  }
  set id(v: string | undefined) {
    this.set('id', v);
  }
  get inference_loc(): string | undefined {
    return this.get('inference_loc') as string | undefined;
  }
  set inference_loc(v: string | undefined) {
    this.set('inference_loc', v);
  }
  get source_type(): string | undefined {
    return this.get('source_type') as string | undefined;
  }
  set source_type(v: string | undefined) {
    this.set('source_type', v);
  }
  /** The sample's `property`: an object, or the JSON text some platform files hold. */
  get source_property(): Record<string, unknown> | string | undefined {
    return this.get('source_property') as Record<string, unknown> | string | undefined;
  }
  set source_property(v: Record<string, unknown> | string | undefined) {
    this.set('source_property', v);
  }
  get hard(): boolean | undefined {
    return readHard(this.get('hard'));
  }
  set hard(v: boolean | string | undefined) {
    this.set('hard', v);
  }
  get hard_coefficient(): number | undefined {
    return this.get('hard_coefficient') as number | undefined;
  }
  set hard_coefficient(v: number | undefined) {
    this.set('hard_coefficient', v);
  }
  /** Reason ids joined by `-`, e.g. `3-20-21`. */
  get hard_reasons(): string | undefined {
    return this.get('hard_reasons') as string | undefined;
  }
  set hard_reasons(v: string | undefined) {
    this.set('hard_reasons', v);
  }
  get source_map(): string | undefined {
    return this.get('source_map') as string | undefined;
  }
  set source_map(v: string | undefined) {
    this.set('source_map', v);
  }
  /** 0 image, 1 text, 2 audio, 4 table, 6 video, 9 free format. */
  get sample_type(): number | undefined {
    return this.get('sample_type') as number | undefined;
  }
  set sample_type(v: number | undefined) {
    this.set('sample_type', v);
  }

  /** The JSON object of the line, with the current annotations. */
  toJSON(): JsonObject {
    this.syncAnnotations();
    return this.raw;
  }

  /** The manifest line (compact JSON, raw UTF-8, no newline). */
  toLine(): string {
    return formatManifestLine(this.toJSON());
  }

  private syncAnnotations(): void {
    const list = this.annotationList;
    if (list === undefined) return;
    const present = readField(this.raw, SAMPLE_KEYS.annotations) !== undefined;
    // An unlabelled sample read without `annotation` stays without it.
    if (list.length === 0 && !present) return;
    writeField(
      this.raw,
      SAMPLE_KEYS.annotations,
      list.map((a) => (a instanceof Annotation ? a.raw : new Annotation(a as AnnotationOptions).raw)),
    );
  }
  private get(f: SampleField): unknown {
    return readField(this.raw, SAMPLE_KEYS[f]);
  }
  private set(f: SampleField, v: unknown): void {
    writeField(this.raw, SAMPLE_KEYS[f], v);
  }
}

const ManifestOptions = Type.Object({
  samples: Type.Array(Type.Object({}, { additionalProperties: true, description: 'a Sample or its options' })),
  size: Type.Optional(Type.Integer({ minimum: 0 })),
});
export interface ManifestOptions {
  samples: Array<Sample | SampleOptions>;
  /** Number of samples (default: `samples.length`). */
  size?: number | undefined;
}

const ParseOptions = Type.Object({ ...FileIoOptionsSchema.properties, encoding: Type.Optional(Type.String({ minLength: 1 })) });
export interface ParseManifestOptions extends FileIoOptions {
  /** Text encoding of the file (default `utf-8`; any WHATWG label such as `gbk`). */
  encoding?: string | undefined;
}
const SaveOptions = Type.Object({ ...FileIoOptionsSchema.properties, save_mode: SAVE_MODE });
export interface SaveManifestOptions extends FileIoOptions {
  /** `w` (default) overwrites, `a` appends. */
  save_mode?: 'w' | 'a' | undefined;
}

const MANIFEST = defineSignature('new Manifest', [], ManifestOptions);
const PATH = Type.String({ minLength: 1, description: 'a local path or an obs:// path' });
const PARSE = defineSignature('Manifest.parseManifest', [['manifest_path', PATH]], ParseOptions);
const ITERATE = defineSignature('Manifest.iterateManifest', [['manifest_path', PATH]], ParseOptions);
const SAVE = defineSignature('manifest.save', [['path', PATH]], SaveOptions);

/** A whole manifest (Table 7-25): its samples and their count. */
export class Manifest {
  readonly samples: Sample[];
  readonly size: number;

  constructor(options: ManifestOptions) {
    const [o] = MANIFEST.check(options);
    this.samples = (o as ManifestOptions).samples.map((s) => (s instanceof Sample ? s : new Sample(s)));
    this.size = o.size ?? this.samples.length;
  }

  /**
   * `Manifest.parse_manifest(manifest_path, session=None, encoding='utf-8')`: reads a local or `obs://` manifest.
   * Blank lines are skipped; a line that is not a sample throws ManifestParseError naming its line number.
   */
  static async parseManifest(manifest_path: string, options: ParseManifestOptions = {}): Promise<Manifest> {
    PARSE.check(manifest_path, options);
    const samples: Sample[] = [];
    for await (const s of Manifest.iterateManifest(manifest_path, options)) samples.push(s);
    return new Manifest({ samples });
  }

  /** Streams the samples of a manifest one at a time, with flat memory whatever the file size. */
  static async *iterateManifest(manifest_path: string, options: ParseManifestOptions = {}): AsyncGenerator<Sample> {
    const [path, o] = ITERATE.check(manifest_path, options);
    let line = 0;
    for await (const batch of readLineBatches(path, o as ParseManifestOptions, 'Manifest.parseManifest')) {
      for (const text of batch) {
        line++;
        let raw: JsonObject | undefined;
        try {
          raw = parseManifestLine(text, line);
        } catch (e) {
          if (e instanceof ManifestLineError) throw new ManifestParseError(path, e.line, e.reason);
          throw e;
        }
        if (raw !== undefined) yield Sample.fromJSON(raw);
      }
    }
  }

  /** `manifest.save(path, session=None, save_mode='w')`: one line per sample, each ending with a newline. */
  async save(path: string, options: SaveManifestOptions = {}): Promise<void> {
    const [p, o] = SAVE.check(path, options);
    const text = this.samples.map((s) => `${s.toLine()}\n`).join('');
    await writeText(p, text, o as SaveManifestOptions, 'manifest.save');
  }
}

/** A manifest line that is not a sample. */
export class ManifestParseError extends InvalidArgumentError {
  override name = 'ManifestParseError';
  constructor(
    readonly path: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${path}, line ${line}: ${reason}`);
  }
}

/** `manifest.parse_manifest(manifest_path, ...)` as a function, as the manual also shows it. */
export const parseManifest = Manifest.parseManifest;
