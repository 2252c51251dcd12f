/**
 * glibc's largest dynamic mmap threshold on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX): freeing an mmap'd chunk no
 * larger than this raises the mmap threshold to the chunk's size and the trim threshold to twice that.
 */
const DYNAMIC_THRESHOLD_MAX = 32 * 1024 * 1024;

let raised = false;

/**
 * Makes glibc keep up to ~64 MiB of freed C heap for reuse instead of returning it to the kernel at once.
 *
 * Node allocates a fresh buffer for every socket read and (HTTP) every body chunk, and frees them in batches when
 * the garbage collector runs. With glibc's default 128 KiB trim threshold each batch is handed back to the kernel
 * (the heap shrinks) and faulted in again, zeroed, by the next reads: measured on a 1 GiB download through the S3
 * client, 110,000 page faults per GiB and about half of the process's CPU. Raising the threshold leaves 9,000.
 *
 * There is no mallopt() in Node; glibc raises both thresholds by itself when a program frees an mmap'd chunk
 * (mallopt(3), "dynamic mmap threshold"), so this allocates one just under the maximum and lets the next
 * collection free it. Once per process, on Linux only (with another C library the allocation is harmless but
 * changes nothing; the test runs where glibc is).
 */
export function raiseMallocTrimThreshold(): void {
  if (raised || process.platform !== 'linux') return;
  raised = true;
  Buffer.allocUnsafeSlow(DYNAMIC_THRESHOLD_MAX - 64 * 1024);
}
