import { StringDecoder } from 'node:string_decoder';
import { sleep } from '../internal/sleep.js';

/** A view of the newest part of a log, as the log preview API gives it. */
export interface LogWindow {
  content: string;
  /** Bytes in the whole log; `content` is its last part. */
  full_size: number;
}

export interface LogSource {
  /** The newest part of the log (empty while there is no log yet). */
  read(signal?: AbortSignal): Promise<LogWindow>;
  /** True once the job has reached a terminal status: after one more read, the log is complete. */
  ended(signal?: AbortSignal): Promise<boolean>;
}

export interface FollowOptions {
  /** Keep reading until the job ends (default false: what is there now). */
  follow?: boolean;
  signal?: AbortSignal;
  /** First and longest pause between reads while following (default 200 ms → 2 s; it resets when lines arrive). */
  minIntervalMs?: number;
  maxIntervalMs?: number;
}

/**
 * Lines of a log that grows at its end, read through a window on its newest bytes: the byte offset reached is kept,
 * so each read yields only what is new. When more than a window's worth arrived between two reads, a line says how
 * many bytes were skipped. A trailing line without a newline is held back until it is complete or the job ends.
 */
export async function* followLog(source: LogSource, o: FollowOptions = {}): AsyncGenerator<string> {
  const minInterval = o.minIntervalMs ?? 200;
  const maxInterval = o.maxIntervalMs ?? 2000;
  const decoder = new StringDecoder('utf8');
  let consumed = 0;
  let partial = '';
  let interval = minInterval;
  for (;;) {
    // Ask before reading: a log read after the job ended is complete.
    const ended = o.follow ? await source.ended(o.signal) : true;
    const w = await source.read(o.signal);
    const buf = Buffer.from(w.content, 'utf8');
    const start = Math.max(0, w.full_size - buf.length);
    // The log was replaced (e.g. a restarted task): start over from what is shown.
    if (w.full_size < consumed) consumed = start;
    let fresh = buf.subarray(Math.min(buf.length, Math.max(0, consumed - start)));
    if (consumed < start) {
      // Lost bytes: end the held-back line as it is, and resume at the first whole line of the window.
      const nl = fresh.indexOf(10);
      const resume = nl < 0 ? fresh.length : nl + 1;
      if (partial) yield partial;
      partial = '';
      yield `[… ${start - consumed + resume} bytes of log skipped …]`;
      fresh = fresh.subarray(resume);
    }
    consumed = Math.max(consumed, w.full_size);
    const text = partial + decoder.write(fresh);
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) yield l.endsWith('\r') ? l.slice(0, -1) : l;
    if (ended) {
      const rest = partial + decoder.end();
      if (rest) yield rest;
      return;
    }
    interval = lines.length > 0 ? minInterval : Math.min(interval * 1.5, maxInterval);
    await sleep(interval, o.signal);
  }
}

/** The last `n` non-empty lines of a text. */
export function lastLines(text: string, n: number): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-n);
}
