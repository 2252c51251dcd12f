import { isValidBucketName } from '@modelarts-ts/contract';
import { StorageError } from './errors.js';

/** S3 key limit, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** S3 bucket naming rules (3–63 of `[a-z0-9.-]`, alphanumeric ends, no `..`, `.-`/`-.`, not an IPv4 literal). */
export function validateBucketName(name: string): void {
  if (!isValidBucketName(name)) {
    throw new StorageError('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
  }
}

/**
 * Keys are opaque UTF-8 strings up to 1024 bytes: `..`, `//` and leading `/` are legal because keys are
 * index entries, never paths. Rejected: empty keys, NUL (C-string truncation in tools) and lone surrogates
 * (not encodable as UTF-8, so they would not round-trip).
 */
export function validateKey(key: string): Buffer {
  if (key.length === 0) throw new StorageError('InvalidKey', 'The object key must not be empty.');
  if (key.includes('\u0000') || LONE_SURROGATE.test(key)) throw new StorageError('InvalidKey', 'The object key contains characters that are not allowed.');
  const bytes = Buffer.from(key, 'utf8');
  if (bytes.length > MAX_KEY_BYTES) throw new StorageError('KeyTooLong', 'Your key is too long.', { Size: String(bytes.length), MaxSizeAllowed: '1024' });
  return bytes;
}

/** Prefixes and suffixes S3 reserves (punycode-looking names, access-point and Object Lambda aliases). */
const RESERVED_BUCKET_NAME = /^(?:xn--|sthree-|amzn-s3-demo-)|(?:-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/;

/** The rules for a new bucket: the shape rules plus the names S3 reserves. */
export function validateNewBucketName(name: string): void {
  validateBucketName(name);
  if (RESERVED_BUCKET_NAME.test(name)) {
    throw new StorageError('InvalidBucketName', 'The specified bucket is not valid: this prefix or suffix is reserved.', { BucketName: name });
  }
}
