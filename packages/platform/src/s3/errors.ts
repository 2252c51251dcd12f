import type { StorageError, StorageErrorCode } from '../storage/errors.js';

/** S3 error codes this server answers, with their HTTP status and default message, as AWS S3 answers them. */
export const S3_ERRORS = {
  AccessDenied: [403, 'Access Denied'],
  AuthorizationHeaderMalformed: [400, 'The authorization header is malformed.'],
  AuthorizationQueryParametersError: [400, 'Error parsing the X-Amz-Credential parameter.'],
  BadDigest: [400, 'The Content-MD5 you specified did not match what we received.'],
  BucketAlreadyExists: [
    409,
    'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
  ],
  BucketAlreadyOwnedByYou: [409, 'Your previous request to create the named bucket succeeded and you already own it.'],
  BucketNotEmpty: [409, 'The bucket you tried to delete is not empty'],
  ExpiredToken: [403, 'The provided token has expired.'],
  EntityTooLarge: [400, 'Your proposed upload exceeds the maximum allowed object size.'],
  EntityTooSmall: [400, 'Your proposed upload is smaller than the minimum allowed object size.'],
  IncompleteBody: [400, 'You did not provide the number of bytes specified by the Content-Length HTTP header.'],
  InternalError: [500, 'We encountered an internal error. Please try again.'],
  InvalidAccessKeyId: [403, 'The AWS Access Key Id you provided does not exist in our records.'],
  InvalidArgument: [400, 'Invalid Argument'],
  InvalidBucketName: [400, 'The specified bucket is not valid.'],
  InvalidDigest: [400, 'The Content-MD5 you specified is not valid.'],
  InvalidLocationConstraint: [400, 'The specified location-constraint is not valid'],
  InvalidPart: [400, 'One or more of the specified parts could not be found.'],
  InvalidPartOrder: [400, 'The list of parts was not in ascending order. Parts must be ordered by part number.'],
  InvalidRange: [416, 'The requested range is not satisfiable'],
  InvalidRequest: [400, 'Invalid Request'],
  InvalidToken: [403, 'The provided token is malformed or otherwise invalid.'],
  InvalidURI: [400, "Couldn't parse the specified URI."],
  KeyTooLongError: [400, 'Your key is too long.'],
  MalformedXML: [400, 'The XML you provided was not well-formed or did not validate against our published schema.'],
  MetadataTooLarge: [400, 'Your metadata headers exceed the maximum allowed metadata size.'],
  MethodNotAllowed: [405, 'The specified method is not allowed against this resource.'],
  MissingContentLength: [411, 'You must provide the Content-Length HTTP header.'],
  NoSuchBucket: [404, 'The specified bucket does not exist'],
  NoSuchKey: [404, 'The specified key does not exist.'],
  NoSuchUpload: [404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.'],
  NotImplemented: [501, 'A header or query you provided implies functionality that is not implemented.'],
  PreconditionFailed: [412, 'At least one of the pre-conditions you specified did not hold'],
  RequestTimeTooSkewed: [403, 'The difference between the request time and the current time is too large.'],
  SignatureDoesNotMatch: [403, 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'],
  XAmzContentSHA256Mismatch: [400, "The provided 'x-amz-content-sha256' header does not match what was computed."],
} as const satisfies Record<string, readonly [number, string]>;

export type S3ErrorCode = keyof typeof S3_ERRORS;

/** An error answered as `<Error><Code/>...` with the code's status; `fields` become extra elements. */
export class S3Error extends Error {
  override name = 'S3Error';
  readonly status: number;
  constructor(
    readonly code: S3ErrorCode,
    message?: string,
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message ?? S3_ERRORS[code][1]);
    this.status = S3_ERRORS[code][0];
  }
}

/** The one translation from storage-domain errors to wire codes. */
const FROM_STORAGE: Record<StorageErrorCode, S3ErrorCode> = {
  BucketNotFound: 'NoSuchBucket',
  BucketOwnedByCaller: 'BucketAlreadyOwnedByYou',
  BucketTaken: 'BucketAlreadyExists',
  BucketNotEmpty: 'BucketNotEmpty',
  InvalidBucketName: 'InvalidBucketName',
  InvalidKey: 'InvalidArgument',
  KeyTooLong: 'KeyTooLongError',
  ObjectNotFound: 'NoSuchKey',
  UploadNotFound: 'NoSuchUpload',
  PreconditionFailed: 'PreconditionFailed',
  DigestMismatch: 'BadDigest',
  IncompleteBody: 'IncompleteBody',
  InvalidPart: 'InvalidPart',
  InvalidPartOrder: 'InvalidPartOrder',
  PartTooSmall: 'EntityTooSmall',
  NoParts: 'MalformedXML',
  InvalidPartNumber: 'InvalidArgument',
  InvalidRange: 'InvalidRange',
};

export function fromStorageError(e: StorageError): S3Error {
  return new S3Error(FROM_STORAGE[e.code], e.message, e.context);
}
