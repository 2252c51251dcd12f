import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Crc32c } from '@aws-crypto/crc32c';

/** The flexible checksums S3 clients send as `x-amz-checksum-<algorithm>` headers or aws-chunked trailers. */
export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export interface RunningChecksum {
  update(data: Buffer): void;
  /** Base64 of the big-endian value, as on the wire. */
  digest(): string;
}

class Crc32 implements RunningChecksum {
  private value = 0;
  update(data: Buffer): void {
    this.value = crc32(data, this.value);
  }
  digest(): string {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(this.value >>> 0);
    return b.toString('base64');
  }
}

/** CRC32C (Castagnoli): Node has no built-in, AWS's own implementation does it. */
class Crc32cSum implements RunningChecksum {
  private readonly crc = new Crc32c();
  update(data: Buffer): void {
    this.crc.update(data);
  }
  digest(): string {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(this.crc.digest() >>> 0);
    return b.toString('base64');
  }
}

class Digest implements RunningChecksum {
  private readonly hash: Hash;
  constructor(algorithm: 'sha1' | 'sha256') {
    this.hash = createHash(algorithm);
  }
  update(data: Buffer): void {
    this.hash.update(data);
  }
  digest(): string {
    return this.hash.digest('base64');
  }
}

/** A running checksum, or undefined for CRC64NVME (accepted but not verified here). */
export function runningChecksum(algorithm: ChecksumAlgorithm): RunningChecksum | undefined {
  switch (algorithm) {
    case 'crc32':
      return new Crc32();
    case 'crc32c':
      return new Crc32cSum();
    case 'sha1':
    case 'sha256':
      return new Digest(algorithm);
    case 'crc64nvme':
      return undefined;
  }
}

/** `x-amz-checksum-crc32` → `crc32`; undefined for other names. */
export function checksumAlgorithmOf(headerName: string): ChecksumAlgorithm | undefined {
  const m = /^x-(?:amz|obs)-checksum-([a-z0-9]+)$/.exec(headerName.toLowerCase());
  const a = m?.[1];
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(a ?? '') ? (a as ChecksumAlgorithm) : undefined;
}
