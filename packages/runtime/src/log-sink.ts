/** Where process output and platform lines go: one task log, or several at once. */
export interface LogSink {
  write(chunk: Buffer | string): void;
  /** A `[ModelArts Service Log]` line. */
  service(message: string): void;
}

/** Writes to every sink: job-wide steps (downloads, pip) appear in each worker's log, as each cloud worker does them. */
export class FanOutLog implements LogSink {
  constructor(private readonly sinks: readonly LogSink[]) {}
  write(chunk: Buffer | string): void {
    for (const s of this.sinks) s.write(chunk);
  }
  service(message: string): void {
    for (const s of this.sinks) s.service(message);
  }
}
