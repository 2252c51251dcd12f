import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join, posix } from 'node:path';
import type { ModelConfig } from '@modelarts-ts/contract';
import { parse as parseCsv } from 'csv-parse/sync';
import { walkFiles, writeFileAtomically } from '../local-files.js';
import { safeRelativePath } from '../safe-path.js';

export interface BatchRequest {
  /** The model API to call (`req_uri`, default `/`). */
  path: string;
  body: Buffer;
  contentType: string;
}

export interface BatchResponse {
  status: number;
  body: Buffer | Uint8Array | string;
  contentType?: string;
}

export interface BatchProgress {
  total: number;
  done: number;
  succeeded: number;
  failed: number;
}

export interface BatchSpec {
  /** The downloaded `src_path`: the input files, or (with `src_type: 'ManifestFile'`) the manifest file(s). */
  srcDir: string;
  /** Receives `infer-result/` and `infer-result-<taskId>.manifest`; uploaded to `dest_path` afterwards. */
  destDir: string;
  /** `file`: one request per input file, sent as a multipart file; `csv`: one JSON request per CSV row. */
  mapping_type: 'file' | 'csv';
  /** For `csv`: the request's JSON Schema with an `index` (0-based CSV column; -1 = leave out) on each leaf. */
  mapping_rule?: unknown;
  /** `''`/undefined: every file under `srcDir`; `ManifestFile`: the files of `srcDir` are manifests naming the inputs. */
  src_type?: string | undefined;
  /** Reads one manifest `source` (`obs://…`, `s3://…`, a signed URL); needed with `ManifestFile`. */
  readSource?: (source: string, signal?: AbortSignal) => Promise<Buffer>;
  send: (req: BatchRequest) => Promise<BatchResponse>;
  /** Model API path (`req_uri`), default `/`. */
  req_uri?: string;
  /** Multipart field of `file` mapping: the model API's single file parameter (default `images`). */
  inputName?: string;
  /** Names the manifest `infer-result-<taskId>.manifest` (default: a random id). */
  taskId?: string;
  /** Prepended to an input's path below `srcDir` to give its manifest `source` (e.g. the `src_path` URL). */
  sourcePrefix?: string;
  /** Prepended to `infer-result/<name>_result.txt` to give `inference-loc` (e.g. the `dest_path` URL). */
  destPrefix?: string;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: BatchProgress) => void;
}

export interface BatchResult {
  /** Requests made (files, or CSV rows), plus inputs that could not be read. */
  total: number;
  succeeded: number;
  failed: number;
  /** Path of the manifest written into `destDir`. */
  manifest: string;
}

/** A batch spec that cannot run (bad mapping rule, manifest without a reader); thrown before any request. */
export class BatchSpecError extends Error {
  override name = 'BatchSpecError';
}

export const RESULT_FOLDER = 'infer-result';
export const RESULT_SUFFIX = '_result.txt';

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
};

/** One multipart/form-data body holding a single file. */
export function multipartFile(field: string, filename: string, content: Buffer): { body: Buffer; contentType: string } {
  const boundary = `----ModelArtsLocal${randomBytes(12).toString('hex')}`;
  const quoted = (s: string) => s.replace(/[\r\n"\\]/g, (c) => (c === '"' ? '%22' : c === '\\' ? '\\\\' : ''));
  const type = CONTENT_TYPES[extname(filename).toLowerCase()] ?? 'application/octet-stream';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(field)}"; filename="${quoted(filename)}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head, 'utf8'), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

type Schema = Record<string, unknown>;

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const LEAF_TYPES = ['string', 'number', 'integer', 'boolean'];

/**
 * The multipart field of `file` mapping: the property of type `file` in the request schema of the config.json API
 * whose url is `reqUri` (default `/`). Undefined when that API declares none.
 */
export function fileInputName(config: ModelConfig | undefined, reqUri = '/'): string | undefined {
  const norm = (u: string | undefined) => `/${(u ?? '/').replace(/^\/+|\/+$/g, '')}`;
  const api = (config?.apis ?? []).find((a) => norm(a.url) === norm(reqUri));
  const data = api?.request?.data;
  const properties = isSchema(data) && isSchema(data.properties) ? data.properties : {};
  return Object.entries(properties).find(([, s]) => isSchema(s) && s.type === 'file')?.[0];
}

function cellValue(cell: string, type: unknown): unknown {
  const text = cell.trim();
  const num = text === '' ? Number.NaN : Number(text);
  switch (type) {
    case 'string':
      return cell;
    case 'number':
    case 'integer':
      return Number.isFinite(num) ? num : cell;
    case 'boolean':
      return /^(true|1|yes)$/i.test(text) ? true : /^(false|0|no)$/i.test(text) ? false : cell;
    default:
      // No declared type: numbers as numbers, anything else as text.
      return Number.isFinite(num) ? num : cell;
  }
}

/**
 * The request body of one CSV row: the mapping rule's structure, each leaf replaced by the cell its `index` names.
 * Leaves with index -1 (or outside the row) are left out. `undefined` when nothing of `schema` maps.
 */
export function buildCsvBody(schema: unknown, row: readonly string[]): unknown {
  if (!isSchema(schema)) return undefined;
  if ('index' in schema || LEAF_TYPES.includes(schema.type as string)) {
    const i = Number(schema.index);
    if (!Number.isInteger(i) || i < 0 || i >= row.length) return undefined;
    return cellValue(row[i] as string, schema.type);
  }
  const items = schema.items ?? schema.item;
  if (schema.type === 'array' || items !== undefined) {
    const list = Array.isArray(items) ? items : items === undefined ? [] : [items];
    return list.map((s) => buildCsvBody(s, row)).filter((v) => v !== undefined);
  }
  if (schema.type === 'object' || isSchema(schema.properties)) {
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(isSchema(schema.properties) ? schema.properties : {})) {
      const v = buildCsvBody(s, row);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return undefined;
}

/** How many CSV columns a mapping rule reads. */
export function mappedColumns(schema: unknown): number {
  if (!isSchema(schema)) return 0;
  if ('index' in schema || LEAF_TYPES.includes(schema.type as string)) return Number.isInteger(Number(schema.index)) && Number(schema.index) >= 0 ? 1 : 0;
  let n = 0;
  const items = schema.items ?? schema.item;
  for (const s of Array.isArray(items) ? items : items === undefined ? [] : [items]) n += mappedColumns(s);
  if (isSchema(schema.properties)) for (const s of Object.values(schema.properties)) n += mappedColumns(s);
  return n;
}

interface Input {
  source: string;
  /** Path below `infer-result/` of its result file, without the suffix. */
  name: string;
  load: () => Promise<Buffer>;
}

interface ManifestLine {
  source: string;
  result: 'SUCCESSFUL' | 'FAILED';
  'inference-loc'?: string;
  error_message?: string;
}

/** The file name a manifest source stands for: the last path segment, without a signed URL's query. */
function sourceName(source: string): string {
  const path = source.replace(/[?#].*$/, '');
  let name = path.slice(path.lastIndexOf('/') + 1);
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep it as written
  }
  return name.replace(/[\\/]/g, '_') || 'input';
}

async function listInputs(spec: BatchSpec): Promise<Array<Input | { source: string; error: string }>> {
  if (spec.src_type === 'ManifestFile') {
    const readSource = spec.readSource;
    if (!readSource) throw new BatchSpecError('src_type ManifestFile needs readSource to fetch the sources');
    const manifests = (await readdir(spec.srcDir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    const used = new Set<string>();
    const out: Array<Input | { source: string; error: string }> = [];
    for (const file of manifests.sort()) {
      for (const line of (await readFile(join(spec.srcDir, file), 'utf8')).split('\n')) {
        if (!line.trim()) continue;
        let source: unknown;
        try {
          source = (JSON.parse(line) as { source?: unknown }).source;
        } catch {
          source = undefined;
        }
        if (typeof source !== 'string' || !source) {
          out.push({ source: line.trim().slice(0, 200), error: 'Invalid manifest line: no "source".' });
          continue;
        }
        let name = sourceName(source);
        for (let i = 1; used.has(name); i++) name = `${posix.parse(sourceName(source)).name}-${i}${extname(sourceName(source))}`;
        used.add(name);
        out.push({ source, name, load: () => readSource(source, spec.signal) });
      }
    }
    return out;
  }
  const files = (await walkFiles(spec.srcDir)).sort();
  return files.map((rel) => ({
    source: `${spec.sourcePrefix ?? ''}${rel}`,
    name: safeRelativePath(rel),
    load: () => readFile(join(spec.srcDir, rel)),
  }));
}

const bytes = (body: BatchResponse['body']): Buffer =>
  typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);

function describeFailure(res: BatchResponse): string {
  const text = bytes(res.body).toString('utf8').trim();
  return `HTTP ${res.status}${text ? `: ${text.length > 500 ? `${text.slice(0, 500)}…` : text}` : ''}`;
}

/**
 * Runs a batch service over local folders: walks `srcDir` (or the manifests in it), sends one request per file or
 * CSV row through `send`, and writes `infer-result/<name>_result.txt` per input (the response body; for a CSV one line
 * per row, in row order) and `infer-result-<taskId>.manifest` (one JSON line per input: `source`, `result`
 * SUCCESSFUL/FAILED, `inference-loc`, `error_message`). Result files are written atomically; the manifest last.
 */
export async function runBatch(spec: BatchSpec): Promise<BatchResult> {
  const path = spec.req_uri || '/';
  const field = spec.inputName || 'images';
  const csv = spec.mapping_type === 'csv';
  if (spec.mapping_type !== 'file' && !csv) throw new BatchSpecError(`mapping_type must be file or csv, not ${String(spec.mapping_type)}`);
  if (spec.taskId !== undefined && !/^[A-Za-z0-9_.-]{1,128}$/.test(spec.taskId))
    throw new BatchSpecError(`taskId "${spec.taskId}" may hold only letters, digits, _ . -`);
  if (csv && mappedColumns(spec.mapping_rule) === 0)
    throw new BatchSpecError('mapping_type csv needs a mapping_rule that maps at least one CSV column (an index >= 0)');
  spec.signal?.throwIfAborted();

  const listed = await listInputs(spec);
  const lines: ManifestLine[] = [];
  const progress: BatchProgress = { total: 0, done: 0, succeeded: 0, failed: 0 };
  const resultLoc = (name: string) => `${spec.destPrefix ?? ''}${RESULT_FOLDER}/${name}${RESULT_SUFFIX}`;
  const resultFile = (name: string) => join(spec.destDir, RESULT_FOLDER, `${name}${RESULT_SUFFIX}`);
  const writeResult = (name: string, body: Buffer) => writeFileAtomically(resultFile(name), (tmp) => writeFile(tmp, body));
  const report = (ok: boolean) => {
    progress.done += 1;
    if (ok) progress.succeeded += 1;
    else progress.failed += 1;
    spec.onProgress?.({ ...progress });
  };

  // Every unit of work is one request; a CSV's rows share one result file, written when its last row is back.
  const tasks: Array<() => Promise<void>> = [];
  for (const input of listed) {
    const index = lines.length;
    lines.push({ source: input.source, result: 'FAILED' });
    const fail = (message: string) => {
      lines[index] = { source: input.source, result: 'FAILED', error_message: message };
    };
    if ('error' in input) {
      progress.total += 1;
      tasks.push(async () => {
        fail(input.error);
        report(false);
      });
      continue;
    }
    if (!csv) {
      progress.total += 1;
      tasks.push(async () => {
        let content: Buffer;
        try {
          content = await input.load();
        } catch {
          fail('Download file failed.');
          return report(false);
        }
        const { body, contentType } = multipartFile(field, posix.basename(input.name), content);
        try {
          const res = await spec.send({ path, body, contentType });
          if (res.status >= 200 && res.status < 300) {
            await writeResult(input.name, bytes(res.body));
            lines[index] = { source: input.source, result: 'SUCCESSFUL', 'inference-loc': resultLoc(input.name) };
            return report(true);
          }
          fail(describeFailure(res));
        } catch (e) {
          fail(`Inference failed: ${(e as Error).message}`);
        }
        report(false);
      });
      continue;
    }
    // CSV: read and split now, so the total is known before the first request.
    if (extname(input.name).toLowerCase() !== '.csv') {
      progress.total += 1;
      tasks.push(async () => {
        fail('Only .csv files can be used with mapping_type csv.');
        report(false);
      });
      continue;
    }
    let rows: string[][];
    try {
      const text = (await input.load()).toString('utf8').replace(/^\uFEFF/, '');
      rows = (parseCsv(text, { relax_column_count: true, skip_empty_lines: true }) as string[][]).filter((r) => r.some((c) => c.trim() !== ''));
    } catch (e) {
      progress.total += 1;
      const message = e instanceof Error && 'code' in e && String(e.code).startsWith('CSV_') ? `Invalid CSV: ${e.message}` : 'Download file failed.';
      tasks.push(async () => {
        fail(message);
        report(false);
      });
      continue;
    }
    const outputs: string[] = new Array(rows.length).fill('');
    const failures: string[] = [];
    let remaining = rows.length;
    const finish = async () => {
      await writeResult(input.name, Buffer.from(outputs.length ? `${outputs.join('\n')}\n` : ''));
      lines[index] = failures.length
        ? {
            source: input.source,
            result: 'FAILED',
            'inference-loc': resultLoc(input.name),
            error_message: `${failures.length} of ${rows.length} rows failed; first: ${failures[0]}`,
          }
        : { source: input.source, result: 'SUCCESSFUL', 'inference-loc': resultLoc(input.name) };
    };
    if (rows.length === 0) tasks.push(finish);
    progress.total += rows.length;
    rows.forEach((row, r) => {
      tasks.push(async () => {
        let ok = false;
        try {
          const res = await spec.send({ path, body: Buffer.from(JSON.stringify(buildCsvBody(spec.mapping_rule, row))), contentType: 'application/json' });
          outputs[r] = bytes(res.body)
            .toString('utf8')
            .replace(/\r?\n$/, '');
          ok = res.status >= 200 && res.status < 300;
          if (!ok) failures.push(`row ${r + 1}: ${describeFailure(res)}`);
        } catch (e) {
          outputs[r] = '';
          failures.push(`row ${r + 1}: Inference failed: ${(e as Error).message}`);
        }
        report(ok);
        remaining -= 1;
        if (remaining === 0) await finish();
      });
    });
  }
  spec.onProgress?.({ ...progress });

  // A fixed pool of runners takes tasks in order; an abort lets requests in flight end, then starts no more.
  let next = 0;
  const runner = async () => {
    while (next < tasks.length && !spec.signal?.aborted) {
      const task = tasks[next++] as () => Promise<void>;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(spec.concurrency ?? 4, tasks.length || 1)) }, runner));
  spec.signal?.throwIfAborted();

  const taskId = spec.taskId ?? randomUUID();
  const manifest = join(spec.destDir, `infer-result-${taskId}.manifest`);
  await writeFileAtomically(manifest, (tmp) => writeFile(tmp, lines.map((l) => `${JSON.stringify(l)}\n`).join('')));
  return { total: progress.total, succeeded: progress.succeeded, failed: progress.failed, manifest };
}
