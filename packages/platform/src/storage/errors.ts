/**
 * Domain errors of the object store. Backends translate their own failures (ENOENT, SQLite constraints,
 * a remote store's codes) into these at their boundary; the HTTP layer maps them to wire codes in one table.
 */
export type StorageErrorCode =
  | 'BucketNotFound'
  | 'BucketOwnedByCaller'
  | 'BucketTaken'
  | 'BucketNotEmpty'
  | 'InvalidBucketName'
  | 'InvalidKey'
  | 'KeyTooLong'
  | 'ObjectNotFound'
  | 'UploadNotFound'
  | 'PreconditionFailed'
  | 'DigestMismatch'
  | 'IncompleteBody'
  | 'InvalidPart'
  | 'InvalidPartOrder'
  | 'PartTooSmall'
  | 'NoParts'
  | 'InvalidPartNumber'
  | 'InvalidRange';

export class StorageError extends Error {
  override name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    /** Extra context for the wire error (e.g. the bucket or key concerned). */
    readonly context: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const isStorageError = (e: unknown): e is StorageError => e instanceof StorageError;
