import type { Context } from './context.js';

export interface TransferProgress {
  loaded: number;
  total: number;
  files_done: number;
  files_total: number;
}

const MiB = 1024 * 1024;

/**
 * Progress of a long transfer on stderr: a bar redrawn in place when stderr is a terminal, a plain line every
 * `plainEveryMs` otherwise (logs of CI jobs stay readable), nothing under --json.
 */
export function progressReporter(ctx: Context, label: string, plainEveryMs = 5000): { update(p: TransferProgress): void; done(): void } {
  const tty = Boolean(ctx.stderr.isTTY) && !ctx.json;
  const started = Date.now();
  let lastPlain = 0;
  let last: TransferProgress | undefined;
  const line = (p: TransferProgress) => {
    const secs = Math.max((Date.now() - started) / 1000, 0.001);
    const pct = p.total > 0 ? Math.min(100, (100 * p.loaded) / p.total) : 100;
    const files = p.files_total > 1 ? ` ${p.files_done}/${p.files_total} files` : '';
    return { pct, text: `${(p.loaded / MiB).toFixed(1)}/${(p.total / MiB).toFixed(1)} MiB${files} ${(p.loaded / MiB / secs).toFixed(1)} MiB/s` };
  };
  return {
    update(p) {
      last = p;
      if (ctx.json) return;
      const { pct, text } = line(p);
      if (tty) {
        const width = 30;
        const fill = Math.round((pct / 100) * width);
        ctx.stderr.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${pct.toFixed(0).padStart(3)}% ${text}\x1b[K`);
      } else if (Date.now() - lastPlain >= plainEveryMs) {
        lastPlain = Date.now();
        ctx.stderr.write(`${label}: ${pct.toFixed(0)}% ${text}\n`);
      }
    },
    done() {
      if (ctx.json || !last) return;
      if (tty) ctx.stderr.write('\n');
      else ctx.stderr.write(`${label}: done, ${line(last).text}\n`);
    },
  };
}
