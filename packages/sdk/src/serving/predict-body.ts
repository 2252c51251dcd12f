import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidArgumentError } from '../core/error.js';

/** Table 10-13 `data_type` (the manual writes `JSON` and `json`). */
export type PredictDataType = 'json' | 'JSON' | 'files' | 'images';

/**
 * `data`: for `json`, a local `.json` file path or the value itself (an object or a list); for `files`/`images`, a
 * local file path, a list of paths (all under one form field), or `{field: path | paths}` to name the fields.
 */
export type PredictData = string | readonly string[] | Record<string, unknown> | readonly unknown[];

export interface EncodedBody {
  body: Uint8Array;
  contentType: string;
}

/** Form fields the model declares for files: the `type: "file"` properties of its multipart API (config.json `apis`). */
export function fileFieldsOfApis(apis: unknown, path = '/'): string[] {
  if (!Array.isArray(apis)) return [];
  const api = apis.find((a) => typeof a === 'object' && a !== null && ((a as { url?: string }).url ?? '/') === path) ?? apis[0];
  const request = (api as { request?: { data?: { properties?: Record<string, { type?: string }> } } } | undefined)?.request;
  const props = request?.data?.properties ?? {};
  return Object.entries(props)
    .filter(([, v]) => v?.type === 'file')
    .map(([k]) => k);
}

/**
 * Builds the request of `predict()`. `fileField` is the form field for a bare path or list of paths: the model's file
 * input when known, else `images` for images and `files` for files.
 */
export async function encodePredictBody(data: PredictData, data_type: PredictDataType, fileField?: string): Promise<EncodedBody> {
  const kind = data_type.toLowerCase();
  if (kind === 'json') {
    if (typeof data === 'string') {
      const text = await readLocal(data, 'json');
      try {
        JSON.parse(text);
      } catch (e) {
        throw new InvalidArgumentError(`data "${data}" is not a JSON file: ${(e as Error).message}`);
      }
      return { body: Buffer.from(text), contentType: 'application/json' };
    }
    return { body: Buffer.from(JSON.stringify(data)), contentType: 'application/json' };
  }
  const field = fileField ?? (kind === 'images' ? 'images' : 'files');
  const fields: Array<[string, string[]]> =
    typeof data === 'string'
      ? [[field, [data]]]
      : Array.isArray(data)
        ? [[field, data.map((d, i) => stringPath(d, `data[${i}]`))]]
        : Object.entries(data as Record<string, unknown>).map(([k, v]) => [
            k,
            (Array.isArray(v) ? v : [v]).map((d, i) => stringPath(d, `data.${k}${Array.isArray(v) ? `[${i}]` : ''}`)),
          ]);
  const form = new FormData();
  for (const [name, paths] of fields) {
    for (const p of paths) form.append(name, new Blob([await readFileBytes(p, kind)]), basename(p));
  }
  // Response serializes the form exactly as fetch would send it, boundary included.
  const encoded = new Response(form);
  return { body: new Uint8Array(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') as string };
}

function stringPath(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new InvalidArgumentError(`${where} must be a local file path (a string), got ${typeof v}.`);
  return v;
}

async function checkFile(path: string, kind: string): Promise<void> {
  const s = await stat(path).catch(() => undefined);
  if (!s?.isFile()) throw new InvalidArgumentError(`data "${path}" is not a local file: with data_type "${kind}", data names the file to send.`);
}

async function readLocal(path: string, kind: string): Promise<string> {
  await checkFile(path, kind);
  return readFile(path, 'utf8');
}

async function readFileBytes(path: string, kind: string): Promise<Buffer> {
  await checkFile(path, kind);
  return readFile(path);
}
