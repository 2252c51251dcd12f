import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { type Crc32Sum, crc32Sum } from './crc32.js';
import { writeFileAtomically } from './local-files.js';
import { resolveInside } from './safe-path.js';

/** A `.zip` that cannot or will not be extracted (encrypted, unknown method, corrupt). */
export class ZipError extends Error {
  override name = 'ZipError';
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const UTF8_NAMES = 0x800;

const openZip = promisify<string, yauzl.Options, ZipFile>(yauzl.open);

/** Every entry of the central directory (yauzl reads it lazily, one entry per call). */
function readEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (e: Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/** Entry names are decoded here (not by yauzl) so that our own path check, not a library message, refuses them. */
function entryName(e: Entry): string {
  const raw = e.fileName as unknown as Buffer;
  return raw.toString(e.generalPurposeBitFlag & UTF8_NAMES ? 'utf8' : 'latin1');
}

/** Passes bytes through, failing at the end unless their CRC-32 is the one the archive declares (yauzl checks sizes only). */
class CrcCheck extends Transform {
  private readonly crc: Crc32Sum = crc32Sum();
  constructor(
    private readonly name: string,
    private readonly expected: number,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.crc.update(chunk);
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    cb(this.crc.value() === this.expected >>> 0 ? null : new ZipError(`"${this.name}" is corrupt (CRC mismatch)`));
  }
}

/**
 * Extracts `zipFile` into `targetDir` (with yauzl) and returns the files written. Every entry name is checked
 * before anything is written: an absolute name or one with `..` (zip-slip) refuses the whole archive. Symbolic
 * links are skipped (they could point outside); each file appears whole or not at all.
 */
export async function extractZip(zipFile: string, targetDir: string): Promise<string[]> {
  let zip: ZipFile;
  try {
    zip = await openZip(zipFile, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (e) {
    throw new ZipError(`${zipFile} is not a zip archive or is corrupt: ${(e as Error).message}`);
  }
  try {
    const entries = await readEntries(zip).catch((e: Error) => {
      throw new ZipError(`corrupt archive ${zipFile}: ${e.message}`);
    });
    const planned = entries
      .map((e) => ({ e, name: entryName(e) }))
      .filter(({ name }) => name !== './')
      .map(({ e, name }) => {
        if (e.generalPurposeBitFlag & 1) throw new ZipError(`"${name}" is encrypted; encrypted archives are not supported`);
        if (e.compressionMethod !== 0 && e.compressionMethod !== 8)
          throw new ZipError(`"${name}" uses compression method ${e.compressionMethod}; only stored and deflated entries are supported`);
        return { e, name, dest: resolveInside(targetDir, name, 'archive entry') };
      });
    await mkdir(targetDir, { recursive: true });
    const openStream = promisify<Entry, Readable>(zip.openReadStream.bind(zip));
    const written: string[] = [];
    for (const { e, name, dest } of planned) {
      if (((e.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) continue;
      if (name.endsWith('/') || name.endsWith('\\')) {
        await mkdir(dest, { recursive: true });
        continue;
      }
      await writeFileAtomically(dest, async (tmp) => {
        const source = await openStream(e);
        await pipeline(source, new CrcCheck(name, e.crc32), createWriteStream(tmp, { flags: 'wx' })).catch((err: Error) => {
          throw err instanceof ZipError ? err : new ZipError(`"${name}" is corrupt: ${err.message}`);
        });
      });
      written.push(dest);
    }
    return written;
  } finally {
    zip.close();
  }
}
