import { createReadStream } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { isObsUri, Type } from '@modelarts-ts/contract';
import { writeFileAtomically } from '@modelarts-ts/runtime';
import { InvalidArgumentError } from '../core/error.js';
import { SessionArg } from '../internal/session-arg.js';
import type { Session } from '../session.js';

/**
 * Where the manual's format classes read and write: a local path, or an `obs://` (or `s3://`) path through the
 * session's OBS client. A `/bucket/key` path is local here, since a local absolute path looks the same.
 */
export interface FileIoOptions {
  /** Needed for OBS paths. */
  session?: Session | undefined;
}

export const FileIoOptionsSchema = Type.Object({ session: Type.Optional(SessionArg) });

export const SAVE_MODE = Type.Optional(Type.Union([Type.Literal('w'), Type.Literal('a')], { description: "'w' (overwrite) or 'a' (append)" }));

function sessionFor(path: string, o: FileIoOptions, fn: string): Session {
  if (!o.session) throw new InvalidArgumentError(`${fn}: "${path}" is an OBS path, so pass { session }.`, { parameter: 'session', signature: fn });
  return o.session;
}

async function openText(path: string, o: FileIoOptions, fn: string): Promise<Readable> {
  return isObsUri(path) ? sessionFor(path, o, fn).obs.read(path) : createReadStream(path, { highWaterMark: 1 << 16 });
}

/**
 * The lines of a text file, read as a stream (flat memory), split on `\n`, one batch per chunk read: a caller loops
 * over each batch synchronously, which costs far less than one async step per line. A last line without a newline
 * is returned too. `encoding` is any WHATWG label (`utf-8` default, `gbk`, ...).
 */
export async function* readLineBatches(path: string, o: FileIoOptions & { encoding?: string | undefined }, fn: string): AsyncGenerator<string[]> {
  const label = (o.encoding ?? 'utf-8').toLowerCase();
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    throw new InvalidArgumentError(`${fn}: unknown encoding "${o.encoding}"`, { parameter: 'encoding', signature: fn });
  }
  const stream = await openText(path, o, fn);
  let tail = '';
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    const lines = (tail + decoder.decode(chunk, { stream: true })).split('\n');
    tail = lines.pop() as string;
    if (lines.length > 0) yield lines;
  }
  tail += decoder.decode();
  if (tail !== '') yield [tail];
}

/** The whole text of a file. */
export async function readText(path: string, o: FileIoOptions, fn: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of (await openText(path, o, fn)) as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Writes text: mode `w` replaces the file atomically (a reader sees the old or the new file), `a` appends. OBS has
 * no append for ordinary objects, so `a` on OBS rewrites the object with the new text added (not safe against a
 * concurrent writer of the same object).
 */
export async function writeText(path: string, text: string, o: FileIoOptions & { save_mode?: 'w' | 'a' | undefined }, fn: string): Promise<void> {
  const mode = o.save_mode ?? 'w';
  if (isObsUri(path)) {
    const obs = sessionFor(path, o, fn).obs;
    const before = mode === 'a' && (await obs.exists(path)) ? await readText(path, o, fn) : '';
    await obs.write(path, before + text);
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  if (mode === 'a') await appendFile(path, text, 'utf8');
  else await writeFileAtomically(path, (tmp) => writeFile(tmp, text, 'utf8'));
}
