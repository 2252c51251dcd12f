import { S3Error } from './errors.js';

/**
 * Decoder for the aws-chunked body framing (what current AWS SDKs send by default), as a push state machine so it adds
 * no stream stage of its own:
 *   `<hex-size>[;chunk-signature=<sig>]\r\n<data>\r\n` ... `0[;chunk-signature=<sig>]\r\n`
 *   then optional trailer lines `name:value\r\n` and a final `\r\n`.
 * Payload bytes are handed on as sub-slices of the input (no copy).
 */
export interface ChunkedHandlers {
  data(bytes: Buffer): void;
  /** After each chunk's data, the final empty chunk included. */
  chunkEnd(size: number, signature: string | undefined): void;
  trailer(name: string, value: string): void;
}

const MAX_LINE = 4096;
const CRLF_ERROR = 'aws-chunked framing: expected CRLF after chunk data';

type State = 'size' | 'data' | 'data-cr' | 'data-lf' | 'trailer' | 'done';

export class AwsChunkedDecoder {
  private state: State = 'size';
  private line: Buffer[] = [];
  private lineLength = 0;
  private remaining = 0;
  private chunkSize = 0;
  private signature: string | undefined;
  /** Payload bytes decoded so far. */
  decoded = 0;

  constructor(private readonly on: ChunkedHandlers) {}

  write(buf: Buffer): void {
    let i = 0;
    while (i < buf.length) {
      switch (this.state) {
        case 'data': {
          const n = Math.min(this.remaining, buf.length - i);
          this.on.data(buf.subarray(i, i + n));
          this.decoded += n;
          this.remaining -= n;
          i += n;
          if (this.remaining === 0) this.state = 'data-cr';
          break;
        }
        case 'data-cr':
          if (buf[i++] !== 0x0d) throw incomplete(CRLF_ERROR);
          this.state = 'data-lf';
          break;
        case 'data-lf':
          if (buf[i++] !== 0x0a) throw incomplete(CRLF_ERROR);
          this.on.chunkEnd(this.chunkSize, this.signature);
          this.state = 'size';
          break;
        case 'done':
          // Tolerate stray line ends after the last blank line; anything else is garbage.
          if (buf[i] !== 0x0d && buf[i] !== 0x0a) throw incomplete('aws-chunked framing: data after the final chunk');
          i++;
          break;
        default: {
          const lf = buf.indexOf(0x0a, i);
          const end = lf < 0 ? buf.length : lf;
          this.lineLength += end - i;
          if (this.lineLength > MAX_LINE) throw incomplete('aws-chunked framing: header line too long');
          this.line.push(buf.subarray(i, end));
          i = end;
          if (lf >= 0) {
            i++;
            const text = Buffer.concat(this.line).toString('latin1').replace(/\r$/, '');
            this.line = [];
            this.lineLength = 0;
            this.onLine(text);
          }
        }
      }
    }
  }

  /** The body ended: it must end after the final chunk (a missing last blank line is tolerated). */
  end(): void {
    if (this.state === 'trailer' || this.state === 'done') {
      if (this.state === 'trailer' && this.lineLength > 0) this.onLine(Buffer.concat(this.line).toString('latin1').replace(/\r$/, ''));
      this.state = 'done';
      return;
    }
    throw incomplete('The request body ended inside an aws-chunked chunk');
  }

  private onLine(text: string): void {
    if (this.state === 'trailer') {
      if (text === '') {
        this.state = 'done';
        return;
      }
      const colon = text.indexOf(':');
      if (colon <= 0) throw incomplete(`aws-chunked framing: bad trailer line "${text.slice(0, 100)}"`);
      this.on.trailer(text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim());
      return;
    }
    const semi = text.indexOf(';');
    const hex = (semi < 0 ? text : text.slice(0, semi)).trim();
    if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) throw incomplete(`aws-chunked framing: bad chunk size "${text.slice(0, 100)}"`);
    this.chunkSize = Number.parseInt(hex, 16);
    this.signature = undefined;
    if (semi >= 0) {
      const ext = /(?:^|;)\s*chunk-signature=([0-9a-fA-F]+)/.exec(text.slice(semi));
      this.signature = ext?.[1]?.toLowerCase();
    }
    if (this.chunkSize === 0) {
      this.on.chunkEnd(0, this.signature);
      this.state = 'trailer';
      return;
    }
    this.remaining = this.chunkSize;
    this.state = 'data';
  }
}

function incomplete(message: string): S3Error {
  return new S3Error('IncompleteBody', message);
}
