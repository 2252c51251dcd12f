import { APIUserAbortError } from '../core/error.js';

/**
 * Runs `fn` over `items` with at most `limit` calls in flight, pulling lazily from the iterator (so a huge list
 * is never turned into promises at once). The first rejection stops new calls; once the calls in flight settle,
 * it is rethrown. `stop()` ends the run early without an error; an aborted `signal` ends it with
 * APIUserAbortError (never a silent early return: callers would take a partial run for a whole one).
 */
export async function forEachLimit<T>(
  items: Iterable<T> | AsyncIterable<T>,
  limit: number,
  fn: (item: T, stop: () => void) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const it: Iterator<T> | AsyncIterator<T> = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let failed = false;
  let firstError: unknown;
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  // Pulls are serialized so two workers never call next() concurrently on an async iterator.
  let pulling: Promise<unknown> = Promise.resolve();
  const pull = (): Promise<IteratorResult<T>> => {
    const p = pulling.then(() => it.next());
    pulling = p.catch(() => undefined);
    return p;
  };
  const worker = async () => {
    while (!failed && !stopped && !signal?.aborted) {
      let r: IteratorResult<T>;
      try {
        r = await pull();
      } catch (e) {
        if (!failed) [failed, firstError] = [true, e];
        return;
      }
      if (r.done || failed || stopped) return;
      try {
        await fn(r.value, stop);
      } catch (e) {
        if (!failed) [failed, firstError] = [true, e];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  // Let a generator that was left early run its finally blocks.
  if (failed || stopped || signal?.aborted) await Promise.resolve(it.return?.()).catch(() => undefined);
  if (failed) throw firstError;
  if (signal?.aborted && !stopped) throw new APIUserAbortError(undefined, { cause: signal.reason });
}

/** At most `limit` tasks at once across all callers (FIFO): the cap on requests in flight for a whole transfer. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
