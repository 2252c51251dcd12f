import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

/** Test data of the models, services and datasets pages: real images, Pascal VOC label files, a stdlib model. */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A decodable RGB PNG of `width`×`height`: a diagonal gradient tinted by `seed`, so every image looks different. */
export function png(width: number, height: number, seed = 0): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      row[1 + x * 3] = (x * 255) / width + seed * 40;
      row[2 + x * 3] = (y * 255) / height;
      row[3 + x * 3] = 160 + ((seed * 37) % 90);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface VocObjectSpec {
  name: string;
  box: [number, number, number, number];
}

/** A Pascal VOC label file with bndbox objects. */
export function vocXml(file: string, width: number, height: number, objects: readonly VocObjectSpec[]): string {
  const objs = objects
    .map(
      (o) =>
        `<object><name>${o.name}</name><pose>Unspecified</pose><truncated>0</truncated><difficult>0</difficult><bndbox><xmin>${o.box[0]}</xmin><ymin>${o.box[1]}</ymin><xmax>${o.box[2]}</xmax><ymax>${o.box[3]}</ymax></bndbox></object>`,
    )
    .join('');
  return `<annotation><folder>NA</folder><filename>${file}</filename><size><width>${width}</width><height>${height}</height><depth>3</depth></size><segmented>0</segmented>${objs}</annotation>`;
}

/** A stdlib model package (`<root>/model/`): `{"x": [numbers]}` → `{"sum", "count"}`. Answers the package folder. */
export function writeSumModel(root: string): string {
  const model = join(root, 'model');
  mkdirSync(model, { recursive: true });
  writeFileSync(
    join(model, 'config.json'),
    JSON.stringify({
      model_type: 'PyTorch',
      model_algorithm: 'predict_analysis',
      runtime: 'python3.7',
      apis: [
        {
          protocol: 'http',
          url: '/',
          method: 'post',
          request: { 'Content-type': 'application/json', data: { type: 'object', properties: { x: { type: 'array', items: { type: 'number' } } } } },
          response: { 'Content-type': 'application/json', data: { type: 'object', properties: { sum: { type: 'number' }, count: { type: 'integer' } } } },
        },
      ],
    }),
  );
  writeFileSync(
    join(model, 'customize_service.py'),
    `from model_service.model_service import SingleNodeService


class SumService(SingleNodeService):
    def _inference(self, data):
        xs = data.get('x', [])
        return {'sum': sum(xs), 'count': len(xs)}
`,
  );
  return root;
}

/** A stdlib multipart model package: for each uploaded file of field `file`, its name, size and line count. */
export function writeFileStatsModel(root: string): string {
  const model = join(root, 'model');
  mkdirSync(model, { recursive: true });
  writeFileSync(
    join(model, 'config.json'),
    JSON.stringify({
      model_type: 'PyTorch',
      model_algorithm: 'file_stats',
      apis: [
        {
          protocol: 'http',
          url: '/',
          method: 'post',
          request: { 'Content-type': 'multipart/form-data', data: { type: 'object', properties: { file: { type: 'file' } } } },
          response: { 'Content-type': 'application/json', data: { type: 'object' } },
        },
      ],
    }),
  );
  writeFileSync(
    join(model, 'customize_service.py'),
    `from model_service.model_service import SingleNodeService


class FileStatsService(SingleNodeService):
    def _preprocess(self, data):
        out = {}
        for field, files in data.items():
            if not isinstance(files, dict):
                continue
            for name, f in files.items():
                content = f.read()
                out[name] = {'field': field, 'bytes': len(content), 'lines': content.count(b'\\n')}
        return out

    def _inference(self, data):
        return data

    def _postprocess(self, data):
        return {'files': data}
`,
  );
  return root;
}
