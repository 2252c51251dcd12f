/** A transfer's progress: bytes and files done so far (resumed work included) out of the whole transfer. */
export interface ObsProgress {
  loaded: number;
  total: number;
  files_done: number;
  files_total: number;
}

export type ProgressListener = (p: ObsProgress) => void;

/**
 * Counts bytes and files as parts and files complete (never while a request is in flight, so a retried part is
 * not counted twice and `loaded` only grows), and calls the listener at most every `intervalMs`, plus once at
 * the end with `loaded === total`.
 */
export class ProgressTracker {
  private loaded = 0;
  private filesDone = 0;
  /** Bytes actually moved by this call, not counting work skipped thanks to a checkpoint. */
  transferred = 0;
  private lastEmit = 0;

  constructor(
    readonly total: number,
    readonly filesTotal: number,
    private readonly listener: ProgressListener | undefined,
    private readonly intervalMs: number,
  ) {}

  /** Bytes moved now. */
  add(bytes: number): void {
    this.loaded += bytes;
    this.transferred += bytes;
    this.maybeEmit();
  }

  /** Bytes already done by an earlier, interrupted call. */
  skip(bytes: number): void {
    this.loaded += bytes;
  }

  fileDone(): void {
    this.filesDone++;
    this.maybeEmit();
  }

  /** The final event: everything done. */
  finish(): void {
    this.emit();
  }

  snapshot(): ObsProgress {
    return { loaded: this.loaded, total: this.total, files_done: this.filesDone, files_total: this.filesTotal };
  }

  private maybeEmit(): void {
    if (!this.listener) return;
    const now = Date.now();
    if (now - this.lastEmit >= this.intervalMs) this.emit(now);
  }

  private emit(now = Date.now()): void {
    this.lastEmit = now;
    if (!this.listener) return;
    try {
      this.listener(this.snapshot());
    } catch {
      // A throwing listener must not break the transfer.
    }
  }
}
