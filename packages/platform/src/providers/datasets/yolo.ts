import type { SampleLabel } from '@modelarts-ts/contract';
import { imageSize } from 'image-size';
import type { ObjectSummary } from '../../storage/object-store.js';
import type { AccountObjects } from './account-objects.js';
import { hasDataExtension, stemKey } from './data-types.js';
import { vocObjectToLabel } from './labels.js';

/**
 * A YOLO (Darknet) tree: `obj.names` (class names, one a line; the line index is the class id), `train.txt` and
 * `valid.txt` (image paths, one a line; the subsets ModelArts imports), and beside each image a same-stem `.txt` with
 * `<class> <x_center> <y_center> <width> <height>` lines normalised to [0, 1]. `obj.data` may name the files
 * (`names = data/obj.names`, `train = data/train.txt`, `valid = ...`). Boxes become pixels by the image size, read
 * from the image header (JPEG, PNG, BMP, ...).
 */
export type YoloItem =
  | { image: ObjectSummary; usage: 'TRAIN' | 'EVAL'; labels: SampleLabel[]; size: [number, number] }
  | { failure: { key: string; reason: string } }
  | { listed: ObjectSummary };

/** `data/train.txt`, `./train.txt` and `train.txt` name the same file of the tree at `root`. */
function resolve(root: string, path: string, keys: ReadonlySet<string>): string | undefined {
  const clean = path
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '');
  if (clean === '' || clean.startsWith('/') || clean.split('/').includes('..')) return undefined;
  for (const candidate of [clean, clean.replace(/^[^/]+\//, '')]) if (keys.has(`${root}${candidate}`)) return `${root}${candidate}`;
  return undefined;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** The tree's settings from `obj.data` (`key = value` lines), if there is one. */
function objData(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lines(text ?? '')) {
    const at = l.indexOf('=');
    if (at > 0) out[l.slice(0, at).trim()] = l.slice(at + 1).trim();
  }
  return out;
}

/** One label file: a box per line, in pixels of a `width` × `height` image. Throws with the line number. */
export function yoloBoxes(text: string, names: readonly string[], width: number, height: number): SampleLabel[] {
  const out: SampleLabel[] = [];
  const rows = text.split(/\r?\n/);
  rows.forEach((row, i) => {
    if (row.trim() === '') return;
    const f = row.trim().split(/\s+/);
    const [cls, xc, yc, w, h] = f.map(Number) as [number, number, number, number, number];
    if (f.length !== 5 || f.some((x) => x === '' || !Number.isFinite(Number(x))))
      throw new Error(`line ${i + 1}: expected "<class> <x_center> <y_center> <width> <height>"`);
    const name = Number.isInteger(cls) ? names[cls] : undefined;
    if (name === undefined) throw new Error(`line ${i + 1}: class ${f[0]} is not in obj.names (${names.length} classes)`);
    if ([xc, yc, w, h].some((v) => v < 0 || v > 1)) throw new Error(`line ${i + 1}: coordinates must be normalised to [0, 1]`);
    const px = (v: number, max: number) => Math.min(max, Math.max(0, Math.round(v * max)));
    const position = {
      type: 'bndbox' as const,
      xmin: px(xc - w / 2, width),
      ymin: px(yc - h / 2, height),
      xmax: px(xc + w / 2, width),
      ymax: px(yc + h / 2, height),
    };
    out.push(vocObjectToLabel({ name, position }, 1));
  });
  return out;
}

export async function* readYoloTree(objects: AccountObjects, bucket: string, root: string, all: readonly ObjectSummary[]): AsyncGenerator<YoloItem> {
  const byKey = new Map(all.map((o) => [o.key, o]));
  const keys = new Set(byKey.keys());
  const text = async (key: string) => objects.readText({ bucket, key });
  const data = objData(keys.has(`${root}obj.data`) ? await text(`${root}obj.data`) : undefined);
  const namesKey = resolve(root, data.names ?? 'obj.names', keys);
  if (!namesKey) {
    yield { failure: { key: `${root}obj.names`, reason: 'a YOLO tree needs obj.names (one class name a line)' } };
    return;
  }
  const names = lines(await text(namesKey));
  const subsets: Array<['TRAIN' | 'EVAL', string]> = [];
  for (const [usage, field, fallback] of [
    ['TRAIN', 'train', 'train.txt'],
    ['EVAL', 'valid', 'valid.txt'],
  ] as const) {
    const key = resolve(root, data[field] ?? fallback, keys);
    if (key) subsets.push([usage, key]);
  }
  if (subsets.length === 0) {
    yield { failure: { key: `${root}train.txt`, reason: 'a YOLO tree needs train.txt or valid.txt (image paths, one a line)' } };
    return;
  }
  const seen = new Set<string>();
  for (const [usage, listKey] of subsets) {
    for (const path of lines(await text(listKey))) {
      const key = resolve(root, path, keys);
      const image = key ? byKey.get(key) : undefined;
      if (!image || !hasDataExtension(image.key, 'IMAGE')) {
        yield { failure: { key: listKey, reason: `${path}: listed but not an image of the tree` } };
        continue;
      }
      if (seen.has(image.key)) continue;
      seen.add(image.key);
      yield { listed: image };
      let width: number | undefined;
      let height: number | undefined;
      try {
        ({ width, height } = imageSize(new Uint8Array(await objects.read({ bucket, key: image.key }))));
      } catch (e) {
        yield { failure: { key: image.key, reason: `cannot read the image size: ${(e as Error).message}` } };
        continue;
      }
      if (!width || !height) {
        yield { failure: { key: image.key, reason: 'cannot read the image size: no width or height in the header' } };
        continue;
      }
      const labelKey = `${stemKey(image.key)}.txt`;
      try {
        const labels = keys.has(labelKey) ? yoloBoxes(await text(labelKey), names, width, height) : [];
        yield { image, usage, labels, size: [width, height] };
      } catch (e) {
        yield { failure: { key: image.key, reason: `${labelKey.slice(labelKey.lastIndexOf('/') + 1)}: ${(e as Error).message}` } };
      }
    }
  }
}
