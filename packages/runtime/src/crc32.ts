import * as zlib from 'node:zlib';
import { Crc32 } from '@aws-crypto/crc32';

/** A running CRC-32 (the zip format's): feed chunks, read the value at the end. */
export interface Crc32Sum {
  update(chunk: Uint8Array): void;
  value(): number;
}

type NativeCrc32 = (data: Uint8Array, value?: number) => number;

/** Node's native CRC-32 arrived in 20.15 / 22.2; `engines` allows any Node 20, so older ones use a JS one. */
const native = (zlib as unknown as { crc32?: NativeCrc32 }).crc32;

export function crc32Sum(useNative = native !== undefined): Crc32Sum {
  if (useNative && native) {
    let crc = 0;
    return {
      update: (chunk) => {
        crc = native(chunk, crc);
      },
      value: () => crc >>> 0,
    };
  }
  const js = new Crc32();
  return {
    update: (chunk) => {
      js.update(chunk);
    },
    value: () => js.digest() >>> 0,
  };
}
