import { writeSync } from 'node:fs';

/**
 * The largest single write(2) used for bulk data. Linux (6.x, ext4 with large folios) sizes the page-cache
 * folios of a buffered write by the write's length: a 1 MiB write gets 1 MiB folios, from the largest free
 * blocks. On a VM that hands free memory back to its host (free page reporting, as on this project's CI
 * machines) those blocks must be backed again on first touch, and writing a GiB that way cost 2.2–5.8 s of
 * system CPU, against 0.4 s in 16 KiB writes, which take small folios (measured; 32 KiB already behaves
 * like 1 MiB). Where memory stays backed, the smaller writes cost only their syscalls: about 65,000 per GiB.
 */
export const PAGE_CACHE_WRITE = 16 * 1024;

/**
 * Writes all of `data` to `fd` synchronously, in writes of at most PAGE_CACHE_WRITE bytes, at `position`
 * (or at the file's offset when it is null); short writes are finished.
 */
export function writeAllSync(fd: number, data: Uint8Array, position: number | null = null): void {
  for (let off = 0; off < data.length; ) {
    const n = writeSync(fd, data, off, Math.min(PAGE_CACHE_WRITE, data.length - off), position === null ? null : position + off);
    off += n;
  }
}
