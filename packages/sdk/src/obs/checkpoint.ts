import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ENV } from '../internal/env.js';

/** Default folder of transfer checkpoints: `$XDG_CACHE_HOME/modelarts-ts/obs-checkpoints` (`~/.cache/...`). */
export function defaultCheckpointDir(): string {
  return join(process.env[ENV.XDG_CACHE_HOME] || join(homedir(), '.cache'), 'modelarts-ts', 'obs-checkpoints');
}

/** A file whose multipart transfer started: its size, a stamp (mtime for uploads, ETag for downloads), part size, upload id. */
export interface PartialFile {
  size: number;
  stamp: string;
  part_size: number;
  upload_id?: string | undefined;
  /** Part number -> ETag (uploads) or '' (downloads). */
  parts: Map<number, string>;
}

type JournalRecord =
  | { t: 's'; f: string; size: number; stamp: string; ps: number; id?: string }
  | { t: 'p'; f: string; n: number; e: string }
  | { t: 'd'; f: string; size: number; stamp: string };

/**
 * What an interrupted transfer already did, so the next call with the same source and target resumes instead of
 * starting over. An append-only JSON-lines journal: the first line is the transfer's identity (a different
 * identity or an unreadable file means start over), then one line per started file, finished part and finished
 * file. Lines are buffered and appended together every `flushMs` (no write or fsync per file: a folder of 10 000
 * small files costs a few appends), and once more when the transfer stops. Deleted when the transfer succeeds.
 */
export class Checkpoint {
  readonly done = new Map<string, { size: number; stamp: string }>();
  readonly partial = new Map<string, PartialFile>();
  private buffer: string[] = [];
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  private constructor(
    readonly file: string,
    private readonly fh: FileHandle,
    flushMs: number,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  /** Opens (or starts) the checkpoint of the transfer named by `identity` in `dir`. */
  static async open(dir: string, identity: Record<string, unknown>, flushMs = 500): Promise<Checkpoint> {
    const header = JSON.stringify({ v: 1, ...identity });
    const file = join(dir, `${createHash('sha256').update(header).digest('hex').slice(0, 40)}.jsonl`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await pruneOld(dir);
    let lines: string[] = [];
    try {
      lines = (await readFile(file, 'utf8')).split('\n');
    } catch {
      // No earlier run.
    }
    const resumable = lines[0] === header;
    const fh = await open(file, resumable ? 'a' : 'w', 0o600);
    const cp = new Checkpoint(file, fh, flushMs);
    if (resumable) for (const line of lines.slice(1)) cp.replay(line);
    else await fh.write(`${header}\n`);
    return cp;
  }

  /** A file's transfer started over: its earlier parts no longer count. */
  start(f: string, s: Omit<PartialFile, 'parts'>): void {
    this.partial.set(f, { ...s, parts: new Map() });
    this.done.delete(f);
    this.append({ t: 's', f, size: s.size, stamp: s.stamp, ps: s.part_size, ...(s.upload_id ? { id: s.upload_id } : {}) });
  }

  part(f: string, n: number, etag = ''): void {
    this.partial.get(f)?.parts.set(n, etag);
    this.append({ t: 'p', f, n, e: etag });
  }

  fileDone(f: string, size: number, stamp: string): void {
    this.partial.delete(f);
    this.done.set(f, { size, stamp });
    this.append({ t: 'd', f, size, stamp });
  }

  /** Appends what is buffered. Calls are serialized, so lines never interleave. */
  flush(): Promise<void> {
    if (this.buffer.length === 0) return this.writing;
    const text = this.buffer.join('');
    this.buffer = [];
    this.writing = this.writing.then(() => this.fh.write(text)).then(() => undefined);
    return this.writing;
  }

  /** Ends the transfer: success deletes the checkpoint, anything else keeps it (flushed) for the next call. */
  async close(success: boolean): Promise<void> {
    clearInterval(this.timer);
    if (!success) await this.flush().catch(() => undefined);
    await this.writing.catch(() => undefined);
    await this.fh.close().catch(() => undefined);
    if (success) await unlink(this.file).catch(() => undefined);
  }

  private append(r: JournalRecord): void {
    this.buffer.push(`${JSON.stringify(r)}\n`);
  }

  private replay(line: string): void {
    let r: JournalRecord;
    try {
      r = JSON.parse(line) as JournalRecord;
    } catch {
      return; // the torn last line of a crashed run
    }
    if (r.t === 's') {
      this.partial.set(r.f, { size: r.size, stamp: r.stamp, part_size: r.ps, upload_id: r.id, parts: new Map() });
      this.done.delete(r.f);
    } else if (r.t === 'p') this.partial.get(r.f)?.parts.set(r.n, r.e);
    else if (r.t === 'd') {
      this.partial.delete(r.f);
      this.done.set(r.f, { size: r.size, stamp: r.stamp });
    }
  }
}

/** Checkpoints of transfers abandoned for a week are dropped (servers expire unfinished multipart uploads too). */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

async function pruneOld(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith('.jsonl')) continue;
    const p = join(dir, name);
    const st = await stat(p).catch(() => undefined);
    if (st && now - st.mtimeMs > MAX_AGE_MS) await unlink(p).catch(() => undefined);
  }
}
