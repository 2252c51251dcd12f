import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * What a blob file carries after its bytes, so the object index can be rebuilt from the blob folder
 * alone (`modelarts local recover`): the object it belongs to, its attributes and its bucket's owner.
 * Layout: `<data><record JSON><u32 BE JSON length><MAGIC>`. Readers of the data never see it: they
 * stop at the size the index records. The record is written in the same file and fsync as the data,
 * so a blob without a whole record was never committed.
 */
export interface BlobRecord {
  v: 1;
  bucket: string;
  /** The key as base64 of its UTF-8 bytes (the index stores keys as bytes). */
  key: string;
  version: string;
  /** Size of the data before the record. */
  data_size: number;
  /** Whole-object values: the same in every segment of a multipart object. */
  size: number;
  etag: string;
  last_modified: number;
  content_type: string | null;
  headers: string;
  metadata: string;
  /** Multipart objects: this blob's place and the number of segments; single-part: 0 and 1. */
  seq: number;
  segments: number;
  parts_count: number | null;
  owner: { domain_id: string; project_id: string; region: string; created_at: number };
}

const MAGIC = Buffer.from('MALBLOB1');
const FOOTER = 4 + MAGIC.length;
/** Records are small (attributes are capped by the API); a bigger length is corruption. */
const MAX_RECORD = 1024 * 1024;

export function encodeRecord(r: BlobRecord): Buffer {
  const json = Buffer.from(JSON.stringify(r), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length, 0);
  return Buffer.concat([json, len, MAGIC]);
}

/** The record at the end of a blob file, or undefined when it has none (a torn write or an old blob). */
export function readRecord(path: string): BlobRecord | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    if (size < FOOTER) return undefined;
    const footer = Buffer.alloc(FOOTER);
    readSync(fd, footer, 0, FOOTER, size - FOOTER);
    if (!footer.subarray(4).equals(MAGIC)) return undefined;
    const len = footer.readUInt32BE(0);
    if (len > MAX_RECORD || len > size - FOOTER) return undefined;
    const json = Buffer.alloc(len);
    readSync(fd, json, 0, len, size - FOOTER - len);
    const r = JSON.parse(json.toString('utf8')) as BlobRecord;
    if (r.v !== 1 || r.data_size !== size - FOOTER - len) return undefined;
    return r;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
