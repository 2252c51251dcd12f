import { createHash, type Hash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * MD5 of large uploads on worker threads. An object's ETag is the MD5 of its bytes, and hashing costs about as much
 * of one core per GiB as everything else the event loop does for an upload together: on the event loop it caps every
 * upload at one core. Here the event loop copies each MiB into a pooled buffer and hands it over (ownership moves,
 * nothing is copied again); a thread hashes it in order and hands the buffer back.
 *
 * Small bodies never reach a thread: below one batch the round trip costs more than the hash. Threads start with
 * the first large upload and stop after IDLE_MS without one, so an idle platform holds neither them nor the pool.
 */

/** Bytes handed over at a time. */
export const BATCH = 1024 * 1024;
/** Batches out at once, over all uploads: threads this far behind hold up the uploads' writes (backpressure). */
const POOL_BATCHES = 16;
const IDLE_MS = 5_000;

// Plain CommonJS, evaluated by the thread: the module graph (TypeScript in tests, dist in production) never matters.
const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.t === 'u') {
    let h = hashes.get(m.id);
    if (!h) hashes.set(m.id, (h = createHash('md5')));
    h.update(new Uint8Array(m.ab, 0, m.len));
    parentPort.postMessage({ t: 'r', ab: m.ab }, [m.ab]);
  } else if (m.t === 'd') {
    const h = hashes.get(m.id) ?? createHash('md5');
    hashes.delete(m.id);
    parentPort.postMessage({ t: 'h', id: m.id, digest: h.digest() });
  } else if (m.t === 'x') {
    hashes.delete(m.id);
  }
});
`;

type Reply = { t: 'r'; ab: ArrayBuffer } | { t: 'h'; id: number; digest: Uint8Array };

class HashThread {
  private readonly worker: Worker;
  /** Uploads hashed here; the least loaded thread takes the next one. */
  streams = 0;
  /** Pool buffers this thread holds. */
  holding = 0;
  private dead: Error | undefined;
  private readonly digests = new Map<number, { resolve: (d: Buffer) => void; reject: (e: Error) => void }>();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onBuffer: (ab: ArrayBuffer) => void,
    private readonly onGone: (t: HashThread) => void,
  ) {
    // No inherited flags: `--input-type=module` in the platform's would make the source an ES module.
    this.worker = new Worker(THREAD_SOURCE, { eval: true, env: {}, execArgv: [] });
    this.worker.on('message', (m: Reply) => {
      if (m.t === 'r') {
        this.holding--;
        this.onBuffer(m.ab);
      } else {
        this.digests.get(m.id)?.resolve(Buffer.from(m.digest));
        this.digests.delete(m.id);
      }
      this.settle();
    });
    this.worker.on('error', (e) => this.stop(e));
    this.worker.on('exit', (code) => this.stop(new Error(`the MD5 thread exited (code ${code})`)));
    // Unref'd only after the listeners (adding a 'message' listener refs a worker): a thread with nothing to do
    // must not keep the platform, or a test, alive.
    this.worker.unref();
  }

  open(): void {
    this.streams++;
    clearTimeout(this.idleTimer);
  }

  close(id: number, forget: boolean): void {
    this.streams--;
    if (forget && !this.dead) this.worker.postMessage({ t: 'x', id });
    this.settle();
  }

  /** Hands `ab` over; a pool buffer comes back through `onBuffer`. */
  update(id: number, ab: ArrayBuffer, len: number): void {
    if (this.dead) throw this.dead;
    if (ab.byteLength === BATCH) this.holding++;
    this.worker.ref();
    this.worker.postMessage({ t: 'u', id, ab, len }, [ab]);
  }

  digest(id: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (this.dead) {
        reject(this.dead);
        return;
      }
      this.digests.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ t: 'd', id });
    });
  }

  /** Waiting on the thread keeps the process alive; a thread without uploads stops after a while. */
  private settle(): void {
    if (this.dead || this.holding > 0 || this.digests.size > 0) return;
    this.worker.unref();
    if (this.streams > 0) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.stop(new Error('the MD5 thread stopped while idle'));
      void this.worker.terminate();
    }, IDLE_MS);
    this.idleTimer.unref();
  }

  /** Out of the pool at once, so that no upload picks a thread that is going away. */
  private stop(e: Error): void {
    if (this.dead) return;
    this.dead = e;
    clearTimeout(this.idleTimer);
    this.onGone(this);
    for (const d of this.digests.values()) d.reject(e);
    this.digests.clear();
  }
}

/** The threads and the batch buffers they share; one per process. */
class HashPool {
  private readonly threads: HashThread[] = [];
  private free: ArrayBuffer[] = [];
  private allocated = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  thread(): HashThread {
    if (this.threads.length < this.size) {
      this.threads.push(
        new HashThread(
          (ab) => this.release(ab),
          (t) => this.forget(t),
        ),
      );
    }
    const thread = this.threads.reduce((a, b) => (b.streams < a.streams ? b : a));
    thread.open();
    return thread;
  }

  /** A batch buffer if one is free, or undefined: then `whenBuffer` calls back once a thread returns one. */
  buffer(): ArrayBuffer | undefined {
    const ab = this.free.pop();
    if (ab) return ab;
    if (this.allocated < POOL_BATCHES) {
      this.allocated++;
      return new ArrayBuffer(BATCH);
    }
    return undefined;
  }

  whenBuffer(then: () => void): void {
    this.waiting.push(then);
  }

  private release(ab: ArrayBuffer): void {
    // A last, partial batch is not the pool's.
    if (ab.byteLength !== BATCH) return;
    this.free.push(ab);
    this.waiting.shift()?.();
  }

  private forget(t: HashThread): void {
    const i = this.threads.indexOf(t);
    if (i >= 0) this.threads.splice(i, 1);
    // The buffers it held are gone with it; with no thread left the pool lets go of the rest.
    this.allocated -= t.holding;
    if (this.threads.length === 0) {
      this.allocated -= this.free.length;
      this.free = [];
    }
    for (const w of this.waiting.splice(0)) w();
  }
}

// With one core a thread only adds the hand-over; with many, a few threads keep up with any disk.
const threadCount = Math.min(4, availableParallelism() - 1);
let pool: HashPool | undefined;
let nextId = 1;

/**
 * The MD5 of one upload's bytes, fed in order. Bytes stay on the event loop until they fill a batch; from then on
 * batches go to a thread. `update` calls `then` once the bytes are taken (later when every pool buffer is out).
 */
export class StreamMd5 {
  private readonly held: Buffer[] = [];
  private heldBytes = 0;
  private thread: HashThread | undefined;
  private readonly id = nextId++;
  private local: Hash | undefined;
  private dropped = false;

  update(chunk: Buffer, then: (err?: Error) => void): void {
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes < BATCH) then();
    else this.flush(then);
  }

  /** Hands the held bytes over in full batches; a remainder under a batch stays held. */
  private flush(then: (err?: Error) => void): void {
    // Dropped while it waited for a buffer: nobody wants the hash any more.
    if (this.dropped) return;
    if (threadCount < 1) {
      this.local ??= createHash('md5');
      for (const c of this.held.splice(0)) this.local.update(c);
      this.heldBytes = 0;
      then();
      return;
    }
    pool ??= new HashPool(threadCount);
    while (this.heldBytes >= BATCH) {
      const ab = pool.buffer();
      if (!ab) {
        pool.whenBuffer(() => this.flush(then));
        return;
      }
      this.thread ??= pool.thread();
      this.take(new Uint8Array(ab), BATCH);
      try {
        this.thread.update(this.id, ab, BATCH);
      } catch (e) {
        then(e as Error);
        return;
      }
    }
    then();
  }

  /** Moves the first `n` held bytes into `into`. */
  private take(into: Uint8Array, n: number): void {
    let at = 0;
    while (at < n) {
      const c = this.held[0] as Buffer;
      const k = Math.min(c.length, n - at);
      into.set(k === c.length ? c : c.subarray(0, k), at);
      at += k;
      if (k === c.length) this.held.shift();
      else this.held[0] = c.subarray(k);
    }
    this.heldBytes -= n;
  }

  /** The MD5 of everything fed, once; the stream is done after it. */
  async digest(): Promise<Buffer> {
    const thread = this.thread;
    if (!thread) {
      const h = this.local ?? createHash('md5');
      for (const c of this.held.splice(0)) h.update(c);
      return h.digest();
    }
    this.thread = undefined;
    try {
      if (this.heldBytes > 0) {
        const ab = new ArrayBuffer(this.heldBytes);
        this.take(new Uint8Array(ab), this.heldBytes);
        thread.update(this.id, ab, ab.byteLength);
      }
      return await thread.digest(this.id);
    } finally {
      thread.close(this.id, false);
    }
  }

  /** An abandoned upload: its thread forgets it. */
  drop(): void {
    this.dropped = true;
    this.thread?.close(this.id, true);
    this.thread = undefined;
  }
}
