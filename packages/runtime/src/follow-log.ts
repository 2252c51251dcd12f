import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FollowOptions {
  /** Byte offset to start from (default 0: the whole log). */
  from?: number;
  /** How often to look for new bytes (default 250 ms). */
  pollMs?: number;
  /** Polled between reads: once it answers true, the rest of the file is read and the iteration ends. */
  done?: () => boolean | Promise<boolean>;
  /** Ends the iteration early (no error). */
  signal?: AbortSignal;
}

const CHUNK = 64 * 1024;

/**
 * Follows a growing log file line by line (without the line ends), waiting for it to exist. Ends when
 * `done()` turns true and everything written before was read, or when `signal` aborts. Without `done`
 * it reads what is there and ends.
 */
export async function* followLog(file: string, options: FollowOptions = {}): AsyncGenerator<string, void, undefined> {
  const pollMs = options.pollMs ?? 250;
  const done = options.done ?? (() => true);
  let offset = options.from ?? 0;
  let partial = '';
  const decoder = new TextDecoder('utf-8');
  for (;;) {
    if (options.signal?.aborted) return;
    // Ask before reading: whatever was written before `done` turned true is then read by this pass.
    const finished = await done();
    const size = await stat(file).then(
      (s) => s.size,
      () => -1,
    );
    if (size > offset) {
      const fh = await open(file, 'r');
      try {
        while (offset < size) {
          const buf = Buffer.alloc(Math.min(CHUNK, size - offset));
          const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
          const lines = (partial + decoder.decode(buf.subarray(0, bytesRead), { stream: true })).split('\n');
          partial = lines.pop() ?? '';
          for (const l of lines) {
            if (options.signal?.aborted) return;
            yield l.replace(/\r$/, '');
          }
        }
      } finally {
        await fh.close();
      }
      continue;
    }
    if (finished) {
      const rest = partial + decoder.decode();
      if (rest) yield rest;
      return;
    }
    try {
      await sleep(pollMs, undefined, options.signal ? { signal: options.signal } : {});
    } catch {
      return;
    }
  }
}
