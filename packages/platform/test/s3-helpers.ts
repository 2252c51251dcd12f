import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** Test-side helpers for the object API: an SDK client at default settings and a small independent signer. */

export interface Endpoint {
  endpoint: string;
  credentials: { access_key: string; secret_key: string };
}

export function s3Client(p: Endpoint, extra: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: p.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: p.credentials.access_key, secretAccessKey: p.credentials.secret_key },
    ...extra,
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One HTTP request with exactly these headers and body (Buffer, or chunks sent with chunked transfer). */
export function raw(endpoint: string, method: string, path: string, headers: Record<string, string>, body?: Buffer | Buffer[]): Promise<RawResponse> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (Array.isArray(body)) {
      for (const c of body) req.write(c);
      req.end();
    } else req.end(body);
  });
}

const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const hmac = (k: string | Buffer, s: string) => createHmac('sha256', k).update(s).digest();
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function amzDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export interface V4Options {
  ak: string;
  sk: string;
  region?: string;
  date?: Date;
  payloadHash: string;
  host: string;
}

/** Signs with SigV4 (header form): returns the headers to send, Authorization included, and the signing material. */
export function signV4(method: string, path: string, query: Record<string, string>, headers: Record<string, string>, o: V4Options) {
  const date = amzDate(o.date ?? new Date());
  const scope = `${date.slice(0, 8)}/${o.region ?? 'us-east-1'}/s3/aws4_request`;
  const all: Record<string, string> = { ...headers, host: o.host, 'x-amz-date': date, 'x-amz-content-sha256': o.payloadHash };
  const names = Object.keys(all)
    .map((n) => n.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalQuery = Object.entries(query)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .sort()
    .join('&');
  const canonical = [method, path, canonicalQuery, names.map((n) => `${n}:${String(lower[n]).trim()}\n`).join(''), names.join(';'), o.payloadHash].join('\n');
  const sts = `AWS4-HMAC-SHA256\n${date}\n${scope}\n${sha256(canonical)}`;
  const key = hmac(hmac(hmac(hmac(`AWS4${o.sk}`, date.slice(0, 8)), o.region ?? 'us-east-1'), 's3'), 'aws4_request');
  const signature = createHmac('sha256', key).update(sts).digest('hex');
  return {
    headers: { ...all, authorization: `AWS4-HMAC-SHA256 Credential=${o.ak}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` },
    key,
    date,
    scope,
    signature,
    query: canonicalQuery,
  };
}

/** An aws-chunked body with chunk signatures chained from `seed` (STREAMING-AWS4-HMAC-SHA256-PAYLOAD). */
export function signedChunks(data: Buffer, chunkSize: number, key: Buffer, date: string, scope: string, seed: string, tamper = false): Buffer {
  const parts: Buffer[] = [];
  let previous = seed;
  const emptyHash = sha256('');
  for (let off = 0; ; off += chunkSize) {
    const chunk = data.subarray(off, Math.min(off + chunkSize, data.length));
    const sig = createHmac('sha256', key)
      .update(`AWS4-HMAC-SHA256-PAYLOAD\n${date}\n${scope}\n${previous}\n${emptyHash}\n${sha256(chunk)}`)
      .digest('hex');
    previous = sig;
    const body = tamper && chunk.length ? Buffer.from(chunk).fill(0x21, 0, 1) : chunk;
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${sig}\r\n`), body, Buffer.from('\r\n'));
    if (chunk.length === 0) break;
  }
  return Buffer.concat(parts);
}

/** V2 / OBS header signature: `<scheme> AK:base64(HMAC-SHA1(SK, string to sign))`. */
export function signV2(scheme: 'AWS' | 'OBS', ak: string, sk: string, stringToSign: string): string {
  return `${scheme} ${ak}:${createHmac('sha1', sk).update(stringToSign).digest('base64')}`;
}

export function xmlValue(body: Buffer | string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body.toString())?.[1];
}

export function sha256Of(b: Buffer | Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}
