import { createHash, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { AwsChunkedDecoder } from './aws-chunked.js';
import { type ChecksumAlgorithm, type RunningChecksum, runningChecksum } from './checksums.js';
import { S3Error } from './errors.js';
import { chunkSignature, EMPTY_SHA256, trailerSignature } from './sigv4.js';

/**
 * How the body is framed and what proves its integrity, decided by authentication: `x-amz-content-sha256` names a
 * hex hash, an unsigned payload or an aws-chunked variant (signed chunks, a trailer, or both); without it (SigV2,
 * OBS, presigned) the body is plain.
 */
export type PayloadSpec = { kind: 'raw' } | { kind: 'sha256'; expected: string } | { kind: 'chunked'; trailer: boolean; signer?: ChunkSigner };

/** What signed aws-chunked bodies are checked with: the request's signing key, scope and seed signature. */
export interface ChunkSigner {
  key: Buffer;
  amzDate: string;
  scope: string;
  seed: string;
  equal: (a: string, b: string) => boolean;
}

export interface BodyChecks {
  payload: PayloadSpec;
  /** An `x-amz-checksum-*` header sent with the body. */
  checksum?: { algorithm: ChecksumAlgorithm; expected: string };
  /** The checksum announced by `x-amz-trailer`, verified when the trailer arrives. */
  trailerChecksum?: ChecksumAlgorithm;
  /** `x-amz-decoded-content-length` of an aws-chunked body. */
  decodedLength?: number;
}

const TRAILER_SIGNATURE = 'x-amz-trailer-signature';

/**
 * The request body as object bytes: removes aws-chunked framing and verifies every integrity claim
 * while the bytes stream (chunk signatures, payload SHA-256, checksum header or trailer). A failed check
 * errors the stream at the end (or at the bad chunk), so the store never commits the object.
 */
export class PayloadReader extends Transform {
  private readonly decoder: AwsChunkedDecoder | undefined;
  private readonly sha256: Hash | undefined;
  private readonly checksum: RunningChecksum | undefined;
  private chunkHash: Hash | undefined;
  private previousSignature: string | undefined;
  private readonly trailers = new Map<string, string>();
  private readonly trailerOrder: string[] = [];
  size = 0;

  constructor(private readonly checks: BodyChecks) {
    super({ readableHighWaterMark: 1024 * 1024 });
    const p = checks.payload;
    if (p.kind === 'sha256') this.sha256 = createHash('sha256');
    const algorithm = checks.checksum?.algorithm ?? (p.kind === 'chunked' ? checks.trailerChecksum : undefined);
    this.checksum = algorithm ? runningChecksum(algorithm) : undefined;
    if (p.kind === 'chunked') {
      this.previousSignature = p.signer?.seed;
      if (p.signer) this.chunkHash = createHash('sha256');
      this.decoder = new AwsChunkedDecoder({
        data: (b) => {
          this.chunkHash?.update(b);
          this.accept(b);
        },
        chunkEnd: (size, signature) => this.onChunkEnd(size, signature),
        trailer: (name, value) => {
          this.trailers.set(name, value);
          if (name !== TRAILER_SIGNATURE) this.trailerOrder.push(`${name}:${value}\n`);
        },
      });
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      if (this.decoder) this.decoder.write(chunk);
      else this.accept(chunk);
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.decoder?.end();
      this.verifyEnd();
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  private accept(b: Buffer): void {
    this.size += b.length;
    this.sha256?.update(b);
    this.checksum?.update(b);
    this.push(b);
  }

  private onChunkEnd(_size: number, signature: string | undefined): void {
    const p = this.checks.payload;
    if (p.kind !== 'chunked' || !p.signer) return;
    const hash = this.chunkHash?.digest('hex') ?? EMPTY_SHA256;
    this.chunkHash = createHash('sha256');
    const expected = chunkSignature(p.signer.key, p.signer.amzDate, p.signer.scope, this.previousSignature ?? p.signer.seed, hash);
    if (!signature || !p.signer.equal(expected, signature)) {
      throw new S3Error('SignatureDoesNotMatch', 'The chunk signature of an aws-chunked body does not match');
    }
    this.previousSignature = expected;
  }

  private verifyEnd(): void {
    const c = this.checks;
    if (c.decodedLength !== undefined && this.size !== c.decodedLength) {
      throw new S3Error('IncompleteBody', `x-amz-decoded-content-length is ${c.decodedLength} but the body decoded to ${this.size} bytes`);
    }
    if (c.payload.kind === 'sha256' && this.sha256 && this.sha256.digest('hex') !== c.payload.expected) {
      throw new S3Error('XAmzContentSHA256Mismatch');
    }
    if (c.payload.kind === 'chunked' && c.payload.signer && c.payload.trailer) {
      const given = this.trailers.get(TRAILER_SIGNATURE);
      const s = c.payload.signer;
      const expected = trailerSignature(s.key, s.amzDate, s.scope, this.previousSignature ?? s.seed, this.trailerOrder.join(''));
      if (!given || !s.equal(expected, given.toLowerCase()))
        throw new S3Error('SignatureDoesNotMatch', 'The trailer signature of an aws-chunked body does not match');
    }
    const algorithm = c.checksum?.algorithm ?? c.trailerChecksum;
    const expected = c.checksum?.expected ?? (c.trailerChecksum ? this.trailers.get(`x-amz-checksum-${c.trailerChecksum}`) : undefined);
    if (algorithm && expected !== undefined && this.checksum) {
      const actual = this.checksum.digest();
      if (actual !== expected) {
        throw new S3Error('BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`, {
          ExpectedChecksum: expected,
          CalculatedChecksum: actual,
        });
      }
    }
  }
}

/**
 * Pipes the request into a PayloadReader without tying their lifetimes: if a check fails the request
 * stays open so the error can still be answered; if the client goes away the reader fails.
 */
export function openBody(req: IncomingMessage, checks: BodyChecks): PayloadReader {
  const reader = new PayloadReader(checks);
  const onClose = () => {
    if (!req.complete) reader.destroy(new S3Error('IncompleteBody', 'The connection closed before the whole body was received'));
  };
  req.once('close', onClose);
  req.once('error', (e) => reader.destroy(e));
  reader.once('close', () => req.off('close', onClose));
  req.pipe(reader);
  return reader;
}

/** Reads a small body (XML documents) whole, still through every integrity check. */
export async function readSmallBody(reader: PayloadReader, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of reader as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > limit) {
      reader.destroy();
      throw new S3Error('MalformedXML', `The request body is larger than ${limit} bytes`);
    }
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}
