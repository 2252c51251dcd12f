import { PassThrough } from 'node:stream';

/** Streams for `main(argv, io)` that keep what was written; `tty` makes stderr claim to be a terminal. */
export function capture(tty = false) {
  const out = new PassThrough();
  const err = Object.assign(new PassThrough(), { isTTY: tty });
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => {
    o += c.toString();
  });
  err.on('data', (c: Buffer) => {
    e += c.toString();
  });
  return { stdout: out, stderr: err, out: () => o, err: () => e };
}
