import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder } from './aws-chunked.js';
import { runningChecksum } from './checksums.js';

function decode(body: Buffer, splitAt?: number) {
  const data: Buffer[] = [];
  const chunks: Array<[number, string | undefined]> = [];
  const trailers: Record<string, string> = {};
  const d = new AwsChunkedDecoder({ data: (b) => data.push(Buffer.from(b)), chunkEnd: (n, s) => chunks.push([n, s]), trailer: (k, v) => (trailers[k] = v) });
  if (splitAt === undefined) d.write(body);
  else {
    d.write(body.subarray(0, splitAt));
    d.write(body.subarray(splitAt));
  }
  d.end();
  return { data: Buffer.concat(data).toString('latin1'), chunks, trailers };
}

describe('aws-chunked decoder', () => {
  it('decodes the observed unsigned-trailer body at every split point', () => {
    const body = Buffer.from('c\r\nhello world\n\r\n0\r\nx-amz-checksum-crc32:rwg7LQ==\r\n\r\n');
    for (let i = 0; i <= body.length; i++) {
      const r = decode(body, i);
      expect(r.data).toBe('hello world\n');
      expect(r.trailers).toEqual({ 'x-amz-checksum-crc32': 'rwg7LQ==' });
      expect(r.chunks).toEqual([
        [12, undefined],
        [0, undefined],
      ]);
    }
  });

  it('reads chunk signatures', () => {
    const body = Buffer.from(`3;chunk-signature=${'a'.repeat(64)}\r\nabc\r\n0;chunk-signature=${'b'.repeat(64)}\r\n\r\n`);
    expect(decode(body).chunks).toEqual([
      [3, 'a'.repeat(64)],
      [0, 'b'.repeat(64)],
    ]);
  });

  it('refuses truncated and malformed framing', () => {
    expect(() => decode(Buffer.from('c\r\nhello'))).toThrow(/ended inside/);
    expect(() => decode(Buffer.from('zz\r\n'))).toThrow(/bad chunk size/);
    expect(() => decode(Buffer.from('3\r\nabcXY0\r\n\r\n'))).toThrow(/CRLF/);
  });
});

describe('crc32c', () => {
  it('matches the standard check value and the wire encoding', () => {
    const sum = runningChecksum('crc32c');
    sum?.update(Buffer.from('123456789'));
    expect(Buffer.from(sum?.digest() ?? '', 'base64').readUInt32BE(0)).toBe(0xe3069283);
  });
});
