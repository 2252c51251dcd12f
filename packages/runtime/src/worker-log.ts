import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { LogSink } from './log-sink.js';

/** Prefix of the lines the platform itself writes into a task log (the cloud's own, e.g. `Training end with return code: N`). */
export const SERVICE_LOG_PREFIX = '[ModelArts Service Log]';

/** One task's log file: the worker's stdout and stderr, interleaved with the platform's own lines. */
export class WorkerLog implements LogSink {
  private readonly stream: WriteStream;
  private endsWithNewline = true;
  private closed: Promise<void> | undefined;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.stream = createWriteStream(file, { flags: 'a' });
    // A failing disk must not crash the runner; the job's outcome is decided elsewhere.
    this.stream.on('error', () => {});
  }

  /** Raw output of the task's processes. */
  write(chunk: Buffer | string): void {
    if (this.closed || chunk.length === 0) return;
    this.stream.write(chunk);
    const last = typeof chunk === 'string' ? chunk.charCodeAt(chunk.length - 1) : chunk[chunk.length - 1];
    this.endsWithNewline = last === 10;
  }

  /** A platform line, always on a line of its own. */
  service(message: string): void {
    for (const line of message.split('\n')) this.write(`${this.endsWithNewline ? '' : '\n'}${SERVICE_LOG_PREFIX}${line}\n`);
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.stream.end(() => resolve());
    });
    return this.closed;
  }
}

/** Keeps the last lines of a stream (a worker's stderr), for the task's status message. */
export class LineTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly max = 20) {}

  push(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop() ?? '';
    for (const l of parts) this.keep(l);
  }

  private keep(line: string): void {
    const l = line.replace(/\r$/, '');
    if (l.trim() === '') return;
    this.lines.push(l.length > 500 ? `${l.slice(0, 500)}…` : l);
    if (this.lines.length > this.max) this.lines.shift();
  }

  /** The last `n` non-empty lines, including an unfinished last one. */
  last(n = this.max): string[] {
    const all = this.partial.trim() ? [...this.lines, this.partial] : this.lines;
    return all.slice(-n);
  }
}
